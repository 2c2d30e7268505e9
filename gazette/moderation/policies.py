"""The moderation policy in force for one article: site settings, overridden per section and
per article by editors. A plain frozen dataclass, so phases and `gazette moderation check` can
run without the database."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace


class Mode(enum.StrEnum):
    POST = "post"  # publish unless a phase holds it (default)
    PRE = "pre"  # hold everything for a moderator
    PRE_NEW = "pre_new"  # hold comments by new commenters until they have N approved ones


class ProfanityMode(enum.StrEnum):
    ALLOW = "allow"
    MASK = "mask"  # publish with the words masked in the rendered text
    HOLD = "hold"


@dataclass(frozen=True)
class Policy:
    mode: Mode = Mode.POST
    new_commenter_approved: int = 3  # PRE_NEW: approved comments before a reader skips the queue
    banned_words: tuple[str, ...] = ()  # reject
    watched_words: tuple[str, ...] = ()  # hold
    new_account_days: int = 3
    new_account_link_limit: int = 2  # more links than this from a new account: hold
    link_limit: int = 10  # more links than this from anyone: hold
    profanity: ProfanityMode = ProfanityMode.MASK
    nudge: bool = True  # warn the author once before storing a comment the incitement checks flag
    model_threshold: float | None = None  # None: the threshold shipped with the classifier
    trust_approved: int = 5  # approved comments, no recent rejections: trusted
    trust_rejection_rate: float = 0.3  # share of recent comments rejected: back to pre-moderation
    trust_window_days: int = 7
    flag_hide_weight: float = 3.0  # weighted reader flags that hide a comment pending review
    # Days after first publication that a discussion closes (0: never); None: the server's
    # default, settings.COMMENTS_CLOSE_AFTER_DAYS.
    close_after_days: int | None = None
    discussions_closed: bool = False  # closed now by an editor, on a section or an article


def _words(*texts: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                seen[line.strip()] = None
    return tuple(seen)


def policy_from_settings(site_settings, overrides=()) -> Policy:
    """The Policy for site settings (a ModerationSettings row or None) and the overrides of the
    article's ancestors and the article itself, outermost first."""
    base = Policy()
    if site_settings is not None:
        base = Policy(
            mode=Mode(site_settings.mode),
            new_commenter_approved=site_settings.new_commenter_approved,
            banned_words=_words(site_settings.banned_words),
            watched_words=_words(site_settings.watched_words),
            new_account_days=site_settings.new_account_days,
            new_account_link_limit=site_settings.new_account_link_limit,
            link_limit=site_settings.link_limit,
            profanity=ProfanityMode(site_settings.profanity),
            nudge=site_settings.nudge,
            trust_approved=site_settings.trust_approved,
            trust_rejection_rate=site_settings.trust_rejection_percent / 100,
            trust_window_days=site_settings.trust_window_days,
            flag_hide_weight=float(site_settings.flag_hide_weight),
            close_after_days=site_settings.close_after_days,
        )
    for override in overrides:
        changes: dict = {
            "banned_words": _words("\n".join(base.banned_words), override.extra_banned_words),
            "watched_words": _words("\n".join(base.watched_words), override.extra_watched_words),
        }
        if override.mode:
            changes["mode"] = Mode(override.mode)
        if override.new_account_link_limit is not None:
            changes["new_account_link_limit"] = override.new_account_link_limit
        if override.new_commenter_approved is not None:
            changes["new_commenter_approved"] = override.new_commenter_approved
        if override.close_after_days is not None:
            changes["close_after_days"] = override.close_after_days
        if override.discussions_closed:
            changes["discussions_closed"] = True
        base = replace(base, **changes)
    return base


def policy_for(article) -> Policy:
    """The policy in force for an article's discussion: two queries (the site's settings and
    the overrides on the article and its ancestors, read by tree path)."""
    from .models import ModerationSettings, PolicyOverride

    step = article.steplen  # treebeard's characters per tree level
    ancestor_paths = [article.path[:end] for end in range(step, len(article.path) + 1, step)]
    site_settings = (
        ModerationSettings.objects.filter(site__root_page__path__in=ancestor_paths)
        .order_by("-site__root_page__depth")
        .first()
    )
    overrides = PolicyOverride.objects.filter(page__path__in=ancestor_paths).order_by("page__depth")
    return policy_from_settings(site_settings, overrides)
