"""What the discussion's actions raise; views and the API turn these into 4xx answers."""

from gazette.core.errors import UserFacingError


class DiscussionError(UserFacingError):
    """Base class of the discussion's errors."""


class InvalidComment(DiscussionError):
    status_code = 400


class DiscussionClosed(DiscussionError):
    status_code = 403


class NotAllowed(DiscussionError):
    status_code = 403


class NotFound(DiscussionError):
    status_code = 404


class TokenReused(DiscussionError):
    """The client token was already used for a comment with another body."""

    status_code = 422
