"""What posting raises when moderation stops a comment before it is stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gazette.comments.errors import DiscussionError

if TYPE_CHECKING:
    from . import throttle


class Banned(DiscussionError):
    status_code = 403


class RateLimited(DiscussionError):
    """Too many comments too fast: 429, with the seconds to wait."""

    status_code = 429

    def __init__(
        self, message: str, *, retry_after: int, first_refusal: throttle.Limit | None = None
    ):
        super().__init__(message)
        self.retry_after = retry_after
        # The limit when this is the first refusal of its window, for the audit log; None for
        # the rest of a flood.
        self.first_refusal = first_refusal


class NudgeRequired(DiscussionError):
    """The incitement checks fired on a draft the author has not been warned about yet. Nothing
    is stored: the author may rephrase, or post again with the warning acknowledged."""

    status_code = 422

    def __init__(self, message: str, *, reasons):
        super().__init__(message)
        self.reasons = reasons


class FlagRefused(DiscussionError):
    status_code = 400
