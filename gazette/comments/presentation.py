"""What the discussion's templates show for each comment, decided once per page.

Names, initials, markers and the actions open to this reader are worked out here from the
queries' nodes and the permission predicates, so templates only lay them out and hold no rules.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from . import permissions, policy, queries
from .forms import CommentForm
from .models import Comment
from .queries import Node

AVATAR_HUES = 8
FORMER_READER = "Former reader"
SORT_LABELS = {"best": "Best", "newest": "Newest", "oldest": "Oldest"}


@dataclass
class Item:
    """One comment as this reader sees it."""

    comment: Comment
    is_visible: bool
    author_name: str
    initials: str
    hue: int
    reply_to_name: str
    can_reply: bool
    can_edit: bool
    can_delete: bool
    can_vote: bool
    is_voted: bool
    can_flag: bool
    is_flagged: bool  # this reader reported it already

    @property
    def id(self) -> int:
        return self.comment.pk

    @property
    def depth(self) -> int:
        return self.comment.depth

    @property
    def parent_id(self) -> int | None:
        return self.comment.parent_id

    @property
    def reply_depth(self) -> int:
        """The depth a reply to this comment gets: one deeper, up to the deepest level."""
        return min(self.comment.depth + 1, settings.COMMENTS_MAX_DEPTH - 1)

    @property
    def is_pending(self) -> bool:
        return self.is_visible and self.comment.status == Comment.Status.PENDING

    @property
    def placeholder(self) -> str:
        if self.comment.status == Comment.Status.DELETED:
            return "comment deleted"
        return "comment removed"


@dataclass
class Thread:
    root: Item
    replies: list[Item]
    more_replies: int
    last_path: str


def author_name(user) -> str:
    return user.public_name if user is not None else FORMER_READER


def initials(name: str) -> str:
    """Up to two letters for the avatar circle: the first of the first and of the last word."""
    words = ["".join(char for char in word if char.isalnum()) for word in name.split()]
    words = [word for word in words if word]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def can_flag(user, comment: Comment) -> bool:
    """Whether to offer "Report": a signed-in reader, on a published comment not their own.
    `moderation.actions.flag_comment` checks the rest (bans, repeats, the daily limit)."""
    return (
        bool(user and user.is_authenticated and user.is_active)
        and comment.status == Comment.Status.PUBLISHED
        and comment.author_id != user.pk
    )


def flagged_comment_ids(viewer, comment_ids) -> set[int]:
    """Which of these comments the reader has reported: one query for a whole page."""
    if viewer is None or not viewer.is_authenticated or not comment_ids:
        return set()
    # Flags belong to moderation, whose models point at comments': imported when first used,
    # as the seam in policy.py does.
    from gazette.moderation.models import Flag

    return set(
        Flag.objects.filter(reporter=viewer, comment_id__in=comment_ids).values_list(
            "comment_id", flat=True
        )
    )


def _reply_to_name(comment: Comment) -> str:
    if comment.reply_to_id is None:
        return ""
    answered = comment.reply_to
    if answered is None or answered.status != Comment.Status.PUBLISHED:
        return "a removed comment"
    return author_name(answered.author)


class Presenter:
    """Turns nodes into items for one reader on one article, with one query for their ban, one
    for their votes and one for their reports."""

    def __init__(self, *, viewer, article):
        self.viewer = viewer
        self.is_signed_in = bool(viewer is not None and viewer.is_authenticated)
        # A banned reader still reads everything, but is offered none of the actions the ban
        # refuses (posting, replying, editing, voting, reporting); deleting stays open to them.
        self.ban = policy.active_ban(viewer) if self.is_signed_in else None
        self.is_banned = self.ban is not None
        self.article = article
        self.voted: set[int] = set()
        self.flagged: set[int] = set()

    @cached_property
    def is_open(self) -> bool:
        """Read only when asked (two queries: the moderation policy)."""
        return permissions.is_discussion_open(self.article)

    @cached_property
    def can_comment(self) -> bool:
        return not self.is_banned and permissions.can_take_part(self.viewer) and self.is_open

    def load_votes(self, nodes: list[Node]) -> None:
        ids = [node.comment.pk for node in nodes if node.is_visible]
        self.voted |= queries.voted_comment_ids(self.viewer, ids)

    def load_flags(self, nodes: list[Node]) -> None:
        ids = [node.comment.pk for node in nodes if node.is_visible]
        self.flagged |= flagged_comment_ids(self.viewer, ids)

    def item(self, node: Node) -> Item:
        comment = node.comment
        name = author_name(comment.author)
        is_own = self.is_signed_in and comment.author_id == self.viewer.pk
        return Item(
            comment=comment,
            is_visible=node.is_visible,
            author_name=name,
            initials=initials(name),
            hue=(comment.author_id or 0) % AVATAR_HUES,
            reply_to_name=_reply_to_name(comment),
            can_reply=self.can_comment and node.is_visible,
            # Only the reader's own comments can pass, so the reply check stays a handful.
            can_edit=is_own and not self.is_banned and permissions.can_edit(self.viewer, comment),
            can_delete=node.is_visible and permissions.can_delete(self.viewer, comment),
            can_vote=not self.is_banned and permissions.can_vote(self.viewer, comment),
            is_voted=comment.pk in self.voted,
            can_flag=node.is_visible and not self.is_banned and can_flag(self.viewer, comment),
            is_flagged=node.is_visible and comment.pk in self.flagged,
        )

    def present(self, node: Node) -> Item:
        """One comment on its own, with this reader's vote and report on it."""
        self.load_votes([node])
        self.load_flags([node])
        return self.item(node)

    def thread(self, node: Node) -> Thread:
        return Thread(
            root=self.item(node),
            replies=[self.item(reply) for reply in node.replies],
            more_replies=node.more_replies,
            last_path=node.last_path,
        )

    def threads(self, nodes: list[Node]) -> list[Thread]:
        shown = [each for node in nodes for each in (node, *node.replies)]
        self.load_votes(shown)
        self.load_flags(shown)
        return [self.thread(node) for node in nodes]


def present_node(node: Node, *, viewer, article) -> Item:
    return Presenter(viewer=viewer, article=article).present(node)


def current_page(request) -> str:
    """The path of the page the reader is on: for htmx requests, the page that made them."""
    if request.headers.get("HX-Request") == "true":
        url = request.headers.get("HX-Current-URL", "")
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def login_url(next_url: str) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}"


def compose_form(article, data=None) -> CommentForm:
    return CommentForm(data, auto_id=f"compose-{article.pk}-%s")


def reply_form(parent: Comment, data=None) -> CommentForm:
    return CommentForm(data, auto_id=f"reply-{parent.pk}-%s")


def discussion_context(request, article, *, sort=None, cursor=None) -> dict:
    """Everything the discussion section of an article shows to this reader."""
    viewer = request.user
    page = queries.thread_page(article=article, viewer=viewer, sort=sort, cursor=cursor)
    presenter = Presenter(viewer=viewer, article=article)
    article_url = article.get_url(request) or ""
    return {
        "article": article,
        "article_url": article_url,
        "threads": presenter.threads(page.threads),
        "sort": page.sort,
        "sorts": SORT_LABELS,
        "next_cursor": page.next_cursor,
        "count": queries.comment_count(article),
        "is_open": presenter.is_open,
        "can_comment": presenter.can_comment,
        "is_signed_in": presenter.is_signed_in,
        "ban": presenter.ban,
        "form": compose_form(article) if presenter.can_comment else None,
        "login_url": login_url(f"{article_url}#discussion"),
        "next": current_page(request),
        "in_place": True,
    }
