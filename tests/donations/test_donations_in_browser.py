"""A reader sees the appeal under an article, gives through the donate form and (fake) Stripe
Checkout, lands on the thank-you page, and watches the bar move when Stripe's webhook arrives."""

import json
import re
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from donation_helpers import checkout_session, event, pending_donation, signature_header
from factories import ArticlePageFactory, SectionPageFactory
from playwright.sync_api import expect

from gazette.donations.models import Campaign, Donation

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback puts back the site and home page the migrations made, which the
    # flush after a transactional test would otherwise leave the next tests without.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        title="Keep the Ledger reporting from the front",
        slug="keep-the-ledger-reporting",
        goal_amount=470000,
        currency="EUR",
        suggested_amounts=[1000, 2500, 5000],
        starts_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def article(db):
    return ArticlePageFactory(parent=SectionPageFactory(title="Front line", slug="front-line"))


@pytest.fixture
def quick_polling(settings):
    settings.DONATIONS_PROGRESS_POLL_SECONDS = 1


def send_webhook(live_server, payload: dict) -> dict:
    body = json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 (the live server on loopback)
        live_server.url + "/donate/stripe/webhook/",
        data=body,
        headers={"Content-Type": "application/json", "Stripe-Signature": signature_header(body)},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200
        return json.loads(response.read())


def bar_value(page) -> str:
    return page.locator("aside.appeal progress").get_attribute("value")


def test_a_reader_gives_through_checkout_and_the_bar_moves(
    live_server, page, article, campaign, fake_stripe, quick_polling, artifacts_dir
):
    page.goto(live_server.url + article.url)
    appeal = page.get_by_role("complementary", name="Like our reporting? Help us keep going.")
    expect(appeal).to_be_visible()
    expect(appeal.locator("progress")).to_have_attribute("max", "470000")
    expect(appeal.locator("progress")).to_have_attribute("value", "0")
    expect(appeal).to_contain_text("€0 raised of a €4,700 goal")
    expect(appeal.locator(".donation-progress__scale")).to_have_text(
        re.compile("€0\\s*€2,350\\s*€4,700")
    )
    page.screenshot(path=artifacts_dir / "donation-appeal-under-article.png", full_page=True)

    appeal.get_by_role("link", name="Donate").click()
    expect(page).to_have_url(live_server.url + f"/donate/{campaign.slug}/")
    donate = page.get_by_role("button", name=re.compile("^Donate"))
    page.get_by_label("€25").check()
    expect(donate).to_have_text("Donate €25")
    page.get_by_label("Monthly").check()
    expect(donate).to_have_text("Donate €25/month")
    page.get_by_label("One-off").check()
    page.get_by_label("Or type an amount (EUR)").fill("42.50")
    expect(donate).to_have_text("Donate €42.50")
    page.get_by_label("Your name").fill("Ana Reader")
    page.get_by_label("E-mail for your receipt").fill("ana@example.org")
    page.get_by_label("Show my name and message on the donor wall").check()
    page.screenshot(path=artifacts_dir / "donation-form.png", full_page=True)
    donate.click()

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    assert page.url.startswith(fake_stripe.url + "/c/pay/cs_test_")
    expect(page.get_by_text("Pay 42.50 EUR")).to_be_visible()
    donation = Donation.objects.get()
    assert (donation.amount, donation.status) == (4250, "pending")

    send_webhook(
        live_server,
        event(
            "checkout.session.completed", checkout_session(donation, payment_intent="pi_browser")
        ),
    )
    page.get_by_role("link", name="Pay").click()

    expect(page).to_have_url(
        re.compile(re.escape(live_server.url + "/donate/thanks/?session_id=cs_test_"))
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Ana Reader!")
    expect(page.get_by_text("Your gift of €42.50 keeps")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "4250")
    page.screenshot(path=artifacts_dir / "donation-thank-you.png", full_page=True)

    page.goto(live_server.url + article.url)
    expect(page.locator("aside.appeal progress")).to_have_attribute("value", "4250")
    another = pending_donation(campaign, amount=10000, email="")
    send_webhook(live_server, event("checkout.session.completed", checkout_session(another)))

    # No reload: the page's script fetches the new total.
    expect(page.locator("aside.appeal progress")).to_have_attribute(
        "value", "14250", timeout=10_000
    )
    expect(page.locator("aside.appeal [data-progress-raised]")).to_have_text("€142.50")
    expect(page.locator("aside.appeal [data-progress-donors]")).to_have_text("2 donors so far")
    page.screenshot(path=artifacts_dir / "donation-bar-moved.png", full_page=False)
    assert page.js_errors == []


@pytest.mark.no_javascript
def test_the_donate_form_works_without_javascript(
    live_server, page, article, campaign, fake_stripe
):
    page.goto(live_server.url + article.url)
    expect(page.locator("aside.appeal progress")).to_have_attribute("value", "0")
    page.get_by_role("link", name="Donate").click()

    donate = page.get_by_role("button", name="Donate")
    expect(donate).to_have_text("Donate")
    page.get_by_label("Monthly").check()
    page.get_by_label("€10", exact=True).check()
    donate.click()

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    expect(page.get_by_text("Pay 10.00 EUR every month")).to_be_visible()
    assert Donation.objects.get().frequency == "monthly"
