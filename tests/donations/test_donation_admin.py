"""What editors do in the Wagtail admin: campaigns, offline gifts, the donations list with its
filters and CSV export, donor details, and the report with its chart."""

import csv
import io
from datetime import date, timedelta

import lxml.html
import pytest
from django.utils import timezone
from donation_helpers import checkout_session, event, pending_donation

from gazette.donations import actions, charts
from gazette.donations.errors import InvalidDonation
from gazette.donations.models import Campaign, Donation

pytestmark = pytest.mark.usefixtures("stripe_webhooks")

CAMPAIGNS = "/admin/donations/campaigns/"
DONATIONS = "/admin/donations/list/"
REPORT = "/admin/donations/report/"


def give_offline(campaign, amount, **details):
    details.setdefault("received_on", timezone.localdate())
    details.setdefault("method", "bank_transfer")
    return actions.record_offline_gift(campaign=campaign, amount=amount, **details)


def progress_raised(client, campaign) -> int:
    return client.get(f"/donate/{campaign.slug}/progress.json").json()["raised"]


def export_rows(admin_client, query: str = "") -> list[dict]:
    response = admin_client.get(f"{DONATIONS}?export=csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


# Campaigns


def test_an_editor_creates_a_campaign_with_the_goal_in_euros(admin_client, db):
    response = admin_client.post(
        f"{CAMPAIGNS}new/",
        {
            "title": "Winter bureau",
            "slug": "winter-bureau",
            "appeal": "Help us keep going.",
            "description": "",
            "goal": "4700",
            "currency": "EUR",
            "suggestions": "10, 25, 50.50, 100",
            "starts_at": "2026-11-01 09:00",
            "ends_at": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.goal_amount == 470000
    assert campaign.suggested_amounts == [1000, 2500, 5050, 10000]


def test_campaign_form_refuses_a_goal_with_more_decimals_than_the_currency(admin_client, db):
    response = admin_client.post(
        f"{CAMPAIGNS}new/",
        {
            "title": "Yen",
            "slug": "yen",
            "appeal": "Go",
            "goal": "4700.50",
            "currency": "JPY",
            "suggestions": "1e2",
            "starts_at": "2026-11-01 09:00",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "Amounts in JPY have no decimals." in text
    assert "Enter an amount as a number" in text
    assert not Campaign.objects.exists()


def test_an_editor_edits_a_campaign_and_sees_its_amounts_in_euros(admin_client, campaign):
    page = admin_client.get(f"{CAMPAIGNS}edit/{campaign.pk}/")

    document = lxml.html.fromstring(page.content)
    assert document.xpath("//input[@name='goal']")[0].get("value") == "4700.00"
    assert (
        document.xpath("//input[@name='suggestions']")[0].get("value")
        == "10.00, 25.00, 50.00, 100.00"
    )


def test_a_reserved_slug_is_refused(admin_client, db):
    response = admin_client.post(
        f"{CAMPAIGNS}new/",
        {
            "title": "T",
            "slug": "thanks",
            "appeal": "Go",
            "goal": "10",
            "currency": "EUR",
            "starts_at": "2026-11-01 09:00",
        },
    )

    assert "is used by the donation pages" in response.content.decode()


def test_a_campaign_with_gifts_cannot_be_deleted(admin_client, campaign):
    give_offline(campaign, 1000)

    response = admin_client.post(f"{CAMPAIGNS}delete/{campaign.pk}/")

    assert response.status_code == 302
    assert Campaign.objects.filter(pk=campaign.pk).exists()


# Offline gifts


def test_an_offline_gift_counts_toward_the_campaign_at_once(client, campaign):
    before = progress_raised(client, campaign)

    gift = give_offline(campaign, 12550, method="crypto", reference="0xabc", donor_name="Irena")

    assert (before, progress_raised(client, campaign)) == (0, 12550)
    assert (gift.source, gift.status, gift.counted_amount) == ("offline", "paid", 12550)


def test_an_editor_records_an_offline_gift_in_the_admin(admin_client, client, campaign):
    response = admin_client.post(
        f"{DONATIONS}new/",
        {
            "campaign": campaign.pk,
            "amount_major": "125.50",
            "received_on": "2026-11-20",
            "offline_method": "bank_transfer",
            "offline_reference": "SEPA 2026-11-20 / 0042",
            "donor_name": "Solvara Reading Circle",
            "donor_email": "circle@example.org",
            "is_public": "on",
            "message": "Keep going",
            "send_receipt": "on",
        },
    )

    assert response.status_code == 302
    gift = Donation.objects.get()
    assert (gift.amount, gift.source, gift.offline_method) == (12550, "offline", "bank_transfer")
    assert gift.recorded_by.username == "admin"
    assert timezone.localdate(gift.paid_at) == date(2026, 11, 20)
    assert progress_raised(client, campaign) == 12550


def test_the_same_bank_reference_cannot_be_entered_twice(admin_client, campaign):
    form = {
        "campaign": campaign.pk,
        "amount_major": "50",
        "received_on": "2026-11-20",
        "offline_method": "bank_transfer",
        "offline_reference": "REF-1",
    }

    admin_client.post(f"{DONATIONS}new/", form)
    response = admin_client.post(f"{DONATIONS}new/", form)

    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert Donation.objects.count() == 1


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1e3", "12.345"])
def test_offline_gift_amounts_are_checked(admin_client, campaign, amount):
    response = admin_client.post(
        f"{DONATIONS}new/",
        {
            "campaign": campaign.pk,
            "amount_major": amount,
            "received_on": "2026-11-20",
            "offline_method": "cash",
        },
    )

    assert response.status_code == 200
    assert not Donation.objects.exists()


def test_an_offline_gift_cannot_be_dated_in_the_future(admin_client, campaign):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = admin_client.post(
        f"{DONATIONS}new/",
        {
            "campaign": campaign.pk,
            "amount_major": "5",
            "received_on": tomorrow.isoformat(),
            "offline_method": "cash",
        },
    )

    assert "cannot be received in the future" in response.content.decode()


@pytest.mark.parametrize("amount", [0, -100, 10.5, "100", None, True])
def test_the_offline_gift_action_takes_only_positive_integer_minor_units(campaign, amount):
    with pytest.raises((InvalidDonation, TypeError)):
        give_offline(campaign, amount)


def test_deleting_a_mistaken_offline_gift_takes_it_out_of_the_total(admin_client, client, campaign):
    gift = give_offline(campaign, 5000)
    give_offline(campaign, 1000)

    response = admin_client.post(f"{DONATIONS}delete/{gift.pk}/")

    assert response.status_code == 302
    assert progress_raised(client, campaign) == 1000


def test_a_stripe_donation_cannot_be_deleted_in_the_admin(admin_client, stripe_sends, campaign):
    donation = pending_donation(campaign)
    stripe_sends(event("checkout.session.completed", checkout_session(donation)))

    page = admin_client.get(f"{DONATIONS}delete/{donation.pk}/")
    posted = admin_client.post(f"{DONATIONS}delete/{donation.pk}/")

    assert page.status_code == 302
    assert posted.status_code == 302
    assert Donation.objects.filter(pk=donation.pk).exists()


def test_an_editor_hides_a_donor_from_the_wall(admin_client, client, campaign):
    gift = give_offline(
        campaign, 1000, donor_name="Spammy McSpam", is_public=True, message="buy things"
    )

    response = admin_client.post(
        f"{DONATIONS}edit/{gift.pk}/", {"donor_name": "A reader", "message": ""}
    )

    gift.refresh_from_db()
    assert response.status_code == 302
    assert (gift.donor_name, gift.is_public, gift.message, gift.amount) == (
        "A reader",
        False,
        "",
        1000,
    )
    assert "Spammy" not in client.get(f"/donate/{campaign.slug}/donors/").content.decode()


# The list, its filters and the CSV export


@pytest.fixture
def mixed_donations(stripe_sends, campaign):
    paid = pending_donation(campaign, amount=2500, name="Paid Person")
    refunded = pending_donation(campaign, amount=4000, name="Refunded Person")
    stripe_sends(
        event("checkout.session.completed", checkout_session(paid)),
        event("checkout.session.completed", checkout_session(refunded, payment_intent="pi_refund")),
    )
    refunded.refresh_from_db()
    actions.record_payment_facts(donation=refunded, amount_refunded=4000)
    offline = give_offline(
        campaign, 10000, donor_name='=HYPERLINK("http://evil.example","x")', message="@SUM(1+1)"
    )
    return paid, refunded, offline


def test_the_donations_list_filters_by_status_and_source(admin_client, mixed_donations):
    paid, refunded, offline = mixed_donations

    by_status = admin_client.get(f"{DONATIONS}?status=refunded").content.decode()
    by_source = admin_client.get(f"{DONATIONS}?source=offline").content.decode()

    assert "Refunded Person" in by_status
    assert "Paid Person" not in by_status
    assert "HYPERLINK" in by_source
    assert "Paid Person" not in by_source


def test_the_donations_list_shows_refunds(admin_client, mixed_donations):
    text = admin_client.get(DONATIONS).content.decode()

    assert "€40.00" in text  # refunded column
    assert "Refunded" in text


def test_the_csv_export_has_exact_amounts_and_neutralised_formulas(admin_client, mixed_donations):
    paid, refunded, offline = mixed_donations

    rows = {row["Reference"]: row for row in export_rows(admin_client)}

    assert set(rows) == {paid.reference, refunded.reference, offline.reference}
    assert rows[paid.reference]["Amount"] == "25.00"
    assert rows[paid.reference]["Counts toward the campaign"] == "25.00"
    assert rows[refunded.reference]["Refunded"] == "40.00"
    assert rows[refunded.reference]["Counts toward the campaign"] == "0.00"
    assert rows[refunded.reference]["Status"] == "refunded"
    assert rows[offline.reference]["Donor name"].startswith("'=HYPERLINK")
    assert rows[offline.reference]["Message"] == "'@SUM(1+1)"
    assert rows[offline.reference]["Campaign"] == offline.campaign.title


def test_the_csv_export_follows_the_filters(admin_client, mixed_donations):
    rows = export_rows(admin_client, "&source=stripe&status=paid")

    assert [row["Donor name"] for row in rows] == ["Paid Person"]


def test_readers_and_editors_without_the_permission_see_no_donations(client, db, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="x" * 12)
    client.force_login(user)

    assert client.get(DONATIONS).status_code in {302, 403}
    assert client.get(REPORT).status_code in {302, 403}
    assert client.get(f"{DONATIONS}?export=csv").status_code in {302, 403}


# The report


def test_the_report_shows_totals_per_campaign_month_and_kind(admin_client, stripe_sends, campaign):
    give_offline(campaign, 10000)
    one_off = pending_donation(campaign, amount=2500)
    monthly = pending_donation(campaign, amount=1000, monthly=True)
    stripe_sends(
        event("checkout.session.completed", checkout_session(one_off)),
        event(
            "checkout.session.completed",
            checkout_session(monthly, subscription="sub_r", invoice="in_r"),
        ),
    )

    response = admin_client.get(REPORT)

    document = lxml.html.fromstring(response.content)
    [row] = document.xpath("//section[@class='donation-report__totals']//tbody/tr")
    cells = [cell.text_content().strip() for cell in row.xpath("td")]
    assert cells == [campaign.title, "€4,700", "€135", "2%", "€25", "€10", "€100", "€0", "3"]
    month_cells = [
        cell.text_content().strip()
        for cell in document.xpath(
            "//h2[text()='Per month']/following-sibling::table[1]//tbody/tr[1]/td"
        )
    ]
    assert month_cells[1:] == ["€25", "€10", "€100", "€135", "3"]


def test_the_report_draws_gifts_per_day_against_the_goal_without_inline_styles(
    admin_client, campaign
):
    give_offline(campaign, 10000, received_on=timezone.localdate() - timedelta(days=2))
    give_offline(campaign, 20000)

    response = admin_client.get(f"{REPORT}{campaign.pk}/")

    document = lxml.html.fromstring(response.content)
    [svg] = document.xpath("//svg[@class='donation-chart']")
    assert len(svg.xpath(".//rect[@class='donation-chart__bar']")) == 2
    assert svg.xpath(".//polyline[@class='donation-chart__line']")
    assert svg.xpath(".//line[@class='donation-chart__goal']")
    assert "€300 raised" in svg.xpath(".//desc")[0].text
    assert svg.xpath(".//@style") == []
    assert document.xpath("//main//section//@style") == []


def test_the_chart_geometry_is_whole_units_and_tops_out_above_the_goal():
    days = [
        (date(2026, 11, 1) + timedelta(days=n), amount)
        for n, amount in enumerate([0, 100000, 0, 250000, 200000])
    ]

    chart = charts.daily_chart(days, goal=470000, currency="EUR")

    assert all(
        isinstance(value, int)
        for bar in chart.bars
        for value in (bar.x, bar.y, bar.width, bar.height)
    )
    assert len(chart.bars) == 3
    assert chart.plot_top < chart.goal_y < chart.plot_bottom
    last_x, last_y = chart.line_points.split()[-1].split(",")
    assert int(last_y) < chart.goal_y  # 550,000 raised: the running total ends above the goal line
    assert [label.text for label in chart.y_labels] == ["€0", "€2,350", "€4,700"]
