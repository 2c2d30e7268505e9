"""Stripe events shaped like Stripe's, signed locally the way Stripe signs them, and small
helpers the donation tests share."""

import hashlib
import hmac
import itertools
import json
import time
import uuid

from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from gazette.donations import actions
from gazette.donations.models import Donation

WEBHOOK_SECRET = "whsec_test_gazette_0123456789abcdef"
WEBHOOK_URL = "/donate/stripe/webhook/"

_numbers = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}_{next(_numbers):06d}{uuid.uuid4().hex[:8]}"


def signature_header(
    body: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None
) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = hmac.new(secret.encode(), f"{timestamp}.{body.decode()}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={signed.hexdigest()}"


def event(
    event_type: str,
    obj: dict,
    *,
    event_id: str | None = None,
    created: int | None = None,
    livemode: bool = False,
    **extra,
) -> dict:
    return {
        "id": event_id or unique("evt"),
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created or int(time.time()),
        "type": event_type,
        "livemode": livemode,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {"object": obj},
        **extra,
    }


def body_of(payload: dict) -> bytes:
    return json.dumps(payload).encode()


def post_event(client, payload: dict | bytes, **headers):
    body = payload if isinstance(payload, bytes) else body_of(payload)
    headers.setdefault("HTTP_STRIPE_SIGNATURE", signature_header(body))
    return client.post(WEBHOOK_URL, data=body, content_type="application/json", **headers)


# Donations as the donate form leaves them: pending, waiting for Stripe.


def pending_donation(
    campaign,
    *,
    amount: int = 2500,
    fee_amount: int = 0,
    monthly: bool = False,
    email: str = "reader@example.org",
    name: str = "Ana",
    public: bool = True,
    message: str = "",
) -> Donation:
    donation, _ = actions.create_pending_donation(
        campaign=campaign,
        amount=amount,
        fee_amount=fee_amount,
        frequency=Donation.Frequency.MONTHLY if monthly else Donation.Frequency.ONE_OFF,
        attempt=uuid.uuid4(),
        donor_name=name,
        donor_email=email,
        is_public=public,
        message=message,
    )
    return donation


# Stripe objects


def metadata_of(donation: Donation) -> dict:
    return {
        "donation_id": str(donation.pk),
        "campaign": donation.campaign.slug,
        "frequency": donation.frequency,
    }


def checkout_session(
    donation: Donation,
    *,
    payment_status: str = "paid",
    payment_intent: str | None = None,
    subscription: str | None = None,
    invoice: str | None = None,
    email: str | None = None,
) -> dict:
    monthly = donation.frequency == Donation.Frequency.MONTHLY
    return {
        "id": donation.stripe_checkout_session_id or unique("cs_test"),
        "object": "checkout.session",
        "mode": "subscription" if monthly else "payment",
        "status": "complete",
        "payment_status": payment_status,
        "amount_total": donation.charged_amount,
        "currency": donation.currency.lower(),
        "client_reference_id": str(donation.pk),
        "metadata": metadata_of(donation),
        "payment_intent": None if monthly else (payment_intent or unique("pi")),
        "subscription": subscription if monthly else None,
        "invoice": invoice if monthly else None,
        "customer": unique("cus") if monthly else None,
        "customer_details": {"email": email, "name": None},
        "livemode": False,
    }


def payment_intent(
    donation: Donation, *, payment_intent_id: str, charge_id: str, status: str = "succeeded"
) -> dict:
    return {
        "id": payment_intent_id,
        "object": "payment_intent",
        "amount": donation.charged_amount,
        "amount_received": donation.charged_amount if status == "succeeded" else 0,
        "currency": donation.currency.lower(),
        "status": status,
        "latest_charge": charge_id,
        "metadata": metadata_of(donation),
        "last_payment_error": None
        if status == "succeeded"
        else {"code": "card_declined", "message": "Your card was declined."},
        "livemode": False,
    }


def charge(
    *,
    charge_id: str,
    payment_intent_id: str,
    amount: int,
    refunded: int = 0,
    metadata: dict | None = None,
    currency: str = "eur",
) -> dict:
    return {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": refunded,
        "currency": currency,
        "paid": True,
        "status": "succeeded",
        "refunded": refunded >= amount,
        "payment_intent": payment_intent_id,
        "metadata": metadata or {},
        "livemode": False,
    }


def dispute(*, charge_id: str, payment_intent_id: str, amount: int) -> dict:
    return {
        "id": unique("du"),
        "object": "dispute",
        "amount": amount,
        "charge": charge_id,
        "payment_intent": payment_intent_id,
        "currency": "eur",
        "reason": "fraudulent",
        "status": "needs_response",
        "livemode": False,
    }


def invoice(
    donation: Donation,
    *,
    invoice_id: str,
    subscription_id: str,
    billing_reason: str,
    amount: int | None = None,
    status: str = "paid",
) -> dict:
    charged = donation.charged_amount if amount is None else amount
    return {
        "id": invoice_id,
        "object": "invoice",
        "billing_reason": billing_reason,
        "amount_due": charged,
        "amount_paid": charged if status == "paid" else 0,
        "amount_remaining": 0 if status == "paid" else charged,
        "currency": donation.currency.lower(),
        "customer": unique("cus"),
        "customer_email": None,
        "status": status,
        "parent": {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "subscription": subscription_id,
                "metadata": metadata_of(donation),
            },
        },
        "livemode": False,
    }


def invoice_payment(
    *, invoice_id: str, payment_intent_id: str, charge_id: str | None = None
) -> dict:
    return {
        "id": unique("inpay"),
        "object": "invoice_payment",
        "invoice": invoice_id,
        "is_default": True,
        "status": "paid",
        "payment": {
            "type": "payment_intent",
            "payment_intent": payment_intent_id,
            "charge": charge_id,
        },
        "livemode": False,
    }


def subscription(donation: Donation, *, subscription_id: str) -> dict:
    return {
        "id": subscription_id,
        "object": "subscription",
        "status": "canceled",
        "canceled_at": int(time.time()),
        "ended_at": int(time.time()),
        "metadata": metadata_of(donation),
        "livemode": False,
    }


def donate_form(campaign, **overrides) -> dict:
    """What a reader's browser posts from the donate page."""
    form = {
        "amount": "2500",
        "custom_amount": "",
        "frequency": "one_off",
        "donor_name": "Ana Reader",
        "donor_email": "ana@example.org",
        "is_public": "on",
        "message": "Keep going.",
        "website": "",
        "attempt": str(uuid.uuid4()),
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def donate_url(campaign) -> str:
    return reverse("donations:donate", args=[campaign.slug])


def progress_of(client, campaign) -> dict:
    return client.get(reverse("donations:progress", args=[campaign.slug])).json()


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")
