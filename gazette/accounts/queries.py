from django.db.models import QuerySet

from .models import User


def readers() -> QuerySet[User]:
    """Accounts whose profile anyone may see: every active one."""
    return User.objects.filter(is_active=True)
