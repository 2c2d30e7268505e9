"""Readers and staff share one user model, so a reporter can also comment and donate."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="The name shown with comments and on the donor wall.",
    )

    class Meta:
        db_table = "accounts_user"

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username
