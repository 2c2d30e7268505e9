"""Hard limits on posting, shared by every path that creates a comment (form, htmx, API).

Past a limit the comment is refused with 429 and Retry-After, and nothing is stored. The counts
also feed the velocity phase (a surge on one article). When the cache behind the counters is
down, nothing is refused: the comment goes on, marked, and the velocity phase holds it."""

from django.conf import settings

from gazette.core import ratelimits

from .errors import RateLimited

MINUTE = 60
DAY = 86_400


def check_posting(*, author, ip_address: str | None, article, history) -> dict:
    """Count this attempt; raise RateLimited past a limit; return signals for the phases.

    Only requests are limited: a caller with no client address (the demo loader, an import)
    is the site itself, and is not counted."""
    if ip_address is None:
        return {}
    limits = [
        (
            "comments:account",
            str(author.pk),
            settings.MODERATION_POSTS_PER_MINUTE_PER_ACCOUNT,
            MINUTE,
        ),
        (
            "comments:address",
            ratelimits.address_bucket(ip_address),
            settings.MODERATION_POSTS_PER_MINUTE_PER_ADDRESS,
            MINUTE,
        ),
    ]
    if history.account_age_days < 1:
        limits.append(
            ("comments:first-day", str(author.pk), settings.MODERATION_POSTS_FIRST_DAY, DAY)
        )
    try:
        for scope, identity, limit, window in limits:
            if ratelimits.count(scope, identity, window=window) > limit:
                wait = ratelimits.retry_after_seconds(window)
                raise RateLimited(
                    f"You are posting faster than this site allows ({limit} comments per "
                    f"{'minute' if window == MINUTE else 'day for a new account'}). Your text "
                    f"is still in the form: please wait {wait} seconds and send it again.",
                    retry_after=wait,
                )
        surge = ratelimits.count("comments:article", str(article.pk), window=MINUTE)
    except ratelimits.LimiterUnavailable:
        return {"limiter_unavailable": True}
    return {"article_comments_this_minute": surge}
