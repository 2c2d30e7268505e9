"""The demo discussion under the war report: its shape and readers, the calls for violence the
moderation issue will hold, consistent counters, and loading it again."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from factories import ArticlePageFactory
from wagtail.models import Page

from gazette.articles.models import ArticlePage
from gazette.comments import actions, queries
from gazette.comments.models import Comment, Discussion, Vote
from gazette.demo import content, discussion
from gazette.demo.discussion import CALLS_FOR_VIOLENCE, READERS, all_comments, load_discussion
from gazette.demo.loader import load_demo_newsroom
from gazette.moderation.models import Verdict

DEMO_COMMENTS = len(list(discussion.all_comments()))
# What readers see: the calls for violence wait in the moderators' queue.
PUBLISHED_DEMO_COMMENTS = DEMO_COMMENTS - len(CALLS_FOR_VIOLENCE)


@pytest.fixture
def war_report(section):
    """The war report alone, published an hour and a half ago like the demo's."""
    article = ArticlePageFactory(
        parent=section, title="Fighting at Karveno", slug=content.WAR_REPORT_SLUG
    )
    Page.objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(hours=1, minutes=30)
    )
    article.refresh_from_db()
    return article


def by_token(token: str) -> Comment:
    return Comment.objects.get(client_token=token)


