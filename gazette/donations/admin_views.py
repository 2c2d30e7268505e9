"""Editors' views in the Wagtail admin: campaign and donation listings go through Wagtail's
generic views, with every change to a donation routed through the actions; the report shows
totals per campaign and month and the daily chart."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gazette.core.spreadsheets import with_formulas_neutralized

from . import actions, charts, permissions, queries
from .errors import InvalidDonation
from .models import Campaign, Donation


class DonationIndexView(generic.IndexView):
    add_item_label = "Record an offline gift"
    # Donor names and messages are typed by the public.
    custom_value_preprocess = with_formulas_neutralized(generic.IndexView.custom_value_preprocess)

    def get_base_queryset(self):
        return queries.donations_for_admin()


class OfflineGiftCreateView(generic.CreateView):
    page_title = "Record an offline gift"
    submit_button_label = "Record gift"
    success_message = "Offline gift %(object)s recorded."

    def get_page_subtitle(self):
        return "Offline gift"

    def save_instance(self):
        data = self.form.cleaned_data
        return actions.record_offline_gift(
            campaign=data["campaign"],
            amount=data["amount"],
            received_on=data["received_on"],
            method=data["offline_method"],
            reference=data["offline_reference"],
            donor_name=data["donor_name"],
            donor_email=data["donor_email"],
            is_public=data["is_public"],
            message=data["message"],
            recorded_by=self.request.user,
            send_receipt=data["send_receipt"],
        )

    def get_success_message(self, instance):
        return self.success_message % {"object": instance}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except InvalidDonation as error:
            form.add_error(None, error.message)
            self.produced_error_message = error.message
            return self.form_invalid(form)


class DonorDetailsEditView(generic.EditView):
    page_title = "Donor details"

    def save_instance(self):
        data = self.form.cleaned_data
        return actions.update_donor_details(
            donation=self.object,
            donor_name=data["donor_name"],
            is_public=data["is_public"],
            message=data["message"],
        )


class OfflineGiftDeleteView(generic.DeleteView):
    def get(self, request, *args, **kwargs):
        if self.object.source != Donation.Source.OFFLINE:
            messages.error(
                request, "Only offline gifts can be deleted; refund Stripe payments in Stripe."
            )
            return redirect(self.index_url_name)
        return super().get(request, *args, **kwargs)

    def delete_action(self):
        actions.delete_offline_gift(donation=self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except InvalidDonation as error:
            messages.error(self.request, error.message)
            return redirect(self.index_url_name)


class CampaignDeleteView(generic.DeleteView):
    """A campaign with gifts stays: its donations are the newsroom's accounts."""

    def dispatch(self, request, *args, **kwargs):
        if Donation.objects.filter(campaign_id=self.object.pk).exists():
            messages.error(
                request,
                "This campaign has donations, so it cannot be deleted. Untick 'active' to hide it.",
            )
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class DonationReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "donations/admin/report.html"
    page_title = "Donation report"
    header_icon = "table"
    index_url_name = "donation_report:index"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_view_donations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def campaign(self) -> Campaign | None:
        campaign_id = self.kwargs.get("campaign_id")
        if campaign_id is not None:
            return get_object_or_404(Campaign, pk=campaign_id)
        return queries.current_campaign() or Campaign.objects.first()

    def get_page_subtitle(self):
        return self.campaign.title if self.campaign else ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.campaign
        context["totals"] = queries.campaign_totals()
        context["campaign"] = campaign
        if campaign is not None:
            context["progress"] = queries.campaign_progress(campaign)
            context["months"] = queries.monthly_totals(campaign)
            context["chart"] = charts.daily_chart(
                queries.daily_totals(campaign),
                goal=campaign.goal_amount,
                currency=campaign.currency,
            )
        return context
