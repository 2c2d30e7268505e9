"""Every change to the discussion goes through these functions, each in one transaction."""

import math
import re
import unicodedata

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gazette.core.markdown import render_markdown

from . import permissions, policy
from .errors import DiscussionClosed, InvalidComment, NotAllowed, NotFound, TokenReused
from .models import Comment, Discussion, Vote, path_segment

# 'Best' ranks a comment by its votes against its age: ten times the votes count as much as
# being RANK_HALF_LIFE seconds newer, so a well-liked comment rises without staying on top
# forever. Stored, so sorting is an index scan.
RANK_PERIOD_SECONDS = 45_000
# Searched in C: a character loop in Python takes seconds on a 10 MB body.
SURROGATE = re.compile("[\ud800-\udfff]")


def comment_rank(*, upvotes: int, created) -> float:
    return math.log10(1 + upvotes) + created.timestamp() / RANK_PERIOD_SECONDS


def clean_body(body: str) -> str:
    """The body as stored, or InvalidComment with a message the reader can act on."""
    if not isinstance(body, str):
        raise InvalidComment("The comment must be text.")
    if "\x00" in body:
        raise InvalidComment("The comment contains a NUL character, which is not allowed.")
    if SURROGATE.search(body):
        raise InvalidComment("The comment contains invalid characters.")
    body = body.replace("\r\n", "\n").strip()
    if not body or not any(unicodedata.category(char)[0] not in "ZC" for char in body):
        raise InvalidComment("Write something before posting: the comment is empty.")
    limit = settings.COMMENTS_MAX_LENGTH
    if len(body) > limit:
        raise InvalidComment(
            f"The comment is {len(body):,} characters long; the limit is {limit:,}. "
            "Please shorten it."
        )
    return body


def clean_client_token(client_token: str) -> str:
    if not isinstance(client_token, str) or not client_token.strip() or len(client_token) > 64:
        raise InvalidComment("The form is missing its token; reload the page and try again.")
    if not client_token.isascii() or not client_token.isprintable():
        raise InvalidComment("The form token is malformed; reload the page and try again.")
    return client_token.strip()


def _count_published(comment: Comment, delta: int) -> None:
    Discussion.objects.filter(article_id=comment.article_id).update(
        comment_count=F("comment_count") + delta
    )
    if comment.thread_id is not None and comment.thread_id != comment.pk:
        Comment.objects.filter(pk=comment.thread_id).update(
            thread_reply_count=F("thread_reply_count") + delta
        )


def post_comment(
    *,
    article,
    author,
    body: str,
    client_token: str,
    parent: Comment | int | None = None,
    ip_address: str | None = None,
    signals: dict | None = None,
    nudge_acknowledged: bool = False,
) -> tuple[Comment, bool]:
    """Store a comment or a reply; return it and whether it was created now.

    A repeated client token from the same author returns the first comment (a double click or a
    retried request posts once); the same token with another body raises TokenReused.
    Moderation screens the comment first (`policy.screen`): `signals` are what the form knows
    (honeypot, form age), `nudge_acknowledged` that the author was warned and posts anyway.
    Raises InvalidComment (bad body or token), DiscussionClosed, NotAllowed (not signed in),
    NotFound (parent not in this discussion or not visible), and moderation's Banned,
    RateLimited (429) and NudgeRequired (422, nothing stored).
    """
    body = clean_body(body)
    client_token = clean_client_token(client_token)
    if not (author and author.is_authenticated and author.is_active):
        raise NotAllowed("Sign in to join the discussion.")

    existing = Comment.objects.filter(author=author, client_token=client_token).first()
    if existing is not None:
        return _repeat(existing, body)
    if not permissions.is_discussion_open(article):
        raise DiscussionClosed("The discussion of this article is closed.")
    if parent is not None:
        parent = _visible_parent(author, article, parent)
    screening = policy.screen(
        article=article,
        author=author,
        body=body,
        parent=parent,
        ip_address=ip_address,
        signals=signals or {},
        nudge_acknowledged=nudge_acknowledged,
    )

    try:
        with transaction.atomic():
            comment = _insert(article, author, body, client_token, parent, ip_address, screening)
            policy.record(comment=comment, screening=screening)
    except IntegrityError:
        # Two requests with the same token raced; the other one stored the comment.
        existing = Comment.objects.filter(author=author, client_token=client_token).first()
        if existing is None:
            raise
        return _repeat(existing, body)
    return comment, True


def _repeat(existing: Comment, body: str) -> tuple[Comment, bool]:
    if existing.body != body and existing.status != Comment.Status.DELETED:
        raise TokenReused("This form was already used to post a different comment.")
    return existing, False


def _visible_parent(author, article, parent: Comment | int) -> Comment:
    parent_id = parent.pk if isinstance(parent, Comment) else parent
    found = Comment.objects.filter(pk=parent_id, article=article).first()
    if found is None or not permissions.can_see(author, found):
        raise NotFound("The comment you are replying to does not exist or was removed.")
    return found


