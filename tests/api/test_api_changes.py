"""Editing, deleting and voting through the JSON API, and other readers' comments (case 16)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gazette.comments import actions
from gazette.comments.models import Comment, Discussion, Vote

pytestmark = pytest.mark.django_db


def url(comment: Comment, action: str = "") -> str:
    return f"/api/v1/comments/{comment.pk}" + (f"/{action}" if action else "")


def test_the_author_edits_their_comment_within_the_window(signed_in, write, reader):
    comment = write(reader, "Frist")

    response = signed_in.patch(url(comment), {"body": "First, **edited**"})

    assert response.status_code == 200
    edited = response.json()
    assert edited["body_html"] == "<p>First, <strong>edited</strong></p>"
    assert edited["edited"] is not None
    comment.refresh_from_db()
    assert comment.body == "First, **edited**"


def test_editing_someone_elses_comment_is_403_and_changes_nothing(signed_in, write, other_reader):
    theirs = write(other_reader, "Their words")

    response = signed_in.patch(url(theirs), {"body": "Put in their mouth"})

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Comments can be edited by their author")
    theirs.refresh_from_db()
    assert (theirs.body, theirs.edited) == ("Their words", None)


def test_editing_after_the_window_is_403(signed_in, write, reader, settings):
    comment = write(reader, "Old words")
    Comment.objects.filter(pk=comment.pk).update(
        created=timezone.now() - timedelta(minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES + 1)
    )

    response = signed_in.patch(url(comment), {"body": "New words"})

    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Old words"


def test_editing_after_someone_replied_is_403(signed_in, write, reader, other_reader):
    comment = write(reader, "Said something")
    write(other_reader, "Answered it", parent=comment)

    assert signed_in.patch(url(comment), {"body": "Said something else"}).status_code == 403


def test_editing_a_hidden_deleted_or_unknown_comment_is_404(signed_in, write, reader, other_reader):
    pending = write(other_reader, "Held")
    Comment.objects.filter(pk=pending.pk).update(status="pending")
    own_deleted = actions.delete_comment(comment=write(reader, "Gone"), user=reader)

    for comment_url in (url(pending), url(own_deleted), "/api/v1/comments/999999"):
        response = signed_in.patch(comment_url, {"body": "Changed"})
        assert response.status_code == 404, comment_url
        assert response.json()["detail"] == "There is no such comment."


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001, "a\x00b", 5, None])
def test_an_edit_with_a_bad_body_is_400(signed_in, write, reader, body):
    comment = write(reader, "Fine as it is")

    response = signed_in.patch(url(comment), {"body": body})

    assert response.status_code == 400
    assert Comment.objects.get(pk=comment.pk).body == "Fine as it is"


def test_an_edit_cannot_change_the_fields_the_server_decides(
    signed_in, write, reader, other_reader
):
    comment = write(reader, "Mine")

    response = signed_in.patch(
        url(comment) + "?status=deleted&author=2&_connector=OR",
        {
            "body": "Still mine",
            "status": "pending",
            "author": other_reader.pk,
            "created": "2001-01-01T00:00:00Z",
            "parent": 1,
            "article": 1,
            "upvotes": 99,
            "_connector": "OR",
        },
    )

    assert response.status_code == 200
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.body, stored.status, stored.author, stored.parent, stored.upvotes) == (
        "Still mine",
        "published",
        reader,
        None,
        0,
    )
    assert stored.created == comment.created


def test_the_author_deletes_a_comment_and_its_replies_stay_under_a_placeholder(
    signed_in, article, article_url, write, reader, other_reader
):
    comment = write(reader, "Regrettable")
    reply = write(other_reader, "Answer", parent=comment)

    response = signed_in.delete(url(comment))

    assert response.status_code == 204
    [thread] = signed_in.get(article_url).json()["threads"]
    assert (thread["id"], thread["status"], thread["author"], thread["body_html"]) == (
        comment.pk,
        "deleted",
        None,
        "",
    )
    assert [r["id"] for r in thread["replies"]] == [reply.pk]
    assert Discussion.objects.get(article=article).comment_count == 1
    assert signed_in.delete(url(comment)).status_code == 404


def test_a_deleted_comment_without_replies_disappears(signed_in, article_url, write, reader):
    comment = write(reader, "Nobody saw this")

    assert signed_in.delete(url(comment)).status_code == 204

    assert signed_in.get(article_url).json()["threads"] == []


def test_deleting_someone_elses_comment_is_403_and_changes_nothing(signed_in, write, other_reader):
    theirs = write(other_reader, "Their words")

    response = signed_in.delete(url(theirs))

    assert response.status_code == 403
    assert Comment.objects.get(pk=theirs.pk).status == "published"


def test_deleting_a_hidden_or_unknown_comment_is_404(signed_in, write, other_reader):
    pending = write(other_reader, "Held")
    Comment.objects.filter(pk=pending.pk).update(status="pending")

    assert signed_in.delete(url(pending)).status_code == 404
    assert signed_in.delete("/api/v1/comments/999999").status_code == 404
    assert Comment.objects.get(pk=pending.pk).status == "pending"


def test_a_vote_toggles_and_returns_the_score(signed_in, write, other_reader):
    theirs = write(other_reader, "Worth a vote")

    first = signed_in.post(url(theirs, "vote"))
    second = signed_in.post(url(theirs, "vote"))

    assert (first.status_code, first.json()) == (200, {"voted": True, "score": 1})
    assert (second.status_code, second.json()) == (200, {"voted": False, "score": 0})
    assert Vote.objects.count() == 0


def test_voting_for_ones_own_comment_is_403(signed_in, write, reader):
    mine = write(reader, "Vote for me")

    response = signed_in.post(url(mine, "vote"))

    assert response.status_code == 403
    assert response.json()["detail"] == "You cannot vote for your own comment."
    assert Vote.objects.count() == 0


def test_voting_on_a_hidden_or_unknown_comment_is_404(signed_in, write, other_reader):
    pending = write(other_reader, "Held")
    Comment.objects.filter(pk=pending.pk).update(status="pending")

    assert signed_in.post(url(pending, "vote")).status_code == 404
    assert signed_in.post("/api/v1/comments/999999/vote").status_code == 404


def test_anonymous_readers_may_not_edit_delete_or_vote(api, write, reader):
    comment = write(reader, "Leave me alone")

    responses = [
        api.patch(url(comment), {"body": "Vandalised"}),
        api.delete(url(comment)),
        api.post(url(comment, "vote")),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert all("Sign in" in r.json()["detail"] for r in responses)
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.body, stored.status, stored.upvotes) == ("Leave me alone", "published", 0)
