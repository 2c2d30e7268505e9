"""One e-mail receipt per payment, sent after the transaction that recorded the payment commits.

The receipt is claimed by setting `receipt_sent_at` in one conditional UPDATE before sending, so
a retried event, a replayed task or two workers at once can never send it twice. If the mail
server fails, the claim is released and the failure logged: the payment itself stays recorded.
"""

import logging
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from .models import Donation, RecurringGift

logger = logging.getLogger(__name__)

CANCEL_SALT = "gazette.donations.stop-monthly-gift"


def stop_monthly_token(gift: RecurringGift) -> str:
    """The credential in a receipt's stop link: the gift's id, signed with SECRET_KEY. The same
    in every receipt, and valid for as long as the gift runs."""
    return signing.Signer(salt=CANCEL_SALT).sign_object(gift.pk)


def gift_id_from_token(token: str) -> int | None:
    try:
        value = signing.Signer(salt=CANCEL_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def stop_monthly_url(gift: RecurringGift) -> str:
    path = reverse("donations:stop_monthly", args=[stop_monthly_token(gift)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def newsroom_name() -> str:
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def send_receipt_on_commit(donation_id: int) -> None:
    transaction.on_commit(partial(send_receipt, donation_id))


def send_receipt(donation_id: int) -> bool:
    """Send the receipt for one paid donation unless it was sent already; True if sent now."""
    claimed = (
        Donation.objects.filter(pk=donation_id, is_paid=True, receipt_sent_at__isnull=True)
        .exclude(donor_email="")
        .update(receipt_sent_at=timezone.now())
    )
    if not claimed:
        return False
    donation = Donation.objects.select_related("campaign", "recurring_gift").get(pk=donation_id)
    context = {
        "donation": donation,
        "campaign": donation.campaign,
        "site_name": newsroom_name(),
        "stop_url": stop_monthly_url(donation.recurring_gift) if donation.recurring_gift else "",
    }
    try:
        send_mail(
            subject=render_to_string("donations/receipt_subject.txt", context).strip(),
            message=render_to_string("donations/receipt.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[donation.donor_email],
        )
    except Exception:
        logger.exception("Receipt for donation %s could not be sent", donation_id)
        Donation.objects.filter(pk=donation_id).update(receipt_sent_at=None)
        return False
    return True
