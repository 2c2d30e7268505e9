"""The moderation pipeline: an ordered list of phases, then the policy's decision.

Each phase is a small function in `phases/` that reads a `Draft` (the comment about to be stored,
its author, article and the policy in force) and returns the `Reason`s it found, each with a
category, a severity and a score a moderator can read. The policy (`decide`) turns the reasons
into publish, hold or reject. Nothing here writes to the database: `actions.py` stores the
comment and its verdict in one transaction.
"""

from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string


class Decision(enum.IntEnum):
    """Ordered by strictness, so the strictest reason wins with max()."""

    PUBLISH = 0
    HOLD = 1
    REJECT = 2

    @property
    def label(self) -> str:
        return self.name.lower()


class Category(enum.StrEnum):
    VIOLENCE = "violence"
    PROFANITY = "profanity"
    WORDS = "words"
    LINKS = "links"
    SPAM = "spam"
    VELOCITY = "velocity"
    ACCOUNT = "account"
    FLAGS = "flags"
    POLICY = "policy"


@dataclass(frozen=True)
class Reason:
    """One thing a phase found.

    `severity` grades urgency within the category, 1 to 3 (for violence: 1 violent wording,
    2 a call for violence against a group, 3 a concrete threat against a person). `score` is in
    [0, 1]: 1.0 for a rule that matched, a probability for a model. `action` is what this reason
    asks for; the policy may ask for more (pre-moderation) but never publishes a rejected one.
    """

    name: str
    category: Category
    severity: int
    score: float
    detail: str
    action: Decision = Decision.HOLD

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "category": str(self.category),
            "severity": self.severity,
            "score": round(float(self.score), 4),
            "detail": self.detail,
            "action": self.action.label,
        }


@dataclass(frozen=True)
class AuthorHistory:
    """What the author's past says, read once per draft by `queries.author_history`."""

    account_age_days: float = 0.0
    approved: int = 0  # published comments that stayed published
    rejected: int = 0  # rejected or spam, all time
    recent: int = 0  # comments in the trust window (policy.trust_window_days)
    recent_rejected: int = 0
    is_trusted: bool = False  # set by the policy's trust rule
    is_new: bool = True  # account younger than policy.new_account_days or no approved comment


@dataclass
class Draft:
    """What the phases look at. `normalised` is `text.normalise(text)`, computed once."""

    text: str
    normalised: str
    policy: object  # gazette.moderation.policies.Policy, resolved for this article
    now: datetime
    author: object | None = None
    article: object | None = None
    parent: object | None = None
    ip_address: str | None = None
    history: AuthorHistory = field(default_factory=AuthorHistory)
    nudge_acknowledged: bool = False
    signals: dict = field(default_factory=dict)  # honeypot, form age: set by the posting path


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    reasons: tuple[Reason, ...]

    @property
    def severity(self) -> int:
        return max((reason.severity for reason in self.reasons), default=0)

    @property
    def is_incitement(self) -> bool:
        """A violence reason holds the comment: the author is nudged before it is stored."""
        return any(
            reason.category == Category.VIOLENCE and reason.action >= Decision.HOLD
            for reason in self.reasons
        )

    @property
    def needs_review(self) -> bool:
        """Held, or published with a violence reason a moderator should look at."""
        return self.decision == Decision.HOLD or any(
            reason.category == Category.VIOLENCE for reason in self.reasons
        )


Phase = Callable[[Draft], Sequence[Reason]]


logger = logging.getLogger(__name__)


@functools.cache
def phases() -> tuple[Phase, ...]:
    """The phases named in settings.MODERATION_PHASES, in order, imported once per process."""
    return tuple(import_string(f"{path}.check") for path in settings.MODERATION_PHASES)


def evaluate(draft: Draft, checks: Sequence[Phase] | None = None) -> Verdict:
    """Run every phase on the draft and decide: the strictest action any reason asks for.

    A phase that fails holds the comment for a person instead of losing or publishing it."""
    reasons: list[Reason] = []
    for check in phases() if checks is None else checks:
        try:
            reasons.extend(check(draft))
        except Exception:
            logger.exception("Moderation phase %s failed", getattr(check, "__module__", check))
            reasons.append(
                Reason(
                    "pipeline.phase_failed",
                    Category.POLICY,
                    1,
                    1.0,
                    f"The check {check.__module__.rsplit('.', 1)[-1]} failed; held for a person.",
                )
            )
    if draft.nudge_acknowledged and any(
        r.category == Category.VIOLENCE and r.action >= Decision.HOLD for r in reasons
    ):
        reasons.append(
            Reason(
                "violence.nudge_ignored",
                Category.VIOLENCE,
                max(r.severity for r in reasons if r.category == Category.VIOLENCE),
                1.0,
                "The author was warned that this looks like a call for violence and posted "
                "it anyway.",
            )
        )
    decision = max((reason.action for reason in reasons), default=Decision.PUBLISH)
    return Verdict(decision=decision, reasons=tuple(reasons))
