"""Money is integer minor units from the reader's keyboard to Stripe and back: no float anywhere."""

import ast
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import override
from donation_helpers import checkout_session, donate_form, donate_url, event, pending_donation

import gazette.donations
from gazette.donations import actions, money
from gazette.donations.models import Donation

DONATIONS_PACKAGE = Path(gazette.donations.__file__).parent


@pytest.mark.parametrize(
    ("typed", "currency", "minor"),
    [
        ("25", "EUR", 2500),
        ("25.5", "EUR", 2550),
        ("25,50", "EUR", 2550),
        (" 25.05 ", "EUR", 2505),
        ("€25", "EUR", 2500),
        ("25 €", "EUR", 2500),
        ("25 EUR", "EUR", 2500),
        ("0.01", "EUR", 1),
        ("1 000", "EUR", 100000),
        ("999999999999", "EUR", 99999999999900),
        ("500", "JPY", 500),
    ],
)
def test_typed_amounts_become_exact_minor_units(typed, currency, minor):
    parsed = money.parse_amount(typed, currency)

    assert parsed == minor
    assert type(parsed) is int


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "0",
        "0.00",
        "-1",
        "+5",
        "1e2",
        "1E2",
        "NaN",
        "nan",
        "sNaN",
        "Infinity",
        "-inf",
        "1,000.00",
        "12.345",
        "0x10",
        "1_000",
        "١٢",
        "１２",
        "²",
        "25..5",
        ".5",
        "5.",
        None,
        25,
        25.0,
        Decimal("25"),
    ],
)
def test_anything_else_is_refused(typed):
    with pytest.raises(money.InvalidAmount):
        money.parse_amount(typed, "EUR")


def test_zero_decimal_currencies_take_no_decimals():
    with pytest.raises(money.InvalidAmount, match="Amounts in JPY have no decimals."):
        money.parse_amount("5.5", "JPY")


def test_amounts_are_shown_in_the_campaign_currency_and_the_sites_language():
    assert money.format_money(470000, "EUR") == "€4,700"
    assert money.format_money(1250, "EUR") == "€12.50"
    assert money.format_money(470000, "EUR", always_decimals=True) == "€4,700.00"
    assert money.format_money(99, "GBP") == "£0.99"
    assert money.format_money(5000, "JPY") == "¥5,000"
    assert money.format_money(2500, "CHF") == "CHF\u00a025"
    with override("de"):
        assert money.format_money(470050, "EUR") == "4.700,50\u00a0€"
    with override("fr"):
        assert money.format_money(470000, "EUR") == "4\u00a0700\u00a0€"


@pytest.mark.parametrize("gift", [200, 1000, 2500, 5000, 10000, 123457, 1000000])
def test_the_fee_cover_leaves_the_whole_gift_after_the_card_fee(gift):
    fee = money.fee_to_cover(gift, "EUR")
    total = gift + fee
    card_fee = (Decimal(total) * Decimal("0.015") + 25).to_integral_value(rounding="ROUND_HALF_UP")

    assert type(fee) is int
    assert total - card_fee >= gift
    assert total - card_fee - gift <= 1


@pytest.mark.parametrize("value", [25.0, Decimal("25"), "25", True, None])
def test_money_functions_refuse_anything_but_int(value):
    with pytest.raises(TypeError):
        money.require_minor_units(value)
    with pytest.raises(TypeError):
        money.fee_to_cover(value, "EUR")


@pytest.mark.parametrize("amount", [25.0, Decimal("2500"), "2500"])
def test_donation_actions_refuse_float_and_decimal_amounts(campaign, amount):
    with pytest.raises(TypeError):
        actions.check_amount(amount=amount, campaign=campaign)
    with pytest.raises(TypeError):
        actions.create_pending_donation(
            campaign=campaign,
            amount=amount,
            fee_amount=0,
            frequency="one_off",
            attempt=uuid.uuid4(),
        )


def python_files():
    return sorted(
        path for path in DONATIONS_PACKAGE.rglob("*.py") if "migrations" not in path.parts
    )


@pytest.mark.parametrize(
    "path", python_files(), ids=lambda path: str(path.relative_to(DONATIONS_PACKAGE))
)
def test_no_float_appears_in_the_donations_code(path):
    tree = ast.parse(path.read_text())
    floats = [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if (isinstance(node, ast.Constant) and isinstance(node.value, float))
        or (isinstance(node, ast.Name) and node.id == "float")
        or (isinstance(node, ast.Attribute) and node.attr in {"FloatField", "fsum"})
        or (isinstance(node, ast.alias) and node.name == "math")
    ]
    assert floats == []


def test_every_money_column_is_an_integer_column():
    amounts = ["amount", "fee_amount", "amount_refunded", "counted_amount"]
    columns = {
        field.name: field.get_internal_type()
        for field in Donation._meta.get_fields()
        if hasattr(field, "get_internal_type")
    }

    assert {name: columns[name] for name in amounts} == dict.fromkeys(
        amounts, "PositiveBigIntegerField"
    )


@pytest.mark.usefixtures("stripe_webhooks")
def test_a_gift_stays_integer_from_form_to_stripe_to_total(
    client, campaign, fake_stripe, stripe_sends
):
    client.post(
        donate_url(campaign),
        donate_form(campaign, amount="other", custom_amount="33.30", cover_fees="on"),
    )
    [request] = fake_stripe.session_requests()
    donation = Donation.objects.get()
    stripe_sends(event("checkout.session.completed", checkout_session(donation)))

    stored = Donation.objects.values_list(
        "amount", "fee_amount", "amount_refunded", "counted_amount"
    ).get()
    progress = client.get(f"/donate/{campaign.slug}/progress.json").json()

    assert request.form["line_items[0][price_data][unit_amount]"].isdigit()
    assert int(request.form["line_items[0][price_data][unit_amount]"]) == 3330 + donation.fee_amount
    assert all(type(value) is int for value in stored)
    assert stored[0] == stored[3] == 3330
    assert all(
        type(progress[key]) is int for key in ("raised", "goal", "donors", "percent", "bar_value")
    )


def test_a_pending_donation_built_from_the_test_helpers_is_integer_too(campaign):
    donation = pending_donation(campaign, amount=2500)

    assert type(Donation.objects.values_list("amount", flat=True).get(pk=donation.pk)) is int
