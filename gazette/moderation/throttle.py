"""Hard limits on posting, shared by every path that creates a comment (form, htmx, API).

Past a limit the comment is refused with 429 and Retry-After, and nothing is stored. The counts
also feed the velocity phase (a surge on one article). When the cache behind the counters is
down, nothing is refused: the comment goes on, marked, and the velocity phase holds it.

The first refusal of each window carries its limit (`RateLimited.first_refusal`), which
`actions.screen_comment` writes to the audit log, once: the rest of a flood is refused without
writing to the database."""

from dataclasses import dataclass, field

from django.conf import settings

from gazette.core import ratelimits

from .errors import RateLimited

MINUTE = 60
DAY = 86_400


@dataclass(frozen=True)
class Limit:
    scope: str
    identity: str
    allowed: int
    window: int
    description: str  # the audit log's reason: "5 comments a minute per reader"
    data: dict = field(default_factory=dict)  # added to the audit event's data


def check_posting(*, author, ip_address: str | None, article, history) -> dict:
    """Count this attempt; raise RateLimited past a limit; return signals for the phases.

    Only requests are limited: a caller with no client address (the demo loader, an import)
    is the site itself, and is not counted."""
    if ip_address is None:
        return {}
    try:
        for limit in _limits(author, ip_address, history):
            attempts = ratelimits.count(limit.scope, limit.identity, window=limit.window)
            if attempts > limit.allowed:
                wait = ratelimits.retry_after_seconds(limit.window)
                raise RateLimited(
                    f"You are posting faster than this site allows ({limit.allowed} comments per "
                    f"{'minute' if limit.window == MINUTE else 'day for a new account'}). Your "
                    f"text is still in the form: please wait {wait} seconds and send it again.",
                    retry_after=wait,
                    first_refusal=limit if attempts == limit.allowed + 1 else None,
                )
        surge = ratelimits.count("comments:article", str(article.pk), window=MINUTE)
    except ratelimits.LimiterUnavailable:
        return {"limiter_unavailable": True}
    return {"article_comments_this_minute": surge}


def _limits(author, ip_address: str, history) -> list[Limit]:
    per_account = settings.MODERATION_POSTS_PER_MINUTE_PER_ACCOUNT
    per_address = settings.MODERATION_POSTS_PER_MINUTE_PER_ADDRESS
    bucket = ratelimits.address_bucket(ip_address)
    where = f"IPv6 /64 ({bucket})" if "/" in bucket else f"address ({bucket})"
    limits = [
        Limit(
            "comments:account",
            str(author.pk),
            per_account,
            MINUTE,
            f"{per_account} comments a minute per reader",
        ),
        Limit(
            "comments:address",
            bucket,
            per_address,
            MINUTE,
            f"{per_address} comments a minute per {where}",
            {"address_bucket": bucket},
        ),
    ]
    if history.account_age_days < 1:
        first_day = settings.MODERATION_POSTS_FIRST_DAY
        limits.append(
            Limit(
                "comments:first-day",
                str(author.pk),
                first_day,
                DAY,
                f"{first_day} comments on a new account's first day",
            )
        )
    return limits
