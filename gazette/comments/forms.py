"""The discussion's HTML forms. They parse and check input with the actions' own validators, so
a form and the API refuse the same bodies with the same messages."""

import uuid

from django import forms
from django.conf import settings

from . import actions
from .errors import InvalidComment


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
