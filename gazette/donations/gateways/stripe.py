"""Stripe, through the official library: Checkout Sessions for one-off and monthly gifts, and
cancelling a monthly gift. Every call has a short timeout; creating a session carries an
idempotency key derived from the donation attempt, so a retried or doubled request gets the same
session back from Stripe instead of a second one.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import stripe
from django.conf import settings

from ..models import Donation

if TYPE_CHECKING:
    from stripe.params.checkout import SessionCreateParams


class GatewayError(Exception):
    """Stripe could not be reached or refused the request."""


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        # Retries are safe: creation is idempotent by key, and Stripe answers 409 while a
        # request with the same key is still running, which the library retries after a pause.
        max_network_retries=2,
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
    )


def idempotency_key(donation: Donation) -> str:
    return f"gazette-donation-{donation.checkout_attempt}"


def checkout_session_params(
    *, donation: Donation, success_url: str, cancel_url: str
) -> dict[str, Any]:
    campaign = donation.campaign
    metadata = {
        "donation_id": str(donation.pk),
        "campaign": campaign.slug,
        "frequency": donation.frequency,
    }
    monthly = donation.frequency == Donation.Frequency.MONTHLY
    price_data: dict = {
        "currency": donation.currency.lower(),
        "unit_amount": donation.charged_amount,
        "product_data": {
            "name": f"{'Monthly donation' if monthly else 'Donation'}: {campaign.title}"
        },
    }
    params: dict = {
        "mode": "subscription" if monthly else "payment",
        "line_items": [{"quantity": 1, "price_data": price_data}],
        "client_reference_id": str(donation.pk),
        "metadata": metadata,
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    if monthly:
        price_data["recurring"] = {"interval": "month"}
        # Invoices carry a snapshot of these, which is how every monthly payment finds its gift.
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["submit_type"] = "donate"
        # Stripe copies PaymentIntent metadata onto the charge, so refunds find the donation too.
        params["payment_intent_data"] = {"metadata": metadata}
    if donation.donor_email:
        params["customer_email"] = donation.donor_email
    return params


def create_checkout_session(
    *, donation: Donation, success_url: str, cancel_url: str
) -> CheckoutSession:
    params = checkout_session_params(
        donation=donation, success_url=success_url, cancel_url=cancel_url
    )
    try:
        session = client().v1.checkout.sessions.create(
            params=cast("SessionCreateParams", params),
            options={"idempotency_key": idempotency_key(donation)},
        )
    except stripe.StripeError as error:
        raise GatewayError(str(error.user_message or error)) from error
    session_id, url = getattr(session, "id", None), getattr(session, "url", None)
    # The reader is sent wherever this URL points, so it must be Checkout's own origin.
    checkout_prefix = settings.STRIPE_CHECKOUT_ORIGIN.rstrip("/") + "/"
    if not isinstance(session_id, str) or not isinstance(url, str):
        raise GatewayError("Stripe answered without a Checkout Session.")
    if not url.startswith(checkout_prefix):
        raise GatewayError("Stripe answered with a Checkout URL outside Checkout.")
    return CheckoutSession(id=session_id, url=url)


def cancel_subscription(subscription_id: str) -> None:
    try:
        client().v1.subscriptions.cancel(subscription_id)
    except stripe.InvalidRequestError as error:
        # Already canceled (or deleted) at Stripe: the gift is over either way.
        if error.code == "resource_missing" or "canceled" in str(error).lower():
            return
        raise GatewayError(str(error.user_message or error)) from error
    except stripe.StripeError as error:
        raise GatewayError(str(error.user_message or error)) from error
