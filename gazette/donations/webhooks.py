"""Stripe webhooks: verify the signature on the raw body, record each event id once, apply it.

1. `stripe.Webhook.construct_event` checks the HMAC-SHA256 signature over the exact bytes
   received and the timestamp (at most 300 s old; we also refuse one more than 300 s ahead).
   Nothing is parsed or stored before that.
2. A test-mode event on a live site (or the reverse) is refused with 400: the endpoint is wired
   to the wrong Stripe mode and someone must fix it.
3. In one transaction: the event id is inserted under a unique constraint, and the event's
   effect is applied through the actions. A retried or replayed event finds its id and does
   nothing; two deliveries at once cannot both pass the constraint.
4. Events of types we do not handle, for another Stripe account, or without the fields we read
   are stored as ignored and answered 2xx, so Stripe stops retrying them.

Webhook effects are serialized (PostgreSQL: a transaction-level advisory lock; SQLite: its
writer lock, taken at BEGIN IMMEDIATE), so two events about one payment never interleave.
"""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from . import actions
from .errors import DonationsNotConfigured, InvalidWebhook
from .models import Donation, RecurringGift, StripeEvent

logger = logging.getLogger(__name__)

TOLERANCE_SECONDS = 300
# pg_advisory_xact_lock key shared by every webhook transaction ("gzdn" in ASCII).
ADVISORY_LOCK_KEY = 0x677A_646E


class IgnoreEvent(Exception):
    """The event is genuine but has nothing for this site: stored as ignored, answered 2xx."""


@dataclass(frozen=True)
class WebhookResult:
    event_id: str
    outcome: str
    note: str = ""
    duplicate: bool = False


def receive_stripe_event(
    *, payload: bytes, signature: str | None, secret: str | None = None
) -> WebhookResult:
    """Verify, record and apply one webhook delivery.

    Raises DonationsNotConfigured without a webhook secret, InvalidWebhook for a body that is
    not provably from Stripe now or is for the other mode (test vs live).
    """
    secret = settings.STRIPE_WEBHOOK_SECRET if secret is None else secret
    if not secret:
        raise DonationsNotConfigured("Stripe webhooks are not configured on this site.")
    event = verify_event(payload=payload, signature=signature, secret=secret)
    if event.get("livemode") is not settings.STRIPE_LIVEMODE:
        expected = "live" if settings.STRIPE_LIVEMODE else "test"
        raise InvalidWebhook(
            f"This endpoint takes {expected}-mode events only; check the webhook's mode in Stripe."
        )
    return record_event(event)


def verify_event(*, payload: bytes, signature: str | None, secret: str) -> dict:
    """The event as plain data, once its signature over these exact bytes checks out."""
    if not isinstance(payload, bytes | bytearray):
        raise TypeError("Verify the raw request body, as bytes.")
    try:
        stripe.Webhook.construct_event(payload, signature, secret, tolerance=TOLERANCE_SECONDS)
    except stripe.SignatureVerificationError as error:
        logger.warning("Refused a Stripe webhook: %s", error)
        raise InvalidWebhook(
            "The Stripe signature is missing, does not match this body, or has expired."
        ) from None
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
        # Signed but not a JSON object the library can build an event from ("[]" makes it
        # raise AttributeError): still a bad request, never a 500.
        raise InvalidWebhook("The body is not a Stripe event.") from None
    if _signed_at(signature) > datetime.now(UTC).timestamp() + TOLERANCE_SECONDS:
        raise InvalidWebhook("The Stripe signature's timestamp is in the future.")
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError):
        raise InvalidWebhook("The body is not a Stripe event.") from None
    if (
        not isinstance(event, dict)
        or event.get("object") != "event"
        or not _is_id(event.get("id"))
        or not isinstance(event.get("type"), str)
    ):
        raise InvalidWebhook("The body is not a Stripe event.")
    return event


def _signed_at(signature: str | None) -> int:
    for item in (signature or "").split(","):
        name, _, value = item.partition("=")
        if name.strip() == "t" and value.strip().isdigit():
            return int(value)
    return 0


def _is_id(value: object) -> bool:
    return (
        isinstance(value, str) and 0 < len(value) <= 255 and value.isascii() and value.isprintable()
    )


