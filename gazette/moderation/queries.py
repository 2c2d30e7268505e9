"""Reads for moderation: the author's history, bans, the queue, the dashboard."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median

from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, TextField, Window
from django.db.models.functions import Cast, Coalesce, RowNumber, TruncDate
from django.utils import timezone

from gazette.comments.models import PATH_SEGMENT, Comment

from .models import AuditEvent, Ban, Flag, Verdict
from .pipeline import AuthorHistory
from .policies import Policy

REJECTED = [Comment.Status.REJECTED, Comment.Status.SPAM]


def author_history(author, policy: Policy, now=None) -> AuthorHistory:
    """One aggregate query over the author's comments."""
    now = now or timezone.now()
    if author is None or not getattr(author, "is_authenticated", False):
        return AuthorHistory()
    since = now - timedelta(days=policy.trust_window_days)
    # A rejection is recent by when it was decided (a comment posted long ago may be reported
    # and rejected today); one rejected automatically has no decision time: when it was posted.
    rejected_recently = Q(status__in=REJECTED) & (
        Q(verdict__decided__gte=since) | Q(verdict__decided__isnull=True, created__gte=since)
    )
    counts = Comment.objects.filter(author=author).aggregate(
        approved=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
        rejected=Count("pk", filter=Q(status__in=REJECTED)),
        recent=Count(
            "pk",
            filter=(Q(created__gte=since) | rejected_recently) & ~Q(status=Comment.Status.DELETED),
        ),
        recent_rejected=Count("pk", filter=rejected_recently),
    )
    age_days = (now - author.date_joined).total_seconds() / 86400
    return AuthorHistory(
        account_age_days=age_days,
        approved=counts["approved"],
        rejected=counts["rejected"],
        recent=counts["recent"],
        recent_rejected=counts["recent_rejected"],
        is_trusted=counts["approved"] >= policy.trust_approved and counts["recent_rejected"] == 0,
        is_new=age_days < policy.new_account_days or counts["approved"] == 0,
    )


def ban_in_force(now) -> Q:
    """A ban neither lifted nor ended by `now`."""
    return Q(lifted__isnull=True) & (Q(until__isnull=True) | Q(until__gt=now))


def active_ban(user, now=None) -> Ban | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    now = now or timezone.now()
    return Ban.objects.filter(ban_in_force(now), user=user).order_by("-created").first()


# The moderators' admin: the queue, the audit log, the bans and the dashboard.

ANCESTORS_SHOWN = 3  # a queue entry shows the comments it answers, nearest last
REPLIES_SHOWN = 5


def review_queue():
    """Verdicts on comments awaiting a moderator (held by the pipeline or reported by readers),
    with the comment, its article and author loaded. Unordered: the queue sorts it."""
    return (
        Verdict.objects.filter(awaiting_review=True)
        .exclude(comment__status=Comment.Status.DELETED)
        .select_related("comment__article", "comment__author")
    )


def with_reason_category(verdicts, category: str):
    """Verdicts with at least one reason of this category. SQLite has no JSON containment, so
    this searches the reasons as text: SQLite keeps Django's `json.dumps` and PostgreSQL prints
    jsonb with the same `"key": "value"` spacing."""
    return verdicts.alias(reasons_text=Cast("reasons", TextField())).filter(
        reasons_text__contains=json.dumps({"category": category})[1:-1]
    )


@dataclass(frozen=True)
class AuthorRecord:
    approved: int
    rejected: int
    account_age_days: int
    ban: Ban | None


@dataclass(frozen=True)
class QueueEntry:
    """One comment in the queue, with what a moderator reads before deciding."""

    verdict: Verdict
    comment: Comment
    ancestors: list[Comment]  # outermost first, at most ANCESTORS_SHOWN
    replies: list[Comment]  # the first REPLIES_SHOWN, oldest first
    reply_count: int
    author: AuthorRecord | None
    flags: list[tuple[str, int]]  # (reason, how many readers), most first


