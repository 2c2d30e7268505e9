"""Every change to donations goes through these functions.

Payment events only ever add facts to a donation (paid, failed, refunded so far, disputed) and
the status follows from the facts, so the same events in any order, or twice, give the same row.
"""

import logging
import time
import uuid
from datetime import date, datetime
from datetime import time as time_of_day

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gazette.core import ratelimits

from . import money, receipts
from .errors import (
    AttemptReused,
    CampaignClosed,
    DonationsNotConfigured,
    InvalidDonation,
    NotFound,
    PaymentServiceUnavailable,
    RateLimited,
)
from .gateways import stripe as stripe_gateway
from .models import Campaign, Donation, PendingPaymentFact, RecurringGift, StripeEvent
from .queries import forget_progress

logger = logging.getLogger(__name__)

# A doubled click waits up to this long, looking once a second, for the request still talking
# to Stripe to store its Checkout URL; after that it asks Stripe itself, with the same key.
CHECKOUT_WAIT_SECONDS = 4
# Sanity bound for offline gifts, which have no configured maximum: 10 billion in main units.
OFFLINE_GIFT_CEILING = 10**12
DONOR_NAME_MAX = 100
MESSAGE_MAX = 500


def _forget_progress_on_commit(campaign_id: int) -> None:
    # Now, and again once committed: a reader who cached the old total while this transaction
    # ran must not keep it for the whole cache timeout.
    forget_progress(campaign_id)
    transaction.on_commit(lambda: forget_progress(campaign_id))


# Checking what readers send


def check_amount(*, amount: int, campaign: Campaign) -> int:
    """The amount itself if it is an int within the configured minimum and maximum for an
    online gift; InvalidDonation with a message saying the limit otherwise."""
    money.require_minor_units(amount)
    minimum = money.setting_amount("DONATIONS_MIN_AMOUNT", campaign.currency)
    maximum = money.setting_amount("DONATIONS_MAX_AMOUNT", campaign.currency)
    if amount < minimum:
        raise InvalidDonation(
            f"The smallest gift we can take online is "
            f"{money.format_money(minimum, campaign.currency, always_decimals=True)}."
        )
    if amount > maximum:
        raise InvalidDonation(
            f"Online gifts go up to {money.format_money(maximum, campaign.currency)}. "
            "For a larger gift, please write to us and we will arrange a bank transfer."
        )
    return amount


