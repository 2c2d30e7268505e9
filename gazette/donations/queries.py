"""Reads of campaigns and donations, with what their pages show already loaded."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDay, TruncMonth
from django.utils import timezone

from . import money
from .models import Campaign, Donation, RecurringGift

logger = logging.getLogger(__name__)

PROGRESS_KEY = "donations:progress:{campaign_id}"


@dataclass(frozen=True)
class Progress:
    """A campaign's total as the appeal shows it; every amount in minor units."""

    raised: int
    goal: int
    currency: str
    donors: int

    @property
    def percent(self) -> int:
        return money.percent_of(self.raised, self.goal)

    @property
    def bar_value(self) -> int:
        """What the <progress> element shows: the total, but never past the goal."""
        return min(self.raised, self.goal)

    @property
    def raised_display(self) -> str:
        return money.format_money(self.raised, self.currency)

    @property
    def goal_display(self) -> str:
        return money.format_money(self.goal, self.currency)

    @property
    def half_goal_display(self) -> str:
        return money.format_money(self.goal // 2, self.currency)

    @property
    def zero_display(self) -> str:
        return money.format_money(0, self.currency)

    @property
    def donors_display(self) -> str:
        return f"{self.donors} {'donor' if self.donors == 1 else 'donors'} so far"

    def as_json(self) -> dict:
        return {
            "raised": self.raised,
            "goal": self.goal,
            "currency": self.currency,
            "donors": self.donors,
            "percent": self.percent,
            "bar_value": self.bar_value,
            "raised_display": self.raised_display,
            "goal_display": self.goal_display,
            "donors_display": self.donors_display,
        }


def running_campaigns(now: datetime | None = None) -> QuerySet[Campaign]:
    now = now or timezone.now()
    return Campaign.objects.filter(is_active=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def current_campaign(now: datetime | None = None) -> Campaign | None:
    """The campaign readers are asked to give to: the running one that started last."""
    return running_campaigns(now).order_by("-starts_at", "-pk").first()


def counted_donations(campaign: Campaign) -> QuerySet[Donation]:
    return Donation.objects.filter(campaign=campaign, counted_amount__gt=0)


def campaign_progress(campaign: Campaign) -> Progress:
    """Paid gifts less refunds and disputes, plus offline gifts; cached until the next change."""
    key = PROGRESS_KEY.format(campaign_id=campaign.pk)
    try:
        cached = cache.get(key)
    except Exception:  # a cache outage must not take the appeal, or the article, down
        logger.warning("Cache unavailable; counting the campaign total from the database")
        cached = None
    if cached is None:
        totals = counted_donations(campaign).aggregate(
            raised=Sum("counted_amount"), donors=Count("pk", filter=Q(is_renewal=False))
        )
        cached = (totals["raised"] or 0, totals["donors"])
        try:
            cache.set(key, cached, timeout=settings.DONATIONS_PROGRESS_CACHE_SECONDS)
        except Exception:
            logger.warning("Cache unavailable; the campaign total is not cached")
    raised, donors = cached
    return Progress(
        raised=raised, goal=campaign.goal_amount, currency=campaign.currency, donors=donors
    )


def forget_progress(campaign_id: int) -> None:
    try:
        cache.delete(PROGRESS_KEY.format(campaign_id=campaign_id))
    except Exception:  # the entry expires on its own after DONATIONS_PROGRESS_CACHE_SECONDS
        logger.warning("Cache unavailable; campaign %s total not cleared", campaign_id)


def forget_progress_of_deleted_donation(sender, instance: Donation, **kwargs) -> None:
    forget_progress(instance.campaign_id)


def donor_wall(campaign: Campaign) -> QuerySet[Donation]:
    """Donors who asked to be named, newest first; one entry per monthly donor."""
    return (
        counted_donations(campaign)
        .filter(is_renewal=False, is_public=True)
        .exclude(donor_name="")
        .only("donor_name", "message", "paid_at", "frequency", "campaign_id")
        .order_by("-paid_at", "-pk")
    )


def anonymous_donor_count(campaign: Campaign) -> int:
    return (
        counted_donations(campaign)
        .filter(is_renewal=False)
        .filter(Q(is_public=False) | Q(donor_name=""))
        .count()
    )


def donation_for_checkout_session(session_id: str) -> Donation | None:
    if not session_id or len(session_id) > 255:
        return None
    return (
        Donation.objects.select_related("campaign")
        .filter(stripe_checkout_session_id=session_id)
        .first()
    )


def recurring_gift(gift_id: int) -> RecurringGift | None:
    return RecurringGift.objects.select_related("campaign").filter(pk=gift_id).first()


def donations_for_admin() -> QuerySet[Donation]:
    return Donation.objects.select_related("campaign", "recurring_gift", "recorded_by")


# Figures for editors


@dataclass(frozen=True)
class CampaignTotals:
    campaign: Campaign
    raised: int
    one_off: int
    monthly: int
    offline: int
    refunded_or_disputed: int
    donations: int

    @property
    def percent(self) -> int:
        return money.percent_of(self.raised, self.campaign.goal_amount)

    def display(self, amount: int) -> str:
        return money.format_money(amount, self.campaign.currency)


def _sum(field: str, **conditions) -> Sum:
    return Sum(field, filter=Q(**conditions), default=0)


def campaign_totals() -> list[CampaignTotals]:
    """Per campaign: raised, split into one-off, monthly and offline, and what left again."""
    campaigns = Campaign.objects.annotate(
        raised=_sum("donations__counted_amount"),
        one_off=_sum(
            "donations__counted_amount",
            donations__source=Donation.Source.STRIPE,
            donations__frequency=Donation.Frequency.ONE_OFF,
        ),
        monthly=_sum(
            "donations__counted_amount",
            donations__source=Donation.Source.STRIPE,
            donations__frequency=Donation.Frequency.MONTHLY,
        ),
        offline=_sum("donations__counted_amount", donations__source=Donation.Source.OFFLINE),
        lost=_sum(
            "donations__amount",
            donations__status__in=[Donation.Status.REFUNDED, Donation.Status.DISPUTED],
        ),
        donation_count=Count("donations", filter=Q(donations__counted_amount__gt=0)),
    ).order_by("-starts_at", "-pk")
    return [
        CampaignTotals(
            campaign=campaign,
            raised=campaign.raised,
            one_off=campaign.one_off,
            monthly=campaign.monthly,
            offline=campaign.offline,
            refunded_or_disputed=campaign.lost,
            donations=campaign.donation_count,
        )
        for campaign in campaigns
    ]


@dataclass(frozen=True)
class MonthTotals:
    month: date
    one_off: int
    monthly: int
    offline: int
    donations: int

    @property
    def total(self) -> int:
        return self.one_off + self.monthly + self.offline


def monthly_totals(campaign: Campaign) -> list[MonthTotals]:
    rows = (
        counted_donations(campaign)
        .annotate(month=TruncMonth("paid_at"))
        .values("month")
        .annotate(
            one_off=_sum(
                "counted_amount",
                source=Donation.Source.STRIPE,
                frequency=Donation.Frequency.ONE_OFF,
            ),
            monthly=_sum(
                "counted_amount",
                source=Donation.Source.STRIPE,
                frequency=Donation.Frequency.MONTHLY,
            ),
            offline=_sum("counted_amount", source=Donation.Source.OFFLINE),
            donations=Count("pk"),
        )
        .order_by("month")
    )
    return [
        MonthTotals(
            month=_as_date(row["month"]),
            one_off=row["one_off"],
            monthly=row["monthly"],
            offline=row["offline"],
            donations=row["donations"],
        )
        for row in rows
    ]


def daily_totals(campaign: Campaign, *, until: date | None = None) -> list[tuple[date, int]]:
    """Every day from the campaign's start to `until` (default today or its end), with what
    came in that day; days without gifts are there with 0."""
    rows = (
        counted_donations(campaign)
        .annotate(day=TruncDay("paid_at"))
        .values("day")
        .annotate(total=Sum("counted_amount"))
        .order_by("day")
    )
    by_day = {_as_date(row["day"]): row["total"] for row in rows}
    first = timezone.localdate(campaign.starts_at)
    if by_day:
        first = min(first, min(by_day))
    last = until or timezone.localdate()
    if campaign.ends_at is not None and until is None:
        last = min(last, timezone.localdate(campaign.ends_at))
    if by_day:
        last = max(last, max(by_day))
    days = []
    day = first
    while day <= last:
        days.append((day, by_day.get(day, 0)))
        day += timedelta(days=1)
    return days


def _as_date(value: datetime | date) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value
