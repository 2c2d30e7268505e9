"""The moderators' views in the Wagtail admin: the queue with its one-click decisions, a
comment's review page, the audit log with its CSV export, the dashboard, and the bans with
their "Lift ban" forms.

Every decision goes through `gazette.moderation.actions`; the views parse a form, call the
action and return to the queue with its filters and sort."""

from datetime import timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import BaseListingView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from gazette.articles.models import ArticlePage, SectionPage
from gazette.core.spreadsheets import with_formulas_neutralized

from . import actions, charts, queries
from .admin_forms import BAN_CHOICES, BAN_FOR_GOOD, BanForm, BulkDecisionForm
from .models import AuditEvent, Ban, Verdict
from .pipeline import Category

QUEUE = "moderation_queue:index"
SEVERITY_CHOICES = [
    ("3", "3: a concrete threat"),
    ("2", "2 or more: a call for violence"),
    ("1", "1 or more"),
]


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.has_perm("comments.change_comment"))


class ModeratorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def author_name(user) -> str:
    return user.public_name if user is not None else "a deleted account"


# The queue


class QueueFilterSet(WagtailFilterSet):
    source = django_filters.ChoiceFilter(
        label="Waiting because",
        choices=[
            ("held", "Held by the checks"),
            ("review", "Published, queued for a second look"),
            ("reported", "Reported by readers"),
        ],
        method="filter_source",
        empty_label="Held or reported",
    )
    category = django_filters.ChoiceFilter(
        label="Reason category",
        choices=[(category.value, category.value.capitalize()) for category in Category],
        method="filter_category",
    )
    severity = django_filters.ChoiceFilter(
        label="Severity", choices=SEVERITY_CHOICES, method="filter_severity"
    )
    section = django_filters.ModelChoiceFilter(
        label="Section",
        queryset=SectionPage.objects.order_by("title"),
        method="filter_section",
    )
    article = django_filters.ModelChoiceFilter(
        label="Article",
        field_name="comment__article",
        queryset=lambda request: ArticlePage.objects.filter(
            pk__in=queries.review_queue().values("comment__article_id")
        ).order_by("title"),
    )

    class Meta:
        model = Verdict
        fields: list[str] = []

    def filter_source(self, verdicts, name, value):
        if value == "held":
            return verdicts.filter(decision=Verdict.Decision.HOLD)
        if value == "review":
            return verdicts.filter(decision=Verdict.Decision.PUBLISH, flag_count=0)
        return verdicts.filter(flag_count__gt=0)

    def filter_category(self, verdicts, name, value):
        return queries.with_reason_category(verdicts, value)

    def filter_severity(self, verdicts, name, value):
        return verdicts.filter(severity__gte=int(value))

    def filter_section(self, verdicts, name, value):
        return verdicts.filter(comment__article__path__startswith=value.path)


# ordering parameter: (label, the queue's order)
SORTS = {
    "-created": ("Newest first", ("-created", "-comment_id")),
    "-flag_weight": ("Most reported first", ("-flag_weight", "-flag_count", "-created")),
    "-severity": ("Most urgent first", ("-severity", "-created")),
}


