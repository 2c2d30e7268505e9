"""Who may see and change what in donations. Views and the admin ask here."""

from .errors import NotFound
from .models import Campaign, RecurringGift
from .queries import current_campaign
from .receipts import gift_id_from_token


def can_view_donations(user) -> bool:
    return bool(user and user.is_active and user.has_perm("donations.view_donation"))


def can_record_offline_gifts(user) -> bool:
    return bool(user and user.is_active and user.has_perm("donations.add_donation"))


def get_campaign_for_readers(slug: str | None = None) -> Campaign:
    """The campaign a donate page is about: the named one if it is active (it may have ended,
    and the page says so), or the current one; NotFound otherwise."""
    if slug is None:
        campaign = current_campaign()
    else:
        campaign = Campaign.objects.filter(slug=slug, is_active=True).first()
    if campaign is None:
        raise NotFound("There is no donation campaign here.")
    return campaign


def get_monthly_gift_for_token(token: str) -> RecurringGift:
    """The monthly gift a receipt's stop link names; the signed token is the only credential."""
    gift_id = gift_id_from_token(token) if isinstance(token, str) and len(token) < 200 else None
    gift = (
        RecurringGift.objects.select_related("campaign").filter(pk=gift_id).first()
        if gift_id is not None
        else None
    )
    if gift is None:
        raise NotFound("This link is not valid. Please use the link in your latest receipt.")
    return gift
