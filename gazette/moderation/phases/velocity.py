"""Velocity: a surge of comments on one article, and the limiter being down.

The hard per-account and per-address limits refuse a comment before any of this runs
(`ratelimits.check_posting`, 429); these rules hold instead, so a surge turns the article to
pre-moderation (a circuit breaker) and a dead cache never lets comments through unchecked."""

from django.conf import settings

from ..pipeline import Category, Draft, Reason


def check(draft: Draft) -> list[Reason]:
    signals = draft.signals
    if signals.get("limiter_unavailable"):
        return [
            Reason(
                "velocity.limiter_unavailable",
                Category.VELOCITY,
                1,
                1.0,
                "The rate limiter was unreachable, so the comment was held instead of published.",
            )
        ]
    per_minute = signals.get("article_comments_this_minute", 0)
    if per_minute > settings.MODERATION_ARTICLE_SURGE_PER_MINUTE:
        return [
            Reason(
                "velocity.article_surge",
                Category.VELOCITY,
                1,
                1.0,
                f"{per_minute} comments on this article in a minute (more than "
                f"{settings.MODERATION_ARTICLE_SURGE_PER_MINUTE}): held while the surge lasts.",
            )
        ]
    return []
