"""The discussion under an article: read threads, post, edit, delete, vote, report."""

from typing import Annotated, Literal

from ninja import Path, Query, Router, Status
from ninja.security import SessionAuth

from gazette.comments import actions, permissions, queries
from gazette.comments.errors import InvalidComment, NotFound
from gazette.comments.models import PATH_SEGMENT, Comment
from gazette.comments.queries import Node
from gazette.core import ratelimits
from gazette.moderation import actions as moderation

from .schemas import (
    MAX_ID,
    CommentEdit,
    CommentIn,
    CommentOut,
    ErrorOut,
    FlagIn,
    FlagOut,
    RepliesOut,
    ThreadPageOut,
    VoteOut,
)


class ReaderSession(SessionAuth):
    """The site's session cookie, with Django's CSRF check (SessionAuth's default)."""

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


reader = ReaderSession()
router = Router(tags=["discussion"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Sort = Literal["best", "newest", "oldest"]
REPLY_PATH = rf"^(\d{{{PATH_SEGMENT}}})*$"


def errors(*codes: int) -> dict:
    return dict.fromkeys(codes, ErrorOut)


@router.get(
    "/articles/{article_id}/comments",
    response={200: ThreadPageOut, **errors(400, 404)},
    summary="One page of an article's threads",
)
def list_comments(
    request,
    article_id: Id,
    sort: Annotated[Sort, Query()] = "best",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
):
    """Top-level comments of one page in the chosen order, each with its first replies nested
    under the comments they answer. Follow `next` for the following page."""
    article = actions.get_article_for_discussion(article_id)
    page = queries.thread_page(article=article, viewer=request.user, sort=sort, cursor=cursor)
    voted = _voted(request.user, [n for node in page.threads for n in (node, *node.replies)])
    return {
        "threads": [_thread(node, voted) for node in page.threads],
        "sort": page.sort,
        "next": page.next_cursor,
    }


@router.get(
    "/comments/{comment_id}/replies",
    response={200: RepliesOut, **errors(400, 404)},
    summary="More replies of a thread",
)
def list_replies(
    request,
    comment_id: Id,
    after: Annotated[str, Query(max_length=255, pattern=REPLY_PATH)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
):
    """The replies of the thread started by `comment_id` after the `after` cursor (a thread's
    `replies_next`, or this endpoint's `next`), in display order."""
    thread = permissions.get_thread_for(request.user, comment_id)
    actions.get_article_for_discussion(thread.article_id)
    node = queries.more_replies(thread=thread, viewer=request.user, after_path=after, limit=limit)
    voted = _voted(request.user, node.replies)
    return {
        "replies": [_tree(reply, voted) for reply in queries.nest(node.replies)],
        "more_replies": node.more_replies,
        "next": node.last_path if node.more_replies else None,
    }


@router.get(
    "/comments/{comment_id}",
    response={200: CommentOut, **errors(400, 404)},
    summary="One comment",
)
def get_comment(request, comment_id: Id):
    comment = _readable_comment(request.user, comment_id)
    return _single(comment, request.user)


@router.post(
    "/articles/{article_id}/comments",
    auth=reader,
    response={200: CommentOut, 201: CommentOut, **errors(400, 403, 404, 413, 422, 429)},
    summary="Post a comment or a reply",
)
def post_comment(request, article_id: Id, payload: CommentIn):
    """201 with the new comment; its `status` tells whether it is published or held.
    The same `client_token` again answers 200 with the first comment (never a second one);
    the same token with a different body is refused with 422."""
    article = actions.get_article_for_discussion(article_id)
    client_token = payload.client_token or request.headers.get("Idempotency-Key", "")
    if not client_token:
        raise InvalidComment("Send a client_token (or an Idempotency-Key header) with the comment.")
    comment, created = actions.post_comment(
        article=article,
        author=request.auth,
        body=payload.body,
        client_token=client_token,
        parent=payload.parent,
        ip_address=ratelimits.client_address(request) or None,
        nudge_acknowledged=payload.acknowledge_warning,
    )
    return Status(201 if created else 200, _single(comment, request.auth))


@router.patch(
    "/comments/{comment_id}",
    auth=reader,
    response={200: CommentOut, **errors(400, 403, 404, 413)},
    summary="Edit one's own comment",
)
def edit_comment(request, comment_id: Id, payload: CommentEdit):
    """Allowed to the author within the edit window and until someone replies."""
    comment = _readable_comment(request.auth, comment_id)
    comment = actions.edit_comment(comment=comment, editor=request.auth, body=payload.body)
    return _single(comment, request.auth)


@router.delete(
    "/comments/{comment_id}",
    auth=reader,
    response={204: None, **errors(400, 403, 404)},
    summary="Delete one's own comment",
)
def delete_comment(request, comment_id: Id):
    """Its replies stay, under a 'deleted' placeholder."""
    comment = _readable_comment(request.auth, comment_id)
    actions.delete_comment(comment=comment, user=request.auth)
    return Status(204, None)


@router.post(
    "/comments/{comment_id}/vote",
    auth=reader,
    response={200: VoteOut, **errors(400, 403, 404)},
    summary="Up-vote a comment, or take the vote back",
)
def vote(request, comment_id: Id):
    comment = _readable_comment(request.auth, comment_id)
    comment, voted = actions.toggle_vote(comment=comment, voter=request.auth)
    return {"voted": voted, "score": comment.upvotes}


@router.post(
    "/comments/{comment_id}/flags",
    auth=reader,
    response={201: FlagOut, **errors(400, 403, 404, 413)},
    summary="Report a comment to the moderators",
)
def flag_comment(request, comment_id: Id, payload: FlagIn):
    """Once per reader and comment, never one's own, up to MODERATION_FLAGS_PER_DAY (20) a day.
    Enough reports hide the comment until a moderator decides."""
    comment = _readable_comment(request.auth, comment_id)
    flag = moderation.flag_comment(
        comment=comment, reporter=request.auth, reason=payload.reason, note=payload.note
    )
    return Status(201, {"comment": comment.pk, "reason": flag.reason, "reported": True})


def _readable_comment(user, comment_id: int) -> Comment:
    """A comment this reader may read, under a live public article; NotFound for the rest."""
    comment = permissions.get_comment_for(user, comment_id)
    if not permissions.can_see(user, comment):
        raise NotFound("There is no such comment.")
    actions.get_article_for_discussion(comment.article_id)
    return comment


def _voted(viewer, nodes: list[Node]) -> set[int]:
    return queries.voted_comment_ids(viewer, [n.comment.pk for n in nodes if n.is_visible])


def _thread(node: Node, voted: set[int]) -> dict:
    out = _out(node, voted)
    out["replies"] = [_tree(reply, voted) for reply in queries.nest(node.replies)]
    out["more_replies"] = node.more_replies
    out["replies_next"] = node.last_path if node.more_replies else None
    return out


def _tree(node: Node, voted: set[int]) -> dict:
    out = _out(node, voted)
    out["replies"] = [_tree(reply, voted) for reply in node.replies]
    return out


def _single(comment: Comment, viewer) -> dict:
    node = Node(comment=comment, is_visible=permissions.can_see(viewer, comment))
    out = _out(node, _voted(viewer, [node]))
    if comment.is_top_level:
        out["more_replies"] = comment.thread_reply_count
        out["replies_next"] = "" if comment.thread_reply_count else None
    return out


def _out(node: Node, voted: set[int]) -> dict:
    comment = node.comment
    visible = node.is_visible
    answered = comment.reply_to if comment.reply_to_id else None
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "reply_to": comment.reply_to_id,
        "reply_to_author": _name(answered) if answered and answered.is_published else None,
        "author": _name(comment) if visible else None,
        "body_html": comment.body_html if visible else "",
        "created": comment.created,
        "edited": comment.edited if visible else None,
        "score": comment.upvotes if visible else 0,
        "voted": comment.pk in voted,
        "status": comment.status if visible else _placeholder_status(comment),
        "replies": [],
        "more_replies": 0,
        "replies_next": None,
    }


def _name(comment: Comment) -> str | None:
    return comment.author.public_name if comment.author is not None else None


def _placeholder_status(comment: Comment) -> str:
    # Rejected and spam look the same to readers: 'removed' tells no moderation detail.
    return "deleted" if comment.status == Comment.Status.DELETED else "removed"
