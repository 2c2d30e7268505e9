"""The discussion's HTML forms. They parse and check input with the actions' own validators, so
a form and the API refuse the same bodies with the same messages."""

import math
import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing

from gazette.moderation.models import Flag

from . import actions
from .errors import InvalidComment

FORM_SALT = "gazette.comments.form-shown"
FORM_MAX_AGE_SECONDS = 86_400


def signed_now() -> str:
    """When the form was shown, signed so a script cannot claim it waited."""
    return signing.dumps(math.floor(time.time() * 10) / 10, salt=FORM_SALT)  # never in the future


def new_client_token() -> str:
    """A fresh token each time a form is rendered: a double click or a retry posts once."""
    return uuid.uuid4().hex


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)


def _checked_body(body: str) -> str:
    try:
        return actions.clean_body(body)
    except InvalidComment as error:
        raise forms.ValidationError(error.message) from None


class CommentForm(forms.Form):
    """A new comment or a reply."""

    body = BodyField(label="Your comment")
    client_token = forms.CharField(
        widget=forms.HiddenInput, initial=new_client_token, required=False
    )
    shown_at = forms.CharField(widget=forms.HiddenInput, initial=signed_now, required=False)
    # A field people never see (hidden by CSS, skipped by keyboard and screen readers): bots
    # that fill every field give themselves away. Such comments are held without a word.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    post_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    # Set by with_nudge: the author was warned and the page offers to post anyway.
    nudged: bool = False

    help_text = (
        f"Up to {settings.COMMENTS_MAX_LENGTH:,} characters. You can use **bold**, *italic*, "
        "[links](https://example.org), > quotes and `code`."
    )

    def clean_body(self) -> str:
        return _checked_body(self.cleaned_data["body"])

    def clean_client_token(self) -> str:
        try:
            return actions.clean_client_token(self.cleaned_data["client_token"])
        except InvalidComment as error:
            raise forms.ValidationError(error.message) from None

    def signals(self) -> dict:
        """What the form tells moderation about how it was filled in."""
        found: dict = {}
        if self.cleaned_data.get("website"):
            found["honeypot"] = True
        try:
            shown = signing.loads(
                self.cleaned_data.get("shown_at") or "",
                salt=FORM_SALT,
                max_age=FORM_MAX_AGE_SECONDS,
            )
            found["form_age_seconds"] = time.time() - float(shown)
        except (signing.BadSignature, TypeError, ValueError):
            # Missing, forged or older than a day: the page's form always carries it.
            found["form_expired"] = True
        return found

    def with_nudge(self) -> "CommentForm":
        """The same text, now carrying the author's leave to post after the warning."""
        data = {name: self.data.get(name) for name in self.data}
        data["post_anyway"] = "on"
        form = type(self)(data, auto_id=self.auto_id)
        form.full_clean()
        form.nudged = True
        return form

    def with_new_token(self) -> "CommentForm":
        """The same text under a fresh token, for posting again after the token was used."""
        data = {name: self.data.get(name) for name in self.data}
        data["client_token"] = new_client_token()
        return type(self)(data, auto_id=self.auto_id)


class EditForm(forms.Form):
    body = BodyField(label="Edit your comment")

    help_text = CommentForm.help_text

    def clean_body(self) -> str:
        return _checked_body(self.cleaned_data["body"])


class FlagForm(forms.Form):
    """A reader's report on a comment: why, and a note for the moderators."""

    reason = forms.ChoiceField(
        label="Why are you reporting this comment?",
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose why you are reporting this comment.",
            "invalid_choice": "Choose why you are reporting this comment.",
        },
    )
    note = forms.CharField(
        label="A note for the moderators (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the note to 500 characters (it has %(show_value)d)."},
    )

    help_text = "Up to 500 characters. Only moderators read it."
