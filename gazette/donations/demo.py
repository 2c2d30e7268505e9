"""The demo newsroom's campaign: a goal of €4,700, about two thirds raised.

The gifts are made the way real ones are: offline gifts through the same action editors use,
and online gifts as pending donations (as the donate form creates them) paid by recorded Stripe
test-mode events, signed and passed through the webhook code path. Nothing leaves the machine,
and no donor has an e-mail address, so no receipt is sent.

Loading is keyed on the campaign's slug: once it exists it is left exactly as it is.
"""

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import stripe
from django.utils import timezone

from . import actions, money, webhooks
from .errors import DonationError
from .models import Campaign, Donation

logger = logging.getLogger(__name__)

CAMPAIGN_SLUG = "keep-the-ledger-reporting"
# Signs the recorded events below and nothing else; it is not, and must never be, a real secret.
RECORDED_EVENTS_SECRET = "whsec_gazette_demo_recorded_events"  # noqa: S105
ATTEMPTS = uuid.UUID("6f1c2a54-5d0e-4a8e-9b3c-2f7d9e4a1b00")


@dataclass(frozen=True)
class OfflineGift:
    days_ago: int
    amount: int
    method: str
    reference: str
    name: str = ""
    message: str = ""


@dataclass(frozen=True)
class OnlineGift:
    key: str
    days_ago: int
    amount: int
    name: str = ""
    message: str = ""
    covers_fee: bool = False
    refunded_days_later: int | None = None


@dataclass(frozen=True)
class MonthlyGift:
    key: str
    days_ago: int
    amount: int
    payments: int
    name: str = ""
    message: str = ""
    canceled_days_later: int | None = None


OFFLINE_GIFTS = [
    OfflineGift(
        37,
        50000,
        "bank_transfer",
        "DEMO-BT-0001",
        "Halvoran Press Freedom Fund",
        "For the correspondents on the eastern front.",
    ),
    OfflineGift(
        34,
        25000,
        "bank_transfer",
        "DEMO-BT-0002",
        "The Solvara Reading Circle",
        "Our members pooled their subscriptions. Keep going.",
    ),
    OfflineGift(29, 5000, "cash", "DEMO-CASH-0001"),
    OfflineGift(25, 12000, "bank_transfer", "DEMO-BT-0003", "Irena Vosk"),
    OfflineGift(19, 8000, "crypto", "DEMO-CRYPTO-0001"),
    OfflineGift(15, 3000, "cash", "DEMO-CASH-0002", "Pavel at the Tovenna market"),
    OfflineGift(9, 20000, "bank_transfer", "DEMO-BT-0004"),
    OfflineGift(
        4,
        15000,
        "cheque",
        "DEMO-CHQ-0001",
        "Port Sellan Dockworkers' Union",
        "Truth on the record, every week.",
    ),
]

ONLINE_GIFTS = [
    OnlineGift("online-01", 38, 2500, "Marta K.", "The only paper that sources everything."),
    OnlineGift("online-02", 37, 5000, covers_fee=True),
    OnlineGift("online-03", 36, 1000, "Teo"),
    OnlineGift("online-04", 35, 10000, "Anonymous reader in Velmora"),
    OnlineGift("online-05", 33, 2500),
    OnlineGift("online-06", 31, 5000, "Lina Dragan", "For the bridge report.", covers_fee=True),
    OnlineGift("online-07", 30, 7500),
    OnlineGift("online-08", 28, 2000, "Jonas"),
    OnlineGift("online-09", 27, 5000, refunded_days_later=1),
    OnlineGift("online-10", 26, 5000, covers_fee=True),
    OnlineGift("online-11", 24, 2500, "Sofia M."),
    OnlineGift("online-12", 23, 15000, "A family in Karveno", "Thank you for telling it straight."),
    OnlineGift("online-13", 21, 1000),
    OnlineGift("online-14", 20, 5000, "Dr Yana Morell"),
    OnlineGift("online-15", 18, 2500),
    OnlineGift("online-16", 17, 10000, covers_fee=True),
    OnlineGift("online-17", 16, 3000, "Nikola"),
    OnlineGift("online-18", 14, 5000),
    OnlineGift("online-19", 13, 2500, "Ada", "Small, but every month I can."),
    OnlineGift("online-20", 12, 20000, "Bren & Oskar"),
    OnlineGift("online-21", 10, 25000),
    OnlineGift("online-22", 8, 10000, "Halvoria diaspora, Lisbon", covers_fee=True),
    OnlineGift("online-23", 7, 5000),
    OnlineGift("online-24", 5, 7500, "Ilse"),
    OnlineGift("online-25", 3, 5000),
    OnlineGift("online-26", 2, 1000, "Student in Solvara"),
    OnlineGift("online-27", 1, 4000, "Miro", "Keep the map updates coming."),
]

