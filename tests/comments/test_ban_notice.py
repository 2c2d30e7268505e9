"""What a banned reader sees of a discussion: everything to read, a notice saying until when they
are banned in place of the comment form, and none of the controls the ban refuses (Reply, Edit,
Up-vote, Report); on the page without JavaScript and in the htmx fragments alike. Nobody else's
view changes, and the ban costs one query per page whatever the number of comments."""

from datetime import UTC, datetime, timedelta

import pytest
from discussion_html import HX, comments_on, parse, text
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import ArticlePageFactory

from gazette.comments import actions
from gazette.moderation.actions import ban_author, lift_ban
from gazette.moderation.models import Ban

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

UNTIL = datetime(2099, 3, 7, 14, 30, tzinfo=UTC)
UNTIL_NOTICE = (
    "You are banned from commenting until 7 March 2099, 14:30 UTC. "
    "You can still read the discussion."
)
PERMANENT_NOTICE = "You are permanently banned from commenting. You can still read the discussion."
BANNED_UNTIL = "You are banned from the discussion until 07 March 2099, 14:30."
NOT_BANNED = {"compose form": 1, "Reply": 2, "Edit": 1, "Delete": 1, "Up-vote": 1, "Report": 1}
BANNED = {"compose form": 0, "Reply": 0, "Edit": 0, "Delete": 1, "Up-vote": 0, "Report": 0}


@pytest.fixture
def discussion(story, ada, brook, say):
    """Ada's comment and Brook's fresh reply to it (Brook may still edit it)."""
    top = say(ada, "The ferry stopped running.")
    return top, say(brook, "It runs again since Monday.", parent=top)


def controls(document) -> dict[str, int]:
    """How many of each control the document offers."""
    actions_ = "//footer[@class='comment__actions']"
    return {
        "compose form": len(document.xpath("//form[starts-with(@id, 'compose-')]")),
        "Reply": len(document.xpath(f"{actions_}/a[starts-with(., 'Reply')]")),
        "Edit": len(document.xpath(f"{actions_}/a[starts-with(., 'Edit')]")),
        "Delete": len(document.xpath(f"{actions_}/a[starts-with(., 'Delete')]")),
        "Up-vote": len(document.xpath(f"{actions_}/form[@class='vote-form']")),
        "Report": len(document.xpath(f"{actions_}/a[starts-with(., 'Report')]")),
    }


def ban_notice(document) -> str:
    return " ".join(text(each) for each in document.xpath("//p[@class='discussion__banned']"))


def test_a_banned_reader_sees_until_when_instead_of_the_form_and_no_reply_or_report(
    client, story, brook, discussion
):
    ban_author(user=brook, moderator=None, until=UNTIL, reason="Insults.")
    client.force_login(brook)

    document = parse(client.get(story.url))

    assert ban_notice(document) == UNTIL_NOTICE
    (until,) = document.xpath("//p[@class='discussion__banned']/time")
    assert until.get("datetime") == "2099-03-07T14:30:00+00:00"
    assert controls(document) == BANNED
    assert document.xpath("//section[@id='discussion']//textarea") == []
    assert [each[0] for each in comments_on(document)] == [each.pk for each in discussion]
    assert "Insults." not in text(document)


def test_a_permanently_banned_reader_is_told_the_ban_is_permanent(client, story, brook, discussion):
    ban_author(user=brook, moderator=None)
    client.force_login(brook)

    document = parse(client.get(story.url))

    assert ban_notice(document) == PERMANENT_NOTICE
    assert controls(document) == BANNED


def test_a_reader_whose_ban_has_expired_sees_the_form_and_controls_again(
    client, story, brook, discussion
):
    ban = ban_author(user=brook, moderator=None, until=timezone.now() + timedelta(hours=1))
    client.force_login(brook)
    during = parse(client.get(story.url))
    Ban.objects.filter(pk=ban.pk).update(until=timezone.now() - timedelta(seconds=1))

    after = parse(client.get(story.url))

    assert controls(during) == BANNED
    assert ban_notice(after) == ""
    assert controls(after) == NOT_BANNED


def test_a_reader_whose_ban_was_lifted_sees_the_form_and_controls_again(
    client, story, brook, discussion
):
    ban = ban_author(user=brook, moderator=None)
    lift_ban(ban=ban, moderator=None, reason="Appeal granted.")
    client.force_login(brook)

    document = parse(client.get(story.url))

    assert ban_notice(document) == ""
    assert controls(document) == NOT_BANNED


