"""Every change to a reader's account made by Gazette itself (allauth makes the rest)."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import F

from .display_names import clean_display_name
from .models import User


def change_display_name(*, user: User, display_name: str) -> User:
    """Store a new display name. Raises ValidationError when the name breaks the rule."""
    user.display_name = clean_display_name(display_name)
    user.save(update_fields=["display_name"])
    return user


@transaction.atomic
def create_reader(*, username: str, email: str, display_name: str, password: str) -> User:
    """A reader who can sign in at once, their address already verified (for the demo and for
    operators). Idempotent on username: an existing reader is returned as they are, keeping the
    password they may have changed, with their address verified."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, email=email.lower(), display_name=clean_display_name(display_name)
        )
        user.set_password(password)
        user.save()
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email.lower()}
    )
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    return user


def end_sessions(user: User) -> None:
    """Sign `user` out of every session at once (web pages, the comment widget and the API share
    the session cookie): their next request is anonymous. `user` is refreshed, so signing them in
    again from this object starts a valid session."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
