"""What each Stripe event does to donations and the campaign total, in any order and however
often it arrives (cases 33, 34 and 35)."""

import itertools
import random
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from donation_helpers import (
    charge,
    checkout_session,
    dispute,
    event,
    invoice,
    invoice_payment,
    metadata_of,
    payment_intent,
    pending_donation,
    post_event,
    progress_of,
    subscription,
    unique,
)

from gazette.donations.models import (
    Campaign,
    Donation,
    PendingPaymentFact,
    RecurringGift,
    StripeEvent,
)

pytestmark = pytest.mark.usefixtures("stripe_webhooks")


def state_of(donation: Donation) -> tuple:
    donation.refresh_from_db()
    return (
        donation.status,
        donation.is_paid,
        donation.is_failed,
        donation.is_disputed,
        donation.amount_refunded,
        donation.counted_amount,
        donation.paid_at,
        donation.stripe_payment_intent_id,
        donation.stripe_charge_id,
        donation.receipt_sent_at is not None,
    )


# One-off gifts


def test_a_completed_paid_checkout_counts_the_gift_and_moves_the_bar(
    stripe_sends, client, campaign
):
    donation = pending_donation(campaign, amount=2500)
    before = progress_of(client, campaign)

    response = stripe_sends(
        event("checkout.session.completed", checkout_session(donation, payment_intent="pi_1"))
    )

    after = progress_of(client, campaign)
    donation.refresh_from_db()
    assert response.json() == {"received": True, "outcome": "processed"}
    assert (before["raised"], after["raised"]) == (0, 2500)
    assert after["donors"] == 1
    assert (donation.status, donation.counted_amount) == (Donation.Status.PAID, 2500)
    assert donation.stripe_payment_intent_id == "pi_1"
    assert donation.paid_at is not None


def test_a_completed_but_unpaid_checkout_waits_for_its_bank_debit(stripe_sends, client, campaign):
    succeeded, failed = pending_donation(campaign), pending_donation(campaign)
    stripe_sends(
        event("checkout.session.completed", checkout_session(succeeded, payment_status="unpaid")),
        event("checkout.session.completed", checkout_session(failed, payment_status="unpaid")),
    )
    waiting = progress_of(client, campaign)["raised"]

    stripe_sends(
        event("checkout.session.async_payment_succeeded", checkout_session(succeeded)),
        event(
            "checkout.session.async_payment_failed",
            checkout_session(failed, payment_status="unpaid"),
        ),
    )

    succeeded.refresh_from_db()
    failed.refresh_from_db()
    assert waiting == 0
    assert succeeded.status == Donation.Status.PAID
    assert failed.status == Donation.Status.FAILED
    assert progress_of(client, campaign)["raised"] == 2500


def test_the_covered_fee_does_not_count_toward_the_campaign(stripe_sends, client, campaign):
    donation = pending_donation(campaign, amount=5000, fee_amount=102)

    stripe_sends(event("checkout.session.completed", checkout_session(donation)))

    assert progress_of(client, campaign)["raised"] == 5000


def test_a_full_refund_takes_the_gift_out_of_the_total(stripe_sends, client, campaign):
    donation = pending_donation(campaign, amount=5000, fee_amount=102)
    stripe_sends(
        event("checkout.session.completed", checkout_session(donation, payment_intent="pi_r"))
    )

    stripe_sends(
        event(
            "charge.refunded",
            charge(
                charge_id="ch_r",
                payment_intent_id="pi_r",
                amount=5102,
                refunded=5102,
                metadata=metadata_of(donation),
            ),
        )
    )

    donation.refresh_from_db()
    assert donation.status == Donation.Status.REFUNDED
    assert donation.counted_amount == 0
    assert progress_of(client, campaign)["raised"] == 0


