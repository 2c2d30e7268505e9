"""Reads of the discussion: pages of threads in display order, with a bounded number of queries.

A page is two queries whatever the size of the discussion: the top-level comments of the page
(an index range scan from the cursor), each with the path where its first replies end, then
those replies in path order (one short range of the thread-order index per thread).
"""

import base64
import binascii
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from .errors import InvalidComment
from .models import Comment, Vote

SORTS = ("best", "newest", "oldest")
DEFAULT_SORT = "best"


@dataclass
class Node:
    comment: Comment
    is_visible: bool
    replies: list["Node"] = field(default_factory=list)
    more_replies: int = 0
    last_path: str = ""

    @property
    def depth(self) -> int:
        return self.comment.depth


@dataclass
class ThreadPage:
    threads: list[Node]
    next_cursor: str | None
    sort: str


def visible_to(viewer) -> Q:
    """Comments this reader may read: published ones, and their own awaiting moderation."""
    visible = Q(status=Comment.Status.PUBLISHED)
    if viewer is not None and viewer.is_authenticated:
        visible |= Q(status=Comment.Status.PENDING, author_id=viewer.pk)
    return visible


def _shown(viewer) -> Q:
    """Visible comments, and placeholders for hidden ones that still have published replies.

    Replies at any depth count, not only direct ones: above a reply whose parent and
    grandparent were both deleted, both placeholders must stay or the reply has no thread.
    """
    has_published_reply = Exists(
        Comment.objects.filter(
            thread_id=OuterRef("thread_id"),
            depth__gt=OuterRef("depth"),
            path__startswith=OuterRef("path"),
            status=Comment.Status.PUBLISHED,
        )
    )
    return visible_to(viewer) | Q(has_published_reply)


def _is_visible(comment: Comment, viewer) -> bool:
    if comment.status == Comment.Status.PUBLISHED:
        return True
    return (
        comment.status == Comment.Status.PENDING
        and viewer is not None
        and viewer.is_authenticated
        and comment.author_id == viewer.pk
    )


def clean_sort(sort: str | None) -> str:
    return sort if sort in SORTS else DEFAULT_SORT


