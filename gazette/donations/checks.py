"""System checks for the donation settings, so a typo fails at start-up, not at a donor."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.checks import Error, Warning, register


def _decimal(name: str) -> Decimal | None:
    try:
        value = Decimal(str(getattr(settings, name)))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@register()
def check_donation_settings(app_configs, **kwargs):
    problems = []
    amounts = {}
    for name in ("DONATIONS_MIN_AMOUNT", "DONATIONS_MAX_AMOUNT", "DONATIONS_FEE_PERCENT"):
        value = _decimal(name)
        if value is None or value < 0:
            problems.append(Error(f"{name} must be a non-negative number.", id="donations.E001"))
        amounts[name] = value
    minimum, maximum = amounts["DONATIONS_MIN_AMOUNT"], amounts["DONATIONS_MAX_AMOUNT"]
    if minimum is not None and maximum is not None and not 0 < minimum <= maximum:
        problems.append(
            Error(
                "DONATIONS_MIN_AMOUNT must be above 0 and at most DONATIONS_MAX_AMOUNT.",
                id="donations.E002",
            )
        )
    fee = amounts["DONATIONS_FEE_PERCENT"]
    if fee is not None and fee >= 50:
        problems.append(Error("DONATIONS_FEE_PERCENT must be below 50.", id="donations.E003"))
    key = settings.STRIPE_SECRET_KEY
    if key and not key.startswith(("sk_", "rk_")):
        problems.append(
            Error(
                "STRIPE_SECRET_KEY must be a secret (sk_) or restricted (rk_) key, never the "
                "publishable one.",
                id="donations.E004",
            )
        )
    if key and not settings.STRIPE_WEBHOOK_SECRET:
        problems.append(
            Warning(
                "STRIPE_SECRET_KEY is set without STRIPE_WEBHOOK_SECRET: readers can pay, but "
                "no payment will ever be confirmed or counted.",
                id="donations.W001",
            )
        )
    return problems
