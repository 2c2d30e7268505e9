"""The pages readers see: the appeal under articles, the donate page, the thank-you page, the
donor wall and the progress endpoint, all under the strict Content Security Policy."""

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone
from django.utils.translation import override
from donation_helpers import checkout_session, donate_url, event, pending_donation
from factories import ArticlePageFactory

from gazette.donations import actions
from gazette.donations.models import Campaign

pytestmark = pytest.mark.usefixtures("stripe_webhooks")


def give_offline(campaign, amount, name="", public=False, message=""):
    return actions.record_offline_gift(
        campaign=campaign,
        amount=amount,
        received_on=timezone.localdate(),
        method="bank_transfer",
        donor_name=name,
        is_public=public,
        message=message,
    )


def html_of(response):
    return lxml.html.fromstring(response.content)


def assert_strict_page(response):
    """Every script is a nonce-carrying module file; nothing is styled inline."""
    document = html_of(response)
    nonce = next(
        source[len("'nonce-") : -1]
        for source in response["Content-Security-Policy"]
        .split("script-src")[1]
        .split(";")[0]
        .split()
        if source.startswith("'nonce-")
    )
    scripts = document.xpath("//script[not(@type='application/ld+json')]")
    assert scripts
    for script in scripts:
        assert script.get("nonce") == nonce
        assert script.get("src")
        assert not (script.text or "").strip()
    assert document.xpath("//*[@style]") == []
    assert document.xpath("//style") == []


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section)


def test_the_appeal_and_its_progress_bar_end_every_article(client, article, campaign):
    give_offline(campaign, 313000)

    response = client.get(article.url)

    document = html_of(response)
    [appeal] = document.xpath("//aside[@class='appeal']")
    [bar] = appeal.xpath(".//progress")
    assert appeal.xpath("preceding-sibling::article")
    assert appeal.xpath(".//h2")[0].text_content() == "Like our reporting? Help us keep going."
    assert (bar.get("value"), bar.get("max")) == ("313000", "470000")
    assert bar.get("aria-label") == "Raised so far: €3,130 of €4,700"
    assert [span.text for span in appeal.xpath(".//*[contains(@class, 'scale')]/span")] == [
        "€0",
        "€2,350",
        "€4,700",
    ]
    assert "€3,130" in appeal.xpath(".//*[@data-progress-raised]")[0].text
    assert appeal.xpath(".//a[text()='Donate']")[0].get("href") == donate_url(campaign)
    assert appeal.get("data-progress-url") == f"/donate/{campaign.slug}/progress.json"
    assert_strict_page(response)


def test_no_running_campaign_means_no_appeal(client, article, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(ends_at=timezone.now() - timedelta(minutes=1))

    response = client.get(article.url)

    assert response.status_code == 200
    assert html_of(response).xpath("//aside[@class='appeal']") == []


def test_the_latest_started_running_campaign_is_the_one_shown(client, article, campaign):
    newer = Campaign.objects.create(
        title="Winter appeal",
        slug="winter",
        goal_amount=100000,
        starts_at=timezone.now() - timedelta(hours=1),
    )

    response = client.get(article.url)

    assert newer.title in response.content.decode()
    assert campaign.title not in response.content.decode()


def test_a_total_past_the_goal_fills_the_bar_and_shows_the_real_total(client, article, campaign):
    give_offline(campaign, 500000)

    document = html_of(client.get(article.url))

    [bar] = document.xpath("//progress")
    assert (bar.get("value"), bar.get("max")) == ("470000", "470000")
    assert document.xpath("//*[@data-progress-raised]")[0].text == "€5,000"
    assert document.xpath("//*[@data-progress-percent]")[0].text == "106"


def test_the_progress_endpoint_answers_integers_in_minor_units(client, campaign):
    give_offline(campaign, 12345)

    response = client.get(f"/donate/{campaign.slug}/progress.json")

    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "raised": 12345,
        "goal": 470000,
        "currency": "EUR",
        "donors": 1,
        "percent": 2,
        "bar_value": 12345,
        "raised_display": "€123.45",
        "goal_display": "€4,700",
        "donors_display": "1 donor so far",
    }


def test_amounts_follow_the_sites_language(client, campaign):
    give_offline(campaign, 123456)

    with override("de"):
        data = client.get(
            f"/donate/{campaign.slug}/progress.json", HTTP_ACCEPT_LANGUAGE="de"
        ).json()

    assert data["goal_display"] in {"4.700\u00a0€", "€4,700"}