MONTHLY_GIFTS = [
    MonthlyGift(
        "monthly-01",
        36,
        2500,
        payments=2,
        name="Edda Lorn",
        message="Monthly, for as long as the war lasts.",
    ),
    MonthlyGift("monthly-02", 33, 1000, payments=2),
    MonthlyGift("monthly-03", 20, 1500, payments=1, name="Kasimir"),
    MonthlyGift("monthly-04", 10, 2000, payments=1, canceled_days_later=7),
]


def load_campaign(*, now: datetime | None = None) -> int:
    """Create the demo campaign and its gifts unless the campaign exists; return how many
    campaigns were created (0 or 1)."""
    if Campaign.objects.filter(slug=CAMPAIGN_SLUG).exists():
        return 0
    now = now or timezone.now().replace(second=0, microsecond=0)
    campaign = Campaign.objects.create(
        title="Keep the Ledger reporting from the front",
        slug=CAMPAIGN_SLUG,
        appeal="Like our reporting? Help us keep going.",
        description=(
            "Four correspondents, one fixer and a satellite phone: that is what it costs to "
            "report Halvoria's war from the front line, verify every claim and publish it free "
            "for everyone. €4,700 keeps the eastern bureau open for the next two months."
        ),
        goal_amount=470000,
        currency="EUR",
        suggested_amounts=[1000, 2500, 5000, 10000],
        starts_at=now - timedelta(days=40),
        ends_at=now + timedelta(days=20),
    )
    for gift in OFFLINE_GIFTS:
        actions.record_offline_gift(
            campaign=campaign,
            amount=gift.amount,
            received_on=timezone.localdate(now - timedelta(days=gift.days_ago)),
            method=gift.method,
            reference=gift.reference,
            donor_name=gift.name,
            is_public=bool(gift.name),
            message=gift.message,
        )
    for online_gift in ONLINE_GIFTS:
        _give_online(campaign, online_gift, now)
    for monthly_gift in MONTHLY_GIFTS:
        _give_monthly(campaign, monthly_gift, now)
    return 1


def _pending(
    campaign: Campaign,
    key: str,
    amount: int,
    frequency: str,
    name: str,
    message: str,
    covers_fee: bool = False,
) -> Donation:
    donation, _ = actions.create_pending_donation(
        campaign=campaign,
        amount=amount,
        fee_amount=money.fee_to_cover(amount, campaign.currency) if covers_fee else 0,
        frequency=frequency,
        attempt=uuid.uuid5(ATTEMPTS, key),
        donor_name=name,
        is_public=bool(name),
        message=message,
    )
    return donation


