"""The one place that decides the status of a new comment.

Every comment that any path creates (form, API, import) gets its first status here. The
moderation pipeline plugs in at this point; until then every new comment is published.
"""

from .models import Comment


def initial_status(*, article, author, body: str, parent: Comment | None, ip_address: str | None):
    return Comment.Status.PUBLISHED
