"""The comment tree: display order, the depth cap, counters, pages of threads by cursor, reply
limits and their continuation, placeholders, and a query count that ignores the discussion's
size."""

import base64
import json
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import ArticlePageFactory, ReaderFactory

from gazette.comments.actions import delete_comment, post_comment
from gazette.comments.errors import InvalidComment, NotAllowed
from gazette.comments.models import Comment, Discussion
from gazette.comments.queries import (
    SORTS,
    comment_count,
    encode_cursor,
    more_replies,
    nest,
    thread_page,
)

Status = Comment.Status


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section)


@pytest.fixture
def readers(db):
    return [ReaderFactory(username=f"reader{n}") for n in range(4)]


@pytest.fixture
def alice(readers):
    return readers[0]


@pytest.fixture
def bob(readers):
    return readers[1]


def post(article, author, body="Noted.", parent=None):
    comment, _ = post_comment(
        article=article, author=author, body=body, parent=parent, client_token=uuid.uuid4().hex
    )
    return comment


def flat(node):
    return [(reply.comment.pk, reply.comment.depth) for reply in node.replies]


def all_threads(article, viewer, sort, per_page):
    """Every top-level comment, page by page, following the cursors."""
    seen, cursor, pages = [], None, 0
    while True:
        page = thread_page(
            article=article, viewer=viewer, sort=sort, cursor=cursor, threads_per_page=per_page
        )
        seen += [node.comment.pk for node in page.threads]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return seen, pages


# Display order: depth first, replies oldest first.


def test_replies_are_shown_depth_first_with_oldest_replies_first(article, alice, bob):
    root = post(article, alice)
    first = post(article, bob, parent=root)
    second = post(article, alice, parent=root)
    first_of_first = post(article, alice, parent=first)
    deep = post(article, bob, parent=first_of_first)
    second_of_first = post(article, bob, parent=first)

    (node,) = thread_page(article=article, viewer=None, replies_per_thread=10).threads

    assert node.comment.pk == root.pk
    assert flat(node) == [
        (first.pk, 1),
        (first_of_first.pk, 2),
        (deep.pk, 3),
        (second_of_first.pk, 2),
        (second.pk, 1),
    ]


def test_nest_turns_the_flat_replies_into_the_tree(article, alice, bob):
    root = post(article, alice)
    first = post(article, bob, parent=root)
    second = post(article, alice, parent=root)
    under_first = post(article, alice, parent=first)

    (node,) = thread_page(article=article, viewer=None, replies_per_thread=10).threads
    tree = nest(node.replies)

    assert [(n.comment.pk, [c.comment.pk for c in n.replies]) for n in tree] == [
        (first.pk, [under_first.pk]),
        (second.pk, []),
    ]


def test_path_segments_have_fixed_width_so_ids_sort_as_numbers(article, alice, bob):
    # Fixed-width path segments: id 10 sorts after id 9, not between 1 and 2.
    root = post(article, alice)
    replies = [post(article, bob, parent=root) for _ in range(12)]
    Comment.objects.filter(pk=replies[-1].pk).update(path=root.path + f"{10**11 + 7:012d}")

    (node,) = thread_page(article=article, viewer=None, replies_per_thread=20).threads

    assert [pk for pk, _ in flat(node)] == [reply.pk for reply in replies]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("oldest", [0, 1, 2]), ("newest", [2, 1, 0])],
)
def test_top_level_threads_follow_the_sort(article, readers, sort, expected):
    roots = [post(article, author) for author in readers[:3]]

    page = thread_page(article=article, viewer=None, sort=sort)

    assert [node.comment.pk for node in page.threads] == [roots[i].pk for i in expected]
    assert page.sort == sort


def test_unknown_sort_falls_back_to_best(article, alice):
    post(article, alice)

    assert thread_page(article=article, viewer=None, sort="'; DROP TABLE").sort == "best"


# The depth cap.


def chain(article, readers, length):
    """A chain of replies, each answering the one before, by alternating readers."""
    comments = [post(article, readers[0])]
    for level in range(1, length):
        comments.append(post(article, readers[level % 2], parent=comments[-1]))
    return comments


