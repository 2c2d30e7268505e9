"""The moderation dashboard: comments per day over the last 30 days, the shares held and
rejected, the median time to a moderator's decision, the top reasons and the posting limits
readers reached, exact on a known set of comments, drawn as SVG charts with the figures in
tables, in a fixed number of queries."""

import uuid
from datetime import date, timedelta

import lxml.html
import pytest
import test_audit_admin
import test_queue_admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import ArticlePageFactory
from test_queue_admin import CALL, LINKS, WORDS, post, reader

from gazette.comments import actions as comment_actions
from gazette.comments.models import Comment
from gazette.moderation import actions, charts, queries
from gazette.moderation.errors import RateLimited
from gazette.moderation.models import AuditEvent, Verdict
from gazette.moderation.pipeline import Category, Decision, Reason
from gazette.moderation.queries import DayFigures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

DASHBOARD = "/admin/moderation/dashboard/"
BANNED = Reason("words.banned", Category.WORDS, 2, 1.0, 'Banned word "x".', Decision.REJECT)


# The queue's fixtures: a moderator (not a superuser), and the checks without the model.
moderator = test_queue_admin.moderator


@pytest.fixture
def now():
    return timezone.now()


def stored(comment, *, created, decision=Verdict.Decision.PUBLISH, reasons=(), status=None):
    """Back-date a comment posted just now, and give it the verdict the test needs."""
    if decision == Verdict.Decision.HOLD:
        status = Comment.Status.PENDING
    if status:
        comment_actions.set_comment_status(comment=comment, status=status)
    Comment.objects.filter(pk=comment.pk).update(created=created)
    Verdict.objects.filter(comment=comment).update(
        created=created,
        decision=decision,
        reasons=[reason.as_dict() for reason in reasons],
        awaiting_review=decision == Verdict.Decision.HOLD,
    )
    comment.refresh_from_db()
    return comment


def decided(comment, decide, moderator, *, after: timedelta):
    decide(comment=comment, moderator=moderator)
    verdict = Verdict.objects.get(comment=comment)
    Verdict.objects.filter(comment=comment).update(decided=verdict.created + after)


def refused(article, author, *, created):
    """A post the per-reader limit refuses (set to none: nothing is stored), its audit event
    back-dated."""
    with pytest.raises(RateLimited):
        comment_actions.post_comment(
            article=article,
            author=author,
            body="One post too many.",
            client_token=uuid.uuid4().hex,
            ip_address="203.0.113.9",
        )
    AuditEvent.objects.filter(action=AuditEvent.Action.POSTING_THROTTLED, subject=author).update(
        created=created
    )


@pytest.fixture
def known_month(section, moderator, now, settings):
    """Seven comments in the window (today, yesterday, 29 days ago) and one just before it;
    two readers refused by a posting limit in the window and one just before it."""
    article = ArticlePageFactory(parent=section)
    ada = reader("ada")
    hold = Verdict.Decision.HOLD
    today, yesterday, first_day = now, now - timedelta(days=1), now - timedelta(days=29)

    stored(post(article, ada), created=today)
    approved_later = stored(
        post(article, ada), created=today, decision=hold, reasons=[LINKS, WORDS]
    )
    decided(approved_later, actions.approve_comment, moderator, after=timedelta(hours=2))
    stored(
        post(article, ada),
        created=today,
        decision=Verdict.Decision.REJECT,
        reasons=[BANNED],
        status=Comment.Status.REJECTED,
    )

    rejected_later = stored(post(article, ada), created=yesterday, decision=hold, reasons=[LINKS])
    decided(rejected_later, actions.reject_comment, moderator, after=timedelta(hours=4))
    stored(post(article, ada), created=yesterday, decision=hold, reasons=[CALL])

    stored(post(article, ada), created=first_day)
    quick = stored(post(article, ada), created=first_day, decision=hold, reasons=[LINKS])
    decided(quick, actions.approve_comment, moderator, after=timedelta(minutes=30))

    stored(post(article, ada), created=now - timedelta(days=31), decision=hold, reasons=[WORDS])

    settings.MODERATION_POSTS_PER_MINUTE_PER_ACCOUNT = 0
    refused(article, reader("flo"), created=today)
    refused(article, reader("gus"), created=first_day)
    refused(article, reader("hal"), created=now - timedelta(days=31))


def test_the_figures_are_exact_on_a_known_month(known_month, now):
    dashboard = queries.moderation_dashboard(now=now)

    today = timezone.localdate(now)
    assert len(dashboard.days) == 30
    assert dashboard.days[0].day == today - timedelta(days=29)
    assert dashboard.days[-1] == DayFigures(today, comments=3, held=1, rejected_automatically=1)
    assert dashboard.days[-2] == DayFigures(
        today - timedelta(days=1), comments=2, held=2, rejected_automatically=0
    )
    assert dashboard.days[0] == DayFigures(
        today - timedelta(days=29), comments=2, held=1, rejected_automatically=0
    )
    assert sum(day.comments for day in dashboard.days[1:-2]) == 0
    assert (dashboard.comments, dashboard.held, dashboard.rejected) == (7, 4, 2)
    assert round(dashboard.held_percent, 1) == 57.1
    assert round(dashboard.rejected_percent, 1) == 28.6
    assert dashboard.decided == 3
    assert dashboard.median_time_to_decision == timedelta(hours=2)
    assert dashboard.awaiting_review == 2  # yesterday's call for violence, and the old one
    assert dashboard.top_reasons == [
        ("links.too_many", 3),
        ("violence.call_against_group", 1),
        ("words.banned", 1),
        ("words.watched", 1),
    ]
    assert dashboard.posting_limits_reached == 2


