"""The demo newsroom's campaign: two thirds of €4,700 raised from offline gifts and recorded
Stripe test events, and the appeal under every article."""

from django.core import mail

from gazette.articles.models import ArticlePage
from gazette.demo.loader import load_demo_newsroom
from gazette.donations.demo import CAMPAIGN_SLUG, load_campaign
from gazette.donations.models import Campaign, Donation, RecurringGift, StripeEvent
from gazette.donations.queries import campaign_progress, current_campaign


def test_the_demo_campaign_is_two_thirds_funded_and_appeals_under_every_article(db, client):
    created = load_demo_newsroom()

    campaign = Campaign.objects.get(slug=CAMPAIGN_SLUG)
    progress = campaign_progress(campaign)
    donations = Donation.objects.filter(campaign=campaign)
    assert created["campaigns"] == 1
    assert current_campaign() == campaign
    assert (campaign.goal_amount, campaign.currency) == (470000, "EUR")
    assert progress.raised == 313000
    assert 60 <= progress.percent <= 70
    assert donations.filter(source="offline").count() == 8
    assert donations.filter(source="stripe", frequency="one_off").count() == 27
    assert donations.filter(status="refunded").count() == 1
    assert donations.filter(is_renewal=True).count() == 2
    assert RecurringGift.objects.filter(status="active").count() == 3
    assert RecurringGift.objects.filter(status="canceled").count() == 1
    assert not donations.filter(status="pending").exists()
    assert (
        StripeEvent.objects.filter(outcome="processed").count() == StripeEvent.objects.count() > 30
    )
    assert mail.outbox == []
    for article in ArticlePage.objects.live():
        text = client.get(article.url).content.decode()
        assert "Like our reporting? Help us keep going." in text, article.url
        assert 'value="313000"' in text


def test_loading_the_demo_campaign_twice_adds_nothing(db):
    assert load_campaign() == 1
    before = list(Donation.objects.order_by("pk").values_list("pk", "status", "counted_amount"))
    events = StripeEvent.objects.count()

    assert load_campaign() == 0

    assert (
        list(Donation.objects.order_by("pk").values_list("pk", "status", "counted_amount"))
        == before
    )
    assert StripeEvent.objects.count() == events
    assert Campaign.objects.count() == 1


def test_the_demo_donor_wall_names_public_donors_only(db, client):
    load_campaign()

    text = client.get(f"/donate/{CAMPAIGN_SLUG}/donors/").content.decode()

    assert "Halvoran Press Freedom Fund" in text
    assert "Edda Lorn" in text
    assert "gave anonymously" in text
