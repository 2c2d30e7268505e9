"""Reading the discussion through the JSON API: threads, nesting, order, paging, visibility."""

from datetime import timedelta

import pytest
from factories import ArticlePageFactory, ReaderFactory

from gazette.comments import actions
from gazette.comments.actions import set_comment_status
from gazette.comments.models import Comment

pytestmark = pytest.mark.django_db


def ids(comments: list[dict]) -> list[int]:
    return [comment["id"] for comment in comments]


def tree(comments: list[dict]) -> list:
    """(id, [children...]) pairs: the nesting as the client receives it."""
    return [(comment["id"], tree(comment["replies"])) for comment in comments]


def set_status(comment: Comment, status: str) -> None:
    """Hide a published comment with its counters kept right, as moderation does."""
    set_comment_status(comment=comment, status=status)


def test_anonymous_reader_gets_threads_with_replies_nested_under_the_comments_they_answer(
    api, article_url, write, reader, other_reader
):
    first = write(reader, "**First** thread")
    answer = write(other_reader, "An answer", parent=first)
    answer_to_answer = write(reader, "A reply to the answer", parent=answer)
    side_reply = write(other_reader, "A side reply", parent=first)

    response = api.get(article_url)

    assert response.status_code == 200
    page = response.json()
    assert page["next"] is None
    assert page["sort"] == "best"
    [thread] = page["threads"]
    assert tree([thread]) == [
        (first.pk, [(answer.pk, [(answer_to_answer.pk, [])]), (side_reply.pk, [])])
    ]
    assert thread == {
        "id": first.pk,
        "parent": None,
        "reply_to": None,
        "reply_to_author": None,
        "author": "Ada Lovelace",
        "body_html": "<p><strong>First</strong> thread</p>",
        "created": thread["created"],
        "edited": None,
        "score": 0,
        "voted": False,
        "status": "published",
        "replies": thread["replies"],
        "more_replies": 0,
        "replies_next": None,
    }
    assert thread["replies"][0]["parent"] == first.pk
    assert thread["replies"][0]["replies"][0]["parent"] == answer.pk
    assert thread["replies"][0]["author"] == "Brook Taylor"


def test_threads_come_in_the_chosen_order(api, article_url, write, reader, other_reader):
    old = write(reader, "Old")
    middle = write(reader, "Middle")
    new = write(reader, "New")
    Comment.objects.filter(pk=old.pk).update(created=old.created - timedelta(hours=2))
    Comment.objects.filter(pk=middle.pk).update(created=middle.created - timedelta(hours=1))
    actions.toggle_vote(comment=middle, voter=other_reader)

    newest = api.get(article_url, {"sort": "newest"}).json()
    oldest = api.get(article_url, {"sort": "oldest"}).json()
    best = api.get(article_url, {"sort": "best"}).json()

    assert ids(newest["threads"]) == [new.pk, middle.pk, old.pk]
    assert ids(oldest["threads"]) == [old.pk, middle.pk, new.pk]
    assert best["threads"][0]["id"] == middle.pk
    assert best["threads"][0]["score"] == 1


def test_the_next_cursor_walks_every_thread_once_and_ends_with_null(
    api, article_url, write, reader, settings
):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    written = [write(reader, f"Thread {n}").pk for n in range(5)]

    seen, cursor, pages = [], None, 0
    while True:
        params = {"sort": "oldest", **({"cursor": cursor} if cursor else {})}
        page = api.get(article_url, params).json()
        seen += ids(page["threads"])
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break

    assert seen == written
    assert pages == 3


def test_a_thread_shows_its_first_replies_and_the_rest_come_from_the_replies_endpoint(
    api, article_url, write, reader, other_reader, settings
):
    settings.COMMENTS_REPLIES_PER_THREAD = 2
    root = write(reader, "Root")
    replies = [write(other_reader, f"Reply {n}", parent=root).pk for n in range(5)]

    [thread] = api.get(article_url).json()["threads"]
    assert ids(thread["replies"]) == replies[:2]
    assert thread["more_replies"] == 3
    assert thread["replies_next"]

    first = api.get(
        f"/api/v1/comments/{root.pk}/replies", {"after": thread["replies_next"], "limit": 2}
    ).json()
    assert ids(first["replies"]) == replies[2:4]
    assert first["more_replies"] == 1
    second = api.get(f"/api/v1/comments/{root.pk}/replies", {"after": first["next"]}).json()
    assert ids(second["replies"]) == replies[4:]
    assert second == {**second, "more_replies": 0, "next": None}