def encode_cursor(comment: Comment, sort: str) -> str:
    key = comment.rank if sort == "best" else comment.created.isoformat()
    raw = json.dumps([sort, key, comment.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# Far longer than any cursor encode_cursor makes; a bound keeps json.loads from recursing
# through a crafted 100 kB array (RecursionError, a 500).
MAX_CURSOR_LENGTH = 200
MAX_ID = 2**63 - 1


def decode_cursor(cursor: str, sort: str) -> tuple:
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, key, pk = json.loads(raw)
        if cursor_sort != sort or not isinstance(pk, int) or not 0 < pk <= MAX_ID:
            raise ValueError
        if sort == "best":
            key = float(key)
        else:
            from django.utils.dateparse import parse_datetime

            key = parse_datetime(key)
            if key is None:
                raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidComment(
            "That page of comments does not exist: the cursor is malformed."
        ) from None
    return key, pk


def _after_cursor(sort: str, key, pk: int) -> Q:
    if sort == "best":
        return Q(rank__lt=key) | Q(rank=key, pk__lt=pk)
    if sort == "newest":
        return Q(created__lt=key) | Q(created=key, pk__lt=pk)
    return Q(created__gt=key) | Q(created=key, pk__gt=pk)


ORDERINGS = {
    "best": ("-rank", "-pk"),
    "newest": ("-created", "-pk"),
    "oldest": ("created", "pk"),
}


def _with_people(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    return queryset.select_related("author", "reply_to__author")


def thread_page(
    *,
    article,
    viewer,
    sort: str | None = None,
    cursor: str | None = None,
    threads_per_page: int | None = None,
    replies_per_thread: int | None = None,
) -> ThreadPage:
    """One page of top-level threads, each with its first replies, in display order."""
    sort = clean_sort(sort)
    limit = threads_per_page or settings.COMMENTS_THREADS_PER_PAGE
    replies_limit = (
        settings.COMMENTS_REPLIES_PER_THREAD if replies_per_thread is None else replies_per_thread
    )
    candidates = Comment.objects.filter(article=article, depth=0).filter(_shown(viewer))
    if cursor:
        candidates = candidates.filter(_after_cursor(sort, *decode_cursor(cursor, sort)))
    if replies_limit > 0:
        candidates = candidates.annotate(replies_end=_nth_reply_path(viewer, replies_limit))
    roots = list(_with_people(candidates).order_by(*ORDERINGS[sort])[: limit + 1])
    next_cursor = encode_cursor(roots[limit - 1], sort) if len(roots) > limit else None
    roots = roots[:limit]

    replies: list[Comment] = []
    if roots and replies_limit > 0:
        # Each thread's first replies are one range of the thread-order index, up to the path
        # the roots query found: a thread of 5,000 replies costs what a thread of 3 does.
        ranges = Q()
        for root in roots:
            end = getattr(root, "replies_end", None)  # annotated by the roots query
            if end is None:  # fewer replies than the page shows: all of them
                ranges |= Q(thread_id=root.pk)
            else:
                ranges |= Q(thread_id=root.pk, path__lte=end)
        replies = list(
            _with_people(
                Comment.objects.filter(ranges, depth__gt=0).filter(_shown(viewer))
            ).order_by("thread_id", "path")
        )
    threads = [
        _build_thread(root, [r for r in replies if r.thread_id == root.pk], viewer)
        for root in roots
    ]
    return ThreadPage(threads=threads, next_cursor=next_cursor, sort=sort)


def _nth_reply_path(viewer, n: int) -> Subquery:
    """The path of the n-th reply shown in a thread (None when it has fewer): where the
    thread's first page of replies ends, read from the start of the thread-order index."""
    return Subquery(
        Comment.objects.filter(thread_id=OuterRef("pk"), depth__gt=0)
        .filter(_shown(viewer))
        .order_by("path")
        .values("path")[n - 1 : n]
    )


def more_replies(*, thread: Comment, viewer, after_path: str = "", limit: int = 50) -> Node:
    """The next replies of one thread after a path, as a Node whose replies are flat in order."""
    replies = list(
        _with_people(
            Comment.objects.filter(
                thread_id=thread.pk, depth__gt=0, path__gt=after_path or thread.path
            )
            .filter(_shown(viewer))
            .order_by("path")[: limit + 1]
        )
    )
    node = Node(comment=thread, is_visible=_is_visible(thread, viewer))
    node.replies = [Node(comment=c, is_visible=_is_visible(c, viewer)) for c in replies[:limit]]
    node.last_path = replies[:limit][-1].path if replies else after_path
    node.more_replies = _remaining(thread, replies[:limit], viewer, after_path)
    return node


def _remaining(thread: Comment, shown: list[Comment], viewer, after_path: str) -> int:
    if not shown:
        return 0
    return (
        Comment.objects.filter(thread_id=thread.pk, depth__gt=0, path__gt=shown[-1].path)
        .filter(_shown(viewer))
        .count()
    )


def _build_thread(root: Comment, replies: list[Comment], viewer) -> Node:
    """The root with its replies flattened in path (display) order."""
    node = Node(comment=root, is_visible=_is_visible(root, viewer))
    node.replies = [Node(comment=c, is_visible=_is_visible(c, viewer)) for c in replies]
    shown_published = sum(1 for r in node.replies if r.comment.status == Comment.Status.PUBLISHED)
    node.more_replies = max(0, root.thread_reply_count - shown_published)
    node.last_path = replies[-1].path if replies else root.path
    return node


def nest(nodes: list[Node]) -> list[Node]:
    """Turn a path-ordered flat list of reply nodes into a tree (for the JSON API)."""
    by_id: dict[int, Node] = {}
    top: list[Node] = []
    for node in nodes:
        copy = Node(comment=node.comment, is_visible=node.is_visible)
        by_id[node.comment.pk] = copy
        parent_id = node.comment.parent_id
        parent = by_id.get(parent_id) if parent_id is not None else None
        (parent.replies if parent else top).append(copy)
    return top


def public_comments_by(user) -> QuerySet[Comment]:
    """A reader's published comments, newest first, with their articles."""
    return (
        Comment.objects.filter(author=user, status=Comment.Status.PUBLISHED)
        .select_related("article", "author")
        .order_by("-created", "-pk")
    )


def page_start_for(comment: Comment, *, replies_per_page: int) -> str:
    """Where a page of its thread must start for this reply to be on it: '' for the first page,
    else the path of the reply shown just before it. Two index range reads, whatever the size."""
    if comment.depth == 0:
        return ""
    replies = Comment.objects.filter(thread_id=comment.thread_id, depth__gt=0).order_by("path")
    last_on_first_page = next(
        iter(replies.values_list("path", flat=True)[replies_per_page - 1 : replies_per_page]),
        None,
    )
    if last_on_first_page is None or comment.path <= last_on_first_page:
        return ""
    return (
        replies.filter(path__lt=comment.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    ) or ""


def voted_comment_ids(viewer, comment_ids) -> set[int]:
    """Which of these comments the reader has up-voted: one query for a whole page."""
    if viewer is None or not viewer.is_authenticated or not comment_ids:
        return set()
    return set(
        Vote.objects.filter(voter=viewer, comment_id__in=comment_ids).values_list(
            "comment_id", flat=True
        )
    )


def comment_count(article) -> int:
    discussion = getattr(article, "discussion", None)
    return discussion.comment_count if discussion else 0