def test_the_figures_take_five_queries_however_many_comments(known_month, section, now):
    with CaptureQueriesContext(connection) as few:
        queries.moderation_dashboard(now=now)
    article = ArticlePageFactory(parent=section)
    for number in range(5):
        stored(post(article, reader(f"more{number}")), created=now, reasons=[LINKS])

    with CaptureQueriesContext(connection) as more:
        dashboard = queries.moderation_dashboard(now=now)

    assert dashboard.comments == 12
    assert (len(few), len(more)) == (5, 5)


def test_the_dashboard_page_states_the_figures_beside_its_charts(client, moderator, known_month):
    client.force_login(moderator)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    summary = {
        " ".join(row.xpath("./th")[0].text_content().split()): " ".join(
            row.xpath("./td")[0].text_content().split()
        )
        for row in document.xpath("//section[@aria-labelledby='summary-title']//tr")
    }
    assert summary == {
        "Comments": "7",
        "Held for review by the checks": "4 (57.1%)",
        "Rejected, automatically or by a moderator": "2 (28.6%)",
        "Median time to a moderator's decision": "2 h (3 decided)",
        "Waiting in the queue now": "2",
        "Posting limits reached": "2",
    }
    limits = document.xpath("//th[normalize-space()='Posting limits reached']")[0]
    note = document.get_element_by_id(limits.get("aria-describedby"))
    assert "each counts one reader or one address that hit a posting limit within one window" in (
        " ".join(note.text_content().split())
    )
    first_day = timezone.localdate(timezone.now()) - timedelta(days=29)
    link = limits.xpath("../td/a/@href")
    assert link == [f"/admin/moderation/audit/?action=posting_throttled&created_from={first_day}"]
    # The link lists the refusals counted: those in the window, not the one just before it.
    listed = test_audit_admin.rows(client.get(link[0]))
    assert sorted(row[4] for row in listed) == ["Flo", "Gus"]
    days_chart, reasons_chart = document.xpath("//svg[@class='moderation-chart']")
    assert days_chart.xpath("./title")[0].text == "Comments per day, by what the checks decided"
    kinds = [rect.get("class").split()[-1] for rect in days_chart.xpath(".//rect")]
    assert sorted(kinds) == sorted(
        ["moderation-chart__bar--published"] * 2
        + ["moderation-chart__bar--held"] * 3
        + ["moderation-chart__bar--rejected"]
    )
    assert len(reasons_chart.xpath(".//rect")) == 4
    reasons = [
        [cell.text_content().strip() for cell in row.xpath("./td")]
        for row in document.xpath("//section[@aria-labelledby='reasons-title']//tbody/tr")
    ]
    assert reasons[0] == ["links.too_many", "3"]
    day_rows = document.xpath("//details[@class='moderation-figures__days']//tbody/tr")
    assert len(day_rows) == 30
    assert [cell.text_content() for cell in day_rows[-1].xpath("./td")][1:] == ["3", "1", "1", "1"]


def test_an_empty_month_says_so(client, moderator):
    client.force_login(moderator)

    response = client.get(DASHBOARD)

    assert b"No comment was given a reason in these days." in response.content
    assert b"No decisions yet (0 decided)" in response.content


def test_the_days_are_stacked_in_whole_units_without_gaps():
    days = [
        DayFigures(date(2026, 3, 1), comments=10, held=3, rejected_automatically=2),
        DayFigures(date(2026, 3, 2), comments=0, held=0, rejected_automatically=0),
        DayFigures(date(2026, 3, 3), comments=4, held=4, rejected_automatically=0),
    ]

    chart = charts.daily_chart(days)

    first_day = [bar for bar in chart.bars if bar.title.startswith("1 Mar")]
    assert [bar.kind for bar in first_day] == ["published", "held", "rejected"]
    for lower, upper in zip(first_day, first_day[1:], strict=False):
        assert upper.y + upper.height == lower.y
    assert first_day[0].y + first_day[0].height == chart.plot_bottom
    assert all(
        isinstance(getattr(bar, name), int)
        for bar in chart.bars
        for name in ("x", "y", "width", "height")
    )
    assert chart.plot_top < first_day[-1].y
    assert [label.text for label in chart.y_labels] == ["0", "5", "10"]
    assert [bar.title for bar in chart.bars if bar.title.startswith("3 Mar")] == [
        "3 Mar: 4 held for review"
    ]


def test_the_reasons_are_bars_as_long_as_their_counts():
    chart = charts.reasons_chart(
        [("links.too_many", 4), ("words.watched", 2), ("spam.duplicate", 1)]
    )

    assert [bar.width for bar in chart.bars] == [380, 190, 95]
    assert [label.text for label in chart.y_labels] == [
        "links.too_many",
        "words.watched",
        "spam.duplicate",
    ]
    assert chart.description == "links.too_many: 4, words.watched: 2, spam.duplicate: 1"
