"""What the posting form says about the poster: a filled honeypot, a form sent faster than a
person types, a form kept for days. Held quietly: the poster is not told why (no oracle)."""

from django.conf import settings

from ..pipeline import Category, Draft, Reason


def check(draft: Draft) -> list[Reason]:
    signals = draft.signals
    reasons = []
    if signals.get("honeypot"):
        reasons.append(
            Reason(
                "spam.honeypot",
                Category.SPAM,
                2,
                1.0,
                "A field hidden from people was filled in, as bots do.",
            )
        )
    age = signals.get("form_age_seconds")
    if age is not None and age < settings.MODERATION_MIN_FORM_SECONDS:
        reasons.append(
            Reason(
                "spam.too_fast",
                Category.SPAM,
                1,
                1.0,
                f"Sent {max(age, 0):.1f} s after the form was shown "
                f"(people take at least {settings.MODERATION_MIN_FORM_SECONDS} s).",
            )
        )
    if signals.get("form_expired"):
        reasons.append(
            Reason(
                "spam.stale_form",
                Category.SPAM,
                1,
                1.0,
                "The form's timestamp was missing, forged or older than a day.",
            )
        )
    return reasons