def test_partial_refunds_lower_the_total_by_what_was_refunded(stripe_sends, client, campaign):
    donation = pending_donation(campaign, amount=10000)
    other = pending_donation(campaign, amount=2500)
    stripe_sends(
        event("checkout.session.completed", checkout_session(donation, payment_intent="pi_p")),
        event("checkout.session.completed", checkout_session(other)),
    )
    first_refund = charge(charge_id="ch_p", payment_intent_id="pi_p", amount=10000, refunded=3000)

    stripe_sends(event("charge.refunded", first_refund))
    after_first = progress_of(client, campaign)["raised"]
    stripe_sends(event("charge.refunded", {**first_refund, "amount_refunded": 4500}))

    donation.refresh_from_db()
    assert after_first == 7000 + 2500
    assert progress_of(client, campaign)["raised"] == 5500 + 2500
    assert (donation.status, donation.amount_refunded, donation.counted_amount) == (
        "paid",
        4500,
        5500,
    )


def test_a_dispute_takes_the_gift_out_of_the_total(stripe_sends, client, campaign):
    donation = pending_donation(campaign, amount=2500)
    stripe_sends(
        event("checkout.session.completed", checkout_session(donation, payment_intent="pi_d"))
    )

    stripe_sends(
        event(
            "charge.dispute.created",
            dispute(charge_id="ch_d", payment_intent_id="pi_d", amount=2500),
        )
    )

    donation.refresh_from_db()
    assert donation.status == Donation.Status.DISPUTED
    assert progress_of(client, campaign)["raised"] == 0


def test_a_late_failure_never_undoes_a_payment(stripe_sends, client, campaign):
    donation = pending_donation(campaign)
    stripe_sends(
        event(
            "payment_intent.succeeded",
            payment_intent(donation, payment_intent_id="pi_f", charge_id="ch_f"),
        ),
    )

    stripe_sends(
        event(
            "payment_intent.payment_failed",
            payment_intent(
                donation,
                payment_intent_id="pi_f",
                charge_id="ch_f",
                status="requires_payment_method",
            ),
        )
    )

    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert donation.counted_amount == 2500


# Case 33: the same event twice, and twice at once.


def test_the_same_event_twice_has_its_effect_once(stripe_sends, client, campaign):
    donation = pending_donation(campaign)
    payload = event("checkout.session.completed", checkout_session(donation))

    first = stripe_sends(payload, expect=None)
    second = stripe_sends(payload, expect=None)

    assert first.status_code == second.status_code == 200
    assert second.json()["outcome"] == "duplicate"
    assert StripeEvent.objects.count() == 1
    assert len(mail.outbox) == 1
    assert progress_of(client, campaign)["raised"] == 2500


def test_a_replayed_refund_with_a_new_event_id_changes_nothing_more(stripe_sends, client, campaign):
    donation = pending_donation(campaign, amount=5000)
    refund = charge(charge_id="ch_x", payment_intent_id="pi_x", amount=5000, refunded=2000)
    stripe_sends(
        event("checkout.session.completed", checkout_session(donation, payment_intent="pi_x"))
    )

    stripe_sends(event("charge.refunded", refund), event("charge.refunded", refund))

    donation.refresh_from_db()
    assert donation.counted_amount == 3000


# The test database on SQLite is in memory with a shared cache, where a second writer gets
# "database table is locked" at once instead of waiting (the file database in production waits
# up to 20 s). Concurrent writers can only be tested on PostgreSQL.
needs_concurrent_writers = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database cannot take concurrent writers",
)