def queue_entries(verdicts, now=None) -> list[QueueEntry]:
    """The entries for a page of `review_queue()`: five queries whatever the page size (the
    thread around each comment, the replies, the authors' records, their bans, the flags)."""
    now = now or timezone.now()
    verdicts = list(verdicts)
    comments = [verdict.comment for verdict in verdicts]
    if not comments:
        return []
    ancestor_ids = {comment.pk: _ancestor_ids(comment) for comment in comments}
    wanted = {pk for ids in ancestor_ids.values() for pk in ids}
    around = Comment.objects.select_related("author").in_bulk(wanted) if wanted else {}
    replies, reply_counts = _replies(comments)
    authors = _author_records({c.author for c in comments if c.author is not None}, now)
    flags = _flag_counts([verdict.comment_id for verdict in verdicts if verdict.flag_count])
    return [
        QueueEntry(
            verdict=verdict,
            comment=verdict.comment,
            ancestors=[around[pk] for pk in ancestor_ids[verdict.comment_id] if pk in around],
            replies=replies.get(verdict.comment_id, []),
            reply_count=reply_counts.get(verdict.comment_id, 0),
            author=authors.get(verdict.comment.author_id),
            flags=flags.get(verdict.comment_id, []),
        )
        for verdict in verdicts
    ]


def _ancestor_ids(comment: Comment) -> list[int]:
    """From the materialized path; a reply attached higher up for depth answers `reply_to`."""
    segments = [
        int(comment.path[start : start + PATH_SEGMENT])
        for start in range(0, len(comment.path), PATH_SEGMENT)
    ][:-1]
    if comment.reply_to_id:
        segments.append(comment.reply_to_id)
    return segments[-ANCESTORS_SHOWN:]


def _replies(comments) -> tuple[dict[int, list[Comment]], dict[int, int]]:
    """The first replies to each comment and how many there are, in one query: a window
    numbers each comment's replies, so the page reads at most REPLIES_SHOWN of each."""
    answers = Coalesce("reply_to_id", "parent_id")
    rows = (
        Comment.objects.annotate(answers=answers)
        .filter(answers__in=[comment.pk for comment in comments])
        .exclude(status=Comment.Status.DELETED)
        .annotate(
            position=Window(RowNumber(), partition_by=[answers], order_by=["created", "id"]),
            total=Window(Count("pk"), partition_by=[answers]),
        )
        .filter(position__lte=REPLIES_SHOWN)
        .select_related("author")
        .order_by("created", "id")
    )
    replies: dict[int, list[Comment]] = defaultdict(list)
    counts: dict[int, int] = {}
    for reply in rows:
        replies[reply.answers].append(reply)
        counts[reply.answers] = reply.total
    return replies, counts


def _author_records(authors, now) -> dict[int, AuthorRecord]:
    if not authors:
        return {}
    counts = {
        row["author_id"]: row
        for row in Comment.objects.filter(author__in=authors)
        .values("author_id")
        .annotate(
            approved=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
            rejected=Count("pk", filter=Q(status__in=REJECTED)),
        )
        .order_by()
    }
    bans: dict[int, Ban] = {}
    for ban in (
        Ban.objects.filter(user__in=authors, lifted__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .order_by("created")
    ):
        bans[ban.user_id] = ban
    return {
        author.pk: AuthorRecord(
            approved=counts.get(author.pk, {}).get("approved", 0),
            rejected=counts.get(author.pk, {}).get("rejected", 0),
            account_age_days=(now - author.date_joined).days,
            ban=bans.get(author.pk),
        )
        for author in authors
    }


def _flag_counts(comment_ids) -> dict[int, list[tuple[str, int]]]:
    if not comment_ids:
        return {}
    labels = dict(Flag.Reason.choices)
    flags: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in (
        Flag.objects.filter(comment_id__in=comment_ids)
        .values("comment_id", "reason")
        .annotate(count=Count("pk"))
        .order_by("comment_id", "-count", "reason")
    ):
        flags[row["comment_id"]].append((labels.get(row["reason"], row["reason"]), row["count"]))
    return flags


def audit_log():
    """Every audit event, newest first, with the people and the comment loaded."""
    return AuditEvent.objects.select_related("actor", "subject", "comment").order_by(
        "-created", "-id"
    )


def bans(*, active: bool | None = True, now=None):
    """Bans with the reader and the moderator who banned them loaded, each with `is_active`
    (neither lifted nor ended by `now`): the active ones, the past ones with `active=False`,
    every one with `active=None`. Unordered: the listing sorts them."""
    now = now or timezone.now()
    every_ban = Ban.objects.select_related("user", "created_by").annotate(
        is_active=ExpressionWrapper(ban_in_force(now), output_field=BooleanField())
    )
    return every_ban if active is None else every_ban.filter(is_active=active)


def moderators():
    """Who may moderate: superusers and holders of comments.change_comment, directly or by
    group."""
    from django.contrib.auth import get_user_model

    can_change = Q(codename="change_comment", content_type__app_label="comments")
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=Permission.objects.filter(can_change))
            | Q(groups__permissions__in=Permission.objects.filter(can_change))
        )
        .distinct()
        .order_by("username")
    )


