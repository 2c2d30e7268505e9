"""The readers' discussion under each article.

A comment stores its ancestry as a materialized path (one fixed-width segment per ancestor and
itself) and the id of its thread's top-level comment, so one query reads a page of threads in
display order, whatever the size of the discussion.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

PATH_SEGMENT = 12  # digits per level: ids up to 10**12


def path_segment(comment_id: int) -> str:
    return f"{comment_id:0{PATH_SEGMENT}d}"


class Discussion(models.Model):
    """Counters for one article's discussion, kept by the actions that change comments."""

    article = models.OneToOneField(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="discussion",
    )
    comment_count = models.PositiveIntegerField(default=0, help_text="Published comments.")

    def __str__(self) -> str:
        return f"Discussion of {self.article_id}"


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Awaiting moderation"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"
        DELETED = "deleted", "Deleted"

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    thread = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thread_comments",
        help_text="The top-level comment this one belongs under (itself for a top-level one).",
    )
    reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The comment answered, when the reply was attached higher up for depth.",
    )
    path = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    body = models.TextField(max_length=settings.COMMENTS_MAX_LENGTH)
    body_html = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    created = models.DateTimeField(db_index=True)
    edited = models.DateTimeField(null=True, blank=True)
    upvotes = models.PositiveIntegerField(default=0)
    rank = models.FloatField(default=0.0, help_text="Sort key for 'best': votes against age.")
    thread_reply_count = models.PositiveIntegerField(
        default=0, help_text="On a top-level comment: the published replies in its thread."
    )
    client_token = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"], name="comment_unique_client_token_per_author"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "depth", "-rank", "-id"], name="comment_best"),
            models.Index(fields=["article", "depth", "-created", "-id"], name="comment_newest"),
            models.Index(fields=["article", "depth", "created", "id"], name="comment_oldest"),
            models.Index(fields=["thread", "path"], name="comment_thread_order"),
            models.Index(fields=["author", "-created"], name="comment_by_author"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.article_id}"

    def get_absolute_url(self) -> str:
        return reverse("comments:permalink", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_top_level(self) -> bool:
        return self.parent_id is None


class Vote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_votes"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter"], name="vote_once_per_reader"),
        ]

    def __str__(self) -> str:
        return f"Vote by {self.voter_id} on {self.comment_id}"
