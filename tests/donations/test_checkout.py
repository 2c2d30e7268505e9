"""Starting a gift: the donate form, Stripe Checkout Sessions created on the fake Stripe API, and
the checks that keep card testers and absurd amounts out (cases 36 and 37)."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, override_settings
from donation_helpers import donate_form, donate_url

from gazette.donations.models import Campaign, Donation, RecurringGift


def post_donation(client, campaign, **overrides):
    return client.post(donate_url(campaign), donate_form(campaign, **overrides))


def test_donating_redirects_to_a_checkout_session_created_at_stripe(client, campaign, fake_stripe):
    response = post_donation(client, campaign, amount="2500")

    [request] = fake_stripe.session_requests()
    [session] = fake_stripe.sessions.values()
    assert response.status_code == 303
    assert response["Location"] == session["url"]
    assert session["url"].startswith(fake_stripe.url + "/c/pay/cs_test_")
    donation = Donation.objects.get()
    assert request.headers["Authorization"] == "Bearer sk_test_gazette"
    assert request.headers["Idempotency-Key"] == f"gazette-donation-{donation.checkout_attempt}"
    assert request.form["mode"] == "payment"
    assert request.form["submit_type"] == "donate"
    assert request.form["line_items[0][price_data][unit_amount]"] == "2500"
    assert request.form["line_items[0][price_data][currency]"] == "eur"
    assert request.form["line_items[0][quantity]"] == "1"
    assert request.form["client_reference_id"] == str(donation.pk)
    assert request.form["metadata[donation_id]"] == str(donation.pk)
    assert request.form["payment_intent_data[metadata][donation_id]"] == str(donation.pk)
    assert request.form["customer_email"] == "ana@example.org"
    assert (
        request.form["success_url"]
        == "http://testserver/donate/thanks/?session_id={CHECKOUT_SESSION_ID}"
    )
    assert request.form["cancel_url"] == f"http://testserver{donate_url(campaign)}?canceled=1"
    assert donation.status == Donation.Status.PENDING
    assert (donation.amount, donation.fee_amount, donation.currency) == (2500, 0, "EUR")
    assert donation.stripe_checkout_session_id == session["id"]
    assert donation.checkout_url == session["url"]
    assert donation.counted_amount == 0


def test_monthly_gift_creates_a_subscription_session_and_a_waiting_monthly_gift(
    client, campaign, fake_stripe
):
    response = post_donation(client, campaign, amount="1000", frequency="monthly")

    [request] = fake_stripe.session_requests()
    assert response.status_code == 303
    donation = Donation.objects.get()
    assert request.form["mode"] == "subscription"
    assert request.form["line_items[0][price_data][recurring][interval]"] == "month"
    assert request.form["line_items[0][price_data][unit_amount]"] == "1000"
    assert request.form["subscription_data[metadata][donation_id]"] == str(donation.pk)
    assert "submit_type" not in request.form
    assert "payment_intent_data[metadata][donation_id]" not in request.form
    gift = RecurringGift.objects.get()
    assert donation.frequency == Donation.Frequency.MONTHLY
    assert donation.recurring_gift == gift
    assert (gift.amount, gift.status, gift.stripe_subscription_id) == (1000, "pending", None)


def test_covering_the_fee_charges_the_gift_plus_the_fee_the_server_computes(
    client, campaign, fake_stripe
):
    response = post_donation(client, campaign, amount="5000", cover_fees="on")

    [request] = fake_stripe.session_requests()
    donation = Donation.objects.get()
    # (5000 + 25) / (1 - 0.015) = 5101.52..., rounded up to 5102 cents.
    assert response.status_code == 303
    assert (donation.amount, donation.fee_amount) == (5000, 102)
    assert request.form["line_items[0][price_data][unit_amount]"] == "5102"


def test_a_typed_amount_wins_over_the_preselected_suggestion(client, campaign, fake_stripe):
    response = post_donation(client, campaign, amount="2500", custom_amount="42,50")

    assert response.status_code == 303
    assert Donation.objects.get().amount == 4250


def test_the_client_cannot_choose_the_currency_or_the_total(client, campaign, fake_stripe):
    response = post_donation(
        client, campaign, amount="2500", currency="usd", total="1", unit_amount="1"
    )

    [request] = fake_stripe.session_requests()
    assert response.status_code == 303
    assert request.form["line_items[0][price_data][currency]"] == "eur"
    assert request.form["line_items[0][price_data][unit_amount]"] == "2500"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "Enter an amount greater than zero."),
        ("0.00", "Enter an amount greater than zero."),
        ("0.49", "The smallest gift we can take online is €2.00."),
        ("1", "The smallest gift we can take online is €2.00."),
        ("-1", "Enter an amount as a number, like 25 or 25.50."),
        ("1e2", "Enter an amount as a number, like 25 or 25.50."),
        ("1e12", "Enter an amount as a number, like 25 or 25.50."),
        ("NaN", "Enter an amount as a number, like 25 or 25.50."),
        ("Infinity", "Enter an amount as a number, like 25 or 25.50."),
        ("1,000.00", "Enter an amount as a number, like 25 or 25.50."),
        ("12.345", "Enter an amount as a number, like 25 or 25.50."),
        ("0x10", "Enter an amount as a number, like 25 or 25.50."),
        ("１２", "Enter an amount as a number, like 25 or 25.50."),
        ("1000000000000", "Enter an amount as a number, like 25 or 25.50."),
        ("10000.01", "Online gifts go up to €10,000."),
        ("999999999", "Online gifts go up to €10,000."),
    ],
)
def test_absurd_amounts_are_refused_before_stripe_is_called(
    client, campaign, fake_stripe, typed, message
):
    response = post_donation(client, campaign, amount="other", custom_amount=typed)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert fake_stripe.requests == []
    assert not Donation.objects.exists()


def test_a_suggested_amount_the_page_did_not_offer_is_refused(client, campaign, fake_stripe):
    response = post_donation(client, campaign, amount="1")

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert fake_stripe.requests == []


def test_the_minimum_and_maximum_come_from_the_settings(client, campaign, fake_stripe, settings):
    settings.DONATIONS_MIN_AMOUNT = "5"
    settings.DONATIONS_MAX_AMOUNT = "20"

    too_small = post_donation(client, campaign, amount="other", custom_amount="4.99")
    too_large = post_donation(client, campaign, amount="other", custom_amount="20.01")
    just_right = post_donation(client, campaign, amount="other", custom_amount="20")

    assert too_small.status_code == 400
    assert "The smallest gift we can take online is €5.00." in too_small.content.decode()
    assert too_large.status_code == 400
    assert "Online gifts go up to €20." in too_large.content.decode()
    assert just_right.status_code == 303
    assert Donation.objects.get().amount == 2000


def test_a_filled_honeypot_is_refused_without_calling_stripe(client, campaign, fake_stripe):
    response = post_donation(client, campaign, website="http://spam.example")

    assert response.status_code == 400
    assert "Your donation could not be started" in response.content.decode()
    assert fake_stripe.requests == []
    assert not Donation.objects.exists()


def test_a_missing_or_malformed_attempt_id_is_refused(client, campaign, fake_stripe):
    missing = post_donation(client, campaign, attempt=None)
    malformed = post_donation(client, campaign, attempt="'; DROP TABLE donations; --")

    assert missing.status_code == 400
    assert malformed.status_code == 400
    assert fake_stripe.requests == []


# Card testing (case 36): velocity limits per IP, per session, per e-mail.


def test_one_ip_address_may_start_only_so_many_checkouts(campaign, fake_stripe, settings):
    settings.DONATIONS_CHECKOUT_LIMIT_PER_IP = 3
    statuses = [
        post_donation(
            Client(REMOTE_ADDR="203.0.113.7"), campaign, donor_email=f"r{n}@example.org"
        ).status_code
        for n in range(5)
    ]

    assert statuses == [303, 303, 303, 429, 429]
    assert len(fake_stripe.sessions) == 3


def test_the_limit_answer_says_when_to_retry(campaign, fake_stripe, settings):
    settings.DONATIONS_CHECKOUT_LIMIT_PER_IP = 1
    post_donation(Client(REMOTE_ADDR="203.0.113.7"), campaign)

    response = post_donation(
        Client(REMOTE_ADDR="203.0.113.7"), campaign, donor_email="b@example.org"
    )

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= settings.DONATIONS_CHECKOUT_LIMIT_WINDOW_SECONDS
    assert "Too many donation attempts" in response.content.decode()


def test_one_browser_session_may_start_only_so_many_checkouts_whatever_its_address(
    campaign, fake_stripe, settings
):
    settings.DONATIONS_CHECKOUT_LIMIT_PER_SESSION = 2
    client = Client()
    statuses = [
        client.post(
            donate_url(campaign),
            donate_form(campaign, donor_email=f"r{n}@example.org"),
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        ).status_code
        for n in range(4)
    ]

    assert statuses == [303, 303, 429, 429]


def test_one_email_address_may_start_only_so_many_checkouts(campaign, fake_stripe, settings):
    settings.DONATIONS_CHECKOUT_LIMIT_PER_EMAIL = 2
    statuses = [
        post_donation(
            Client(REMOTE_ADDR=f"198.51.100.{n + 1}"),
            campaign,
            donor_email="Card.Tester@example.org" if n % 2 else "card.tester@example.org",
        ).status_code
        for n in range(3)
    ]

    assert statuses == [303, 303, 429]


def test_addresses_in_one_ipv6_slash_64_share_a_limit(campaign, fake_stripe, settings):
    settings.DONATIONS_CHECKOUT_LIMIT_PER_IP = 2
    statuses = [
        post_donation(
            Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"),
            campaign,
            donor_email=f"r{n}@example.org",
        ).status_code
        for n in range(3)
    ]
    other_network = post_donation(
        Client(REMOTE_ADDR="2001:db8:1:3::1"), campaign, donor_email="x@example.org"
    )

    assert statuses == [303, 303, 429]
    assert other_network.status_code == 303


def test_a_card_testing_run_of_100_attempts_creates_only_the_allowed_sessions(
    campaign, fake_stripe, settings
):
    settings.DONATIONS_CHECKOUT_LIMIT_PER_IP = 10
    statuses = []
    for n in range(100):
        response = post_donation(
            Client(REMOTE_ADDR="192.0.2.66"),
            campaign,
            amount="other",
            custom_amount=f"{2 + n % 5}.{n % 100:02d}",
            donor_email=f"t{n}@example.net",
        )
        statuses.append(response.status_code)

    assert statuses.count(303) == 10
    assert statuses.count(429) == 90
    assert len(fake_stripe.session_requests()) == 10
    assert Donation.objects.count() == 10


def test_checkouts_are_refused_while_the_rate_limiter_is_down(client, campaign, fake_stripe):
    unreachable = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
    # As configured with REDIS_URL: the default cache shrugs the outage off, the limiters' not.
    unreachable_cache = {
        "default": {
            **unreachable,
            "OPTIONS": {**unreachable["OPTIONS"], "IGNORE_EXCEPTIONS": True},
        },
        "ratelimits": unreachable,
    }

    with override_settings(CACHES=unreachable_cache):
        response = post_donation(client, campaign)

    assert response.status_code == 429
    assert "Too many donation attempts" in response.content.decode()
    assert fake_stripe.requests == []


# Double clicks and retries (case 37): one donation row, one Checkout Session.


def test_a_double_click_makes_one_donation_and_one_checkout_session(client, campaign, fake_stripe):
    form = donate_form(campaign)

    first = client.post(donate_url(campaign), form)
    second = client.post(donate_url(campaign), form)

    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Donation.objects.count() == 1
    assert len(fake_stripe.session_requests()) == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database cannot take concurrent writers",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_clicks_make_one_donation_and_one_checkout_session(fake_stripe):
    campaign = Campaign.objects.create(
        title="Keep going", slug="keep-going", goal_amount=100000, suggested_amounts=[2500]
    )
    fake_stripe.delay = 0.5
    form = donate_form(campaign)
    responses = []
    barrier = threading.Barrier(2)

    def click():
        client = Client()
        barrier.wait()
        responses.append(client.post(donate_url(campaign), form))
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [response.status_code for response in responses] == [303, 303]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert Donation.objects.count() == 1
    assert len(fake_stripe.sessions) == 1


def test_a_lost_stripe_response_is_retried_with_the_same_idempotency_key(
    client, campaign, fake_stripe
):
    fake_stripe.lose_next_response = True

    response = post_donation(client, campaign)

    requests = fake_stripe.session_requests()
    assert response.status_code == 303
    assert len(requests) == 2
    assert requests[0].headers["Idempotency-Key"] == requests[1].headers["Idempotency-Key"]
    assert len(fake_stripe.sessions) == 1
    assert response["Location"] == next(iter(fake_stripe.sessions.values()))["url"]


def test_a_stripe_outage_is_a_clear_503_and_the_retry_reuses_the_attempt(
    client, campaign, fake_stripe
):
    fake_stripe.fail_next(500)
    form = donate_form(campaign)

    failed = client.post(donate_url(campaign), form)
    retried = client.post(donate_url(campaign), form)

    requests = fake_stripe.session_requests()
    assert failed.status_code == 503
    assert "nothing was charged" in failed.content.decode()
    assert retried.status_code == 303
    assert Donation.objects.count() == 1
    assert len(fake_stripe.sessions) == 1
    assert requests[0].headers["Idempotency-Key"] == requests[1].headers["Idempotency-Key"]


def test_stripe_unreachable_is_a_clear_503(client, campaign, fake_stripe, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    response = post_donation(client, campaign)

    assert response.status_code == 503
    assert "We could not reach our payment provider" in response.content.decode()


def test_reusing_a_form_for_a_different_amount_is_refused(client, campaign, fake_stripe):
    form = donate_form(campaign, amount="2500")
    client.post(donate_url(campaign), form)

    response = client.post(donate_url(campaign), {**form, "amount": "10000"})

    assert response.status_code == 422
    assert "already used for a different donation" in response.content.decode()
    assert Donation.objects.get().amount == 2500


def test_a_checkout_url_outside_stripe_checkout_is_not_followed(client, campaign, fake_stripe):
    fake_stripe.session_url = "https://evil.example/pay"

    response = post_donation(client, campaign)

    assert response.status_code == 503
    assert "evil.example" not in response.get("Location", "")


# Configuration and campaign state


def test_without_stripe_keys_the_donate_page_says_donations_are_not_set_up(
    client, campaign, settings
):
    settings.STRIPE_SECRET_KEY = ""

    page = client.get(donate_url(campaign))
    posted = post_donation(client, campaign)

    assert page.status_code == 200
    assert "Online donations are not set up yet" in page.content.decode()
    assert '<form class="donate-form"' not in page.content.decode()
    assert posted.status_code == 503
    assert "Online donations are not set up yet" in posted.content.decode()
    assert not Donation.objects.exists()


def test_an_ended_campaign_takes_no_more_gifts(client, campaign, fake_stripe):
    Campaign.objects.filter(pk=campaign.pk).update(ends_at=campaign.starts_at + timedelta(hours=1))

    page = client.get(donate_url(campaign))
    posted = post_donation(client, campaign)

    assert "This campaign has ended" in page.content.decode()
    assert posted.status_code == 410
    assert fake_stripe.requests == []


def test_an_unknown_or_inactive_campaign_is_404(client, campaign, fake_stripe):
    Campaign.objects.filter(pk=campaign.pk).update(is_active=False)

    assert client.get(donate_url(campaign)).status_code == 404
    assert client.get("/donate/no-such-campaign/").status_code == 404
    assert client.get("/donate/").status_code == 404


def test_donate_without_a_slug_shows_the_current_campaign(client, campaign):
    response = client.get("/donate/")

    assert response.status_code == 200
    assert campaign.title in response.content.decode()


def test_a_different_attempt_id_per_page_load(client, campaign):
    first = client.get(donate_url(campaign)).context["form"].initial["attempt"]
    second = client.get(donate_url(campaign)).context["form"].initial["attempt"]

    assert isinstance(first, uuid.UUID)
    assert first != second
