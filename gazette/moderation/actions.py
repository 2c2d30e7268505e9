"""Every moderation write: screening a new comment, recording the verdict, a moderator's
decisions, reader flags and bans. Each writes its audit event in the same transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from gazette.accounts.actions import end_sessions
from gazette.comments import actions as comment_actions
from gazette.comments.models import Comment

from . import pipeline, queries, throttle
from .errors import Banned, FlagRefused, NudgeRequired, RateLimited
from .models import AuditEvent, Ban, Flag, Verdict
from .phases import flags as flags_phase
from .phases import profanity
from .pipeline import Category, Decision, Draft
from .policies import Policy, ProfanityMode, policy_for
from .text import normalise

logger = logging.getLogger(__name__)

STATUS_FOR = {
    Decision.PUBLISH: Comment.Status.PUBLISHED,
    Decision.HOLD: Comment.Status.PENDING,
    Decision.REJECT: Comment.Status.REJECTED,
}
AUTOMATIC_ACTION = {
    Decision.PUBLISH: AuditEvent.Action.COMMENT_PUBLISHED,
    Decision.HOLD: AuditEvent.Action.COMMENT_HELD,
    Decision.REJECT: AuditEvent.Action.COMMENT_REJECTED_AUTOMATICALLY,
}
NUDGE_MESSAGE = (
    "Before you post: this reads like a call for violence against people, which this site holds "
    "for a moderator to review. You can rephrase it, or post it as it is and a moderator will "
    "decide."
)


@dataclass(frozen=True)
class Screening:
    """The pipeline's answer for a comment about to be stored."""

    verdict: pipeline.Verdict
    status: str
    display_text: str  # the text to render: the body, with profanity masked when the policy says
    nudge_ignored: bool
    now: datetime


def ban_message(ban: Ban) -> str:
    if ban.until is None:
        return "You are banned from the discussion."
    return (
        f"You are banned from the discussion until {timezone.localtime(ban.until):%d %B %Y, %H:%M}."
    )


def screen_comment(
    *,
    article,
    author,
    body: str,
    parent=None,
    ip_address: str | None = None,
    signals: dict | None = None,
    nudge_acknowledged: bool = False,
) -> Screening:
    """Decide what happens to a comment before it is stored.

    Raises Banned for a banned author, RateLimited past a posting limit (the first refusal of a
    limit's window writes its audit event), NudgeRequired when the incitement checks fire and
    the author has not yet been warned (no comment is stored then)."""
    now = timezone.now()
    ban = queries.active_ban(author, now)
    if ban is not None:
        raise Banned(ban_message(ban))
    policy = policy_for(article)
    history = queries.author_history(author, policy, now)
    try:
        limit_signals = throttle.check_posting(
            author=author, ip_address=ip_address, article=article, history=history
        )
    except RateLimited as refused:
        if refused.first_refusal is not None:
            record_posting_refused(author=author, limit=refused.first_refusal, now=now)
        raise
    signals = {**(signals or {}), **limit_signals}
    draft = Draft(
        text=body,
        normalised=normalise(body),
        policy=policy,
        now=now,
        author=author,
        article=article,
        parent=parent,
        ip_address=ip_address,
        history=history,
        nudge_acknowledged=nudge_acknowledged,
        signals=signals,
    )
    verdict = pipeline.evaluate(draft)
    if verdict.is_incitement and policy.nudge and not nudge_acknowledged:
        raise NudgeRequired(NUDGE_MESSAGE, reasons=verdict.reasons)
    return Screening(
        verdict=verdict,
        status=STATUS_FOR[verdict.decision],
        display_text=_display_text(body, verdict, policy),
        nudge_ignored=nudge_acknowledged and verdict.is_incitement,
        now=now,
    )


def screen_edit(*, comment: Comment, body: str) -> Screening:
    """The text checks again on an edited body (no rate limits, no nudge: the edit is saved)."""
    now = timezone.now()
    policy = policy_for(comment.article)
    history = queries.author_history(comment.author, policy, now)
    draft = Draft(
        text=body,
        normalised=normalise(body),
        policy=policy,
        now=now,
        author=comment.author,
        article=comment.article,
        history=history,
    )
    checks = [check for check in pipeline.phases() if check.__module__.endswith(EDIT_PHASES)]
    verdict = pipeline.evaluate(draft, checks)
    return Screening(
        verdict=verdict,
        status=STATUS_FOR[verdict.decision],
        display_text=_display_text(body, verdict, policy),
        nudge_ignored=False,
        now=now,
    )


EDIT_PHASES = (
    ".length",
    ".words",
    ".links",
    ".incitement_rules",
    ".incitement_model",
    ".profanity",
)