class QueueView(ModeratorRequiredMixin, BaseListingView):
    template_name = "moderation/admin/queue.html"
    results_template_name = "moderation/admin/queue_results.html"
    page_title = "Moderation queue"
    header_icon = "warning"
    index_url_name = QUEUE
    index_results_url_name = "moderation_queue:index_results"
    filterset_class = QueueFilterSet
    default_ordering = "-created"
    paginate_by = 25
    verbose_name_plural = "comments awaiting review"

    def get_base_queryset(self):
        return queries.review_queue()

    def get_valid_orderings(self):
        return list(SORTS)

    def order_queryset(self, queryset):
        return queryset.order_by(*SORTS[self.ordering][1])

    @cached_property
    def return_url(self) -> str:
        """The queue as the moderator sees it, for the forms to come back to."""
        return _listing_url(self.request, self.index_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        query.pop(self.page_kwarg, None)
        sorts = []
        for ordering, (label, _fields) in SORTS.items():
            query["ordering"] = ordering
            sorts.append(
                (label, f"{self.index_url}?{query.urlencode()}", ordering == self.ordering)
            )
        context.update(
            entries=queries.queue_entries(context["object_list"]),
            sorts=sorts,
            return_url=self.return_url,
            ban_choices=BAN_CHOICES,
        )
        return context


class CommentReviewView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One comment as the queue shows it, with its audit events: where the audit log links."""

    template_name = "moderation/admin/comment.html"
    header_icon = "comment"

    @cached_property
    def verdict(self) -> Verdict:
        return get_object_or_404(
            Verdict.objects.select_related("comment__article", "comment__author", "decided_by"),
            comment_id=self.kwargs["comment_id"],
        )

    def get_page_title(self):
        return f"Comment {self.verdict.comment_id}"

    def get_page_subtitle(self):
        return f"by {author_name(self.verdict.comment.author)}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(QUEUE), "label": QueueView.page_title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        [entry] = queries.queue_entries([self.verdict])
        context.update(
            entry=entry,
            events=queries.audit_log().filter(comment_id=self.verdict.comment_id),
            return_url=self.request.path,
            ban_choices=BAN_CHOICES,
        )
        return context


def _listing_url(request, index_url: str) -> str:
    """The listing as the moderator sees it (filters, sort, page), for a form to come back to."""
    query = request.GET.copy()
    query.pop("_w_filter_fragment", None)
    return f"{index_url}?{query.urlencode()}" if query else index_url


def _return_url(request, fallback: str = QUEUE) -> str:
    """The admin page a form said to come back to, else the `fallback` listing."""
    url = request.POST.get("next", "")
    if url.startswith(reverse("wagtailadmin_home")) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(fallback)


def _awaiting(request, comment_id: int) -> Verdict | None:
    if not can_moderate(request.user):
        raise PermissionDenied
    verdict = queries.review_queue().filter(comment_id=comment_id).first()
    if verdict is None:
        messages.warning(
            request,
            f"Comment {comment_id} is no longer waiting for a moderator: someone has decided it.",
        )
    return verdict


# decision: (action, what the message says was done)
DECISIONS = {
    "approve": (actions.approve_comment, "Approved"),
    "reject": (actions.reject_comment, "Rejected"),
}


@require_POST
def decide_view(request, comment_id: int, decision: str):
    verdict = _awaiting(request, comment_id)
    if verdict is not None:
        decide, done = DECISIONS[decision]
        comment = decide(comment=verdict.comment, moderator=request.user)
        messages.success(request, f"{done} the comment by {author_name(comment.author)}.")
    return redirect(_return_url(request))


@require_POST
def ban_view(request, comment_id: int):
    """Ban the author and reject the comment, in one transaction."""
    verdict = _awaiting(request, comment_id)
    form = BanForm(request.POST)
    if verdict is None:
        return redirect(_return_url(request))
    author = verdict.comment.author
    if author is None:
        messages.error(request, "The author's account is deleted: there is nobody to ban.")
    elif author.is_staff or author.is_superuser:
        # A ban signs its reader out everywhere: from the queue, one moderator could sign out an
        # editor mid-edit, an administrator, or themselves. Staff lose staff access first.
        messages.error(
            request,
            f"{author.public_name} has a staff account: remove their staff access before banning "
            "them (a ban signs them out everywhere, the admin included).",
        )
    elif not form.is_valid():
        messages.error(request, "Choose how long to ban the author for.")
    else:
        reason = form.cleaned_data["reason"] or _ban_reason(verdict)
        with transaction.atomic():
            actions.ban_author(
                user=author,
                moderator=request.user,
                until=form.until(timezone.now()),
                reason=reason,
            )
            actions.reject_comment(comment=verdict.comment, moderator=request.user, reason=reason)
        duration = dict(BAN_CHOICES)[form.cleaned_data["duration"]]
        how_long = (
            "for good" if form.cleaned_data["duration"] == BAN_FOR_GOOD else f"for {duration}"
        )
        messages.success(
            request, f"Banned {author.public_name} {how_long} and rejected their comment."
        )
    return redirect(_return_url(request))


def _ban_reason(verdict: Verdict) -> str:
    names = ", ".join(reason.get("name", "") for reason in verdict.reasons)
    return f"Comment {verdict.comment_id}" + (f" ({names})" if names else "")


@require_POST
def bulk_view(request):
    if not can_moderate(request.user):
        raise PermissionDenied
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("comments", ["Choose a decision."])))
        return redirect(_return_url(request))
    decide, done = DECISIONS[form.cleaned_data["decision"]]
    chosen = form.cleaned_data["comments"]
    verdicts = list(queries.review_queue().filter(comment_id__in=chosen))
    for verdict in verdicts:
        decide(comment=verdict.comment, moderator=request.user)
    message = f"{done} {len(verdicts)} comment{'' if len(verdicts) == 1 else 's'}."
    if len(verdicts) < len(chosen):
        skipped = len(chosen) - len(verdicts)
        message += f" {skipped} had already been decided."
    messages.success(request, message)
    return redirect(_return_url(request))


# The audit log

GAZETTE = "Gazette"  # who acted when nobody did: the pipeline, the flags


def actor_name(event: AuditEvent) -> str:
    return event.actor.public_name if event.actor else GAZETTE


class LinkColumn(Column):
    """A plain link (TitleColumn's cell is a heading), or nothing where `get_url` gives None."""

    cell_template_name = "moderation/admin/link_cell.html"

    def __init__(self, name, *, get_url, **kwargs):
        super().__init__(name, **kwargs)
        self.get_url = get_url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["link_url"] = self.get_url(instance)
        return context


class AuditFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label="What", choices=AuditEvent.Action.choices)
    actor = django_filters.ChoiceFilter(
        label="Who",
        method="filter_actor",
        choices=lambda: [
            ("gazette", f"{GAZETTE} (automatic)"),
            *((str(user.pk), user.public_name) for user in queries.moderators()),
        ],
    )
    created = django_filters.DateFromToRangeFilter(label="When", widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_actor(self, events, name, value):
        if value == "gazette":
            return events.filter(actor__isnull=True)
        return events.filter(actor_id=value)


class AuditLogView(ModeratorRequiredMixin, ReportView):
    page_title = "Moderation audit log"
    header_icon = "history"
    index_url_name = "moderation_audit:index"
    index_results_url_name = "moderation_audit:index_results"
    filterset_class = AuditFilterSet
    default_ordering = "-created"
    verbose_name_plural = "audit events"
    columns = [
        Column(
            "created",
            label="When",
            sort_key="created",
            accessor=lambda event: f"{timezone.localtime(event.created):%Y-%m-%d %H:%M:%S}",
        ),
        Column("who", label="Who", accessor=actor_name),
        Column("action", label="What", accessor="get_action_display"),
        LinkColumn(
            "comment",
            label="Comment",
            accessor=lambda event: f"Comment {event.comment_id}" if event.comment_id else "",
            get_url=lambda event: (
                reverse("moderation_queue:comment", args=[event.comment_id])
                if event.comment_id
                else None
            ),
        ),
        Column("subject", label="About", accessor=lambda event: event.subject or ""),
        Column("reason", label="Reason"),
    ]
    list_export = ["created", "actor_name", "action", "comment_id", "subject_name", "reason"]
    export_headings = {
        "created": "When",
        "actor_name": "Who",
        "action": "What",
        "comment_id": "Comment",
        "subject_name": "About",
        "reason": "Reason",
    }
    # Reasons and names are typed by readers and moderators.
    custom_value_preprocess = with_formulas_neutralized(ReportView.custom_value_preprocess)
    custom_field_preprocess = {
        "action": {
            "csv": lambda action: AuditEvent.Action(action).label,
            "xlsx": lambda action: AuditEvent.Action(action).label,
        },
        "created": {"csv": lambda created: timezone.localtime(created).isoformat()},
    }

    def get_filename(self):
        return f"moderation-audit-log-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        return queries.audit_log()

    def get_valid_orderings(self):
        return ["created", "-created"]

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, "-id" if self.ordering == "-created" else "id")

    def to_row_dict(self, item):
        return {
            "created": item.created,
            "actor_name": actor_name(item),
            "action": item.action,
            "comment_id": item.comment_id or "",
            "subject_name": str(item.subject) if item.subject_id else "",
            "reason": item.reason,
        }

    def get(self, request, *args, **kwargs):
        # The listing's context counts the rows it shows, which for an export is all of them.
        if self.is_export:
            return self.as_spreadsheet(self.get_filtered_queryset(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def stream_csv(self, queryset):
        # Read the log in chunks: a QuerySet iterated whole is cached whole.
        return super().stream_csv(queryset.iterator(chunk_size=2000))

    def get_heading(self, queryset, field):
        return self.export_headings[field]


# The dashboard


def duration_text(duration: timedelta | None) -> str:
    """'3 d 4 h', '2 h 5 min', '40 s': the two largest units."""
    if duration is None:
        return ""
    seconds = int(duration.total_seconds())
    parts = [
        (seconds // 86400, "d"),
        (seconds % 86400 // 3600, "h"),
        (seconds % 3600 // 60, "min"),
        (seconds % 60, "s"),
    ]
    while len(parts) > 1 and parts[0][0] == 0:
        parts.pop(0)
    return " ".join(
        f"{amount} {unit}" for amount, unit in parts[:2] if amount or unit == parts[0][1]
    )


class DashboardView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/dashboard.html"
    page_title = "Moderation dashboard"
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("moderation_dashboard:index"), "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = queries.moderation_dashboard()
        context.update(
            dashboard=dashboard,
            median_wait=duration_text(dashboard.median_time_to_decision),
            days_chart=charts.daily_chart(dashboard.days),
            reasons_chart=charts.reasons_chart(dashboard.top_reasons),
        )
        return context


# Bans

BANS = "moderation_bans:index"
# The listing's filter: what `queries.bans(active=...)` it shows.
BANS_SHOWN = {"": True, "past": False, "all": None}


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _ban_status(ban) -> str:
    if ban.is_active:
        return ""
    return f"Lifted {_when(ban.lifted)}" if ban.lifted else f"Ended {_when(ban.until)}"


class LiftBanColumn(Column):
    """An active ban's "Lift ban" form, or when a past ban was lifted or ended."""

    cell_template_name = "moderation/admin/bans_lift_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context.update(
            csrf_token=get_token(request),
            lift_url=reverse("moderation_bans:lift", args=[instance.pk]),
            return_url=_listing_url(request, reverse(BANS)),
            status=_ban_status(instance),
        )
        return context


class BanFilterSet(WagtailFilterSet):
    shown = django_filters.ChoiceFilter(
        label="Show",
        choices=[("past", "Past bans: lifted or ended"), ("all", "Active and past bans")],
        empty_label="Active bans",
        method="filter_shown",
    )

    class Meta:
        model = Ban
        fields: list[str] = []

    def filter_shown(self, bans, name, value):
        # The view's base queryset already applies the choice (BANS_SHOWN): django-filter
        # calls no method for the empty one, "Active bans", which filters too.
        return bans


class BansView(ModeratorRequiredMixin, BaseListingView):
    template_name = "moderation/admin/bans.html"
    page_title = "Bans"
    header_icon = "lock"
    index_url_name = BANS
    index_results_url_name = "moderation_bans:index_results"
    filterset_class = BanFilterSet
    default_ordering = "-created"
    paginate_by = 25
    verbose_name_plural = "bans"
    columns = [
        TitleColumn(
            "reader",
            label="Reader",
            accessor=lambda ban: f"{ban.user.public_name} ({ban.user.username})",
            get_title_id=lambda ban: f"ban-{ban.pk}-reader",
        ),
        Column(
            "created", label="Since", sort_key="created", accessor=lambda ban: _when(ban.created)
        ),
        Column(
            "until",
            label="Until",
            accessor=lambda ban: _when(ban.until) if ban.until else "for good",
        ),
        Column("reason", label="Reason"),
        Column(
            "created_by",
            label="Banned by",
            accessor=lambda ban: capfirst(author_name(ban.created_by)),
        ),
        LiftBanColumn("lift", label="Lift ban"),
    ]

    @cached_property
    def active(self) -> bool | None:
        shown = self.filters.form.cleaned_data["shown"] if self.filters.is_valid() else ""
        return BANS_SHOWN[shown]

    @cached_property
    def no_results_message(self):
        return {
            True: "Nobody is banned now.",
            False: "No ban has been lifted or has ended.",
            None: "Nobody has been banned.",
        }[self.active]

    def get_base_queryset(self):
        return queries.bans(active=self.active)

    def get_valid_orderings(self):
        return ["created", "-created"]

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, "-id" if self.ordering == "-created" else "id")


class LiftBanForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False)


@require_POST
def lift_ban_view(request, ban_id: int):
    if not can_moderate(request.user):
        raise PermissionDenied
    form = LiftBanForm(request.POST)
    with transaction.atomic():
        # Locked, so that two moderators lifting it at once record one lift.
        ban = get_object_or_404(
            queries.bans(active=None).select_for_update(of=("self",)), pk=ban_id
        )
        name = ban.user.public_name
        if not ban.is_active:
            ended = "was already lifted" if ban.lifted else "had already ended"
            messages.error(request, f"The ban on {name} {ended}: there is nothing to lift.")
        elif not form.is_valid():
            messages.error(request, " ".join(str(error) for error in form.errors["reason"]))
        else:
            actions.lift_ban(ban=ban, moderator=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, f"Lifted the ban on {name}.")
    return redirect(_return_url(request, fallback=BANS))
