from datetime import timedelta

import pytest
from django.utils import timezone
from donation_helpers import WEBHOOK_SECRET, post_event
from stripe_fake import FakeStripe

from gazette.donations.models import Campaign


@pytest.fixture
def stripe_webhooks(settings):
    """Stripe set up in test mode: events are verified with the test signing secret."""
    settings.STRIPE_SECRET_KEY = "sk_test_gazette"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_LIVEMODE = False


@pytest.fixture
def fake_stripe(settings, stripe_webhooks):
    """A fake Stripe API on a loopback port, with the stripe library pointed at it."""
    fake = FakeStripe().start()
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_CHECKOUT_ORIGIN = fake.url
    settings.STRIPE_TIMEOUT_SECONDS = 5
    yield fake
    fake.stop()


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        title="Keep the bureau open",
        slug="keep-the-bureau-open",
        appeal="Like our reporting? Help us keep going.",
        goal_amount=470000,
        currency="EUR",
        suggested_amounts=[1000, 2500, 5000, 10000],
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def stripe_sends(client, django_capture_on_commit_callbacks):
    """Post signed events as Stripe does, running what the site does after each commit
    (receipts) as it would outside the test's transaction; returns the last response."""

    def send(*payloads, expect: int | None = 200, **headers):
        response = None
        for payload in payloads:
            with django_capture_on_commit_callbacks(execute=True):
                response = post_event(client, payload, **headers)
            if expect is not None:
                assert response.status_code == expect, response.content
        return response

    return send