def _display_text(body: str, verdict: pipeline.Verdict, policy: Policy) -> str:
    if policy.profanity == ProfanityMode.MASK and any(
        reason.category == Category.PROFANITY for reason in verdict.reasons
    ):
        return profanity.mask(body)
    return body


def _summary(reasons) -> str:
    return "; ".join(f"{reason.name}: {reason.detail}" for reason in reasons)


def record_posting_refused(*, author, limit: throttle.Limit, now: datetime) -> None:
    """The audit event for the first refusal of a posting limit's window. A database that fails
    here (locked, gone, the author deleted meanwhile) loses the event, logged, and never the 429:
    the savepoint keeps a caller's transaction usable."""
    try:
        with transaction.atomic():
            AuditEvent.objects.create(
                created=now,
                action=AuditEvent.Action.POSTING_THROTTLED,
                subject=author,
                reason=limit.description,
                data={
                    "scope": limit.scope,
                    "limit": limit.allowed,
                    "window_seconds": limit.window,
                    **limit.data,
                },
            )
    except DatabaseError:
        logger.exception("Could not record a posting refusal (%s) in the audit log", limit.scope)


def record_verdict(*, comment: Comment, screening: Screening) -> Verdict:
    """Store the verdict on a new comment and its audit event. Called by the comments app inside
    the transaction that stores the comment."""
    verdict = screening.verdict
    top = max(verdict.reasons, key=lambda reason: (reason.action, reason.severity), default=None)
    stored = Verdict.objects.create(
        comment=comment,
        decision=Verdict.Decision(verdict.decision.label),
        reasons=[reason.as_dict() for reason in verdict.reasons],
        severity=verdict.severity,
        top_category=str(top.category) if top else "",
        nudge_ignored=screening.nudge_ignored,
        awaiting_review=verdict.needs_review,
        created=screening.now,
    )
    AuditEvent.objects.create(
        created=screening.now,
        action=AUTOMATIC_ACTION[verdict.decision],
        comment=comment,
        subject=comment.author,
        reason=_summary(verdict.reasons),
        data={"reasons": stored.reasons, "nudge_ignored": screening.nudge_ignored},
    )
    return stored


def record_edit_verdict(*, comment: Comment, screening: Screening) -> None:
    """After an edit: a comment the checks now hold goes back to the queue."""
    verdict = screening.verdict
    if verdict.decision == Decision.PUBLISH:
        return
    stored = _verdict_for(comment, screening.now)
    stored.reasons = [reason.as_dict() for reason in verdict.reasons]
    stored.severity = max(stored.severity, verdict.severity)
    stored.decision = Verdict.Decision.HOLD
    stored.awaiting_review = True
    stored.save()
    AuditEvent.objects.create(
        created=screening.now,
        action=AuditEvent.Action.COMMENT_EDIT_HELD,
        comment=comment,
        subject=comment.author,
        reason=_summary(verdict.reasons),
        data={"reasons": stored.reasons},
    )


def _verdict_for(comment: Comment, now) -> Verdict:
    verdict, _ = Verdict.objects.select_for_update().get_or_create(
        comment=comment,
        defaults={"decision": Verdict.Decision.PUBLISH, "created": now},
    )
    return verdict


def _decide(*, comment: Comment, moderator, status: str, action: str, reason: str) -> Comment:
    now = timezone.now()
    comment = comment_actions.set_comment_status(comment=comment, status=status)
    verdict = _verdict_for(comment, now)
    verdict.awaiting_review = False
    verdict.is_reported = False
    verdict.flag_weight = 0.0
    verdict.decided = now
    verdict.decided_by = moderator
    verdict.save()
    AuditEvent.objects.create(
        created=now,
        actor=moderator,
        action=action,
        comment=comment,
        subject=comment.author,
        reason=reason,
    )
    return comment


@transaction.atomic
def approve_comment(*, comment: Comment, moderator, reason: str = "") -> Comment:
    """Publish a held or reported comment; its flags so far are settled."""
    return _decide(
        comment=comment,
        moderator=moderator,
        status=Comment.Status.PUBLISHED,
        action=AuditEvent.Action.COMMENT_APPROVED,
        reason=reason,
    )


@transaction.atomic
def reject_comment(*, comment: Comment, moderator, reason: str = "") -> Comment:
    """Take a comment off the discussion for good. It stays stored, with its text."""
    return _decide(
        comment=comment,
        moderator=moderator,
        status=Comment.Status.REJECTED,
        action=AuditEvent.Action.COMMENT_REJECTED,
        reason=reason,
    )


