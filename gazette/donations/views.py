"""Readers' donation pages and Stripe's webhook endpoint: parse, call one action or query, render."""

import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gazette.core import ratelimits

from . import actions, permissions, queries, webhooks
from .errors import DonationError, NotFound, RateLimited
from .forms import DonateForm
from .gateways import stripe as stripe_gateway
from .models import Campaign, RecurringGift

logger = logging.getLogger(__name__)

WALL_PAGE_SIZE = 60


def _campaign_or_404(slug: str | None = None) -> Campaign:
    try:
        return permissions.get_campaign_for_readers(slug)
    except NotFound as error:
        raise Http404(error.message) from None


def _error_response(response: HttpResponse, error: DonationError) -> HttpResponse:
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def donate(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    error: DonationError | None = None
    status = 200
    if request.method == "POST":
        form = DonateForm(request.POST, campaign=campaign)
        if form.is_valid():
            if not request.session.session_key:
                request.session.save()
            data = form.cleaned_data
            thanks_url = request.build_absolute_uri(reverse("donations:thanks"))
            try:
                checkout_url = actions.start_checkout(
                    campaign=campaign,
                    amount=data["amount_minor"],
                    frequency=data["frequency"],
                    cover_fees=data["cover_fees"],
                    attempt=data["attempt"],
                    donor_name=data["donor_name"],
                    donor_email=data["donor_email"],
                    is_public=data["is_public"],
                    message=data["message"],
                    client_address=ratelimits.client_address(request),
                    session_key=request.session.session_key or "",
                    success_url=thanks_url + "?session_id={CHECKOUT_SESSION_ID}",
                    cancel_url=request.build_absolute_uri(campaign.get_absolute_url())
                    + "?canceled=1",
                )
            except DonationError as raised:
                error, status = raised, raised.status_code
            else:
                return HttpResponse(status=303, headers={"Location": checkout_url})
        else:
            status = 400
    else:
        form = DonateForm(campaign=campaign)
    response = render(
        request,
        "donations/donate.html",
        {
            "campaign": campaign,
            "progress": queries.campaign_progress(campaign),
            "form": form,
            "error": error,
            "is_configured": stripe_gateway.is_configured(),
            "is_running": campaign.is_running(),
            "was_canceled": request.GET.get("canceled") == "1",
            "poll_seconds": settings.DONATIONS_PROGRESS_POLL_SECONDS,
        },
        status=status,
    )
    # The form's POST is answered with a redirect to Stripe Checkout, which the page's own
    # form-action directive must allow.
    response._csp_update = {"form-action": [settings.STRIPE_CHECKOUT_ORIGIN]}  # type: ignore[attr-defined]
    return _error_response(response, error) if error else response


@never_cache
@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    donation = queries.donation_for_checkout_session(request.GET.get("session_id", ""))
    campaign = donation.campaign if donation else queries.current_campaign()
    return render(
        request,
        "donations/thanks.html",
        {
            "donation": donation,
            "campaign": campaign,
            "progress": queries.campaign_progress(campaign) if campaign else None,
            "poll_seconds": settings.DONATIONS_PROGRESS_POLL_SECONDS,
        },
    )


@never_cache
@require_safe
def progress(request: HttpRequest, slug: str) -> JsonResponse:
    campaign = _campaign_or_404(slug)
    return JsonResponse(queries.campaign_progress(campaign).as_json())


@require_safe
def donor_wall(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    page = Paginator(queries.donor_wall(campaign), WALL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "donations/donor_wall.html",
        {
            "campaign": campaign,
            "donors": page,
            "anonymous_count": queries.anonymous_donor_count(campaign),
            "progress": queries.campaign_progress(campaign),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop_monthly(request: HttpRequest, token: str) -> HttpResponse:
    try:
        gift = permissions.get_monthly_gift_for_token(token)
    except NotFound as not_found:
        raise Http404(not_found.message) from None
    error: DonationError | None = None
    stopped_now = False
    status = 200
    if request.method == "POST" and gift.status != RecurringGift.Status.CANCELED:
        try:
            gift = actions.cancel_recurring_gift(gift=gift)
        except DonationError as raised:
            error, status = raised, raised.status_code
        else:
            stopped_now = True
    response = render(
        request,
        "donations/stop_monthly.html",
        {"gift": gift, "error": error, "stopped_now": stopped_now},
        status=status,
    )
    return _error_response(response, error) if error else response


@csrf_exempt  # Stripe cannot send a CSRF token; the signature is the only credential.
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        result = webhooks.receive_stripe_event(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except DonationError as error:
        return JsonResponse({"error": error.message}, status=error.status_code)
    except DatabaseError:
        # Stripe retries anything but 2xx, with backoff, for three days.
        logger.exception("Database unavailable while handling a Stripe webhook")
        response = JsonResponse({"error": "Temporarily unavailable; retry later."}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"received": True, "outcome": result.outcome})