@dataclass(frozen=True)
class DayFigures:
    day: date
    comments: int
    held: int  # by the pipeline, for a moderator
    rejected_automatically: int

    @property
    def published_at_once(self) -> int:
        return self.comments - self.held - self.rejected_automatically


@dataclass(frozen=True)
class Dashboard:
    since: datetime
    days: list[DayFigures]
    comments: int
    held: int
    rejected: int  # rejected or marked spam by now, automatically or by a moderator
    decided: int  # verdicts a moderator took
    median_time_to_decision: timedelta | None
    awaiting_review: int
    top_reasons: list[tuple[str, int]]  # (reason name, comments it was given to)
    posting_limits_reached: int  # a reader or an address refused in one limit's window

    @property
    def held_percent(self) -> float:
        return 100 * self.held / self.comments if self.comments else 0.0

    @property
    def rejected_percent(self) -> float:
        return 100 * self.rejected / self.comments if self.comments else 0.0


DASHBOARD_DAYS = 30
TOP_REASONS = 10


def moderation_dashboard(now=None, days: int = DASHBOARD_DAYS) -> Dashboard:
    """The last `days` days, today included, by local calendar day: five queries. The reasons
    and decision times are counted in Python over the window's verdicts, read in chunks, so the
    figures are the same on SQLite and PostgreSQL."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_day = today - timedelta(days=days - 1)
    since = datetime.combine(first_day, time.min, tzinfo=timezone.get_current_timezone())
    per_day = {
        row["day"]: row
        for row in Comment.objects.filter(created__gte=since, created__lte=now)
        .annotate(day=TruncDate("created", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            comments=Count("pk"),
            held=Count("pk", filter=Q(verdict__decision=Verdict.Decision.HOLD)),
            rejected_automatically=Count("pk", filter=Q(verdict__decision=Verdict.Decision.REJECT)),
            rejected=Count("pk", filter=Q(status__in=REJECTED)),
        )
        .order_by("day")
    }
    figures = [
        DayFigures(
            day=day,
            comments=per_day.get(day, {}).get("comments", 0),
            held=per_day.get(day, {}).get("held", 0),
            rejected_automatically=per_day.get(day, {}).get("rejected_automatically", 0),
        )
        for day in (first_day + timedelta(days=offset) for offset in range(days))
    ]
    window = Verdict.objects.filter(created__gte=since, created__lte=now)
    waits = [
        (decided - created).total_seconds()
        for created, decided in window.filter(decided__isnull=False)
        .values_list("created", "decided")
        .iterator(chunk_size=2000)
        if decided
    ]
    reasons: Counter[str] = Counter()
    for verdict_reasons in window.values_list("reasons", flat=True).iterator(chunk_size=2000):
        reasons.update({reason.get("name", "") for reason in verdict_reasons or ()} - {""})
    return Dashboard(
        since=since,
        days=figures,
        comments=sum(day.comments for day in figures),
        held=sum(day.held for day in figures),
        rejected=sum(row["rejected"] for row in per_day.values()),
        decided=len(waits),
        median_time_to_decision=timedelta(seconds=median(waits)) if waits else None,
        awaiting_review=review_queue().count(),
        top_reasons=sorted(reasons.items(), key=lambda item: (-item[1], item[0]))[:TOP_REASONS],
        # One event per limit's window, at its first refusal (actions.record_posting_refused).
        posting_limits_reached=AuditEvent.objects.filter(
            action=AuditEvent.Action.POSTING_THROTTLED, created__gte=since, created__lte=now
        ).count(),
    )