@transaction.atomic
def ban_author(*, user, moderator, until: datetime | None = None, reason: str = "") -> Ban:
    """Stop a reader from posting, voting and flagging, at once and on every path, until
    `until` (None: for good). Every session they are signed in with ends (hostile-input case
    14); signed in again, they can read but every write is refused while the ban lasts."""
    now = timezone.now()
    ban = Ban.objects.create(
        user=user, until=until, reason=reason, created=now, created_by=moderator
    )
    end_sessions(user)
    AuditEvent.objects.create(
        created=now,
        actor=moderator,
        action=AuditEvent.Action.AUTHOR_BANNED,
        subject=user,
        reason=reason,
        data={"until": until.isoformat() if until else None},
    )
    return ban


@transaction.atomic
def lift_ban(*, ban: Ban, moderator, reason: str = "") -> Ban:
    """Free the reader: this ban and any other ban in force on them (banned twice from two
    queue entries, they would otherwise stay banned) are lifted, with one audit event."""
    now = timezone.now()
    in_force = Ban.objects.filter(queries.ban_in_force(now), user_id=ban.user_id)
    others = list(in_force.exclude(pk=ban.pk).values_list("pk", flat=True))
    in_force.update(lifted=now)
    ban.lifted = now
    ban.save(update_fields=["lifted"])
    AuditEvent.objects.create(
        created=now,
        actor=moderator,
        action=AuditEvent.Action.BAN_LIFTED,
        subject=ban.user,
        reason=reason,
        data={"ban": ban.pk, **({"also_lifted": others} if others else {})},
    )
    return ban


def flag_weight(reporter, policy: Policy, now) -> float:
    """A trusted reader's flag counts double; a new account's counts for nothing towards hiding
    (so a brigade of fresh accounts cannot hide a comment), but still shows in the queue."""
    history = queries.author_history(reporter, policy, now)
    if history.account_age_days < policy.new_account_days:
        return 0.0
    return 2.0 if history.is_trusted else 1.0


@transaction.atomic
def flag_comment(*, comment: Comment, reporter, reason: str, note: str = "") -> Flag:
    """A reader reports a comment. Enough weighted flags hide it until a moderator decides.

    Raises FlagRefused (own comment, not published, already flagged, daily limit, bad reason)
    and Banned."""
    if not (reporter and reporter.is_authenticated and reporter.is_active):
        raise FlagRefused("Sign in to report a comment.")
    if reason not in Flag.Reason.values:
        raise FlagRefused("Choose why you are reporting this comment.")
    now = timezone.now()
    ban = queries.active_ban(reporter, now)
    if ban is not None:
        raise Banned(ban_message(ban))
    comment = Comment.objects.select_for_update().select_related("article").get(pk=comment.pk)
    if comment.author_id == reporter.pk:
        raise FlagRefused("You cannot report your own comment.")
    if comment.status != Comment.Status.PUBLISHED:
        raise FlagRefused("This comment is already waiting for a moderator.")
    if Flag.objects.filter(comment=comment, reporter=reporter).exists():
        raise FlagRefused("You already reported this comment.")
    day_ago = now - timedelta(days=1)
    if (
        Flag.objects.filter(reporter=reporter, created__gte=day_ago).count()
        >= settings.MODERATION_FLAGS_PER_DAY
    ):
        raise FlagRefused(
            "You have reached today's limit of reports "
            f"({settings.MODERATION_FLAGS_PER_DAY}). Moderators will look at them; thank you."
        )
    policy = policy_for(comment.article)
    weight = flag_weight(reporter, policy, now)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                comment=comment,
                reporter=reporter,
                reason=reason,
                note=note.strip()[:500],
                weight=weight,
                created=now,
            )
    except IntegrityError:
        raise FlagRefused("You already reported this comment.") from None
    verdict = _verdict_for(comment, now)
    verdict.flag_count += 1
    verdict.flag_weight += weight
    verdict.awaiting_review = True
    draft = Draft(
        text=comment.body,
        normalised="",
        policy=policy,
        now=now,
        signals={"flag_weight": verdict.flag_weight, "flag_count": verdict.flag_count},
    )
    hidden = flags_phase.check(draft)
    if hidden:
        verdict.is_reported = True
        verdict.reasons = [*verdict.reasons, *(reason.as_dict() for reason in hidden)]
        comment_actions.set_comment_status(comment=comment, status=Comment.Status.PENDING)
    verdict.save()
    AuditEvent.objects.create(
        created=now,
        actor=reporter,
        action=AuditEvent.Action.COMMENT_FLAGGED,
        comment=comment,
        subject=comment.author,
        reason=f"{flag.get_reason_display()}: {flag.note}".rstrip(": "),
        data={"weight": weight},
    )
    if hidden:
        AuditEvent.objects.create(
            created=now,
            action=AuditEvent.Action.COMMENT_HIDDEN_BY_FLAGS,
            comment=comment,
            subject=comment.author,
            reason=_summary(hidden),
        )
    return flag
