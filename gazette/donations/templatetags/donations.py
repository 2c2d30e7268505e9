from django import template
from django.conf import settings

from ..models import Campaign
from ..money import format_money
from ..queries import campaign_progress, current_campaign

register = template.Library()


@register.inclusion_tag("donations/_appeal.html", takes_context=True)
def donation_appeal(context, slug: str | None = None):
    """The newsroom's appeal with the live progress bar: the current campaign's, or the named
    one's while it runs. Renders nothing when no campaign is running."""
    if slug is None:
        campaign = current_campaign()
    else:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is not None and not campaign.is_running():
            campaign = None
    return {
        "campaign": campaign,
        "progress": campaign_progress(campaign) if campaign else None,
        "poll_seconds": settings.DONATIONS_PROGRESS_POLL_SECONDS,
        "request": context.get("request"),
    }


@register.filter
def money(amount: int, currency: str) -> str:
    """Minor units as the page shows money: {{ total|money:campaign.currency }}."""
    return format_money(amount, currency)