def test_reply_deeper_than_max_depth_attaches_to_deepest_level(article, readers):
    max_depth = settings.COMMENTS_MAX_DEPTH
    comments = chain(article, readers, max_depth)
    deepest = comments[-1]
    assert deepest.depth == max_depth - 1

    reply = post(article, readers[2], parent=deepest)

    assert reply.depth == max_depth - 1
    assert reply.parent_id == deepest.parent_id
    assert reply.reply_to_id == deepest.pk
    assert reply.thread_id == comments[0].pk
    (node,) = thread_page(article=article, viewer=None, replies_per_thread=20).threads
    shown = [(r.comment.pk, r.comment.depth, r.comment.reply_to_id) for r in node.replies]
    assert shown[-2:] == [(deepest.pk, max_depth - 1, None), (reply.pk, max_depth - 1, deepest.pk)]
    assert node.replies[-1].comment.reply_to.author.public_name == deepest.author.public_name


def test_replies_to_a_capped_reply_stay_at_the_deepest_level(article, readers, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    comments = chain(article, readers, 3)

    first = post(article, readers[2], parent=comments[-1])
    second = post(article, readers[3], parent=first)

    assert (first.depth, second.depth) == (2, 2)
    assert first.parent_id == second.parent_id == comments[1].pk
    assert second.reply_to_id == first.pk


def test_reply_within_max_depth_has_no_reply_to(article, readers):
    comments = chain(article, readers, settings.COMMENTS_MAX_DEPTH)

    assert [c.depth for c in comments] == list(range(settings.COMMENTS_MAX_DEPTH))
    assert all(c.reply_to_id is None for c in comments)


# Counters.


def test_counters_follow_posting_and_deleting(article, alice, bob):
    root = post(article, alice)
    reply = post(article, bob, parent=root)
    post(article, alice, parent=reply)
    other = post(article, bob)

    root.refresh_from_db()
    assert (root.thread_reply_count, comment_count(_fresh(article))) == (2, 4)

    delete_comment(comment=reply, user=bob)
    delete_comment(comment=other, user=bob)

    root.refresh_from_db()
    other.refresh_from_db()
    assert (root.thread_reply_count, comment_count(_fresh(article))) == (1, 2)
    assert other.thread_reply_count == 0

    delete_comment(comment=root, user=alice)

    root.refresh_from_db()
    assert root.thread_reply_count == 1  # its reply is still published under the placeholder
    assert comment_count(_fresh(article)) == 1
    assert Comment.objects.filter(article=article, status=Status.PUBLISHED).count() == 1


def test_deleting_twice_counts_once(article, alice):
    comment = post(article, alice)
    delete_comment(comment=comment, user=alice)

    with pytest.raises(NotAllowed):
        delete_comment(comment=comment, user=alice)

    assert Discussion.objects.get(article=article).comment_count == 0


def test_counters_equal_the_published_rows_after_a_busy_discussion(article, readers):
    roots = [post(article, reader) for reader in readers]
    replies = [post(article, readers[(i + 1) % 4], parent=roots[i % 4]) for i in range(12)]
    for reply in replies[::3]:
        delete_comment(comment=reply, user=reply.author)
    delete_comment(comment=roots[0], user=roots[0].author)

    published = Comment.objects.filter(article=article, status=Status.PUBLISHED)
    assert Discussion.objects.get(article=article).comment_count == published.count()
    for root in Comment.objects.filter(article=article, depth=0):
        assert root.thread_reply_count == published.filter(thread=root, depth__gt=0).count()


def _fresh(article):
    return type(article).objects.select_related("discussion").get(pk=article.pk)


# Pages of threads by cursor.


def make_roots(article, readers, count):
    return [post(article, readers[n % len(readers)], body=f"Thread {n}") for n in range(count)]


@pytest.mark.parametrize("sort", SORTS)
def test_pages_cover_every_thread_once_in_order(article, readers, sort):
    roots = make_roots(article, readers, 11)
    for n, root in enumerate(roots):  # votes put best in an order of its own
        Comment.objects.filter(pk=root.pk).update(rank=root.rank + (n * 7 % 5))
    expected = [c.pk for c in Comment.objects.filter(article=article).order_by(*_ordering(sort))]

    seen, pages = all_threads(article, None, sort, per_page=4)

    assert seen == expected
    assert pages == 3


@pytest.mark.parametrize("sort", SORTS)
def test_pages_have_no_duplicates_or_gaps_when_ranks_and_times_are_equal(article, readers, sort):
    roots = make_roots(article, readers, 10)
    Comment.objects.filter(article=article).update(
        created=timezone.now() - timedelta(hours=1), rank=1.5
    )
    expected = [c.pk for c in Comment.objects.filter(article=article).order_by(*_ordering(sort))]

    seen, pages = all_threads(article, None, sort, per_page=3)

    assert seen == expected
    assert sorted(seen) == sorted(root.pk for root in roots)
    assert pages == 4


@pytest.mark.parametrize("sort", SORTS)
def test_exact_multiple_of_the_page_size_has_no_empty_last_page(article, readers, sort):
    make_roots(article, readers, 6)

    seen, pages = all_threads(article, None, sort, per_page=3)

    assert (len(seen), pages) == (6, 2)


def test_a_comment_posted_between_pages_does_not_shift_the_next_page(article, readers):
    roots = make_roots(article, readers, 6)
    first = thread_page(article=article, viewer=None, sort="newest", threads_per_page=3)

    post(article, readers[0], body="Arrives while the reader scrolls.")
    second = thread_page(
        article=article, viewer=None, sort="newest", cursor=first.next_cursor, threads_per_page=3
    )

    assert [n.comment.pk for n in first.threads + second.threads] == [
        root.pk for root in reversed(roots)
    ]


def _ordering(sort):
    return {"best": ("-rank", "-pk"), "newest": ("-created", "-pk"), "oldest": ("created", "pk")}[
        sort
    ]


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


MALFORMED_CURSORS = [
    "not a cursor",
    "!!!!",
    "\x00",
    "\u00e9\u00e9\u00e9",
    b64(b"not json"),
    b64(b"\xff\xfe\xfd"),
    b64(b"42"),
    b64(b"null"),
    b64(b'{"sort": "best"}'),
    b64(b"[]"),
    b64(b'["best", 1.5]'),
    b64(b'["best", 1.5, 3, 4]'),
    b64(b'["best", "high", 3]'),
    b64(b'["best", 1.5, "3"]'),
    b64(b'["best", 1.5, 3.5]'),
    b64(b'["best", [], 3]'),
    b64(b'["newest", 1.5, 3]'),
    b64(b'["oldest", "yesterday", 3]'),
    b64(b'["oldest", "2026-13-45T25:61:00", 3]'),
    b64(b'["oldest", null, 3]'),
    b64(json.dumps(["best", 1.5, 10**30]).encode()),
    b64(json.dumps(["oldest", "2026-01-01T00:00:00+00:00", -(10**30)]).encode()),
    b64(b"[" * 100_000 + b"]" * 100_000),
    "A" * 100_000,
]


def test_malformed_cursor_raises_invalid_comment(article, alice):
    # One test for the whole table: each case costs a query-free call, an article costs 0.7 s.
    post(article, alice)
    accepted = []

    for cursor in MALFORMED_CURSORS:
        for sort in SORTS:
            try:
                thread_page(article=article, viewer=None, sort=sort, cursor=cursor)
            except InvalidComment as error:
                assert error.message == (
                    "That page of comments does not exist: the cursor is malformed."
                )
                assert error.status_code == 400
            else:
                accepted.append((sort, cursor[:60]))

    assert accepted == []


def test_cursor_of_another_sort_raises_invalid_comment(article, alice):
    comment = post(article, alice)

    with pytest.raises(InvalidComment):
        thread_page(
            article=article, viewer=None, sort="oldest", cursor=encode_cursor(comment, "best")
        )


# Replies per thread, "show N more replies", and the continuation.


def test_thread_shows_the_first_replies_and_counts_the_rest(article, alice, bob):
    root = post(article, alice)
    replies = [post(article, bob, parent=root) for _ in range(5)]

    (node,) = thread_page(article=article, viewer=None, replies_per_thread=3).threads

    assert [r.comment.pk for r in node.replies] == [r.pk for r in replies[:3]]
    assert node.more_replies == 2
    assert node.last_path == replies[2].path


def test_default_replies_per_thread_comes_from_settings(article, alice, bob, settings):
    settings.COMMENTS_REPLIES_PER_THREAD = 2
    root = post(article, alice)
    for _ in range(4):
        post(article, bob, parent=root)

    (node,) = thread_page(article=article, viewer=None).threads

    assert (len(node.replies), node.more_replies) == (2, 2)


def test_zero_replies_per_thread_shows_only_the_count(article, alice, bob):
    root = post(article, alice)
    for _ in range(3):
        post(article, bob, parent=root)

    (node,) = thread_page(article=article, viewer=None, replies_per_thread=0).threads

    assert (node.replies, node.more_replies) == ([], 3)


def test_more_replies_counts_only_what_the_viewer_can_see(article, readers):
    alice, bob, carol, _ = readers
    root = post(article, alice)
    held = post(article, carol, parent=root)
    Comment.objects.filter(pk=held.pk).update(status=Status.PENDING)
    spam = post(article, carol, parent=root)
    Comment.objects.filter(pk=spam.pk).update(status=Status.SPAM)
    visible = [post(article, bob, parent=root) for _ in range(4)]
    Comment.objects.filter(pk=root.pk).update(thread_reply_count=4)

    (for_bob,) = thread_page(article=article, viewer=bob, replies_per_thread=3).threads
    (for_carol,) = thread_page(article=article, viewer=carol, replies_per_thread=3).threads

    assert [r.comment.pk for r in for_bob.replies] == [v.pk for v in visible[:3]]
    assert for_bob.more_replies == 1
    assert [r.comment.pk for r in for_carol.replies] == [held.pk, visible[0].pk, visible[1].pk]
    assert for_carol.more_replies == 2


def test_more_replies_continues_where_the_page_stopped_until_the_end(article, readers):
    alice, bob, carol, _ = readers
    root = post(article, alice)
    for n in range(4):
        reply = post(article, bob, parent=root)
        for _ in range(n % 3):
            post(article, carol, parent=reply)
    expected = list(
        Comment.objects.filter(thread=root, depth__gt=0)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    (node,) = thread_page(article=article, viewer=None, replies_per_thread=3).threads
    seen = [r.comment.pk for r in node.replies]
    remaining = [node.more_replies]

    while remaining[-1]:
        node = more_replies(thread=root, viewer=None, after_path=node.last_path, limit=2)
        seen += [r.comment.pk for r in node.replies]
        remaining.append(node.more_replies)

    assert seen == expected
    assert len(expected) == 7
    assert remaining == [4, 2, 0]


def test_more_replies_without_a_path_starts_at_the_first_reply(article, alice, bob):
    root = post(article, alice)
    replies = [post(article, bob, parent=root) for _ in range(3)]

    node = more_replies(thread=root, viewer=None, limit=10)

    assert [r.comment.pk for r in node.replies] == [r.pk for r in replies]
    assert node.more_replies == 0


def test_more_replies_leaves_out_hidden_replies(article, readers):
    alice, bob, carol, _ = readers
    root = post(article, alice)
    shown = post(article, bob, parent=root)
    for status in (Status.PENDING, Status.REJECTED, Status.SPAM):
        hidden = post(article, carol, parent=root)
        Comment.objects.filter(pk=hidden.pk).update(status=status)

    node = more_replies(thread=root, viewer=bob, limit=10)

    assert [r.comment.pk for r in node.replies] == [shown.pk]


# Placeholders.


def test_deleted_comment_with_replies_stays_as_a_placeholder(article, alice, bob):
    root = post(article, alice)
    reply = post(article, bob, parent=root)
    delete_comment(comment=root, user=alice)

    (node,) = thread_page(article=article, viewer=AnonymousUser()).threads

    assert (node.comment.pk, node.is_visible, node.comment.status) == (
        root.pk,
        False,
        Status.DELETED,
    )
    assert node.comment.body == node.comment.body_html == ""
    assert [(r.comment.pk, r.is_visible) for r in node.replies] == [(reply.pk, True)]


def test_deleted_reply_with_replies_stays_as_a_placeholder(article, alice, bob):
    root = post(article, alice)
    middle = post(article, bob, parent=root)
    under = post(article, alice, parent=middle)
    delete_comment(comment=middle, user=bob)

    (node,) = thread_page(article=article, viewer=None).threads

    assert [(r.comment.pk, r.is_visible) for r in node.replies] == [
        (middle.pk, False),
        (under.pk, True),
    ]


def test_deleted_leaves_leave_no_placeholder(article, alice, bob):
    root = post(article, alice)
    kept = post(article, bob, parent=root)
    delete_comment(comment=post(article, bob, parent=root), user=bob)
    delete_comment(comment=post(article, bob, parent=kept), user=bob)
    delete_comment(comment=post(article, alice), user=alice)

    page = thread_page(article=article, viewer=None)

    assert [node.comment.pk for node in page.threads] == [root.pk]
    assert [r.comment.pk for r in page.threads[0].replies] == [kept.pk]


def test_deleted_chain_above_a_published_reply_keeps_every_placeholder(article, readers):
    alice, bob, carol, _ = readers
    root = post(article, alice)
    first = post(article, bob, parent=root)
    second = post(article, carol, parent=first)
    survivor = post(article, alice, parent=second)
    delete_comment(comment=second, user=carol)
    delete_comment(comment=first, user=bob)
    delete_comment(comment=root, user=alice)

    (node,) = thread_page(article=article, viewer=None, replies_per_thread=10).threads

    assert (node.comment.pk, node.is_visible) == (root.pk, False)
    assert [(r.comment.pk, r.comment.depth, r.is_visible) for r in node.replies] == [
        (first.pk, 1, False),
        (second.pk, 2, False),
        (survivor.pk, 3, True),
    ]
    tree = nest(node.replies)
    assert [n.comment.pk for n in tree] == [first.pk]


def test_thread_of_deleted_comments_only_disappears(article, alice, bob):
    root = post(article, alice)
    reply = post(article, bob, parent=root)
    delete_comment(comment=reply, user=bob)
    delete_comment(comment=root, user=alice)

    assert thread_page(article=article, viewer=None).threads == []


# Queries: a page costs the same whatever the size of the discussion.


def build_discussion(article, readers, size):
    """`size` comments: threads of up to ten replies, some nested, a few deleted."""
    made = 0
    while made < size:
        root = post(article, readers[made % 4])
        made += 1
        parent = root
        for n in range(min(9, size - made)):
            reply = post(article, readers[(made + n) % 4], parent=parent if n % 3 else root)
            parent = reply
            made += 1
            if n == 4:
                delete_comment(comment=reply, user=reply.author)
                parent = root


def test_page_queries_do_not_grow_with_the_discussion(section, readers):
    small, large = ArticlePageFactory(parent=section), ArticlePageFactory(parent=section)
    build_discussion(small, readers, 10)
    build_discussion(large, readers, 300)
    viewer = readers[2]

    for sort in SORTS:
        counts = []
        for article in (small, large):
            with CaptureQueriesContext(connection) as queries:
                page = thread_page(article=article, viewer=viewer, sort=sort)
                names = [
                    shown.comment.author.public_name
                    + (
                        shown.comment.reply_to.author.public_name
                        if shown.comment.reply_to_id
                        else ""
                    )
                    for node in page.threads
                    for shown in [node, *node.replies]
                ]
            counts.append(len(queries))
            assert len(names) > len(page.threads)
        assert len(page.threads) == settings.COMMENTS_THREADS_PER_PAGE
        assert counts[0] == counts[1] <= 2, sort


def test_more_replies_queries_do_not_grow_with_the_thread(article, readers):
    counts = []
    for size in (5, 150):
        root = post(article, readers[0])
        for n in range(size):
            post(article, readers[1 + n % 3], parent=root)
        with CaptureQueriesContext(connection) as queries:
            node = more_replies(thread=root, viewer=readers[1], limit=50)
            names = {reply.comment.author.public_name for reply in node.replies}
        counts.append(len(queries))
        assert len(names) == 3

    assert counts[0] <= counts[1] == 2