@needs_concurrent_writers
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_event_delivered_twice_at_once_has_its_effect_once(stripe_webhooks):
    campaign = Campaign.objects.create(title="At once", slug="at-once", goal_amount=100000)
    donation = pending_donation(campaign)
    payload = event("checkout.session.completed", checkout_session(donation))
    barrier = threading.Barrier(2)
    responses = []

    def deliver_once():
        client = Client()
        barrier.wait()
        responses.append(post_event(client, payload))
        connection.close()

    threads = [threading.Thread(target=deliver_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    outcomes = sorted(response.json()["outcome"] for response in responses)
    donation.refresh_from_db()
    assert [response.status_code for response in responses] == [200, 200]
    assert outcomes == ["duplicate", "processed"]
    assert StripeEvent.objects.count() == 1
    assert len(mail.outbox) == 1
    assert donation.counted_amount == 2500


@needs_concurrent_writers
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_different_events_for_one_payment_at_once_leave_it_consistent(stripe_webhooks):
    campaign = Campaign.objects.create(title="At once", slug="at-once", goal_amount=100000)
    donation = pending_donation(campaign, amount=4000)
    payloads = [
        event("checkout.session.completed", checkout_session(donation, payment_intent="pi_c")),
        event(
            "charge.refunded",
            charge(charge_id="ch_c", payment_intent_id="pi_c", amount=4000, refunded=1000),
        ),
        event(
            "payment_intent.succeeded",
            payment_intent(donation, payment_intent_id="pi_c", charge_id="ch_c"),
        ),
    ]
    barrier = threading.Barrier(len(payloads))
    statuses = []

    def deliver_one(payload):
        client = Client()
        barrier.wait()
        statuses.append(post_event(client, payload).status_code)
        connection.close()

    threads = [threading.Thread(target=deliver_one, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    donation.refresh_from_db()
    assert statuses == [200, 200, 200]
    assert (donation.status, donation.amount_refunded, donation.counted_amount) == (
        "paid",
        1000,
        3000,
    )
    assert not PendingPaymentFact.objects.exists()


# Case 34: every ordering of one donation's events gives the same final state.


def one_off_events(donation: Donation, *, with_dispute: bool) -> list[dict]:
    pi, ch = unique("pi"), unique("ch")
    events = [
        event(
            "checkout.session.completed",
            checkout_session(donation, payment_intent=pi),
            created=1_780_000_100,
        ),
        event(
            "payment_intent.succeeded",
            payment_intent(donation, payment_intent_id=pi, charge_id=ch),
            created=1_780_000_090,
        ),
        event(
            "charge.refunded",
            charge(
                charge_id=ch,
                payment_intent_id=pi,
                amount=donation.charged_amount,
                refunded=1000,
                metadata=metadata_of(donation),
            ),
            created=1_780_000_500,
        ),
        event(
            "payment_intent.payment_failed",
            payment_intent(
                donation, payment_intent_id=pi, charge_id=ch, status="requires_payment_method"
            ),
            created=1_780_000_050,
        ),
    ]
    if with_dispute:
        events[0] = event(
            "charge.dispute.created",
            dispute(charge_id=ch, payment_intent_id=pi, amount=donation.charged_amount),
            created=1_780_000_900,
        )
    return events


def normalised(state: tuple) -> tuple:
    """The state without the ids that differ from one donation to the next."""
    return state[:7] + (bool(state[7]), bool(state[8]), state[9])


@pytest.mark.parametrize("with_dispute", [False, True], ids=["refund", "refund and dispute"])
def test_every_ordering_of_one_payments_events_gives_the_same_final_state(
    stripe_sends, client, campaign, with_dispute
):
    finals = set()
    for order in itertools.permutations(range(4)):
        donation = pending_donation(campaign, amount=4000)
        events = one_off_events(donation, with_dispute=with_dispute)
        stripe_sends(*(events[index] for index in order))
        finals.add(normalised(state_of(donation)))

    [final] = finals
    status, is_paid, is_failed, is_disputed, refunded, counted = final[:6]
    if with_dispute:
        assert (status, is_paid, is_disputed, counted) == ("disputed", True, True, 0)
    else:
        assert (status, is_paid, is_failed, refunded, counted) == ("paid", True, True, 1000, 3000)
    assert final[6] is not None
    assert not PendingPaymentFact.objects.exists()
    assert progress_of(client, campaign)["raised"] == (0 if with_dispute else 24 * 3000)


def test_a_refund_arriving_before_its_payment_is_applied_when_the_payment_arrives(
    stripe_sends, client, campaign
):
    donation = pending_donation(campaign, amount=3000)
    refund = charge(charge_id="ch_early", payment_intent_id="pi_early", amount=3000, refunded=3000)

    deferred = stripe_sends(event("charge.refunded", refund), expect=None)
    waiting = PendingPaymentFact.objects.count()
    stripe_sends(
        event("checkout.session.completed", checkout_session(donation, payment_intent="pi_early"))
    )

    donation.refresh_from_db()
    assert deferred.json()["outcome"] == "deferred"
    assert waiting == 1
    assert donation.status == Donation.Status.REFUNDED
    assert progress_of(client, campaign)["raised"] == 0
    assert not PendingPaymentFact.objects.exists()


# Monthly gifts


def monthly_setup(campaign, amount=1000):
    donation = pending_donation(campaign, amount=amount, monthly=True)
    return donation, unique("sub")


def test_each_paid_monthly_invoice_adds_to_the_total(stripe_sends, client, campaign):
    first, sub = monthly_setup(campaign)
    stripe_sends(
        event(
            "checkout.session.completed", checkout_session(first, subscription=sub, invoice="in_1")
        ),
        event(
            "invoice.paid",
            invoice(
                first, invoice_id="in_1", subscription_id=sub, billing_reason="subscription_create"
            ),
        ),
    )
    after_first_month = progress_of(client, campaign)["raised"]

    stripe_sends(
        event(
            "invoice.paid",
            invoice(
                first, invoice_id="in_2", subscription_id=sub, billing_reason="subscription_cycle"
            ),
        ),
        event(
            "invoice.paid",
            invoice(
                first, invoice_id="in_3", subscription_id=sub, billing_reason="subscription_cycle"
            ),
        ),
    )

    gift = RecurringGift.objects.get()
    payments = Donation.objects.filter(recurring_gift=gift).order_by("pk")
    assert after_first_month == 1000
    assert progress_of(client, campaign)["raised"] == 3000
    assert progress_of(client, campaign)["donors"] == 1
    assert [(p.stripe_invoice_id, p.status, p.is_renewal) for p in payments] == [
        ("in_1", "paid", False),
        ("in_2", "paid", True),
        ("in_3", "paid", True),
    ]
    assert (gift.status, gift.stripe_subscription_id) == ("active", sub)
    assert len(mail.outbox) == 3


def test_a_renewal_whose_amount_changed_at_stripe_counts_what_was_charged(
    stripe_sends, client, campaign
):
    first, sub = monthly_setup(campaign, amount=1000)
    stripe_sends(
        event(
            "checkout.session.completed", checkout_session(first, subscription=sub, invoice="in_a")
        )
    )

    stripe_sends(
        event(
            "invoice.paid",
            invoice(
                first,
                invoice_id="in_b",
                subscription_id=sub,
                billing_reason="subscription_cycle",
                amount=1500,
            ),
        )
    )

    assert progress_of(client, campaign)["raised"] == 2500


def test_a_failed_monthly_payment_counts_nothing_until_its_retry_succeeds(
    stripe_sends, client, campaign
):
    first, sub = monthly_setup(campaign)
    stripe_sends(
        event(
            "checkout.session.completed", checkout_session(first, subscription=sub, invoice="in_1")
        )
    )

    stripe_sends(
        event(
            "invoice.payment_failed",
            invoice(
                first,
                invoice_id="in_2",
                subscription_id=sub,
                billing_reason="subscription_cycle",
                status="open",
            ),
        )
    )
    after_failure = progress_of(client, campaign)["raised"]
    stripe_sends(
        event(
            "invoice.paid",
            invoice(
                first, invoice_id="in_2", subscription_id=sub, billing_reason="subscription_cycle"
            ),
        )
    )

    renewal = Donation.objects.get(stripe_invoice_id="in_2")
    assert after_failure == 1000
    assert renewal.status == Donation.Status.PAID
    assert progress_of(client, campaign)["raised"] == 2000


def test_stripe_ending_a_subscription_cancels_the_monthly_gift(stripe_sends, client, campaign):
    first, sub = monthly_setup(campaign)
    stripe_sends(
        event(
            "checkout.session.completed", checkout_session(first, subscription=sub, invoice="in_1")
        )
    )

    stripe_sends(event("customer.subscription.deleted", subscription(first, subscription_id=sub)))

    gift = RecurringGift.objects.get()
    assert gift.status == RecurringGift.Status.CANCELED
    assert gift.canceled_at is not None
    assert progress_of(client, campaign)["raised"] == 1000


def test_a_refund_of_a_monthly_payment_finds_it_through_its_invoice_payment(
    stripe_sends, client, campaign
):
    first, sub = monthly_setup(campaign)
    stripe_sends(
        event(
            "checkout.session.completed", checkout_session(first, subscription=sub, invoice="in_1")
        ),
        event(
            "invoice.paid",
            invoice(
                first, invoice_id="in_2", subscription_id=sub, billing_reason="subscription_cycle"
            ),
        ),
        event(
            "invoice_payment.paid",
            invoice_payment(invoice_id="in_2", payment_intent_id="pi_m2", charge_id="ch_m2"),
        ),
    )

    stripe_sends(
        event(
            "charge.refunded",
            charge(charge_id="ch_m2", payment_intent_id="pi_m2", amount=1000, refunded=1000),
        )
    )

    assert Donation.objects.get(stripe_invoice_id="in_2").status == Donation.Status.REFUNDED
    assert progress_of(client, campaign)["raised"] == 1000


def test_orderings_of_a_monthly_gifts_events_give_the_same_final_state(
    stripe_sends, client, campaign
):
    rng = random.Random(34)
    orders = [tuple(range(7)), tuple(reversed(range(7)))]
    orders += [tuple(rng.sample(range(7), 7)) for _ in range(18)]
    finals = set()
    for order in orders:
        first, sub = monthly_setup(campaign, amount=2000)
        in1, in2, pi2, ch2 = unique("in"), unique("in"), unique("pi"), unique("ch")
        events = [
            event(
                "checkout.session.completed", checkout_session(first, subscription=sub, invoice=in1)
            ),
            event(
                "invoice.paid",
                invoice(
                    first, invoice_id=in1, subscription_id=sub, billing_reason="subscription_create"
                ),
            ),
            event(
                "invoice.paid",
                invoice(
                    first, invoice_id=in2, subscription_id=sub, billing_reason="subscription_cycle"
                ),
            ),
            event(
                "invoice_payment.paid",
                invoice_payment(invoice_id=in2, payment_intent_id=pi2, charge_id=ch2),
            ),
            event(
                "charge.refunded",
                charge(charge_id=ch2, payment_intent_id=pi2, amount=2000, refunded=500),
            ),
            event(
                "charge.dispute.created",
                dispute(
                    charge_id=unique("ch_unrelated"),
                    payment_intent_id=unique("pi_unrelated"),
                    amount=99,
                ),
            ),
            event("customer.subscription.deleted", subscription(first, subscription_id=sub)),
        ]
        stripe_sends(*(events[index] for index in order))
        gift = RecurringGift.objects.get(pk=first.recurring_gift_id)
        payments = gift.donations.order_by("is_renewal")
        finals.add(
            (
                gift.status,
                tuple(
                    (p.status, p.is_renewal, p.amount_refunded, p.counted_amount) for p in payments
                ),
            )
        )

    [final] = finals
    assert final == ("canceled", (("paid", False, 0, 2000), ("paid", True, 500, 1500)))


# Case 35: unknown events, the wrong mode, another account, payloads without our fields.


def test_unknown_event_types_are_acknowledged_and_ignored(stripe_sends, client, campaign):
    donation = pending_donation(campaign)

    response = stripe_sends(
        event(
            "customer.created",
            {"id": "cus_1", "object": "customer", "metadata": metadata_of(donation)},
        ),
        expect=None,
    )

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert StripeEvent.objects.get().outcome == "ignored"
    assert state_of(donation)[0] == "pending"


def test_a_test_mode_event_on_a_live_site_is_refused(stripe_sends, client, campaign, settings):
    settings.STRIPE_LIVEMODE = True
    donation = pending_donation(campaign)

    response = stripe_sends(
        event("checkout.session.completed", checkout_session(donation), livemode=False), expect=None
    )

    assert response.status_code == 400
    assert "live-mode events only" in response.json()["error"]
    assert not StripeEvent.objects.exists()
    assert state_of(donation)[0] == "pending"


def test_a_live_event_on_a_test_site_is_refused(stripe_sends, client, campaign):
    donation = pending_donation(campaign)

    response = stripe_sends(
        event("checkout.session.completed", checkout_session(donation), livemode=True), expect=None
    )

    assert response.status_code == 400
    assert state_of(donation)[0] == "pending"


def test_an_event_for_another_stripe_account_changes_nothing(
    stripe_sends, client, campaign, settings
):
    settings.STRIPE_ACCOUNT_ID = "acct_ours"
    donation = pending_donation(campaign)

    response = stripe_sends(
        event(
            "checkout.session.completed", checkout_session(donation), account="acct_someone_else"
        ),
        expect=None,
    )

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert state_of(donation)[0] == "pending"


@pytest.mark.parametrize(
    "broken",
    [
        lambda obj: {},
        lambda obj: {**obj, "metadata": {"donation_id": "abc"}, "client_reference_id": None},
        lambda obj: {
            **obj,
            "metadata": {"donation_id": "999999999"},
            "client_reference_id": "999999999",
        },
        lambda obj: {**obj, "metadata": {"donation_id": "١٢"}, "client_reference_id": None},
        lambda obj: {**obj, "metadata": None, "client_reference_id": ["1"]},
        lambda obj: {**obj, "payment_intent": {"id": 12}},
        lambda obj: {**obj, "payment_intent": "pi_" + "x" * 300},
        lambda obj: {**obj, "currency": "usd"},
        lambda obj: [obj],
        lambda obj: "a string",
        lambda obj: None,
    ],
    ids=[
        "empty",
        "bad id",
        "unknown id",
        "arabic digits",
        "list reference",
        "id not a string",
        "id too long",
        "wrong currency",
        "list",
        "string",
        "null",
    ],
)
def test_payloads_without_the_fields_we_read_are_acknowledged_and_change_nothing(
    stripe_sends, client, campaign, broken
):
    donation = pending_donation(campaign)

    response = stripe_sends(
        event("checkout.session.completed", broken(checkout_session(donation))), expect=None
    )

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert state_of(donation)[0] == "pending"


@pytest.mark.parametrize(
    ("event_type", "obj"),
    [
        ("charge.refunded", {"id": "ch_1", "object": "charge", "amount_refunded": "100"}),
        ("charge.refunded", {"id": "ch_1", "object": "charge", "amount_refunded": -5}),
        ("charge.refunded", {"id": "ch_1", "object": "charge", "amount_refunded": 1e3}),
        ("charge.refunded", {"id": "ch_1", "object": "charge", "amount_refunded": True}),
        ("charge.dispute.created", {"id": "du_1", "object": "dispute"}),
        ("invoice.paid", {"id": "in_1", "object": "invoice"}),
        ("invoice.paid", {"object": "invoice", "parent": "not an object"}),
        (
            "invoice_payment.paid",
            {"id": "inpay_1", "object": "invoice_payment", "invoice": "in_1", "payment": {}},
        ),
        ("customer.subscription.deleted", {"id": "sub_unknown", "object": "subscription"}),
        ("payment_intent.succeeded", {"id": "pi_1", "object": "payment_intent", "metadata": {}}),
    ],
)
def test_other_malformed_payloads_are_ignored_without_a_500(
    stripe_sends, client, campaign, event_type, obj
):
    response = stripe_sends(event(event_type, obj), expect=None)

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert not Donation.objects.exists()


def test_a_refund_of_a_charge_gazette_never_made_waits_harmlessly(stripe_sends, client, campaign):
    other = pending_donation(campaign)
    stripe_sends(event("checkout.session.completed", checkout_session(other)))

    response = stripe_sends(
        event(
            "charge.refunded",
            charge(
                charge_id="ch_elsewhere",
                payment_intent_id="pi_elsewhere",
                amount=9900,
                refunded=9900,
            ),
        ),
        expect=None,
    )

    assert response.json()["outcome"] == "deferred"
    assert progress_of(client, campaign)["raised"] == 2500
