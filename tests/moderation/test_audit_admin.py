"""The moderation audit log in the Wagtail admin: who did what, when and why, its filters, and
its CSV export, streamed, with cells a spreadsheet would run as formulas turned into text."""

import csv
import io
import uuid
from datetime import datetime, timedelta

import lxml.html
import pytest
import test_queue_admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import ArticlePageFactory, ReaderFactory
from test_queue_admin import LINKS, grant_moderation, hold, post, reader

from gazette.comments import actions as comment_actions
from gazette.moderation import actions
from gazette.moderation.errors import RateLimited
from gazette.moderation.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

AUDIT = "/admin/moderation/audit/"
HEADINGS = ["When", "Who", "What", "Comment", "About", "Reason"]


# The queue's fixtures: a moderator (not a superuser), a client signed in as them, and the
# checks without the incitement model.
moderator = test_queue_admin.moderator
moderator_client = test_queue_admin.moderator_client


@pytest.fixture
def history(section, moderator):
    """A published comment, a held one a moderator approved, and a ban: the events in the
    order they happened, a day apart, the first on 2 March 2026."""
    article = ArticlePageFactory(parent=section)
    ada, brook = reader("ada"), reader("brook")
    published = post(article, brook)
    approved = hold(post(article, ada), LINKS)
    actions.approve_comment(comment=approved, moderator=moderator, reason="Links are fine")
    actions.ban_author(user=ada, moderator=moderator, reason='=HYPERLINK("http://x","y")')
    first = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.get_current_timezone())
    events = list(AuditEvent.objects.order_by("id"))
    for day, event in enumerate(events):
        AuditEvent.objects.filter(pk=event.pk).update(created=first + timedelta(days=day))
    return {"published": published, "approved": approved, "ada": ada}


def rows(response) -> list[list[str]]:
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
        for row in document.xpath("//table[contains(@class, 'listing')]/tbody/tr")
    ]


def exported(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv"
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_log_says_who_did_what_when_about_whom_and_why(moderator_client, history):
    published, approved = history["published"], history["approved"]

    response = moderator_client.get(AUDIT)

    assert rows(response) == [
        [
            "2026-03-05 09:30:00",
            "Morgan Reyes",
            "Author banned",
            "",
            "Ada",
            '=HYPERLINK("http://x","y")',
        ],
        [
            "2026-03-04 09:30:00",
            "Morgan Reyes",
            "Approved",
            f"Comment {approved.pk}",
            "Ada",
            "Links are fine",
        ],
        [
            "2026-03-03 09:30:00",
            "Gazette",
            "Published automatically",
            f"Comment {approved.pk}",
            "Ada",
            "",
        ],
        [
            "2026-03-02 09:30:00",
            "Gazette",
            "Published automatically",
            f"Comment {published.pk}",
            "Brook",
            "",
        ],
    ]
    document = lxml.html.fromstring(response.content)
    assert document.xpath(f"//a[normalize-space()='Comment {approved.pk}']/@href")[0] == (
        f"/admin/moderation/queue/{approved.pk}/"
    )


def test_the_log_lists_a_reader_refused_by_a_posting_limit_once(
    moderator_client, posting_clock, posting_limits, section
):
    article = ArticlePageFactory(parent=section)
    ada = reader("ada")
    outcomes = []
    for _ in range(8):
        try:
            comment_actions.post_comment(
                article=article,
                author=ada,
                body=f"Posted in a hurry {uuid.uuid4().hex}.",
                client_token=uuid.uuid4().hex,
                ip_address="203.0.113.9",
            )
            outcomes.append("stored")
        except RateLimited:
            outcomes.append("refused")

    listed = rows(moderator_client.get(AUDIT, {"action": "posting_throttled"}))

    assert outcomes == ["stored"] * 5 + ["refused"] * 3
    assert [row[1:] for row in listed] == [
        ["Gazette", "Posting refused by a rate limit", "", "Ada", "5 comments a minute per reader"]
    ]


@pytest.mark.parametrize(
    ("query", "whats"),
    [
        ({"action": "comment_approved"}, ["Approved"]),
        ({"actor": "gazette"}, ["Published automatically", "Published automatically"]),
        (
            {"created_from": "2026-03-03", "created_to": "2026-03-04"},
            ["Approved", "Published automatically"],
        ),
        ({"created_from": "2026-03-05"}, ["Author banned"]),
    ],
)
def test_the_log_filters_by_action_actor_and_dates(moderator_client, history, query, whats):
    assert [row[2] for row in rows(moderator_client.get(AUDIT, query))] == whats


def test_the_log_filters_by_moderator(moderator_client, moderator, history):
    other = grant_moderation(ReaderFactory(username="nina", display_name="Nina Park"))
    other_comment = hold(post(history["approved"].article, reader("cyd")), LINKS)
    actions.reject_comment(comment=other_comment, moderator=other)

    mine = rows(moderator_client.get(AUDIT, {"actor": moderator.pk}))
    theirs = rows(moderator_client.get(AUDIT, {"actor": other.pk}))

    assert [row[2] for row in mine] == ["Author banned", "Approved"]
    assert [(row[1], row[2]) for row in theirs] == [("Nina Park", "Rejected")]


def test_the_csv_export_streams_the_filtered_log_with_formulas_made_text(moderator_client, history):
    everything = exported(moderator_client.get(AUDIT, {"export": "csv"}))
    bans = exported(moderator_client.get(AUDIT, {"export": "csv", "action": "author_banned"}))

    assert everything[0] == HEADINGS
    assert len(everything) == 5
    assert bans == [
        HEADINGS,
        [
            "2026-03-05T09:30:00+00:00",
            "Morgan Reyes",
            "Author banned",
            "",
            "Ada",
            '\'=HYPERLINK("http://x","y")',
        ],
    ]
    assert everything[-1][1:5] == [
        "Gazette",
        "Published automatically",
        str(history["published"].pk),
        "Brook",
    ]


def test_the_export_reads_the_log_once_in_chunks(moderator_client, history):
    with CaptureQueriesContext(connection) as queries:
        response = moderator_client.get(AUDIT, {"export": "csv"})
        rows = exported(response)

    assert len(rows) == 5
    reads = [query["sql"] for query in queries if '"moderation_auditevent"' in query["sql"]]
    assert len(reads) == 1


@pytest.mark.parametrize("typed", ["-2+3", "+cmd", "@SUM(A1)", "\tTabbed"])
def test_every_formula_leading_character_is_neutralised(moderator_client, moderator, typed):
    actions.ban_author(user=reader("ada"), moderator=moderator, reason=typed)

    [_headings, row] = exported(moderator_client.get(AUDIT, {"export": "csv"}))

    assert row[-1] == "'" + typed


def test_the_log_is_for_moderators_only(client, history):
    editor = ReaderFactory(username="edith", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)

    for query in ({}, {"export": "csv"}):
        response = client.get(AUDIT, query)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