def _insert(article, author, body, client_token, parent, ip_address, screening) -> Comment:
    now = screening.now
    reply_to = None
    if parent is not None and parent.depth >= settings.COMMENTS_MAX_DEPTH - 1:
        # Deeper than the page can indent: attach beside the comment answered, and say whom.
        reply_to, parent = parent, parent.parent
    status = screening.status
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        thread_id=parent.thread_id if parent else None,
        reply_to=reply_to,
        depth=parent.depth + 1 if parent else 0,
        path="",
        author=author,
        body=body,
        body_html=render_markdown(screening.display_text),
        status=status,
        created=now,
        rank=comment_rank(upvotes=0, created=now),
        client_token=client_token,
        ip_address=ip_address,
    )
    comment.path = (parent.path if parent else "") + path_segment(comment.pk)
    if parent is None:
        comment.thread_id = comment.pk
    Comment.objects.filter(pk=comment.pk).update(path=comment.path, thread_id=comment.thread_id)
    Discussion.objects.get_or_create(article_id=article.pk)
    if status == Comment.Status.PUBLISHED:
        _count_published(comment, +1)
    return comment


@transaction.atomic
def edit_comment(*, comment: Comment, editor, body: str) -> Comment:
    """Change the text of one's own comment within the edit window, before anyone replies."""
    body = clean_body(body)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if policy.is_banned(editor):
        raise NotAllowed("You are banned from the discussion.")
    if not permissions.can_edit(editor, comment):
        raise NotAllowed(
            f"Comments can be edited by their author for "
            f"{settings.COMMENTS_EDIT_WINDOW_MINUTES} minutes, until someone replies."
        )
    if body != comment.body:
        screening = policy.screen_edit(comment=comment, body=body)
        comment.body = body
        comment.body_html = render_markdown(screening.display_text)
        comment.edited = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited"])
        if screening.status != Comment.Status.PUBLISHED:
            set_comment_status(comment=comment, status=Comment.Status.PENDING)
            policy.record_edit(comment=comment, screening=screening)
    return comment


@transaction.atomic
def set_comment_status(*, comment: Comment, status: str) -> Comment:
    """Move a comment to another status, keeping the published counters true. Moderation's
    decisions come through here; the body is kept whatever the status."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == status:
        return comment
    was_published = comment.status == Comment.Status.PUBLISHED
    comment.status = status
    comment.save(update_fields=["status"])
    if was_published and status != Comment.Status.PUBLISHED:
        _count_published(comment, -1)
    elif status == Comment.Status.PUBLISHED and not was_published:
        _count_published(comment, +1)
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, user) -> Comment:
    """Withdraw a comment. Its replies stay, under a 'comment deleted' placeholder."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not permissions.can_delete(user, comment):
        raise NotAllowed("You can only delete your own comments.")
    was_published = comment.status == Comment.Status.PUBLISHED
    comment.status = Comment.Status.DELETED
    comment.body = ""
    comment.body_html = ""
    comment.save(update_fields=["status", "body", "body_html"])
    if was_published:
        _count_published(comment, -1)
    return comment


@transaction.atomic
def toggle_vote(*, comment: Comment, voter, up: bool | None = None) -> tuple[Comment, bool]:
    """Up-vote a comment, or take the vote back; return the comment and whether it is voted.

    With `up` given, the vote is set to that state rather than flipped, so a form or a client
    that sends what the reader clicked ("up-vote", "withdraw") can repeat the request safely:
    a double click or a burst of retries leaves one vote, not whatever the parity was.
    Raises NotAllowed for one's own comment, a hidden comment or an anonymous reader.
    """
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if policy.is_banned(voter):
        raise NotAllowed("You are banned from the discussion.")
    if not permissions.can_vote(voter, comment):
        if not (voter is not None and voter.is_authenticated and voter.is_active):
            raise NotAllowed("Sign in to vote.")
        if comment.author_id == voter.pk:
            raise NotAllowed("You cannot vote for your own comment.")
        raise NotAllowed("Only published comments can be voted for.")
    has_vote = Vote.objects.filter(comment=comment, voter=voter).exists()
    voted = (not has_vote) if up is None else up
    if voted and not has_vote:
        try:
            with transaction.atomic():
                Vote.objects.create(comment=comment, voter=voter)
        except IntegrityError:
            pass  # a concurrent request by the same reader voted first
    elif has_vote and not voted:
        Vote.objects.filter(comment=comment, voter=voter).delete()
    comment.upvotes = Vote.objects.filter(comment=comment).count()
    comment.rank = comment_rank(upvotes=comment.upvotes, created=comment.created)
    comment.save(update_fields=["upvotes", "rank"])
    return comment, voted


def get_article_for_discussion(article_id: int):
    from gazette.articles.models import ArticlePage

    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        raise NotFound("There is no such article.")
    return article