def record_event(event: dict) -> WebhookResult:
    """Store the event id and apply the event in one transaction; a known id does nothing."""
    event_id = event["id"]
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    object_id = obj.get("id") if isinstance(obj, dict) else None
    created = _timestamp(event.get("created"))
    try:
        with transaction.atomic():
            _serialize_webhooks()
            if StripeEvent.objects.filter(event_id=event_id).exists():
                return WebhookResult(event_id=event_id, outcome="duplicate", duplicate=True)
            record = StripeEvent.objects.create(
                event_id=event_id,
                type=event["type"][:100],
                livemode=bool(event.get("livemode")),
                object_id=object_id[:255] if isinstance(object_id, str) else "",
                created=created,
                outcome=StripeEvent.Outcome.PROCESSED,
            )
            outcome, note = _apply(event, obj, record)
            record.outcome, record.note = outcome, note[:300]
            record.save(update_fields=["outcome", "note"])
    except IntegrityError:
        # The same event delivered twice at once: the other delivery stored it first.
        if StripeEvent.objects.filter(event_id=event_id).exists():
            return WebhookResult(event_id=event_id, outcome="duplicate", duplicate=True)
        raise
    return WebhookResult(event_id=event_id, outcome=outcome, note=note)


def _serialize_webhooks() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def _apply(event: dict, obj: object, record: StripeEvent) -> tuple[str, str]:
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return StripeEvent.Outcome.IGNORED, "Not an event type Gazette handles."
    account = event.get("account")
    if account and account != settings.STRIPE_ACCOUNT_ID:
        logger.info("Ignoring %s for another Stripe account", event["id"])
        return StripeEvent.Outcome.IGNORED, "For another Stripe account."
    if not isinstance(obj, dict):
        return StripeEvent.Outcome.IGNORED, "The event carries no object."
    try:
        with transaction.atomic():
            return handler(obj, record)
    except IgnoreEvent as reason:
        logger.info("Ignoring Stripe event %s: %s", event["id"], reason)
        return StripeEvent.Outcome.IGNORED, str(reason)


# Reading Stripe objects defensively: a field of the wrong type means "ignore", never a 500.


def _id(obj: object, key: str, *, required: bool = False) -> str:
    value = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(value, dict):  # an expanded object
        value = value.get("id")
    if value is None or value == "":
        if required:
            raise IgnoreEvent(f"The event has no {key}.")
        return ""
    if not _is_id(value):
        raise IgnoreEvent(f"The event's {key} is not a Stripe id.")
    return value


