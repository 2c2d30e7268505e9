"""Campaigns, the gifts that fund them, monthly gifts, and the Stripe events already handled.

Every amount is an integer of minor units (cents) in the campaign's currency. A donation keeps
the facts its payment events reported (paid, failed, refunded so far, disputed); each fact only
ever moves one way, and the status and the amount that counts toward the campaign are derived
from them. So events arriving twice or in any order leave the same row behind.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import money

# Path segments under /donate/ that a campaign slug must not take.
RESERVED_SLUGS = frozenset({"thanks", "stripe", "monthly", "c"})


def validate_campaign_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"'{value}' is used by the donation pages; choose another slug.")


class Campaign(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_campaign_slug])
    appeal = models.CharField(
        max_length=200,
        default="Like our reporting? Help us keep going.",
        help_text="The line readers see under every article.",
    )
    description = models.TextField(
        blank=True, help_text="A paragraph on the donate page: what the money pays for."
    )
    goal_amount = models.PositiveBigIntegerField(help_text="In minor units (cents).")
    currency = models.CharField(max_length=3, choices=money.CURRENCY_CHOICES, default="EUR")
    suggested_amounts = models.JSONField(
        default=list, blank=True, help_text="Amounts offered on the donate page, in minor units."
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Only an active campaign that has started is shown to readers."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal_amount__gt=0), name="donations_campaign_goal_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="donations_campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("donations:donate", args=[self.slug])

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.is_active
            and self.starts_at <= now
            and (self.ends_at is None or now < self.ends_at)
        )

    @property
    def goal_display(self) -> str:
        return money.format_money(self.goal_amount, self.currency)


class RecurringGift(models.Model):
    """A monthly gift: a Stripe subscription whose every paid invoice is one Donation."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the first payment"
        ACTIVE = "active", "Active"
        CANCELED = "canceled", "Canceled"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="monthly_gifts")
    amount = models.PositiveBigIntegerField(help_text="The monthly gift, in minor units.")
    fee_amount = models.PositiveBigIntegerField(default=0)
    currency = models.CharField(max_length=3)
    donor_name = models.CharField(max_length=100, blank=True)
    donor_email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    stripe_subscription_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    canceled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{money.format_money(self.amount, self.currency)}/month to {self.campaign_id}"

    @property
    def charged_amount(self) -> int:
        return self.amount + self.fee_amount

    @property
    def amount_display(self) -> str:
        return money.format_money(self.amount, self.currency, always_decimals=True)


