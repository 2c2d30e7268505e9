"""Money as integer minor units (cents) with a currency: parsing what readers type, formatting
for the page, and the card fee a donor may choose to cover.

Nothing here touches floating point: text becomes a Decimal, a Decimal becomes an int, and every
amount stored, compared or sent to Stripe is that int.
"""

import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language

# Stripe's zero-decimal currencies: their amounts are already in the smallest unit.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA"}
    | {"PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}
)
CURRENCY_CHOICES = [
    ("EUR", "Euro (EUR)"),
    ("USD", "US dollar (USD)"),
    ("GBP", "Pound sterling (GBP)"),
    ("CHF", "Swiss franc (CHF)"),
    ("SEK", "Swedish krona (SEK)"),
    ("NOK", "Norwegian krone (NOK)"),
    ("DKK", "Danish krone (DKK)"),
    ("PLN", "Polish złoty (PLN)"),
    ("CZK", "Czech koruna (CZK)"),
    ("CAD", "Canadian dollar (CAD)"),
    ("AUD", "Australian dollar (AUD)"),
    ("JPY", "Japanese yen (JPY)"),
]
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "PLN": "zł"}
NBSP = "\u00a0"

# ASCII digits only (Decimal would accept Arabic-Indic or full-width digits), one optional
# decimal separator, at most two decimals, and no exponent, sign, NaN or Infinity.
_AMOUNT = re.compile(r"\A(?P<units>[0-9]{1,12})(?:[.,](?P<cents>[0-9]{1,2}))?\Z")


class InvalidAmount(ValueError):
    """The text is not an amount of money; the message says what to type instead."""


def exponent(currency: str) -> int:
    return 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2


def require_minor_units(value: object) -> int:
    """The value itself when it is an int amount of minor units; TypeError for anything else."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Money is an int of minor units, not {type(value).__name__}.")
    return value


def to_minor(value: Decimal, currency: str) -> int:
    """An exact Decimal amount in the main unit as minor units; InvalidAmount if it has more
    decimals than the currency has."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidAmount("Enter an amount as a number, like 25 or 25.50.")
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        if exponent(currency) == 0:
            raise InvalidAmount(f"Amounts in {currency} have no decimals.")
        raise InvalidAmount("Use at most two decimals, like 25.50.")
    return int(scaled)


def to_major(minor: int, currency: str) -> Decimal:
    return Decimal(require_minor_units(minor)).scaleb(-exponent(currency))


def parse_amount(text: object, currency: str) -> int:
    """What a reader typed (e.g. "25", "25.50", "25,50", "€25") as minor units.

    Raises InvalidAmount for anything else: empty, negative, zero, exponents ("1e2"), "NaN",
    grouping separators ("1,000.00"), more decimals than the currency has.
    """
    if not isinstance(text, str):
        raise InvalidAmount("Enter an amount as a number, like 25 or 25.50.")
    cleaned = text.strip().replace(NBSP, "").replace(" ", "")
    for mark in (SYMBOLS.get(currency, ""), currency):
        if mark and cleaned.upper().startswith(mark.upper()):
            cleaned = cleaned[len(mark) :]
        elif mark and cleaned.upper().endswith(mark.upper()):
            cleaned = cleaned[: -len(mark)]
    match = _AMOUNT.match(cleaned)
    if not cleaned:
        raise InvalidAmount("Enter an amount.")
    if match is None:
        raise InvalidAmount("Enter an amount as a number, like 25 or 25.50.")
    if match["cents"] is not None and exponent(currency) == 0:
        raise InvalidAmount(f"Amounts in {currency} have no decimals.")
    value = Decimal(match["units"] + "." + (match["cents"] or "0"))
    minor = to_minor(value, currency)
    if minor <= 0:
        raise InvalidAmount("Enter an amount greater than zero.")
    return minor


def setting_amount(name: str, currency: str) -> int:
    """A DONATIONS_* amount setting (text in the main unit, e.g. "2") as minor units."""
    raw = str(getattr(settings, name))
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidAmount(f"{name}={raw!r} is not a number.") from None
    return to_minor(value, currency)


def fee_percent() -> Decimal:
    return Decimal(str(settings.DONATIONS_FEE_PERCENT))


def fee_to_cover(amount: int, currency: str) -> int:
    """What to add to a gift so that, after the card fee on the total, the newsroom receives the
    whole gift: total = (gift + fixed) / (1 - percent), rounded up to the minor unit."""
    require_minor_units(amount)
    fixed = settings.DONATIONS_FEE_FIXED_MINOR if exponent(currency) else 0
    rate = fee_percent() / 100
    total = ((Decimal(amount) + fixed) / (1 - rate)).to_integral_value(rounding=ROUND_CEILING)
    return int(total) - amount


def format_money(minor: int, currency: str, *, always_decimals: bool = False) -> str:
    """The amount in the active language's number format: "€4,700" or "€12.50" in English,
    "4.700 €" in German. Whole amounts drop ".00" unless always_decimals (receipts)."""
    value = to_major(minor, currency)
    places = exponent(currency)
    if not always_decimals and value == value.to_integral_value():
        places = 0
    number = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency)
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    if symbol is None:
        return f"{currency}{NBSP}{number}"
    if language.startswith("en") or currency in {"USD", "GBP"}:
        return f"{symbol}{number}"
    return f"{number}{NBSP}{symbol}"


def percent_of(part: int, whole: int) -> int:
    """Whole percent, rounded down, for display; 0 when there is no goal."""
    if whole <= 0:
        return 0
    return require_minor_units(part) * 100 // whole
