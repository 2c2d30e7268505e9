"""Where Gazette meets django-allauth: the display name at sign-up, the username made from it,
and e-mails that carry the newsroom's name."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError

from gazette.core.sites import site_name_for

from .display_names import clean_display_name


def user_display(user) -> str:
    return user.public_name


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        display_name = form.cleaned_data.get("display_name")
        if display_name:
            user.display_name = display_name
        return super().save_user(request, user, form, commit)

    def populate_username(self, request, user) -> None:
        # The username is public, in the profile address /readers/<username>/, so it is made from
        # the display name and never from the e-mail address as allauth would by default.
        if not user.username:
            user.username = self.generate_unique_username([user.display_name, "reader"])

    def format_email_subject(self, subject: str) -> str:
        return f"[{site_name_for(context.request)}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context_data: dict) -> None:
        request = context.request
        current_site = SimpleNamespace(
            name=site_name_for(request), domain=request.get_host() if request else ""
        )
        super().send_mail(template_prefix, email, {"current_site": current_site, **context_data})


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Providers send whatever name the person typed there; it must pass the same rule as a
        name typed here, and is dropped (the reader can set one later) when it does not."""
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        try:
            user.display_name = clean_display_name(name or "")
        except ValidationError:
            user.display_name = ""
        user.first_name = user.last_name = ""
        return user
