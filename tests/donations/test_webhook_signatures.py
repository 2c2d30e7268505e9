"""Case 32: only events Stripe signed, over these exact bytes, within 300 seconds, get in."""

import hashlib
import hmac
import json
import time

import pytest
from django.test import Client
from donation_helpers import (
    WEBHOOK_SECRET,
    WEBHOOK_URL,
    body_of,
    checkout_session,
    event,
    pending_donation,
    post_event,
    signature_header,
)

from gazette.donations.models import Donation, StripeEvent

pytestmark = pytest.mark.usefixtures("stripe_webhooks")


@pytest.fixture
def paid_event(campaign):
    donation = pending_donation(campaign)
    return donation, event("checkout.session.completed", checkout_session(donation))


def v1(body: bytes, timestamp: int, secret: str = WEBHOOK_SECRET) -> str:
    return hmac.new(
        secret.encode(), f"{timestamp}.{body.decode()}".encode(), hashlib.sha256
    ).hexdigest()


def nothing_changed(donation: Donation) -> bool:
    donation.refresh_from_db()
    return (
        not StripeEvent.objects.exists()
        and donation.status == Donation.Status.PENDING
        and donation.counted_amount == 0
    )


def test_a_correctly_signed_event_is_accepted(client, paid_event):
    donation, payload = paid_event

    response = post_event(client, payload)

    donation.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "processed"}
    assert donation.status == Donation.Status.PAID


def forged(body: bytes) -> dict:
    now = int(time.time())
    reserialised = json.dumps(json.loads(body), indent=2, sort_keys=True).encode()
    changed = bytearray(body)
    changed[body.index(b'"paid"') + 2] ^= 0x01  # "paid" -> "pbid": one byte, one bit
    return {
        "no header": (body, None),
        "empty header": (body, ""),
        "wrong secret": (body, f"t={now},v1={v1(body, now, 'whsec_someone_else')}"),
        "one byte of the body changed": (bytes(changed), signature_header(body, timestamp=now)),
        "JSON re-serialised": (reserialised, signature_header(body, timestamp=now)),
        "only v0": (body, f"t={now},v0={v1(body, now)}"),
        "scheme renamed": (body, f"t={now},v2={v1(body, now)}"),
        "timestamp 301 s old": (body, signature_header(body, timestamp=now - 301)),
        "timestamp a day old": (body, signature_header(body, timestamp=now - 86400)),
        "timestamp 10 minutes ahead": (body, signature_header(body, timestamp=now + 600)),
        "timestamp not a number": (body, f"t=yesterday,v1={v1(body, now)}"),
        "timestamp missing": (body, f"v1={v1(body, now)}"),
        "signature of another timestamp": (body, f"t={now},v1={v1(body, now - 1)}"),
        "garbage": (body, "\x00\xff;;;==,,"),
    }


@pytest.mark.parametrize("case", list(forged(b'{"payment_status": "paid"}')))
def test_forged_altered_and_expired_webhooks_are_refused_and_change_nothing(
    client, paid_event, case
):
    donation, payload = paid_event
    body, header = forged(body_of(payload))[case]
    headers = {} if header is None else {"HTTP_STRIPE_SIGNATURE": header}

    response = client.post(WEBHOOK_URL, data=body, content_type="application/json", **headers)

    assert response.status_code == 400
    assert response.json()["error"]
    assert nothing_changed(donation)


def test_two_v1_signatures_during_secret_rotation_are_accepted_if_one_matches(client, paid_event):
    donation, payload = paid_event
    body, now = body_of(payload), int(time.time())
    header = f"t={now},v1={v1(body, now, 'whsec_the_old_secret')},v1={v1(body, now)}"

    response = client.post(
        WEBHOOK_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 200
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID


def test_a_signature_just_inside_the_tolerance_is_accepted(client, paid_event):
    _, payload = paid_event
    body = body_of(payload)

    response = client.post(
        WEBHOOK_URL,
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(body, timestamp=int(time.time()) - 290),
    )

    assert response.status_code == 200


def test_the_signature_covers_the_raw_bytes_whatever_their_layout(client, paid_event):
    donation, payload = paid_event
    body = json.dumps(payload, indent=4, ensure_ascii=True).encode() + b"\n"

    response = client.post(
        WEBHOOK_URL,
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(body),
    )

    assert response.status_code == 200
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe not utf-8",
        b"not json at all",
        b"[]",
        b'"evt_1"',
        b'{"id": 1}',
        b'{"id": "evt_1", "object": "charge", "type": "x"}',
        b"[" * 5000 + b"]" * 5000,
    ],
    ids=["not utf-8", "not json", "a list", "a string", "no type", "not an event", "deeply nested"],
)
def test_signed_bodies_that_are_not_events_are_refused(client, db, body):
    response = client.post(
        WEBHOOK_URL,
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(body)
        if body[:1] != b"\xff"
        else f"t={int(time.time())},v1=00",
    )

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_the_endpoint_needs_no_csrf_token_but_still_a_signature(paid_event):
    _, payload = paid_event
    client = Client(enforce_csrf_checks=True)

    signed = post_event(client, payload)
    unsigned = client.post(WEBHOOK_URL, data=body_of(payload), content_type="application/json")

    assert signed.status_code == 200
    assert unsigned.status_code == 400


def test_the_endpoint_only_takes_posts(client, db):
    assert client.get(WEBHOOK_URL).status_code == 405


def test_without_a_signing_secret_the_endpoint_refuses_everything(client, paid_event, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    _, payload = paid_event

    response = post_event(client, payload)

    assert response.status_code == 503
    assert not StripeEvent.objects.exists()
