"""What the donation actions raise; views turn these into 4xx/5xx answers with the message."""

from gazette.core.errors import UserFacingError


class DonationError(UserFacingError):
    """Base class of the donations' errors."""


class InvalidDonation(DonationError):
    status_code = 400


class CampaignClosed(DonationError):
    status_code = 410


class NotFound(DonationError):
    status_code = 404


class AttemptReused(DonationError):
    """The form's attempt id was already used for a donation with other details."""

    status_code = 422


class RateLimited(DonationError):
    status_code = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class DonationsNotConfigured(DonationError):
    status_code = 503


class PaymentServiceUnavailable(DonationError):
    """Stripe could not be reached or refused the request; nothing was charged."""

    status_code = 503


class InvalidWebhook(DonationError):
    """A webhook that is not provably from Stripe, or not meant for this site."""

    status_code = 400
