"""What the discussion's actions raise; views and the API turn these into 4xx answers."""


class DiscussionError(Exception):
    """Base class: the message is safe and meant for the reader."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