def test_a_ban_changes_nothing_for_other_readers(client, story, ada, brook, cyd, discussion):
    ban_author(user=brook, moderator=None, until=UNTIL)
    client.force_login(cyd)

    signed_in = parse(client.get(story.url))
    client.logout()
    signed_out = parse(client.get(story.url))

    assert ban_notice(signed_in) == ""
    assert controls(signed_in) == {
        "compose form": 1,
        "Reply": 2,
        "Edit": 0,
        "Delete": 0,
        "Up-vote": 2,
        "Report": 2,
    }
    assert ban_notice(signed_out) == ""
    assert controls(signed_out) == {
        "compose form": 0,
        "Reply": 0,
        "Edit": 0,
        "Delete": 0,
        "Up-vote": 0,
        "Report": 0,
    }
    assert text(signed_out.xpath("//p[@class='discussion__sign-in']")[0]) == (
        "Sign in to join the discussion"
    )


def test_the_htmx_discussion_fragment_shows_the_banned_reader_the_notice_and_no_controls(
    client, story, brook, discussion
):
    ban_author(user=brook, moderator=None, until=UNTIL)
    client.force_login(brook)

    response = client.get(f"/discussion/article/{story.pk}/", {"sort": "oldest"}, headers=HX)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    document = parse(response)
    assert ban_notice(document) == UNTIL_NOTICE
    assert controls(document) == BANNED
    assert [each[0] for each in comments_on(document)] == [each.pk for each in discussion]


def test_htmx_pages_of_threads_and_replies_offer_the_banned_reader_no_controls(
    client, story, ada, brook, cyd, say, settings
):
    settings.COMMENTS_THREADS_PER_PAGE = 1
    settings.COMMENTS_REPLIES_PER_THREAD = 1
    older = say(ada, "Older thread.")
    newer = say(ada, "Newer thread.")
    replies = [say(cyd, f"Reply {number}.", parent=newer) for number in range(3)]
    ban_author(user=brook, moderator=None, until=UNTIL)
    client.force_login(brook)
    page = parse(client.get(story.url, {"sort": "newest"}))
    (load_more,) = page.xpath("//li[@class='threads__more']/a")
    (more_replies,) = page.xpath("//li[@class='thread__more']/a")

    threads_fragment = parse(client.get(load_more.get("hx-get"), headers=HX))
    replies_fragment = parse(client.get(more_replies.get("hx-get"), headers=HX))
    thread_page = parse(client.get(f"/discussion/thread/{newer.pk}/"))

    assert [each[0] for each in comments_on(threads_fragment)] == [older.pk]
    assert [each[0] for each in comments_on(replies_fragment)] == [each.pk for each in replies[1:]]
    assert [each[0] for each in comments_on(thread_page)] == [newer.pk, *[r.pk for r in replies]]
    for document in (page, threads_fragment, replies_fragment, thread_page):
        assert {name: count for name, count in controls(document).items() if count} == {}


@pytest.mark.parametrize("form", ["reply", "flag"])
@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_an_old_link_to_a_form_tells_the_banned_reader_why_instead_of_showing_the_form(
    client, brook, discussion, form, headers
):
    top, _ = discussion
    ban_author(user=brook, moderator=None, until=UNTIL)
    client.force_login(brook)

    url = f"/discussion/comment/{top.pk}/{form}/"

    response = client.get(url, headers=headers)

    assert response.status_code == 403
    document = parse(response)
    assert BANNED_UNTIL in text(document)
    assert document.xpath(f"//textarea|//form[@action='{url}']") == []


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_an_old_edit_link_tells_the_banned_author_why_instead_of_showing_the_form(
    client, brook, discussion, headers
):
    _, own = discussion
    ban_author(user=brook, moderator=None, until=UNTIL)
    client.force_login(brook)

    response = client.get(f"/discussion/comment/{own.pk}/edit/", headers=headers)

    assert response.status_code == 403
    assert BANNED_UNTIL in text(parse(response))


def test_the_ban_costs_one_query_per_page_whatever_the_number_of_comments(
    client, section, ada, brook, django_assert_max_num_queries
):
    def discussion_of(threads: int):
        article = ArticlePageFactory(parent=section)
        for number in range(threads):
            top, _ = actions.post_comment(
                article=article, author=ada, body="Top.", client_token=f"{article.pk}-{number}"
            )
            actions.post_comment(
                article=article,
                author=ada,
                body="Reply.",
                parent=top,
                client_token=f"{article.pk}-{number}-reply",
            )
        return article

    small, large = discussion_of(threads=5), discussion_of(threads=20)
    ban_author(user=brook, moderator=None, until=UNTIL)
    client.force_login(brook)
    client.get(small.url)  # the site and its sections, read once per process
    with CaptureQueriesContext(connection) as small_page:
        client.get(small.url)

    with django_assert_max_num_queries(len(small_page.captured_queries)) as large_page:
        response = client.get(large.url)

    assert ban_notice(parse(response)) == UNTIL_NOTICE
    assert len(large_page.captured_queries) == len(small_page.captured_queries)
    ban_queries = [q for q in large_page.captured_queries if "moderation_ban" in q["sql"]]
    assert len(ban_queries) == 1