def test_the_donate_page_offers_amounts_frequency_fees_name_and_message(
    client, campaign, fake_stripe
):
    response = client.get(donate_url(campaign))

    document = html_of(response)
    [form] = document.xpath("//form[@data-donate-form]")
    amounts = [
        (radio.get("value"), radio.getparent().text_content().strip())
        for radio in form.xpath(".//input[@name='amount']")
    ]
    assert amounts == [
        ("1000", "€10"),
        ("2500", "€25"),
        ("5000", "€50"),
        ("10000", "€100"),
        ("other", "Other amount"),
    ]
    assert form.xpath(".//input[@name='amount'][@checked]")[0].get("value") == "5000"
    assert [radio.get("value") for radio in form.xpath(".//input[@name='frequency']")] == [
        "one_off",
        "monthly",
    ]
    assert form.xpath(".//input[@name='custom_amount'][@inputmode='decimal']")
    assert form.xpath(".//input[@name='cover_fees'][@type='checkbox']")
    assert form.xpath(".//input[@name='is_public'][@type='checkbox']")
    assert form.xpath(".//textarea[@name='message'][@maxlength='500']")
    [trap] = form.xpath(".//div[@class='donate-form__trap']")
    assert trap.get("aria-hidden") == "true"
    assert trap.xpath(".//input[@name='website']")[0].get("tabindex") == "-1"
    assert form.xpath(".//button[@data-donate-button]")[0].text == "Donate"
    assert_strict_page(response)


def test_the_donate_page_lets_its_form_send_readers_on_to_stripe_checkout(
    client, campaign, fake_stripe
):
    response = client.get(donate_url(campaign))

    form_action = response["Content-Security-Policy"].split("form-action")[1].split(";")[0].split()
    assert form_action == ["'self'", fake_stripe.url]


def test_other_pages_keep_form_action_to_this_site(client, campaign, fake_stripe):
    response = client.get(f"/donate/{campaign.slug}/donors/")

    assert response["Content-Security-Policy"].split("form-action")[1].split(";")[0].split() == [
        "'self'"
    ]


def test_coming_back_from_a_canceled_checkout_says_nothing_was_charged(
    client, campaign, fake_stripe
):
    response = client.get(donate_url(campaign) + "?canceled=1")

    assert "Your donation was not completed, and nothing was charged." in response.content.decode()


def test_the_thank_you_page_names_the_gift_and_shows_the_campaign(stripe_sends, client, campaign):
    donation = pending_donation(campaign, amount=2500, name="Ana")
    session = checkout_session(donation)
    donation.stripe_checkout_session_id = session["id"]
    donation.save(update_fields=["stripe_checkout_session_id"])
    waiting = client.get(f"/donate/thanks/?session_id={session['id']}")

    stripe_sends(event("checkout.session.completed", session))
    confirmed = client.get(f"/donate/thanks/?session_id={session['id']}")

    assert "Stripe is confirming your payment" in waiting.content.decode()
    text = confirmed.content.decode()
    assert "Thank you, Ana!" in text
    assert "Your gift of €25.00 keeps" in text
    assert "A receipt is on its way to your inbox." in text
    assert html_of(confirmed).xpath("//progress")[0].get("value") == "2500"
    assert_strict_page(confirmed)


@pytest.mark.parametrize("session_id", ["", "cs_unknown", "x" * 5000, "<script>alert(1)</script>"])
def test_the_thank_you_page_without_a_known_session_just_thanks(client, campaign, session_id):
    response = client.get("/donate/thanks/", {"session_id": session_id})

    assert response.status_code == 200
    assert "Thank you!" in response.content.decode()
    assert "<script>alert" not in response.content.decode()


def test_the_donor_wall_names_those_who_asked_and_counts_the_rest(stripe_sends, client, campaign):
    give_offline(
        campaign, 5000, name="Irena Vosk", public=True, message="For the <b>bridge</b> report"
    )
    give_offline(campaign, 2500, name="Quiet Person", public=False, message="Do not show this")
    give_offline(campaign, 1000)
    refunded = pending_donation(campaign, name="Refunded Rita", public=True)
    stripe_sends(
        event("checkout.session.completed", checkout_session(refunded, payment_intent="pi_rr"))
    )
    refunded.refresh_from_db()
    actions.record_payment_facts(donation=refunded, amount_refunded=refunded.charged_amount)

    response = client.get(f"/donate/{campaign.slug}/donors/")

    text = response.content.decode()
    assert "Irena Vosk" in text
    assert "For the &lt;b&gt;bridge&lt;/b&gt; report" in text
    assert "Quiet Person" not in text
    assert "Do not show this" not in text
    assert "Refunded Rita" not in text
    assert "…and 2 donors who gave anonymously." in text
