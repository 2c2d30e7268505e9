"""Readers and staff share one user model, so a reporter can also comment and donate."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac


class User(AbstractUser):
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="The name shown with comments and on the donor wall.",
    )
    # Raised to sign the user out of every session at once, whatever the session engine
    # (`actions.end_sessions`): each session keeps the hash it was signed in with, and Django
    # drops a session whose hash no longer matches the user's.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        db_table = "accounts_user"

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args, **kwargs):
        """`session_generation` is written only by `actions.end_sessions` (an F() update): a full
        save of an object loaded before a ban (a profile or admin form in the same moment) must
        not write the old generation back and revive the sessions the ban ended."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname != "session_generation"
            ]
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        """Django's hash (of the password) for generation 0, so sessions signed in before the
        field existed stay valid; from generation 1, the generation is part of what is hashed."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "gazette.accounts.User.session_auth_hash",
            f"{self.password}\x00{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username