def _give_online(campaign: Campaign, gift: OnlineGift, now: datetime) -> None:
    donation = _pending(
        campaign,
        gift.key,
        gift.amount,
        Donation.Frequency.ONE_OFF,
        gift.name,
        gift.message,
        gift.covers_fee,
    )
    paid_at = now - timedelta(days=gift.days_ago, hours=(gift.days_ago * 5) % 11)
    payment_intent = f"pi_demo_{gift.key.replace('-', '_')}"
    _deliver(
        f"evt_demo_{gift.key}_completed",
        "checkout.session.completed",
        paid_at,
        {
            "id": f"cs_test_demo_{gift.key.replace('-', '_')}",
            "object": "checkout.session",
            "mode": "payment",
            "status": "complete",
            "payment_status": "paid",
            "amount_total": donation.charged_amount,
            "currency": "eur",
            "client_reference_id": str(donation.pk),
            "metadata": {"donation_id": str(donation.pk), "campaign": campaign.slug},
            "payment_intent": payment_intent,
            "customer_details": {"email": None, "name": gift.name or None},
            "livemode": False,
        },
    )
    if gift.refunded_days_later is not None:
        _deliver(
            f"evt_demo_{gift.key}_refunded",
            "charge.refunded",
            paid_at + timedelta(days=gift.refunded_days_later),
            {
                "id": f"ch_demo_{gift.key.replace('-', '_')}",
                "object": "charge",
                "amount": donation.charged_amount,
                "amount_refunded": donation.charged_amount,
                "currency": "eur",
                "payment_intent": payment_intent,
                "refunded": True,
                "metadata": {"donation_id": str(donation.pk)},
                "livemode": False,
            },
        )


def _give_monthly(campaign: Campaign, gift: MonthlyGift, now: datetime) -> None:
    donation = _pending(
        campaign, gift.key, gift.amount, Donation.Frequency.MONTHLY, gift.name, gift.message
    )
    key = gift.key.replace("-", "_")
    started = now - timedelta(days=gift.days_ago, hours=3)
    subscription = f"sub_demo_{key}"
    metadata = {"donation_id": str(donation.pk), "campaign": campaign.slug}
    _deliver(
        f"evt_demo_{gift.key}_completed",
        "checkout.session.completed",
        started,
        {
            "id": f"cs_test_demo_{key}",
            "object": "checkout.session",
            "mode": "subscription",
            "status": "complete",
            "payment_status": "paid",
            "amount_total": donation.charged_amount,
            "currency": "eur",
            "client_reference_id": str(donation.pk),
            "metadata": metadata,
            "subscription": subscription,
            "customer": f"cus_demo_{key}",
            "invoice": f"in_demo_{key}_1",
            "customer_details": {"email": None},
            "livemode": False,
        },
    )
    for number in range(1, gift.payments + 1):
        _deliver(
            f"evt_demo_{gift.key}_invoice_{number}",
            "invoice.paid",
            started + timedelta(days=30 * (number - 1)),
            {
                "id": f"in_demo_{key}_{number}",
                "object": "invoice",
                "billing_reason": "subscription_create" if number == 1 else "subscription_cycle",
                "amount_paid": donation.charged_amount,
                "amount_due": donation.charged_amount,
                "currency": "eur",
                "customer": f"cus_demo_{key}",
                "status": "paid",
                "parent": {
                    "type": "subscription_details",
                    "subscription_details": {"subscription": subscription, "metadata": metadata},
                },
                "livemode": False,
            },
        )
    if gift.canceled_days_later is not None:
        ended = started + timedelta(days=gift.canceled_days_later)
        _deliver(
            f"evt_demo_{gift.key}_canceled",
            "customer.subscription.deleted",
            ended,
            {
                "id": subscription,
                "object": "subscription",
                "status": "canceled",
                "ended_at": int(ended.timestamp()),
                "metadata": metadata,
                "livemode": False,
            },
        )


def _deliver(event_id: str, event_type: str, created: datetime, obj: dict) -> None:
    """Sign a recorded test-mode event as Stripe would and hand it to the webhook code."""
    payload = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(created.timestamp()),
            "type": event_type,
            "livemode": False,
            "pending_webhooks": 0,
            "data": {"object": obj},
        }
    )
    signature = stripe.WebhookSignature.generate_signature_header(payload, RECORDED_EVENTS_SECRET)
    try:
        webhooks.receive_stripe_event(
            payload=payload.encode(), signature=signature, secret=RECORDED_EVENTS_SECRET
        )
    except DonationError as error:
        # A site configured for live payments refuses test-mode events: the demo goes without.
        logger.warning("Demo event %s not recorded: %s", event_id, error.message)