def _clean_text(value: str, *, field: str, limit: int, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidDonation(f"The {field} must be text.")
    value = value.replace("\r\n", "\n").strip()
    allowed = {"\n"} if multiline else set()
    if any((ord(char) < 32 and char not in allowed) or ord(char) == 127 for char in value):
        raise InvalidDonation(f"The {field} contains control characters; please retype it.")
    if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise InvalidDonation(f"The {field} contains invalid characters.")
    if len(value) > limit:
        raise InvalidDonation(f"The {field} is {len(value)} characters long; the limit is {limit}.")
    return value


def _clean_email(value: str) -> str:
    value = _clean_text(value, field="e-mail address", limit=254)
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise InvalidDonation("Enter a valid e-mail address, or leave it empty.") from None
    return value


# Online gifts


def create_pending_donation(
    *,
    campaign: Campaign,
    amount: int,
    fee_amount: int,
    frequency: str,
    attempt: uuid.UUID,
    donor_name: str = "",
    donor_email: str = "",
    is_public: bool = False,
    message: str = "",
) -> tuple[Donation, bool]:
    """The pending donation for one donate-form attempt, and whether it was created now.

    A second call with the same attempt id returns the first row (the attempt id is unique),
    also when two requests race. A monthly gift gets its RecurringGift at the same time.
    """
    money.require_minor_units(amount)
    money.require_minor_units(fee_amount)
    if frequency not in Donation.Frequency.values:
        raise InvalidDonation("Choose a one-off or a monthly gift.")
    existing = Donation.objects.filter(checkout_attempt=attempt).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            donation = Donation.objects.create(
                campaign=campaign,
                amount=amount,
                fee_amount=fee_amount,
                currency=campaign.currency,
                frequency=frequency,
                source=Donation.Source.STRIPE,
                donor_name=donor_name,
                donor_email=donor_email,
                is_public=is_public,
                message=message,
                checkout_attempt=attempt,
            )
            if frequency == Donation.Frequency.MONTHLY:
                donation.recurring_gift = RecurringGift.objects.create(
                    campaign=campaign,
                    amount=amount,
                    fee_amount=fee_amount,
                    currency=campaign.currency,
                    donor_name=donor_name,
                    donor_email=donor_email,
                )
                donation.save(update_fields=["recurring_gift"])
    except IntegrityError:
        # A doubled click: the other request stored this attempt first.
        existing = Donation.objects.filter(checkout_attempt=attempt).first()
        if existing is None:
            raise
        return existing, False
    return donation, True


def start_checkout(
    *,
    campaign: Campaign,
    amount: int,
    frequency: str,
    cover_fees: bool,
    attempt: uuid.UUID,
    client_address: str,
    session_key: str,
    success_url: str,
    cancel_url: str,
    donor_name: str = "",
    donor_email: str = "",
    is_public: bool = False,
    message: str = "",
) -> str:
    """Create, or find again, the pending donation for this form attempt and its Stripe
    Checkout Session; return the URL to send the reader to.

    The server alone decides what is charged: the gift checked against the limits, plus the
    fee cover it computes itself. A repeated attempt (a doubled click, a retry after a timeout)
    gets the same session back: one Donation row, and through the idempotency key one Checkout
    Session. No database lock is held while Stripe answers.

    Raises DonationsNotConfigured, CampaignClosed, InvalidDonation, AttemptReused,
    RateLimited, PaymentServiceUnavailable.
    """
    if not stripe_gateway.is_configured():
        raise DonationsNotConfigured(
            "Online donations are not set up yet. You can still give by bank transfer: "
            "please write to the newsroom."
        )
    if not campaign.is_running():
        raise CampaignClosed("This campaign has ended. Thank you for thinking of us.")
    check_amount(amount=amount, campaign=campaign)
    donor_name = _clean_text(donor_name, field="name", limit=DONOR_NAME_MAX)
    donor_email = _clean_email(donor_email)
    message = _clean_text(message, field="message", limit=MESSAGE_MAX, multiline=True)
    fee_amount = money.fee_to_cover(amount, campaign.currency) if cover_fees else 0

    donation = Donation.objects.filter(checkout_attempt=attempt).first()
    created = False
    if donation is None:
        _check_velocity(client_address=client_address, session_key=session_key, email=donor_email)
        donation, created = create_pending_donation(
            campaign=campaign,
            amount=amount,
            fee_amount=fee_amount,
            frequency=frequency,
            attempt=attempt,
            donor_name=donor_name,
            donor_email=donor_email,
            is_public=is_public,
            message=message,
        )
    if not created:
        _check_same_attempt(
            donation,
            campaign=campaign,
            amount=amount,
            fee_amount=fee_amount,
            frequency=frequency,
            donor_email=donor_email,
        )
        if donation.is_paid and donation.stripe_checkout_session_id:
            return success_url.replace("{CHECKOUT_SESSION_ID}", donation.stripe_checkout_session_id)
        donation = _wait_for_checkout_url(donation, attempt)
        if donation.checkout_url:
            return donation.checkout_url

    _note_checkout_in_flight(attempt, True)
    try:
        session = stripe_gateway.create_checkout_session(
            donation=donation, success_url=success_url, cancel_url=cancel_url
        )
    except stripe_gateway.GatewayError as error:
        logger.warning("Checkout Session for donation %s failed: %s", donation.pk, error)
        raise PaymentServiceUnavailable(
            "We could not reach our payment provider, and nothing was charged. "
            "Please try again in a minute."
        ) from error
    finally:
        _note_checkout_in_flight(attempt, False)
    Donation.objects.filter(pk=donation.pk).update(
        stripe_checkout_session_id=session.id, checkout_url=session.url
    )
    return session.url


def _check_velocity(*, client_address: str, session_key: str, email: str) -> None:
    checks = [
        (
            "ip",
            ratelimits.address_bucket(client_address),
            settings.DONATIONS_CHECKOUT_LIMIT_PER_IP,
        ),
        ("session", session_key, settings.DONATIONS_CHECKOUT_LIMIT_PER_SESSION),
        ("email", email.lower(), settings.DONATIONS_CHECKOUT_LIMIT_PER_EMAIL),
    ]
    allowed = True
    for scope, identity, limit in checks:
        if identity and not ratelimits.within_limit(
            scope=f"donations:{scope}",
            identity=identity,
            limit=limit,
            window=settings.DONATIONS_CHECKOUT_LIMIT_WINDOW_SECONDS,
        ):
            allowed = False
    if not allowed:
        raise RateLimited(
            "Too many donation attempts from here in a short time. Please try again later, "
            "or write to us to give by bank transfer.",
            retry_after=ratelimits.retry_after_seconds(
                settings.DONATIONS_CHECKOUT_LIMIT_WINDOW_SECONDS
            ),
        )


def _check_same_attempt(donation: Donation, **expected) -> None:
    expected_campaign = expected.pop("campaign")
    if donation.campaign_id != expected_campaign.pk or any(
        getattr(donation, field) != value for field, value in expected.items()
    ):
        raise AttemptReused(
            "This form was already used for a different donation. Reload the page to start a "
            "new one."
        )


def _in_flight_key(attempt: uuid.UUID) -> str:
    return f"donations:checkout-in-flight:{attempt}"


def _note_checkout_in_flight(attempt: uuid.UUID, in_flight: bool) -> None:
    try:
        if in_flight:
            # Long enough for the call and the library's two retries.
            cache.set(_in_flight_key(attempt), 1, timeout=settings.STRIPE_TIMEOUT_SECONDS * 3)
        else:
            cache.delete(_in_flight_key(attempt))
    except Exception:  # without the marker a doubled click asks Stripe, which answers the same
        logger.warning("Cache unavailable; checkout %s not marked in flight", attempt)


def _checkout_in_flight(attempt: uuid.UUID) -> bool:
    try:
        return bool(cache.get(_in_flight_key(attempt)))
    except Exception:
        return False


def _wait_for_checkout_url(donation: Donation, attempt: uuid.UUID) -> Donation:
    """While another request for this attempt is talking to Stripe, wait for its URL rather
    than send a second request with the same key (which Stripe answers 409 until the first is
    done). A retry after a failed attempt does not wait: nothing is in flight then."""
    deadline = time.monotonic() + CHECKOUT_WAIT_SECONDS
    while (
        not donation.checkout_url and time.monotonic() < deadline and _checkout_in_flight(attempt)
    ):
        time.sleep(1)
        donation.refresh_from_db(fields=["checkout_url", "stripe_checkout_session_id"])
    return donation


# Facts from payment events


def _link_stripe_ids(donation: Donation, **ids: str) -> None:
    for field, value in ids.items():
        if not value:
            continue
        current = getattr(donation, field)
        if current == value:
            continue
        if current:
            logger.warning(
                "Donation %s already has %s=%s; event names %s", donation.pk, field, current, value
            )
            continue
        if Donation.objects.filter(**{field: value}).exclude(pk=donation.pk).exists():
            logger.warning("%s=%s belongs to another donation than %s", field, value, donation.pk)
            continue
        setattr(donation, field, value)


@transaction.atomic
def record_payment_facts(
    *,
    donation: Donation,
    paid: bool = False,
    failed: bool = False,
    disputed: bool = False,
    amount_refunded: int | None = None,
    paid_at: datetime | None = None,
    checkout_session_id: str = "",
    payment_intent_id: str = "",
    charge_id: str = "",
    invoice_id: str = "",
    donor_email: str = "",
) -> Donation:
    """Add what a payment event reported to the donation and derive its status and counted
    amount again. Facts only accumulate: paid stays paid, the refunded amount only grows, a
    dispute stays; so the result does not depend on the order events arrive in.

    The first time a donation is known to be paid its receipt is sent (after commit, once).
    Facts that arrived earlier for one of its Stripe ids are applied now.
    """
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    was_paid = donation.is_paid
    _link_stripe_ids(
        donation,
        stripe_checkout_session_id=checkout_session_id,
        stripe_payment_intent_id=payment_intent_id,
        stripe_charge_id=charge_id,
        stripe_invoice_id=invoice_id,
    )
    if paid:
        when = paid_at or timezone.now()
        donation.is_paid = True
        donation.paid_at = min(donation.paid_at, when) if donation.paid_at else when
    donation.is_failed = donation.is_failed or failed
    donation.is_disputed = donation.is_disputed or disputed
    if amount_refunded is not None:
        money.require_minor_units(amount_refunded)
        refunded = min(max(amount_refunded, 0), donation.charged_amount)
        donation.amount_refunded = max(donation.amount_refunded, refunded)
    if donor_email and not donation.donor_email:
        try:
            donation.donor_email = _clean_email(donor_email)
        except InvalidDonation:
            logger.warning("Ignoring an invalid e-mail address for donation %s", donation.pk)
    donation.status = donation.derived_status()
    donation.counted_amount = donation.derived_counted_amount()
    donation.save()

    if _apply_pending_facts(donation):
        donation.refresh_from_db()
    if donation.is_paid and not was_paid:
        if donation.recurring_gift is not None:
            activate_recurring_gift(gift=donation.recurring_gift)
        receipts.send_receipt_on_commit(donation.pk)
    _forget_progress_on_commit(donation.campaign_id)
    return donation


def _apply_pending_facts(donation: Donation) -> bool:
    ids = Q()
    for field, value in (
        ("payment_intent_id", donation.stripe_payment_intent_id),
        ("charge_id", donation.stripe_charge_id),
        ("invoice_id", donation.stripe_invoice_id),
    ):
        if value:
            ids |= Q(**{field: value})
    if not ids:
        return False
    facts = list(PendingPaymentFact.objects.filter(ids))
    for fact in facts:
        deleted, _ = PendingPaymentFact.objects.filter(pk=fact.pk).delete()
        if not deleted:  # applied already, by a nested call that linked more ids
            continue
        record_payment_facts(
            donation=donation,
            disputed=fact.is_disputed,
            amount_refunded=fact.amount_refunded,
            payment_intent_id=fact.payment_intent_id,
            charge_id=fact.charge_id,
            invoice_id=fact.invoice_id,
        )
    return bool(facts)


def defer_payment_facts(
    *,
    event: StripeEvent,
    payment_intent_id: str = "",
    charge_id: str = "",
    invoice_id: str = "",
    amount_refunded: int | None = None,
    disputed: bool = False,
) -> PendingPaymentFact:
    """Keep a fact about a payment no donation knows yet; record_payment_facts applies it as
    soon as a donation gets one of these ids."""
    if amount_refunded is not None:
        money.require_minor_units(amount_refunded)
    return PendingPaymentFact.objects.create(
        event=event,
        payment_intent_id=payment_intent_id,
        charge_id=charge_id,
        invoice_id=invoice_id,
        amount_refunded=amount_refunded,
        is_disputed=disputed,
    )


@transaction.atomic
def create_monthly_payment(
    *, gift: RecurringGift, invoice_id: str, amount_charged: int
) -> Donation:
    """A monthly payment after the first: a new donation, pending until its invoice is paid.

    The split between gift and fee cover is the gift's when the charge matches it; if the
    amount changed at Stripe, the whole charge counts as the gift.
    """
    money.require_minor_units(amount_charged)
    existing = Donation.objects.filter(stripe_invoice_id=invoice_id).first()
    if existing is not None:
        return existing
    first = gift.donations.filter(is_renewal=False).order_by("pk").first()
    amount, fee_amount = gift.amount, gift.fee_amount
    if amount_charged != gift.charged_amount:
        amount, fee_amount = amount_charged, 0
    return Donation.objects.create(
        campaign_id=gift.campaign_id,
        amount=amount,
        fee_amount=fee_amount,
        currency=gift.currency,
        frequency=Donation.Frequency.MONTHLY,
        source=Donation.Source.STRIPE,
        recurring_gift=gift,
        is_renewal=True,
        donor_name=gift.donor_name,
        donor_email=gift.donor_email,
        is_public=first.is_public if first else False,
        stripe_invoice_id=invoice_id,
    )


@transaction.atomic
def activate_recurring_gift(
    *, gift: RecurringGift, subscription_id: str = "", customer_id: str = ""
) -> RecurringGift:
    """Note the gift's Stripe subscription and, unless it was canceled, mark it active."""
    gift = RecurringGift.objects.select_for_update().get(pk=gift.pk)
    _link_subscription(gift, subscription_id)
    if customer_id and not gift.stripe_customer_id:
        gift.stripe_customer_id = customer_id
    if gift.status == RecurringGift.Status.PENDING:
        gift.status = RecurringGift.Status.ACTIVE
    gift.save()
    return gift


@transaction.atomic
def end_recurring_gift(
    *, gift: RecurringGift, subscription_id: str = "", ended_at: datetime | None = None
) -> RecurringGift:
    """Mark the gift canceled (Stripe ended the subscription, or the donor stopped it)."""
    gift = RecurringGift.objects.select_for_update().get(pk=gift.pk)
    _link_subscription(gift, subscription_id)
    if gift.status != RecurringGift.Status.CANCELED:
        gift.status = RecurringGift.Status.CANCELED
        gift.canceled_at = ended_at or timezone.now()
    gift.save()
    return gift


def _link_subscription(gift: RecurringGift, subscription_id: str) -> None:
    if not subscription_id or gift.stripe_subscription_id == subscription_id:
        return
    if gift.stripe_subscription_id:
        logger.warning("Monthly gift %s already has a subscription", gift.pk)
        return
    if RecurringGift.objects.filter(stripe_subscription_id=subscription_id).exists():
        logger.warning("Subscription %s belongs to another monthly gift", subscription_id)
        return
    gift.stripe_subscription_id = subscription_id


def cancel_recurring_gift(*, gift: RecurringGift) -> RecurringGift:
    """The donor stops a monthly gift: cancel the subscription at Stripe, then here.

    Safe to repeat. Raises InvalidDonation when the gift never started (no subscription yet)
    and PaymentServiceUnavailable when Stripe cannot be reached (nothing changed then).
    """
    if gift.status == RecurringGift.Status.CANCELED:
        return gift
    if not gift.stripe_subscription_id:
        raise InvalidDonation("This monthly gift has not started yet, so there is nothing to stop.")
    try:
        stripe_gateway.cancel_subscription(gift.stripe_subscription_id)
    except stripe_gateway.GatewayError as error:
        logger.warning("Cancelling subscription of monthly gift %s failed: %s", gift.pk, error)
        raise PaymentServiceUnavailable(
            "We could not reach our payment provider to stop the gift. Please try again in a "
            "minute; nothing will be charged in the meantime that we cannot refund."
        ) from error
    return end_recurring_gift(gift=gift)


# Offline gifts and editors' changes


@transaction.atomic
def record_offline_gift(
    *,
    campaign: Campaign,
    amount: int,
    received_on: date,
    method: str,
    reference: str = "",
    donor_name: str = "",
    donor_email: str = "",
    is_public: bool = False,
    message: str = "",
    recorded_by=None,
    send_receipt: bool = False,
) -> Donation:
    """Record a gift that came by bank transfer, cash, crypto or cheque; it counts at once.

    Raises InvalidDonation for a non-positive amount, an unknown method, or a reference already
    recorded for this campaign (so entering the same transfer twice is refused).
    """
    money.require_minor_units(amount)
    if not 0 < amount <= OFFLINE_GIFT_CEILING:
        raise InvalidDonation("Enter an amount greater than zero.")
    if method not in Donation.OfflineMethod.values:
        raise InvalidDonation("Choose how the gift was received.")
    reference = _clean_text(reference, field="reference", limit=200)
    donor_name = _clean_text(donor_name, field="name", limit=DONOR_NAME_MAX)
    donor_email = _clean_email(donor_email)
    message = _clean_text(message, field="message", limit=MESSAGE_MAX, multiline=True)
    if (
        reference
        and Donation.objects.filter(campaign=campaign, offline_reference=reference).exists()
    ):
        raise InvalidDonation(f"A gift with the reference '{reference}' is already recorded.")
    paid_at = timezone.make_aware(datetime.combine(received_on, time_of_day(12)))
    try:
        with transaction.atomic():
            donation = Donation.objects.create(
                campaign=campaign,
                amount=amount,
                currency=campaign.currency,
                frequency=Donation.Frequency.ONE_OFF,
                source=Donation.Source.OFFLINE,
                status=Donation.Status.PAID,
                is_paid=True,
                counted_amount=amount,
                paid_at=paid_at,
                donor_name=donor_name,
                donor_email=donor_email,
                is_public=is_public,
                message=message,
                offline_method=method,
                offline_reference=reference,
                recorded_by=recorded_by,
            )
    except IntegrityError:
        raise InvalidDonation(
            f"A gift with the reference '{reference}' is already recorded."
        ) from None
    if send_receipt and donor_email:
        receipts.send_receipt_on_commit(donation.pk)
    _forget_progress_on_commit(campaign.pk)
    return donation


@transaction.atomic
def update_donor_details(
    *, donation: Donation, donor_name: str, is_public: bool, message: str
) -> Donation:
    """An editor corrects a name or hides a message from the donor wall."""
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    donation.donor_name = _clean_text(donor_name, field="name", limit=DONOR_NAME_MAX)
    donation.message = _clean_text(message, field="message", limit=MESSAGE_MAX, multiline=True)
    donation.is_public = bool(is_public)
    donation.save(update_fields=["donor_name", "message", "is_public"])
    return donation


@transaction.atomic
def delete_offline_gift(*, donation: Donation) -> None:
    """Remove an offline gift entered by mistake. Stripe donations are never deleted: their
    history is Stripe's, and refunds reach them through webhooks."""
    locked = Donation.objects.select_for_update().filter(pk=donation.pk).first()
    if locked is None:
        raise NotFound("This gift no longer exists.")
    if locked.source != Donation.Source.OFFLINE:
        raise InvalidDonation(
            "Only offline gifts can be deleted; refund Stripe payments in Stripe."
        )
    locked.delete()
    _forget_progress_on_commit(locked.campaign_id)
