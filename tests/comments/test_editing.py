"""Editing and deleting: the author's edit window, no edits once someone replied, nobody edits or
deletes another reader's words except staff allowed to delete (hostile-input case 16)."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from factories import ArticlePageFactory, ReaderFactory

from gazette.comments.actions import delete_comment, edit_comment, post_comment
from gazette.comments.errors import InvalidComment, NotAllowed
from gazette.comments.models import Comment, Discussion
from gazette.comments.queries import thread_page
from gazette.moderation.models import AuditEvent

Status = Comment.Status


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section)


@pytest.fixture
def alice(db):
    return ReaderFactory(username="alice")


@pytest.fixture
def bob(db):
    return ReaderFactory(username="bob")


@pytest.fixture
def moderator(db):
    user = ReaderFactory(username="moderator", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="change_comment", content_type__app_label="comments")
    )
    return type(user).objects.get(pk=user.pk)  # a fresh instance: no stale permission cache


def post(article, author, body="First version.", parent=None):
    comment, _ = post_comment(
        article=article, author=author, body=body, parent=parent, client_token=uuid.uuid4().hex
    )
    return comment


def written_ago(comment, **delta):
    Comment.objects.filter(pk=comment.pk).update(created=comment.created - timedelta(**delta))
    comment.refresh_from_db()
    return comment


def stored(comment):
    return Comment.objects.get(pk=comment.pk)


# Editing.


def test_author_edits_within_the_window_and_the_comment_is_marked_edited(article, alice):
    comment = post(article, alice)
    assert comment.edited is None

    edited = edit_comment(comment=comment, editor=alice, body="Second *version*.")

    saved = stored(comment)
    assert saved.body == "Second *version*."
    assert saved.body_html == "<p>Second <em>version</em>.</p>"
    assert saved.edited is not None and saved.edited >= saved.created
    assert edited.edited == saved.edited
    (node,) = thread_page(article=article, viewer=None).threads
    assert node.comment.edited == saved.edited


def test_edit_with_the_same_text_changes_nothing(article, alice):
    comment = post(article, alice, body="Unchanged.")

    edit_comment(comment=comment, editor=alice, body="  Unchanged.\n")

    assert stored(comment).edited is None


def test_edit_just_inside_the_window_is_accepted(article, alice):
    comment = written_ago(
        post(article, alice), minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES, seconds=-30
    )

    edit_comment(comment=comment, editor=alice, body="Just in time.")

    assert stored(comment).body == "Just in time."


def test_edit_after_the_window_is_refused(article, alice):
    comment = written_ago(
        post(article, alice), minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES, seconds=30
    )

    with pytest.raises(NotAllowed, match="15 minutes") as raised:
        edit_comment(comment=comment, editor=alice, body="Too late.")

    assert raised.value.status_code == 403
    assert (stored(comment).body, stored(comment).edited) == ("First version.", None)


def test_edit_window_follows_the_setting(article, alice, settings):
    settings.COMMENTS_EDIT_WINDOW_MINUTES = 60
    comment = written_ago(post(article, alice), minutes=45)

    edit_comment(comment=comment, editor=alice, body="Still allowed.")

    assert stored(comment).body == "Still allowed."


def test_edit_after_a_reply_is_refused(article, alice, bob):
    comment = post(article, alice)
    post(article, bob, body="I disagree.", parent=comment)

    with pytest.raises(NotAllowed, match="until someone replies"):
        edit_comment(comment=comment, editor=alice, body="Changing what they answered.")

    assert stored(comment).body == "First version."


def test_edit_after_a_reply_deeper_in_the_chain_is_refused(article, alice, bob):
    comment = post(article, alice)
    middle = post(article, alice, body="Adding to myself.", parent=comment)
    post(article, bob, parent=middle)

    with pytest.raises(NotAllowed):
        edit_comment(comment=comment, editor=alice, body="Rewritten.")


def test_edit_is_allowed_again_once_the_only_reply_was_deleted(article, alice, bob):
    comment = post(article, alice)
    reply = post(article, bob, parent=comment)
    delete_comment(comment=reply, user=bob)

    edit_comment(comment=comment, editor=alice, body="Rewritten.")

    assert stored(comment).body == "Rewritten."


def test_edit_by_someone_else_is_refused(article, alice, bob):
    comment = post(article, alice)

    with pytest.raises(NotAllowed):
        edit_comment(comment=comment, editor=bob, body="Words put in her mouth.")

    assert stored(comment).body == "First version."


def test_staff_cannot_edit_a_readers_words(article, alice, moderator):
    comment = post(article, alice)

    with pytest.raises(NotAllowed):
        edit_comment(comment=comment, editor=moderator, body="Edited by the newsroom.")

    assert stored(comment).body == "First version."


@pytest.mark.parametrize("editor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_anonymous_edit_is_refused(article, alice, editor):
    comment = post(article, alice)

    with pytest.raises(NotAllowed):
        edit_comment(comment=comment, editor=editor, body="Anonymous change.")


@pytest.mark.parametrize("status", [Status.REJECTED, Status.SPAM, Status.DELETED])
def test_author_cannot_edit_a_removed_comment(article, alice, status):
    comment = post(article, alice)
    Comment.objects.filter(pk=comment.pk).update(status=status)

    with pytest.raises(NotAllowed):
        edit_comment(comment=comment, editor=alice, body="Back from the dead.")

    assert stored(comment).status == status


def test_author_can_edit_a_comment_awaiting_moderation(article, alice):
    comment = post(article, alice)
    Comment.objects.filter(pk=comment.pk).update(status=Status.PENDING)

    edit_comment(comment=comment, editor=alice, body="Toned down.")

    assert (stored(comment).body, stored(comment).status) == ("Toned down.", Status.PENDING)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "empty"),
        (" \u200b\n", "empty"),
        ("a" * 5001, "the limit is 5,000"),
        ("nul\x00", "NUL"),
        ("\udc00", "invalid characters"),
    ],
    ids=["empty", "invisible", "too long", "nul", "surrogate"],
)
def test_edit_follows_the_body_rules(article, alice, body, message):
    comment = post(article, alice)

    with pytest.raises(InvalidComment, match=message):
        edit_comment(comment=comment, editor=alice, body=body)

    assert stored(comment).body == "First version."


def test_edited_body_is_sanitized_like_a_new_one(article, alice):
    comment = post(article, alice)

    edit_comment(
        comment=comment,
        editor=alice,
        body="<img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://example.com/)",
    )

    assert stored(comment).body_html == (
        "<p>&lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1)) "
        '<a href="https://example.com/" rel="nofollow ugc noopener">ok</a></p>'
    )


def test_edit_keeps_the_tree_and_counters(article, alice, bob):
    root = post(article, bob)
    comment = post(article, alice, parent=root)

    edit_comment(comment=comment, editor=alice, body="Reworded.")

    saved = stored(comment)
    assert (saved.parent_id, saved.path, saved.depth) == (root.pk, comment.path, 1)
    assert Discussion.objects.get(article=article).comment_count == 2
    assert stored(root).thread_reply_count == 1


# Deleting.


def test_delete_keeps_the_replies_under_a_placeholder(article, alice, bob):
    comment = post(article, alice, body="Something I regret.")
    reply = post(article, bob, parent=comment)
    answer = post(article, alice, parent=reply)

    delete_comment(comment=comment, user=alice)

    saved = stored(comment)
    assert (saved.status, saved.body, saved.body_html) == (Status.DELETED, "", "")
    assert {c.pk: (c.status, c.parent_id) for c in Comment.objects.exclude(pk=comment.pk)} == {
        reply.pk: (Status.PUBLISHED, comment.pk),
        answer.pk: (Status.PUBLISHED, reply.pk),
    }
    (node,) = thread_page(article=article, viewer=bob).threads
    assert (node.comment.pk, node.is_visible) == (comment.pk, False)
    assert [r.comment.pk for r in node.replies] == [reply.pk, answer.pk]


def test_delete_updates_the_counters(article, alice, bob):
    root = post(article, bob)
    reply = post(article, alice, parent=root)

    delete_comment(comment=reply, user=alice)

    assert Discussion.objects.get(article=article).comment_count == 1
    assert stored(root).thread_reply_count == 0


def test_deleting_a_comment_awaiting_moderation_leaves_the_count_alone(article, alice, bob):
    post(article, bob)
    held = post(article, alice)
    Comment.objects.filter(pk=held.pk).update(status=Status.PENDING)
    Discussion.objects.filter(article=article).update(comment_count=1)

    delete_comment(comment=held, user=alice)

    assert Discussion.objects.get(article=article).comment_count == 1
    assert stored(held).status == Status.DELETED


def test_delete_by_someone_else_is_refused(article, alice, bob):
    comment = post(article, alice)

    with pytest.raises(NotAllowed, match="your own comments") as raised:
        delete_comment(comment=comment, user=bob)

    assert raised.value.status_code == 403
    assert (stored(comment).status, stored(comment).body) == (Status.PUBLISHED, "First version.")
    assert Discussion.objects.get(article=article).comment_count == 1


def test_staff_without_the_permission_cannot_delete(article, alice):
    staff = ReaderFactory(username="intern", is_staff=True)
    comment = post(article, alice)

    with pytest.raises(NotAllowed):
        delete_comment(comment=comment, user=staff)

    assert stored(comment).status == Status.PUBLISHED


def test_staff_with_change_comment_can_delete(article, alice, moderator):
    comment = post(article, alice)

    delete_comment(comment=comment, user=moderator)

    assert stored(comment).status == Status.DELETED
    assert Discussion.objects.get(article=article).comment_count == 0


@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_anonymous_delete_is_refused(article, alice, user):
    comment = post(article, alice)

    with pytest.raises(NotAllowed):
        delete_comment(comment=comment, user=user)

    assert stored(comment).status == Status.PUBLISHED


def test_author_may_delete_after_the_edit_window_and_after_replies(article, alice, bob):
    comment = written_ago(post(article, alice), days=3)
    post(article, bob, parent=comment)

    delete_comment(comment=comment, user=alice)

    assert stored(comment).status == Status.DELETED


def test_delete_with_a_stale_instance_reads_the_row_again(article, alice, moderator):
    comment = post(article, alice)
    stale = Comment.objects.get(pk=comment.pk)
    delete_comment(comment=comment, user=moderator)

    with pytest.raises(NotAllowed):
        delete_comment(comment=stale, user=alice)

    assert Discussion.objects.get(article=article).comment_count == 0


def test_an_edit_that_turns_a_comment_into_a_call_for_violence_goes_back_to_the_queue(
    article, alice
):
    comment = post(article, alice, body="The figures need a second source.")

    edited = edit_comment(comment=comment, editor=alice, body="Kill them all, every one of them.")

    edited.refresh_from_db()
    assert edited.status == Comment.Status.PENDING
    assert edited.body == "Kill them all, every one of them."
    assert edited.verdict.awaiting_review is True
    assert "violence.kill_group" in {reason["name"] for reason in edited.verdict.reasons}
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.COMMENT_EDIT_HELD, comment=edited
    ).exists()
    assert Discussion.objects.get(article=article).comment_count == 0