class Donation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"
        DISPUTED = "disputed", "Disputed"
        FAILED = "failed", "Failed"

    class Source(models.TextChoices):
        STRIPE = "stripe", "Stripe"
        OFFLINE = "offline", "Offline"

    class Frequency(models.TextChoices):
        ONE_OFF = "one_off", "One-off"
        MONTHLY = "monthly", "Monthly"

    class OfflineMethod(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        CASH = "cash", "Cash"
        CRYPTO = "crypto", "Crypto"
        CHEQUE = "cheque", "Cheque"
        OTHER = "other", "Other"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="donations")
    amount = models.PositiveBigIntegerField(help_text="The gift, in minor units.")
    fee_amount = models.PositiveBigIntegerField(
        default=0, help_text="Added by the donor to cover the card fee, in minor units."
    )
    currency = models.CharField(max_length=3)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.ONE_OFF
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STRIPE)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    recurring_gift = models.ForeignKey(
        RecurringGift,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    is_renewal = models.BooleanField(
        default=False, help_text="A monthly payment after the first one."
    )

    donor_name = models.CharField(max_length=100, blank=True)
    donor_email = models.EmailField(blank=True)
    is_public = models.BooleanField(
        default=False, help_text="Show the name and message on the donor wall."
    )
    message = models.TextField(max_length=500, blank=True)

    # Facts reported by payment events; each only moves one way (see the module docstring).
    is_paid = models.BooleanField(default=False)
    is_failed = models.BooleanField(default=False)
    is_disputed = models.BooleanField(default=False)
    amount_refunded = models.PositiveBigIntegerField(
        default=0, help_text="Refunded so far, of the amount charged, in minor units."
    )
    counted_amount = models.PositiveBigIntegerField(
        default=0, help_text="What counts toward the campaign, in minor units."
    )
    paid_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)

    checkout_attempt = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    checkout_url = models.TextField(blank=True, editable=False)
    stripe_checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_charge_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_invoice_id = models.CharField(max_length=255, unique=True, null=True, blank=True)

    offline_method = models.CharField(max_length=20, choices=OfflineMethod.choices, blank=True)
    offline_reference = models.CharField(
        max_length=200, blank=True, help_text="Bank reference, receipt number or transaction hash."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donations_amount_positive"),
            models.CheckConstraint(
                condition=Q(counted_amount__lte=models.F("amount")),
                name="donations_counted_at_most_the_gift",
            ),
            models.UniqueConstraint(
                fields=["campaign", "offline_reference"],
                condition=~Q(offline_reference=""),
                name="donations_offline_reference_unique_per_campaign",
                violation_error_message="A gift with this reference is already recorded for this campaign.",
            ),
        ]

    def __str__(self) -> str:
        who = self.donor_name if self.donor_name else "Anonymous"
        return f"{money.format_money(self.amount, self.currency)} from {who}"

    @property
    def charged_amount(self) -> int:
        return self.amount + self.fee_amount

    @property
    def amount_display(self) -> str:
        return money.format_money(self.amount, self.currency, always_decimals=True)

    @property
    def fee_display(self) -> str:
        return money.format_money(self.fee_amount, self.currency, always_decimals=True)

    @property
    def charged_display(self) -> str:
        return money.format_money(self.charged_amount, self.currency, always_decimals=True)

    @property
    def counted_display(self) -> str:
        return money.format_money(self.counted_amount, self.currency, always_decimals=True)

    @property
    def refunded_display(self) -> str:
        return money.format_money(self.amount_refunded, self.currency, always_decimals=True)

    @property
    def reference(self) -> str:
        return f"GZ-{self.pk:06d}"

    # Amounts in the main unit, as exact Decimals, for spreadsheets.
    @property
    def amount_major(self) -> Decimal:
        return money.to_major(self.amount, self.currency)

    @property
    def fee_major(self) -> Decimal:
        return money.to_major(self.fee_amount, self.currency)

    @property
    def refunded_major(self) -> Decimal:
        return money.to_major(self.amount_refunded, self.currency)

    @property
    def counted_major(self) -> Decimal:
        return money.to_major(self.counted_amount, self.currency)

    def derived_status(self) -> str:
        """The status the facts imply: a dispute outranks a refund, which outranks payment,
        which outranks a failed attempt; so a late 'failed' never undoes 'paid'."""
        if self.is_disputed:
            return self.Status.DISPUTED
        if self.amount_refunded and self.amount_refunded >= self.charged_amount:
            return self.Status.REFUNDED
        if self.is_paid:
            return self.Status.PAID
        if self.is_failed:
            return self.Status.FAILED
        return self.Status.PENDING

    def derived_counted_amount(self) -> int:
        """Paid, not disputed, less whatever was refunded (the fee cover is refunded last)."""
        if not self.is_paid or self.is_disputed:
            return 0
        return max(0, min(self.amount, self.charged_amount - self.amount_refunded))


class StripeEvent(models.Model):
    """Every verified Stripe event handled, once: the unique event id makes a retried or
    replayed event a no-op, and the row is written in the same transaction as its effect."""

    class Outcome(models.TextChoices):
        PROCESSED = "processed", "Processed"
        DEFERRED = "deferred", "Waiting for its payment"
        IGNORED = "ignored", "Ignored"

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    object_id = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField(null=True, blank=True, help_text="When Stripe created it.")
    received_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class PendingPaymentFact(models.Model):
    """A refund, dispute or payment link reported for a charge this site cannot place yet
    (its checkout or invoice event has not arrived). Applied and deleted as soon as a donation
    learns one of these ids."""

    event = models.ForeignKey(StripeEvent, on_delete=models.CASCADE, related_name="+")
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    invoice_id = models.CharField(max_length=255, blank=True, db_index=True)
    amount_refunded = models.PositiveBigIntegerField(null=True, blank=True)
    is_disputed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Fact from {self.event_id}"
