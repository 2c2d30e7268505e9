"""The first replies a page shows under each thread: the first ones the reader may see, in display
order, read as one short index range per thread up to the path the roots query found."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gazette.comments import actions
from gazette.comments.models import Comment
from gazette.comments.queries import thread_page

Status = Comment.Status


def shown(node) -> list[int]:
    return [reply.comment.pk for reply in node.replies]


def test_first_replies_skip_hidden_ones_and_follow_display_order(story, ada, brook, cyd, say):
    root = say(ada)
    first = say(brook, parent=root)
    nested = say(cyd, parent=first)  # depth 2 sorts before the next reply to the root
    for status in (Status.REJECTED, Status.SPAM, Status.PENDING):
        hidden = say(cyd, parent=root)
        Comment.objects.filter(pk=hidden.pk).update(status=status)
    gone = say(cyd, parent=root)
    actions.delete_comment(comment=gone, user=cyd)
    third = say(brook, parent=root)
    after = say(brook, parent=root)
    Comment.objects.filter(pk=root.pk).update(thread_reply_count=4)  # the published ones

    (for_ada,) = thread_page(article=story, viewer=ada, replies_per_thread=3).threads
    (for_cyd,) = thread_page(article=story, viewer=cyd, replies_per_thread=3).threads

    assert shown(for_ada) == [first.pk, nested.pk, third.pk]
    assert for_ada.more_replies == 1 and for_ada.last_path == third.path
    assert after.path > third.path
    pending = Comment.objects.get(status=Status.PENDING)
    assert shown(for_cyd) == [first.pk, nested.pk, pending.pk]


def test_a_deleted_reply_over_a_published_one_counts_as_shown(story, ada, brook, cyd, say):
    root = say(ada)
    placeholder = say(brook, parent=root)
    under = say(cyd, parent=placeholder)
    actions.delete_comment(comment=placeholder, user=brook)
    say(cyd, parent=root)

    (node,) = thread_page(article=story, viewer=None, replies_per_thread=2).threads

    assert shown(node) == [placeholder.pk, under.pk]
    assert [reply.is_visible for reply in node.replies] == [False, True]


def test_threads_with_fewer_replies_than_the_limit_show_them_all(story, ada, brook, say):
    lone = say(ada)
    short = say(ada)
    replies = [say(brook, parent=short) for _ in range(2)]
    long = say(ada)
    many = [say(brook, parent=long) for _ in range(6)]

    page = thread_page(article=story, viewer=None, sort="oldest", replies_per_thread=4)

    assert [shown(node) for node in page.threads] == [
        [],
        [reply.pk for reply in replies],
        [reply.pk for reply in many[:4]],
    ]
    assert [node.more_replies for node in page.threads] == [0, 0, 2]
    assert lone.pk == page.threads[0].comment.pk


def test_first_replies_are_read_without_a_window_over_whole_threads(story, ada, brook, say):
    root = say(ada)
    for _ in range(5):
        say(brook, parent=root)

    with CaptureQueriesContext(connection) as queries:
        (node,) = thread_page(article=story, viewer=None, replies_per_thread=2).threads

    assert len(node.replies) == 2
    assert len(queries) == 2
    assert not any("ROW_NUMBER" in query["sql"].upper() for query in queries)
