from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from .display_names import MAX_LENGTH, clean_display_name


class DisplayNameField(forms.CharField):
    """A display name checked by the one rule in display_names, with its messages."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "Display name")
        kwargs.setdefault("help_text", f"Shown with your comments. Up to {MAX_LENGTH} characters.")
        kwargs.setdefault("error_messages", {"required": "Enter a display name."})
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"maxlength": MAX_LENGTH, "autocomplete": "nickname"})
        )
        super().__init__(strip=False, **kwargs)

    def clean(self, value):
        value = self.to_python(value)
        self.validate(value)
        return clean_display_name(value)


class SignupForm(AllauthSignupForm):
    display_name = DisplayNameField()

    field_order = ["email", "display_name", "password1"]


class DisplayNameForm(forms.Form):
    display_name = DisplayNameField()
