"""The forms behind the queue's buttons: what a moderator decides, parsed before an action
runs."""

from datetime import timedelta

from django import forms

BAN_DURATIONS = {"1": timedelta(days=1), "7": timedelta(days=7), "30": timedelta(days=30)}
BAN_FOR_GOOD = "forever"
BAN_CHOICES = [("1", "1 day"), ("7", "7 days"), ("30", "30 days"), (BAN_FOR_GOOD, "For good")]


class BanForm(forms.Form):
    duration = forms.ChoiceField(choices=BAN_CHOICES, initial="7", label="Ban for")
    reason = forms.CharField(max_length=500, required=False, label="Reason")

    def until(self, now):
        """When the ban ends; None: for good."""
        duration = BAN_DURATIONS.get(self.cleaned_data["duration"])
        return None if duration is None else now + duration


class CommentIdsField(forms.Field):
    """The ids of the ticked comments."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Select one or more comments first.",
        "invalid": "The selection is malformed; reload the queue and try again.",
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            return sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    comments = CommentIdsField()