def _amount(obj: dict, key: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise IgnoreEvent(f"The event's {key} is not an amount in minor units.")
    return value


def _timestamp(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10**11:
        return None
    return datetime.fromtimestamp(value, tz=UTC)


def _email(obj: dict) -> str:
    details = obj.get("customer_details")
    value = details.get("email") if isinstance(details, dict) else None
    if value is None:
        value = obj.get("customer_email")
    return value if isinstance(value, str) else ""


def _donation_from_metadata(metadata: object, *, reference: object = None) -> Donation | None:
    raw = metadata.get("donation_id") if isinstance(metadata, dict) else None
    if raw is None:
        raw = reference
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    donation = (
        Donation.objects.select_related("campaign", "recurring_gift").filter(pk=int(raw)).first()
    )
    # Another integration on the same Stripe account could use the same metadata key.
    campaign = metadata.get("campaign") if isinstance(metadata, dict) else None
    if donation is not None and campaign is not None and campaign != donation.campaign.slug:
        return None
    return donation


def _check_currency(obj: dict, donation: Donation) -> None:
    currency = obj.get("currency")
    if isinstance(currency, str) and currency.upper() != donation.currency:
        raise IgnoreEvent(f"Charged in {currency.upper()}, but the gift is in {donation.currency}.")


def _donation_by_payment(*, payment_intent_id: str, charge_id: str) -> Donation | None:
    if payment_intent_id:
        found = Donation.objects.filter(stripe_payment_intent_id=payment_intent_id).first()
        if found is not None:
            return found
    if charge_id:
        return Donation.objects.filter(stripe_charge_id=charge_id).first()
    return None


def _processed(donation: Donation) -> tuple[str, str]:
    return StripeEvent.Outcome.PROCESSED, f"Donation {donation.pk} is {donation.status}."


# Handlers, one per event type


def _checkout_session(
    obj: dict, record: StripeEvent, *, paid: bool = False, failed: bool = False
) -> tuple[str, str]:
    donation = _donation_from_metadata(
        obj.get("metadata"), reference=obj.get("client_reference_id")
    )
    if donation is None:
        raise IgnoreEvent("Not a checkout started by Gazette.")
    _check_currency(obj, donation)
    amount_total = obj.get("amount_total")
    if paid and isinstance(amount_total, int) and amount_total != donation.charged_amount:
        logger.warning(
            "Checkout for donation %s charged %s, expected %s",
            donation.pk,
            amount_total,
            donation.charged_amount,
        )
    payment_intent_id, invoice_id = "", ""
    if obj.get("mode") == "subscription":
        if donation.recurring_gift is None:
            raise IgnoreEvent("A subscription checkout for a one-off donation.")
        invoice_id = _id(obj, "invoice")
        if paid:
            actions.activate_recurring_gift(
                gift=donation.recurring_gift,
                subscription_id=_id(obj, "subscription"),
                customer_id=_id(obj, "customer"),
            )
    else:
        payment_intent_id = _id(obj, "payment_intent")
    donation = actions.record_payment_facts(
        donation=donation,
        paid=paid,
        failed=failed,
        paid_at=record.created,
        checkout_session_id=_id(obj, "id"),
        payment_intent_id=payment_intent_id,
        invoice_id=invoice_id,
        donor_email=_email(obj),
    )
    return _processed(donation)


def on_checkout_completed(obj: dict, record: StripeEvent) -> tuple[str, str]:
    # Card payments complete paid; bank debits complete unpaid and report later.
    return _checkout_session(obj, record, paid=obj.get("payment_status") == "paid")


def on_checkout_async_payment_succeeded(obj: dict, record: StripeEvent) -> tuple[str, str]:
    return _checkout_session(obj, record, paid=True)


def on_checkout_async_payment_failed(obj: dict, record: StripeEvent) -> tuple[str, str]:
    return _checkout_session(obj, record, failed=True)


def _payment_intent(obj: dict, record: StripeEvent, *, succeeded: bool) -> tuple[str, str]:
    donation = _donation_from_metadata(obj.get("metadata"))
    if donation is None:
        raise IgnoreEvent("Not a payment started by Gazette (monthly payments come as invoices).")
    _check_currency(obj, donation)
    donation = actions.record_payment_facts(
        donation=donation,
        paid=succeeded,
        failed=not succeeded,
        paid_at=record.created,
        payment_intent_id=_id(obj, "id", required=True),
        charge_id=_id(obj, "latest_charge") if succeeded else "",
    )
    return _processed(donation)


def on_payment_intent_succeeded(obj: dict, record: StripeEvent) -> tuple[str, str]:
    return _payment_intent(obj, record, succeeded=True)


def on_payment_intent_failed(obj: dict, record: StripeEvent) -> tuple[str, str]:
    return _payment_intent(obj, record, succeeded=False)


def _invoice_subscription(invoice: dict) -> tuple[str, object]:
    """The invoice's subscription id and that subscription's metadata, from the current API
    shape (parent.subscription_details) or the older one (subscription, subscription_details)."""
    parent = invoice.get("parent")
    details = parent.get("subscription_details") if isinstance(parent, dict) else None
    if not isinstance(details, dict):
        details = invoice.get("subscription_details")
    if isinstance(details, dict):
        return _id(details, "subscription") or _id(invoice, "subscription"), details.get("metadata")
    return _id(invoice, "subscription"), None


def _invoice_payment_ids(invoice: dict) -> tuple[str, str]:
    payment_intent_id, charge_id = _id(invoice, "payment_intent"), _id(invoice, "charge")
    payments = invoice.get("payments")
    rows = payments.get("data") if isinstance(payments, dict) else None
    for row in rows if isinstance(rows, list) else []:
        payment = row.get("payment") if isinstance(row, dict) else None
        if isinstance(payment, dict):
            payment_intent_id = payment_intent_id or _id(payment, "payment_intent")
            charge_id = charge_id or _id(payment, "charge")
    return payment_intent_id, charge_id


def _invoice(obj: dict, record: StripeEvent, *, paid: bool) -> tuple[str, str]:
    invoice_id = _id(obj, "id", required=True)
    subscription_id, metadata = _invoice_subscription(obj)
    first = _donation_from_metadata(metadata)
    if first is None and subscription_id:
        gift = RecurringGift.objects.filter(stripe_subscription_id=subscription_id).first()
        first = gift.donations.filter(is_renewal=False).first() if gift else None
    if first is None or first.recurring_gift is None:
        raise IgnoreEvent("Not a monthly gift started by Gazette.")
    _check_currency(obj, first)
    gift = first.recurring_gift
    donation = Donation.objects.filter(stripe_invoice_id=invoice_id).first()
    if donation is None:
        billing_reason = obj.get("billing_reason")
        opening = billing_reason == "subscription_create" or (
            billing_reason is None and not first.stripe_invoice_id
        )
        if opening:
            donation = first
        else:
            amount = _amount(obj, "amount_paid" if paid else "amount_due")
            if amount == 0:
                raise IgnoreEvent("Nothing was charged on this invoice.")
            donation = actions.create_monthly_payment(
                gift=gift, invoice_id=invoice_id, amount_charged=amount
            )
    if subscription_id and paid:
        actions.activate_recurring_gift(
            gift=gift, subscription_id=subscription_id, customer_id=_id(obj, "customer")
        )
    payment_intent_id, charge_id = _invoice_payment_ids(obj)
    donation = actions.record_payment_facts(
        donation=donation,
        paid=paid,
        failed=not paid,
        paid_at=record.created,
        invoice_id=invoice_id,
        payment_intent_id=payment_intent_id,
        charge_id=charge_id,
        donor_email=_email(obj),
    )
    return _processed(donation)


def on_invoice_paid(obj: dict, record: StripeEvent) -> tuple[str, str]:
    return _invoice(obj, record, paid=True)


def on_invoice_payment_failed(obj: dict, record: StripeEvent) -> tuple[str, str]:
    return _invoice(obj, record, paid=False)


def on_invoice_payment_paid(obj: dict, record: StripeEvent) -> tuple[str, str]:
    """Links an invoice to its PaymentIntent and charge (the current API no longer puts them
    on the invoice), so a later refund of a monthly payment finds its donation."""
    invoice_id = _id(obj, "invoice", required=True)
    payment = obj.get("payment")
    payment_intent_id, charge_id = _id(payment, "payment_intent"), _id(payment, "charge")
    if not payment_intent_id and not charge_id:
        raise IgnoreEvent("The invoice payment names no PaymentIntent or charge.")
    donation = Donation.objects.filter(stripe_invoice_id=invoice_id).first()
    if donation is None:
        actions.defer_payment_facts(
            event=record,
            invoice_id=invoice_id,
            payment_intent_id=payment_intent_id,
            charge_id=charge_id,
        )
        return StripeEvent.Outcome.DEFERRED, f"Waiting for invoice {invoice_id}."
    donation = actions.record_payment_facts(
        donation=donation, payment_intent_id=payment_intent_id, charge_id=charge_id
    )
    return _processed(donation)


def on_charge_refunded(obj: dict, record: StripeEvent) -> tuple[str, str]:
    charge_id = _id(obj, "id", required=True)
    payment_intent_id = _id(obj, "payment_intent")
    refunded = _amount(obj, "amount_refunded")
    donation = _donation_from_metadata(obj.get("metadata")) or _donation_by_payment(
        payment_intent_id=payment_intent_id, charge_id=charge_id
    )
    if donation is None:
        actions.defer_payment_facts(
            event=record,
            payment_intent_id=payment_intent_id,
            charge_id=charge_id,
            amount_refunded=refunded,
        )
        return StripeEvent.Outcome.DEFERRED, f"Waiting for the payment of charge {charge_id}."
    _check_currency(obj, donation)
    donation = actions.record_payment_facts(
        donation=donation,
        amount_refunded=refunded,
        payment_intent_id=payment_intent_id,
        charge_id=charge_id,
    )
    return _processed(donation)


def on_dispute_created(obj: dict, record: StripeEvent) -> tuple[str, str]:
    charge_id = _id(obj, "charge", required=True)
    payment_intent_id = _id(obj, "payment_intent")
    donation = _donation_by_payment(payment_intent_id=payment_intent_id, charge_id=charge_id)
    if donation is None:
        actions.defer_payment_facts(
            event=record, payment_intent_id=payment_intent_id, charge_id=charge_id, disputed=True
        )
        return StripeEvent.Outcome.DEFERRED, f"Waiting for the payment of charge {charge_id}."
    donation = actions.record_payment_facts(
        donation=donation, disputed=True, payment_intent_id=payment_intent_id, charge_id=charge_id
    )
    return _processed(donation)


def on_subscription_deleted(obj: dict, record: StripeEvent) -> tuple[str, str]:
    subscription_id = _id(obj, "id", required=True)
    first = _donation_from_metadata(obj.get("metadata"))
    gift = first.recurring_gift if first is not None else None
    if gift is None:
        gift = RecurringGift.objects.filter(stripe_subscription_id=subscription_id).first()
    if gift is None:
        raise IgnoreEvent("Not a monthly gift started by Gazette.")
    ended_at = _timestamp(obj.get("ended_at")) or _timestamp(obj.get("canceled_at"))
    gift = actions.end_recurring_gift(
        gift=gift, subscription_id=subscription_id, ended_at=ended_at or record.created
    )
    return StripeEvent.Outcome.PROCESSED, f"Monthly gift {gift.pk} is {gift.status}."


HANDLERS: dict[str, Callable[[dict, StripeEvent], tuple[str, str]]] = {
    "checkout.session.completed": on_checkout_completed,
    "checkout.session.async_payment_succeeded": on_checkout_async_payment_succeeded,
    "checkout.session.async_payment_failed": on_checkout_async_payment_failed,
    "payment_intent.succeeded": on_payment_intent_succeeded,
    "payment_intent.payment_failed": on_payment_intent_failed,
    "invoice.paid": on_invoice_paid,
    "invoice.payment_failed": on_invoice_payment_failed,
    "invoice_payment.paid": on_invoice_payment_paid,
    "charge.refunded": on_charge_refunded,
    "charge.dispute.created": on_dispute_created,
    "customer.subscription.deleted": on_subscription_deleted,
}
