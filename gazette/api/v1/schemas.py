"""What version 1 of the API reads and writes. Changing a field's meaning needs a v2."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

# Ids beyond a signed 64-bit integer can name no row, and some databases fail on them.
MAX_ID = 2**63 - 1
CommentId = Annotated[int, Field(ge=1, le=MAX_ID)]


class StrictInput(Schema):
    # No coercion: "5" is not an id and 5 is not a comment body. Unknown fields (`status`,
    # `author`, `created`...) are ignored: the server decides those, never the client.
    model_config = ConfigDict(strict=True, extra="ignore")


class CommentIn(StrictInput):
    body: str = Field(
        description="Markdown: paragraphs, line breaks, bold, italic, links, quotes, code. "
        "Up to COMMENTS_MAX_LENGTH (5,000) characters once trimmed; not empty."
    )
    parent: CommentId | None = Field(
        default=None, description="The comment answered, or null for a new thread."
    )
    client_token: str | None = Field(
        default=None,
        max_length=64,
        description="Made once per draft by the client (printable ASCII, up to 64 characters). "
        "Posting again with the same token returns the first comment instead of a second one. "
        "May be sent as an Idempotency-Key header instead.",
    )
    acknowledge_warning: bool = Field(
        default=False,
        description="Post even though a first attempt was answered 422 with `warning: true` "
        "(the text reads like a call for violence): the comment is then held for a moderator.",
    )


class CommentEdit(StrictInput):
    body: str


Status = Literal["published", "pending", "deleted", "removed"]


class CommentOut(Schema):
    id: int
    parent: int | None = Field(description="The comment answered; null for a top-level one.")
    reply_to: int | None = Field(
        description="Set when the reply was attached one level up for depth: the comment it "
        "actually answers."
    )
    reply_to_author: str | None = Field(
        description="The display name of `reply_to`'s author, or null when hidden."
    )
    author: str | None = Field(
        description="Display name; null for a placeholder or a closed account."
    )
    body_html: str = Field(description="Sanitized HTML, safe to insert; empty for a placeholder.")
    created: datetime
    edited: datetime | None
    score: int = Field(description="Up-votes.")
    voted: bool = Field(description="Whether the signed-in reader has up-voted it.")
    status: Status = Field(
        description="published; pending (held for moderation, shown only to its author); "
        "deleted or removed (a placeholder kept because published replies hang under it)."
    )
    replies: list["CommentOut"] = Field(description="Replies shown, nested, in display order.")
    more_replies: int = Field(
        description="On a top-level comment: published replies of the thread not included yet."
    )
    replies_next: str | None = Field(
        description="On a top-level comment with more replies: pass as `after` to "
        "/comments/{id}/replies."
    )


CommentOut.model_rebuild()


class ThreadPageOut(Schema):
    threads: list[CommentOut]
    sort: Literal["best", "newest", "oldest"]
    next: str | None = Field(description="Cursor for the next page of threads; null at the end.")


class RepliesOut(Schema):
    replies: list[CommentOut] = Field(
        description="The next replies in display order, nested; a reply whose parent came in an "
        "earlier page is at the top of this list (its `parent` says where it belongs)."
    )
    more_replies: int
    next: str | None = Field(description="Pass as `after` for the next replies; null at the end.")


class VoteOut(Schema):
    voted: bool
    score: int


FlagReason = Literal["abusive", "violence", "spam", "off_topic", "other"]


class FlagIn(StrictInput):
    reason: FlagReason = Field(
        description="abusive; violence (calls for violence); spam; off_topic; other."
    )
    note: str = Field(
        default="", max_length=500, description="Optional, for the moderators' eyes only."
    )


class FlagOut(Schema):
    comment: int
    reason: FlagReason
    reported: bool = Field(description="True: the reader has reported this comment.")


class ErrorOut(Schema):
    detail: str
    warning: bool | None = Field(
        default=None,
        description="On a 422 for a new comment: true when nothing was stored because the text "
        "reads like a call for violence; resend with acknowledge_warning to post it anyway.",
    )
