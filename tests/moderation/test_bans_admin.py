"""The bans in the Wagtail admin: the active ones listed newest first with who, since and until
when and why, the past ones on request, and the "Lift ban" form that lets the reader post
again, recorded in the audit log; refused, and saying why, for a ban that no longer holds."""

from datetime import datetime, timedelta

import lxml.html
import pytest
import test_queue_admin
from django.contrib.auth.models import Permission
from django.utils import timezone
from factories import ReaderFactory
from test_queue_admin import messages_in, post, reader

from gazette.comments.models import Comment
from gazette.moderation import actions
from gazette.moderation.errors import Banned
from gazette.moderation.models import AuditEvent, Ban

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

BANS = "/admin/moderation/bans/"
AUDIT = "/admin/moderation/audit/"
HEADINGS = ["Reader", "Since", "Until", "Reason", "Banned by", "Lift ban"]

# The queue's fixtures: a moderator (not a superuser), a client signed in as them, an article.
moderator = test_queue_admin.moderator
moderator_client = test_queue_admin.moderator_client
article = test_queue_admin.article


def when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def ban(user, moderator, *, since: datetime, until=None, reason="") -> Ban:
    """A ban through the action, dated `since`."""
    banned = actions.ban_author(user=user, moderator=moderator, until=until, reason=reason)
    Ban.objects.filter(pk=banned.pk).update(created=since)
    banned.refresh_from_db()
    return banned


@pytest.fixture
def bans(moderator):
    """Ada banned for a week and Brook for good, both in force; Cyd's ban lifted, Dee's ended
    yesterday. Brook's is the newest."""
    first = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.get_current_timezone())
    now = timezone.now()
    other = ReaderFactory(username="otto", display_name="Otto Vance")
    lifted = ban(reader("cyd"), moderator, since=first, reason="Spam")
    actions.lift_ban(ban=lifted, moderator=moderator, reason="Appeal")
    return {
        "lifted": lifted,
        "ended": ban(reader("dee"), other, since=first, until=now - timedelta(days=1)),
        "week": ban(
            reader("ada"),
            moderator,
            since=first + timedelta(days=1),
            until=now + timedelta(days=7),
            reason="Threatened another reader",
        ),
        "for good": ban(reader("brook"), other, since=first + timedelta(days=2), reason="Doxxing"),
    }


def document(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content)


def rows(response) -> list[list[str]]:
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
        for row in document(response).xpath("//table[contains(@class, 'listing')]/tbody/tr")
    ]


def readers(response) -> list[str]:
    return [row[0] for row in rows(response)]


def lift(client, banned: Ban, **fields):
    return client.post(f"{BANS}{banned.pk}/lift/", fields, follow=True)


# What the page lists


def test_the_page_lists_the_active_bans_newest_first_with_who_when_and_why(moderator_client, bans):
    response = moderator_client.get(BANS)

    headings = document(response).xpath("//table[contains(@class, 'listing')]/thead//th")
    assert [" ".join(th.text_content().split()) for th in headings] == HEADINGS
    assert rows(response) == [
        [
            "Brook (brook)",
            "2026-03-04 09:30",
            "for good",
            "Doxxing",
            "Otto Vance",
            "Reason Lift ban",
        ],
        [
            "Ada (ada)",
            "2026-03-03 09:30",
            when(bans["week"].until),
            "Threatened another reader",
            "Morgan Reyes",
            "Reason Lift ban",
        ],
    ]


def test_the_oldest_first_order_and_the_past_and_all_bans_are_a_filter_away(moderator_client, bans):
    oldest_first = moderator_client.get(BANS, {"ordering": "created"})
    past = moderator_client.get(BANS, {"shown": "past"})
    every_ban = moderator_client.get(BANS, {"shown": "all"})
    filtered = moderator_client.get(f"{BANS}results/", {"shown": "past", "_w_filter_fragment": 1})

    assert readers(oldest_first) == ["Ada (ada)", "Brook (brook)"]
    assert [[row[0], row[-1]] for row in rows(past)] == [
        ["Dee (dee)", f"Ended {when(bans['ended'].until)}"],
        ["Cyd (cyd)", f"Lifted {when(bans['lifted'].lifted)}"],
    ]
    assert not document(past).xpath("//form[contains(@action, '/lift/')]")
    assert rows(filtered) == rows(past)
    assert readers(every_ban) == ["Brook (brook)", "Ada (ada)", "Dee (dee)", "Cyd (cyd)"]


def test_without_bans_the_page_says_nobody_is_banned(moderator_client, db):
    response = moderator_client.get(BANS)

    assert rows(response) == []
    assert "Nobody is banned now." in document(response).text_content()


def test_the_bans_are_paginated_25_a_page(moderator_client, moderator):
    since = timezone.now() - timedelta(days=30)
    for n in range(27):
        ban(reader(f"r{n:02}"), moderator, since=since + timedelta(minutes=n))

    first = moderator_client.get(BANS)
    second = moderator_client.get(BANS, {"p": 2})

    assert len(rows(first)) == 25
    assert readers(second) == ["R01 (r01)", "R00 (r00)"]
    assert "Page 2 of 2" in " ".join(document(second).text_content().split())


def test_every_active_ban_has_a_lift_form_with_a_reason_posting_back_to_the_page(
    moderator_client, bans
):
    page = document(moderator_client.get(BANS, {"ordering": "created"}))

    forms = page.xpath("//form[contains(@action, '/lift/')]")
    assert [form.get("action") for form in forms] == [
        f"{BANS}{bans['week'].pk}/lift/",
        f"{BANS}{bans['for good'].pk}/lift/",
    ]
    for form in forms:
        assert form.get("method") == "post"
        assert form.xpath(".//input[@name='csrfmiddlewaretoken']/@value") != [""]
        assert form.xpath(".//input[@name='next']/@value") == [f"{BANS}?ordering=created"]
        assert form.xpath(".//label[normalize-space()='Reason']/input/@name") == ["reason"]
        assert form.xpath(".//button[@type='submit']/text()") == ["Lift ban"]


