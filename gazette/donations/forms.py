"""Forms: the readers' donate form, and the editors' campaign and offline-gift forms.

Editors type amounts in the currency's main unit ("4700", "25.50"); the forms turn them into
minor units with Decimal before anything is stored.
"""

import uuid

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from . import money
from .models import Campaign, Donation


class DonateForm(forms.Form):
    OTHER = "other"

    amount = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Amount")
    custom_amount = forms.CharField(required=False, max_length=32, label="Other amount")
    frequency = forms.ChoiceField(
        choices=Donation.Frequency.choices,
        initial=Donation.Frequency.ONE_OFF,
        widget=forms.RadioSelect,
        label="How often",
    )
    cover_fees = forms.BooleanField(
        required=False, label="Add the card fee so all of my gift arrives"
    )
    donor_name = forms.CharField(required=False, max_length=100, label="Your name")
    donor_email = forms.EmailField(required=False, max_length=254, label="E-mail for your receipt")
    is_public = forms.BooleanField(
        required=False, label="Show my name and message on the donor wall"
    )
    message = forms.CharField(
        required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}), label="Message"
    )
    # A field people never see (hidden by the stylesheet, skipped by keyboard and screen
    # readers); scripts that fill in every field fill this one too.
    website = forms.CharField(required=False, label="Leave this field empty")
    attempt = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.suggestions = [
            amount
            for amount in campaign.suggested_amounts
            if isinstance(amount, int) and not isinstance(amount, bool) and amount > 0
        ]
        choices = [
            (str(amount), money.format_money(amount, campaign.currency))
            for amount in self.suggestions
        ]
        amount_field = self.fields["amount"]
        assert isinstance(amount_field, forms.ChoiceField)
        amount_field.choices = [*choices, (self.OTHER, "Other amount")]
        self.fields["custom_amount"].widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "size": "8"}
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial.setdefault("attempt", uuid.uuid4())
            if self.suggestions:
                self.initial.setdefault("amount", str(self.suggestions[len(self.suggestions) // 2]))

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Your donation could not be started. Please try again.")
        return ""

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("amount") or ""
        custom = (cleaned.get("custom_amount") or "").strip()
        if "amount" in self.errors:
            return cleaned
        # Typed amounts win over a radio button left on its default (no script to untick it).
        if custom or choice == self.OTHER:
            try:
                cleaned["amount_minor"] = money.parse_amount(custom, self.campaign.currency)
            except money.InvalidAmount as error:
                self.add_error("custom_amount", str(error))
        elif choice:
            cleaned["amount_minor"] = int(choice)
        else:
            self.add_error("amount", "Choose an amount, or type your own.")
        return cleaned


def _amount_field(**kwargs) -> forms.CharField:
    # Text, not a DecimalField: that would take "1e3" as a thousand. money.parse_amount reads it
    # once the currency is known.
    return forms.CharField(max_length=32, **kwargs)


class CampaignForm(WagtailAdminModelForm):
    goal = _amount_field(label="Goal", help_text="In the campaign's currency, e.g. 4700.")
    suggestions = forms.CharField(
        required=False,
        label="Suggested amounts",
        help_text="Offered on the donate page, comma-separated, e.g. 10, 25, 50, 100.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campaign = self.instance
        if campaign.pk:
            self.initial["goal"] = money.to_major(campaign.goal_amount, campaign.currency)
            self.initial["suggestions"] = ", ".join(
                str(money.to_major(amount, campaign.currency))
                for amount in campaign.suggested_amounts
            )

    def clean(self):
        cleaned = super().clean()
        currency = cleaned.get("currency") or self.instance.currency or "EUR"
        goal = cleaned.get("goal")
        if goal is not None:
            try:
                self.instance.goal_amount = money.parse_amount(goal, currency)
            except money.InvalidAmount as error:
                self.add_error("goal", str(error))
        suggestions = []
        for part in (cleaned.get("suggestions") or "").split(","):
            if not part.strip():
                continue
            try:
                suggestions.append(money.parse_amount(part.strip(), currency))
            except money.InvalidAmount as error:
                self.add_error("suggestions", f"{part.strip()!r}: {error}")
                break
        self.instance.suggested_amounts = sorted(set(suggestions))
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "The campaign must end after it starts.")
        return cleaned


class OfflineGiftForm(WagtailAdminModelForm):
    amount_major = _amount_field(label="Amount", help_text="In the campaign's currency, e.g. 50.")
    received_on = forms.DateField(
        label="Received on", initial=timezone.localdate, widget=AdminDateInput
    )
    send_receipt = forms.BooleanField(
        required=False, label="E-mail a receipt to the donor (needs an e-mail address)"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].required = True
        self.fields["offline_method"].required = True

    def clean(self):
        cleaned = super().clean()
        campaign, amount = cleaned.get("campaign"), cleaned.get("amount_major")
        if campaign is not None and amount is not None:
            try:
                cleaned["amount"] = money.parse_amount(amount, campaign.currency)
            except money.InvalidAmount as error:
                self.add_error("amount_major", str(error))
        received_on = cleaned.get("received_on")
        if received_on and received_on > timezone.localdate():
            self.add_error("received_on", "A gift cannot be received in the future.")
        return cleaned
