"""Receipts (one per payment, never two) and stopping a monthly gift from the receipt's link."""

import re

import pytest
from django.core import mail
from donation_helpers import (
    checkout_session,
    event,
    invoice,
    pending_donation,
    subscription,
)

from gazette.donations import actions
from gazette.donations.models import Donation, RecurringGift
from gazette.donations.receipts import send_receipt, stop_monthly_token

pytestmark = pytest.mark.usefixtures("stripe_webhooks")


def start_monthly_gift(stripe_sends, campaign, *, sub="sub_receipt"):
    first = pending_donation(campaign, amount=1500, monthly=True, email="mo@example.org", name="Mo")
    stripe_sends(
        event(
            "checkout.session.completed", checkout_session(first, subscription=sub, invoice="in_r1")
        ),
        event(
            "invoice.paid",
            invoice(
                first, invoice_id="in_r1", subscription_id=sub, billing_reason="subscription_create"
            ),
        ),
    )
    return first, RecurringGift.objects.get()


def stop_link(message) -> str:
    return re.search(r"http://\S+/donate/monthly/\S+/stop/", message.body).group(0)


def test_a_paid_gift_gets_one_receipt_with_its_amount(stripe_sends, campaign):
    donation = pending_donation(
        campaign, amount=2500, fee_amount=63, email="ana@example.org", name="Ana"
    )

    stripe_sends(event("checkout.session.completed", checkout_session(donation)))

    [receipt] = mail.outbox
    donation.refresh_from_db()
    assert receipt.to == ["ana@example.org"]
    assert receipt.subject == "Thank you for your donation to Gazette"
    assert "Amount:    €25.00" in receipt.body
    assert "Card fee you covered: €0.63" in receipt.body
    assert "Charged:   €25.63" in receipt.body
    assert f"Reference: GZ-{donation.pk:06d}" in receipt.body
    assert "stop" not in receipt.body
    assert donation.receipt_sent_at is not None


def test_retried_and_repeated_payment_events_never_send_a_second_receipt(stripe_sends, campaign):
    donation = pending_donation(campaign)
    completed = event(
        "checkout.session.completed", checkout_session(donation, payment_intent="pi_once")
    )

    stripe_sends(completed, completed)
    stripe_sends(
        event("checkout.session.completed", checkout_session(donation, payment_intent="pi_once"))
    )
    sent_again = send_receipt(donation.pk)

    assert len(mail.outbox) == 1
    assert sent_again is False


def test_the_email_checkout_collected_gets_the_receipt_when_the_form_had_none(
    stripe_sends, campaign
):
    donation = pending_donation(campaign, email="")

    stripe_sends(
        event(
            "checkout.session.completed",
            checkout_session(donation, email="from-checkout@example.org"),
        )
    )

    [receipt] = mail.outbox
    assert receipt.to == ["from-checkout@example.org"]


def test_a_donor_without_an_email_address_gets_no_receipt(stripe_sends, campaign):
    donation = pending_donation(campaign, email="")

    stripe_sends(event("checkout.session.completed", checkout_session(donation)))

    assert mail.outbox == []
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID


def test_a_mail_server_outage_loses_no_payment_and_the_receipt_can_be_sent_later(
    stripe_sends, campaign, settings
):
    settings.EMAIL_BACKEND = "donation_helpers.FailingEmailBackend"
    donation = pending_donation(campaign)

    stripe_sends(event("checkout.session.completed", checkout_session(donation)))
    donation.refresh_from_db()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent_later = send_receipt(donation.pk)

    assert donation.status == Donation.Status.PAID
    assert donation.receipt_sent_at is None
    assert sent_later is True
    assert len(mail.outbox) == 1


def test_every_monthly_payment_gets_a_receipt_with_a_link_to_stop_the_gift(stripe_sends, campaign):
    first, gift = start_monthly_gift(stripe_sends, campaign)

    stripe_sends(
        event(
            "invoice.paid",
            invoice(
                first,
                invoice_id="in_r2",
                subscription_id="sub_receipt",
                billing_reason="subscription_cycle",
            ),
        )
    )

    assert len(mail.outbox) == 2
    assert all("Thank you for your monthly donation" in receipt.subject for receipt in mail.outbox)
    assert {stop_link(receipt) for receipt in mail.outbox} == {
        f"http://127.0.0.1:8000/donate/monthly/{stop_monthly_token(gift)}/stop/"
    }


def test_a_monthly_donor_stops_the_gift_from_the_receipt_link(
    stripe_sends, client, campaign, fake_stripe
):
    _, gift = start_monthly_gift(stripe_sends, campaign)
    link = stop_link(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")

    page = client.get(link)
    stopped = client.post(link)
    again = client.post(link)

    gift.refresh_from_db()
    assert page.status_code == 200
    assert "You give <strong>€15.00</strong> a month" in page.content.decode()
    assert stopped.status_code == 200
    assert "Your monthly gift is stopped" in stopped.content.decode()
    assert again.status_code == 200
    assert "already stopped" in again.content.decode()
    assert fake_stripe.canceled_subscriptions == ["sub_receipt"]
    assert gift.status == RecurringGift.Status.CANCELED


def test_the_cancellation_webhook_that_follows_changes_nothing_more(
    stripe_sends, client, campaign, fake_stripe
):
    first, gift = start_monthly_gift(stripe_sends, campaign)
    client.post(f"/donate/monthly/{stop_monthly_token(gift)}/stop/")
    canceled_at = RecurringGift.objects.get().canceled_at

    stripe_sends(
        event("customer.subscription.deleted", subscription(first, subscription_id="sub_receipt"))
    )

    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELED
    assert gift.canceled_at == canceled_at


def test_stopping_while_stripe_is_down_says_so_and_keeps_the_gift(
    stripe_sends, client, campaign, fake_stripe
):
    _, gift = start_monthly_gift(stripe_sends, campaign)
    fake_stripe.fail_next(500)

    response = client.post(f"/donate/monthly/{stop_monthly_token(gift)}/stop/")

    gift.refresh_from_db()
    assert response.status_code == 503
    assert "We could not reach our payment provider" in response.content.decode()
    assert gift.status == RecurringGift.Status.ACTIVE


@pytest.mark.parametrize("token", ["nonsense", "1", "a" * 300, "eyJhIjoxfQ:forged:signature"])
def test_a_forged_or_mangled_stop_link_is_404(client, campaign, token):
    assert client.get(f"/donate/monthly/{token}/stop/").status_code == 404
    assert client.post(f"/donate/monthly/{token}/stop/").status_code == 404


def test_a_monthly_gift_that_never_started_has_nothing_to_stop(client, campaign, fake_stripe):
    first = pending_donation(campaign, monthly=True)

    response = client.post(f"/donate/monthly/{stop_monthly_token(first.recurring_gift)}/stop/")

    assert response.status_code == 400
    assert "has not started yet" in response.content.decode()
    assert fake_stripe.canceled_subscriptions == []


def test_cancelling_twice_through_the_action_calls_stripe_once(stripe_sends, campaign, fake_stripe):
    _, gift = start_monthly_gift(stripe_sends, campaign)

    actions.cancel_recurring_gift(gift=gift)
    gift.refresh_from_db()
    actions.cancel_recurring_gift(gift=gift)

    assert fake_stripe.canceled_subscriptions == ["sub_receipt"]
