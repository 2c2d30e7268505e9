"""Who may do what in a discussion. Views and the API ask here; they never decide themselves."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import policy
from .errors import NotFound
from .models import Comment


def is_discussion_open(article) -> bool:
    """Open unless the article turns comments off, is not live, or the moderation policy in
    force for it (site, section, article) closes it now or after its days (two queries)."""
    if not article.allow_comments or not article.live:
        return False
    closed_now, days = policy.discussion_closing(article)
    if closed_now:
        return False
    if days is None:
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days and article.first_published_at:
        return timezone.now() < article.first_published_at + timedelta(days=days)
    return True


def can_take_part(user) -> bool:
    """A signed-in, active account: with an open discussion and no ban, they may comment."""
    return bool(user and user.is_authenticated and user.is_active)


def can_see(user, comment: Comment) -> bool:
    if comment.status == Comment.Status.PUBLISHED:
        return True
    return bool(user and user.is_authenticated and comment.author_id == user.pk) and (
        comment.status == Comment.Status.PENDING
    )


def has_replies(comment: Comment) -> bool:
    return (
        Comment.objects.filter(path__startswith=comment.path, depth__gt=comment.depth)
        .exclude(status=Comment.Status.DELETED)
        .exists()
    )


def edit_deadline(comment: Comment):
    return comment.created + timedelta(minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES)


def can_edit(user, comment: Comment) -> bool:
    """The author, within the edit window, while nobody has replied."""
    return (
        bool(user and user.is_authenticated and comment.author_id == user.pk)
        and comment.status in {Comment.Status.PUBLISHED, Comment.Status.PENDING}
        and timezone.now() <= edit_deadline(comment)
        and not has_replies(comment)
    )


def can_delete(user, comment: Comment) -> bool:
    return (
        bool(user and user.is_authenticated)
        and comment.status != Comment.Status.DELETED
        and (comment.author_id == user.pk or user.has_perm("comments.change_comment"))
    )


def can_vote(user, comment: Comment) -> bool:
    return (
        bool(user and user.is_authenticated and user.is_active)
        and comment.status == Comment.Status.PUBLISHED
        and comment.author_id != user.pk
    )


def get_comment_for(user, comment_id: int) -> Comment:
    """The comment if this user may see it; NotFound otherwise (never tells hidden from absent)."""
    comment = Comment.objects.select_related("article", "author").filter(pk=comment_id).first()
    if comment is None or not (can_see(user, comment) or comment.status == Comment.Status.DELETED):
        raise NotFound("There is no such comment.")
    return comment


def get_thread_for(user, comment_id: int) -> Comment:
    """A top-level comment whose thread this user may read: one they can see, or a placeholder
    kept because published replies hang under it. NotFound otherwise."""
    comment = (
        Comment.objects.select_related("article", "author", "reply_to__author")
        .filter(pk=comment_id, depth=0)
        .first()
    )
    if comment is None or not (can_see(user, comment) or comment.thread_reply_count > 0):
        raise NotFound("There is no such thread.")
    return comment