def test_discussion_has_four_threads_by_about_ten_readers_who_can_sign_in(war_report, client):
    readers_created, comments_created = load_discussion(now=timezone.now())

    assert (readers_created, comments_created) == (len(READERS), DEMO_COMMENTS)
    comments = Comment.objects.filter(article=war_report)
    assert comments.count() == DEMO_COMMENTS >= 20
    assert comments.filter(depth=0).count() == 4
    authors = get_user_model().objects.filter(comments__article=war_report).distinct()
    assert 9 <= authors.count() <= 12
    for reader in authors:
        assert reader.display_name and reader.public_name == reader.display_name
        assert reader.check_password("reader")
        assert not reader.is_staff
    response = client.post(
        "/accounts/login/", {"login": "milena.varga@example.org", "password": "reader"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(authors.get(username="milena.varga").pk)


def test_one_thread_has_a_chain_four_replies_deep_and_three_side_replies(war_report):
    load_discussion(now=timezone.now())

    [deepest] = Comment.objects.filter(article=war_report, depth=4)
    chain = [deepest]
    while chain[-1].parent_id is not None:
        chain.append(chain[-1].parent)
    chain.reverse()
    assert [comment.depth for comment in chain] == [0, 1, 2, 3, 4]
    assert all(comment.thread_id == chain[0].pk for comment in chain)
    assert len({comment.author_id for comment in chain}) >= 3  # several people arguing
    side = Comment.objects.filter(thread=chain[0], depth__gt=0).exclude(
        pk__in=[comment.pk for comment in chain]
    )
    assert side.count() == 3
    assert chain[0].thread_reply_count == 4 + 3
    paths = list(Comment.objects.filter(thread=chain[0]).values_list("path", flat=True))
    assert paths == sorted(paths)
    assert all(comment.path.startswith(chain[0].path) for comment in side)


def test_calls_for_violence_are_held_for_the_queue_with_readable_reasons(war_report):
    load_discussion(now=timezone.now())

    calls = Comment.objects.filter(article=war_report, client_token__in=CALLS_FOR_VIOLENCE)
    assert calls.count() == len(CALLS_FOR_VIOLENCE) in {2, 3}
    assert len({call.author_id for call in calls}) >= 2
    assert {call.status for call in calls} == {Comment.Status.PENDING}
    for call in calls:
        assert call.verdict.awaiting_review is True
        assert call.verdict.nudge_ignored is True
        names = {reason["name"] for reason in call.verdict.reasons}
        assert "violence.nudge_ignored" in names
        assert any(reason["detail"] for reason in call.verdict.reasons)
    assert set(calls.values_list("pk", flat=True)) <= set(queue_entries(war_report))
    assert not Comment.objects.filter(parent__in=calls).exists()
    assert not Vote.objects.filter(comment__in=calls).exists()


def test_every_civil_and_heated_demo_comment_is_published(war_report):
    load_discussion(now=timezone.now())

    others = Comment.objects.filter(article=war_report).exclude(client_token__in=CALLS_FOR_VIOLENCE)
    held = {
        c.client_token: c.verdict.reasons for c in others if c.status != Comment.Status.PUBLISHED
    }
    assert held == {}
    assert others.count() == len(list(all_comments())) - len(CALLS_FOR_VIOLENCE)


def queue_entries(article):
    return Verdict.objects.filter(comment__article=article, awaiting_review=True).values_list(
        "comment_id", flat=True
    )


def test_comments_are_dated_after_the_article_and_after_what_they_answer(war_report):
    now = timezone.now()
    load_discussion(now=now)

    comments = Comment.objects.filter(article=war_report).select_related("parent")
    for comment in comments:
        assert war_report.first_published_at < comment.created <= now
        if comment.parent is not None:
            assert comment.created > comment.parent.created
    assert len({comment.created for comment in comments}) == comments.count()


def test_counters_votes_and_ranks_are_consistent(war_report):
    load_discussion(now=timezone.now())

    comments = Comment.objects.filter(article=war_report)
    published = comments.filter(status=Comment.Status.PUBLISHED)
    assert Discussion.objects.get(article=war_report).comment_count == published.count()
    for thread in comments.filter(depth=0):
        assert thread.thread_reply_count == published.filter(thread=thread, depth__gt=0).count()
    assert Vote.objects.filter(comment__article=war_report).count() >= 20
    for comment in comments:
        assert comment.upvotes == comment.votes.count()
        assert comment.rank == pytest.approx(
            actions.comment_rank(upvotes=comment.upvotes, created=comment.created)
        )
        assert not comment.votes.filter(voter=comment.author).exists()


def test_loading_twice_adds_nothing_and_changes_nothing(war_report):
    load_discussion(now=timezone.now())
    fields = ("pk", "created", "rank", "upvotes", "path", "status", "body_html")
    before = list(Comment.objects.order_by("pk").values(*fields))
    votes_before = Vote.objects.count()
    users_before = get_user_model().objects.count()

    created = load_discussion(now=timezone.now() + timedelta(hours=2))

    assert created == (0, 0)
    assert list(Comment.objects.order_by("pk").values(*fields)) == before
    assert Vote.objects.count() == votes_before
    assert get_user_model().objects.count() == users_before
    assert Discussion.objects.get(article=war_report).comment_count == PUBLISHED_DEMO_COMMENTS


def test_loading_again_keeps_a_comment_its_author_deleted(war_report):
    load_discussion(now=timezone.now())
    comment = by_token("demo-war-2")
    actions.delete_comment(comment=comment, user=comment.author)

    assert load_discussion(now=timezone.now()) == (0, 0)

    assert by_token("demo-war-2").status == Comment.Status.DELETED
    assert Comment.objects.filter(article=war_report).count() == DEMO_COMMENTS
    assert Discussion.objects.get(article=war_report).comment_count == PUBLISHED_DEMO_COMMENTS - 1


def test_a_closed_war_report_gets_readers_but_no_comments(war_report):
    ArticlePage.objects.filter(pk=war_report.pk).update(allow_comments=False)

    assert load_discussion(now=timezone.now()) == (len(READERS), 0)

    assert not Comment.objects.exists()


def test_war_report_page_shows_the_discussion_and_its_threads_show_the_deep_chain(db, client):
    load_demo_newsroom()
    report = ArticlePage.objects.get(slug=content.WAR_REPORT_SLUG)

    response = client.get(report.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{PUBLISHED_DEMO_COMMENTS} comments" in html
    for opening in (
        "Four killed and 17 wounded",
        "Thirty years in the artillery",
        "I drive one of the Open Road buses",
        "A correction for the desk",
    ):
        assert opening in html
    assert "Karveno district bulletins</a>" not in html  # the figures thread's 7th reply
    page = queries.thread_page(article=report, viewer=None, sort="oldest", replies_per_thread=10)
    assert [thread.comment.author.public_name for thread in page.threads] == [
        "Tomas Rehn",
        "Anton Keller",
        "Nadia Ostrova",
        "Samira Orlo",
    ]
    assert sum(1 + len(thread.replies) for thread in page.threads) == PUBLISHED_DEMO_COMMENTS

    thread = client.get(reverse("comments:thread", args=[by_token("demo-war-1").pk]))

    assert thread.status_code == 200
    text = thread.content.decode()
    assert 'data-depth="4"' in text and "the real count is probably" in text
    assert "Karveno district bulletins</a>" in text
    assert 'rel="nofollow ugc noopener"' in text


def test_load_demo_prints_the_reader_logins_once(db):
    output = StringIO()

    call_command("load_demo", stdout=output)
    call_command("load_demo", stdout=output)

    text = output.getvalue()
    assert text.count("password 'reader'") == 1
    assert "'milena.varga@example.org'" in text and "password 'editor'" in text
    assert f"{len(READERS)} readers, {DEMO_COMMENTS} comments." in text
    assert "0 articles, 0 readers, 0 comments." in text