# Lifting a ban


def test_lifting_a_ban_lets_the_reader_post_again_and_the_audit_log_says_who_and_why(
    moderator_client, moderator, bans, article
):
    ada = bans["week"].user
    with pytest.raises(Banned):
        post(article, ada)

    response = lift(moderator_client, bans["week"], reason="Apologised", next=BANS)

    assert response.redirect_chain == [(BANS, 302)]
    assert messages_in(response) == "Lifted the ban on Ada."
    assert readers(response) == ["Brook (brook)"]
    bans["week"].refresh_from_db()
    assert bans["week"].lifted is not None
    assert post(article, ada).status == Comment.Status.PUBLISHED
    event = AuditEvent.objects.get(action=AuditEvent.Action.BAN_LIFTED, subject=ada)
    assert (event.actor, event.reason) == (moderator, "Apologised")
    [logged] = [row for row in rows(moderator_client.get(AUDIT)) if row[2] == "Ban lifted"][:1]
    assert logged[1:] == ["Morgan Reyes", "Ban lifted", "", "Ada", "Apologised"]


def test_the_reason_is_optional(moderator_client, bans):
    response = lift(moderator_client, bans["for good"])

    assert messages_in(response) == "Lifted the ban on Brook."
    event = AuditEvent.objects.get(action=AuditEvent.Action.BAN_LIFTED, subject__username="brook")
    assert event.reason == ""


def test_lifting_returns_to_the_page_as_it_was_and_never_off_it(moderator_client, bans):
    url = f"{BANS}{bans['week'].pk}/lift/"
    back = f"{BANS}?shown=all&ordering=created"

    kept = moderator_client.post(url, {"next": back})
    refused = moderator_client.post(
        f"{BANS}{bans['for good'].pk}/lift/", {"next": "https://elsewhere.example/admin/"}
    )

    assert kept["Location"] == back
    assert refused["Location"] == BANS


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("lifted", "The ban on Cyd was already lifted: there is nothing to lift."),
        ("ended", "The ban on Dee had already ended: there is nothing to lift."),
    ],
)
def test_lifting_a_ban_lifted_or_ended_says_so_and_changes_nothing(
    moderator_client, bans, which, message
):
    before = Ban.objects.get(pk=bans[which].pk).lifted
    events = AuditEvent.objects.count()

    response = lift(moderator_client, bans[which], reason="Again")

    assert response.status_code == 200
    assert messages_in(response) == message
    assert Ban.objects.get(pk=bans[which].pk).lifted == before
    assert AuditEvent.objects.count() == events


def test_a_ban_lifted_a_second_time_says_so_and_records_nothing(moderator_client, bans):
    lift(moderator_client, bans["week"])

    again = lift(moderator_client, bans["week"])

    assert messages_in(again) == "The ban on Ada was already lifted: there is nothing to lift."
    assert AuditEvent.objects.filter(action=AuditEvent.Action.BAN_LIFTED).count() == 2  # Cyd's


def test_a_reason_longer_than_500_characters_is_refused(moderator_client, bans):
    response = lift(moderator_client, bans["week"], reason="x" * 501)

    assert messages_in(response) == "Ensure this value has at most 500 characters (it has 501)."
    bans["week"].refresh_from_db()
    assert bans["week"].lifted is None


def test_lifting_is_a_post_only_and_an_unknown_ban_is_not_found(moderator_client, bans):
    assert moderator_client.get(f"{BANS}{bans['week'].pk}/lift/").status_code == 405
    assert moderator_client.post(f"{BANS}999999/lift/").status_code == 404
    bans["week"].refresh_from_db()
    assert bans["week"].lifted is None


# Who may see and lift bans


def test_the_bans_page_and_lifting_are_for_moderators_only(client, moderator, bans):
    editor = ReaderFactory(username="edith", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    lift_url = f"{BANS}{bans['week'].pk}/lift/"

    assert client.get(BANS)["Location"].startswith("/admin/login/")
    client.force_login(reader("ada_reader"))
    assert client.get(BANS)["Location"].startswith("/admin/login/")
    assert client.post(lift_url)["Location"].startswith("/admin/login/")
    client.force_login(editor)
    assert BANS not in client.get("/admin/").content.decode()
    refused = client.get(BANS, follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]
    assert messages_in(refused) == "Sorry, you do not have permission to access this area."
    assert client.post(lift_url, {"reason": "Let her back"})["Location"] == "/admin/"
    bans["week"].refresh_from_db()
    assert bans["week"].lifted is None
    client.force_login(moderator)
    assert BANS in client.get("/admin/").content.decode()
    assert client.get(BANS).status_code == 200


def test_lifting_a_ban_frees_a_reader_banned_twice(moderator_client, moderator, article):
    ada = reader("ada")
    now = timezone.now()
    first = ban(ada, moderator, since=now - timedelta(hours=2), until=now + timedelta(days=7))
    second = ban(ada, moderator, since=now - timedelta(hours=1), reason="Again")

    response = lift(moderator_client, first, reason="Appeal granted")

    assert messages_in(response) == "Lifted the ban on Ada."
    assert not Ban.objects.filter(user=ada, lifted__isnull=True).exists()
    assert readers(response) == []
    event = AuditEvent.objects.get(action=AuditEvent.Action.BAN_LIFTED)
    assert event.data == {"ban": first.pk, "also_lifted": [second.pk]}
    post(article, ada)  # not refused
