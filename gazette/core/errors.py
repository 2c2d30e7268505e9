"""The base of every error an action raises for a person to read."""


class UserFacingError(Exception):
    """The message is safe to show; `status_code` is the HTTP answer views and the API give."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