def test_replies_after_a_cursor_keep_their_nesting_and_name_their_parent(
    api, write, reader, other_reader
):
    root = write(reader, "Root")
    answer = write(other_reader, "Answer", parent=root)
    deeper = write(reader, "Deeper", parent=answer)
    deepest = write(other_reader, "Deepest", parent=deeper)

    everything = api.get(f"/api/v1/comments/{root.pk}/replies").json()
    after_answer = api.get(f"/api/v1/comments/{root.pk}/replies", {"after": answer.path}).json()

    assert tree(everything["replies"]) == [(answer.pk, [(deeper.pk, [(deepest.pk, [])])])]
    assert tree(after_answer["replies"]) == [(deeper.pk, [(deepest.pk, [])])]
    assert after_answer["replies"][0]["parent"] == answer.pk


def test_a_reply_deeper_than_the_maximum_depth_names_the_comment_it_answers(
    api, article_url, write, reader, other_reader, settings
):
    settings.COMMENTS_MAX_DEPTH = 3
    settings.COMMENTS_REPLIES_PER_THREAD = 10
    root = write(reader, "Depth 0")
    one = write(other_reader, "Depth 1", parent=root)
    two = write(reader, "Depth 2", parent=one)
    too_deep = write(other_reader, "Would be depth 3", parent=two)

    [thread] = api.get(article_url).json()["threads"]

    assert tree([thread]) == [(root.pk, [(one.pk, [(two.pk, []), (too_deep.pk, [])])])]
    attached = thread["replies"][0]["replies"][1]
    assert attached["parent"] == one.pk
    assert attached["reply_to"] == two.pk
    assert attached["reply_to_author"] == "Ada Lovelace"


def test_hidden_comments_never_show_to_other_readers(api, article_url, write, reader, other_reader):
    visible = write(reader, "Visible")
    for status in ("pending", "rejected", "spam", "deleted"):
        set_status(write(other_reader, f"Hidden {status} thread"), status)
        set_status(write(other_reader, f"Hidden {status} reply", parent=visible), status)

    as_anonymous = api.get(article_url).json()
    api.force_login(ReaderFactory(username="carol"))
    as_someone_else = api.get(article_url).json()

    for page in (as_anonymous, as_someone_else):
        assert tree(page["threads"]) == [(visible.pk, [])]
        assert page["threads"][0]["more_replies"] == 0
    assert "Hidden" not in str(as_anonymous) + str(as_someone_else)
    for status in ("pending", "rejected", "spam", "deleted"):
        hidden = Comment.objects.get(body=f"Hidden {status} reply")
        assert api.get(f"/api/v1/comments/{hidden.pk}").status_code == 404


def test_the_author_sees_their_own_pending_comment_marked_pending(
    api, article_url, write, reader, other_reader
):
    held = write(reader, "Held for moderation")
    set_status(held, "pending")

    api.force_login(reader)
    [thread] = api.get(article_url).json()["threads"]
    detail = api.get(f"/api/v1/comments/{held.pk}").json()

    assert thread["id"] == held.pk
    assert thread["status"] == "pending"
    assert thread["body_html"] == "<p>Held for moderation</p>"
    assert detail["status"] == "pending"


@pytest.mark.parametrize(
    ("status", "shown_as"),
    [("deleted", "deleted"), ("rejected", "removed"), ("spam", "removed")],
)
def test_a_hidden_comment_with_published_replies_is_an_empty_placeholder(
    api, article_url, write, reader, other_reader, status, shown_as
):
    hidden = write(reader, "Secret words")
    actions.toggle_vote(comment=hidden, voter=other_reader)
    reply = write(other_reader, "Still here", parent=hidden)
    set_status(hidden, status)

    [thread] = api.get(article_url).json()["threads"]

    assert thread["id"] == hidden.pk
    assert thread["status"] == shown_as
    assert thread["author"] is None
    assert thread["body_html"] == ""
    assert thread["score"] == 0
    assert ids(thread["replies"]) == [reply.pk]
    assert "Secret words" not in str(thread)
    assert api.get(f"/api/v1/comments/{hidden.pk}").status_code == 404


def test_a_signed_in_reader_sees_which_comments_they_voted_for(
    api, article_url, write, reader, other_reader
):
    liked = write(reader, "Liked")
    write(reader, "Not liked")
    actions.toggle_vote(comment=liked, voter=other_reader)

    api.force_login(other_reader)
    threads = api.get(article_url, {"sort": "oldest"}).json()["threads"]

    assert [(t["id"], t["voted"], t["score"]) for t in threads] == [
        (liked.pk, True, 1),
        (threads[1]["id"], False, 0),
    ]


def test_one_comment_can_be_read_by_id(api, write, reader):
    comment = write(reader, "Just this one")

    response = api.get(f"/api/v1/comments/{comment.pk}")

    assert response.status_code == 200
    assert response.json()["body_html"] == "<p>Just this one</p>"


def test_an_unpublished_or_unknown_article_is_404(api, section, write, reader):
    draft = ArticlePageFactory(parent=section, publish=False)
    comment = write(reader, "On a page later withdrawn")
    comment.article.unpublish()

    for url in (
        f"/api/v1/articles/{draft.pk}/comments",
        "/api/v1/articles/999999/comments",
        f"/api/v1/articles/{section.pk}/comments",
        f"/api/v1/articles/{comment.article_id}/comments",
        f"/api/v1/comments/{comment.pk}",
        f"/api/v1/comments/{comment.pk}/replies",
    ):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/articles/{article}/comments", {"sort": "loudest"}),
        ("/api/v1/articles/{article}/comments", {"cursor": "not-a-cursor"}),
        ("/api/v1/articles/{article}/comments", {"cursor": "x" * 501}),
        (
            "/api/v1/articles/{article}/comments",
            {"sort": "newest", "cursor": "WyJiZXN0IiwgMSwgMV0"},
        ),
        ("/api/v1/articles/0/comments", {}),
        ("/api/v1/articles/-1/comments", {}),
        ("/api/v1/articles/99999999999999999999999/comments", {}),
        ("/api/v1/articles/abc/comments", {}),
        ("/api/v1/comments/99999999999999999999999", {}),
        ("/api/v1/comments/{comment}/replies", {"after": "12ab"}),
        ("/api/v1/comments/{comment}/replies", {"after": "1" * 13}),
        ("/api/v1/comments/{comment}/replies", {"limit": 0}),
        ("/api/v1/comments/{comment}/replies", {"limit": 101}),
    ],
)
def test_malformed_reads_are_400_with_a_message(api, article, write, reader, url, params):
    comment = write(reader, "Root")

    response = api.get(url.format(article=article.pk, comment=comment.pk), params)

    assert response.status_code == 400
    assert response.json()["detail"]


def test_replies_of_a_comment_that_starts_no_thread_are_404(api, write, reader, other_reader):
    root = write(reader, "Root")
    reply = write(other_reader, "Reply", parent=root)

    response = api.get(f"/api/v1/comments/{reply.pk}/replies")

    assert response.status_code == 404


def test_a_chain_of_deleted_comments_above_a_published_reply_stays_as_placeholders(
    api, article_url, write, reader, other_reader
):
    root = write(reader, "Root")
    middle = write(other_reader, "Middle", parent=root)
    leaf = write(reader, "Leaf", parent=middle)
    actions.delete_comment(comment=root, user=reader)
    actions.delete_comment(comment=middle, user=other_reader)

    threads = api.get(article_url).json()["threads"]

    assert tree(threads) == [(root.pk, [(middle.pk, [(leaf.pk, [])])])]
    assert [threads[0]["status"], threads[0]["replies"][0]["status"]] == ["deleted", "deleted"]


def test_reading_a_page_takes_the_same_number_of_queries_whatever_the_discussion_size(
    api, article_url, write, reader, other_reader, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(article_url).status_code == 200
        return len(captured)

    def grow(threads: int) -> None:
        for _ in range(threads):
            root = write(reader, "Thread")
            reply = write(other_reader, "Reply", parent=root)
            write(reader, "Deeper", parent=reply)
            write(other_reader, "Side", parent=root)

    grow(1)
    small_anonymous = queries_for_page()
    api.force_login(other_reader)
    small_signed_in = queries_for_page()
    grow(12)
    large_signed_in = queries_for_page()
    api.client.logout()
    large_anonymous = queries_for_page()

    assert large_anonymous == small_anonymous
    assert large_signed_in == small_signed_in
