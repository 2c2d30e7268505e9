"""The Donations menu in the Wagtail admin: campaigns, donations (filters, CSV export, offline
gift entry, donor details) and the report with the daily chart."""

from django.templatetags.static import static
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import permissions
from .admin_views import (
    CampaignDeleteView,
    DonationIndexView,
    DonationReportView,
    DonorDetailsEditView,
    OfflineGiftCreateView,
    OfflineGiftDeleteView,
)
from .forms import CampaignForm, OfflineGiftForm
from .models import Campaign, Donation


class CampaignViewSet(ModelViewSet):
    model = Campaign
    name = "donation_campaigns"
    url_prefix = "donations/campaigns"
    icon = "tag"
    menu_label = "Campaigns"
    copy_view_enabled = False
    delete_view_class = CampaignDeleteView
    list_display = [
        "title",
        Column("goal_display", label="Goal"),
        "currency",
        "is_active",
        DateColumn("starts_at", label="Starts"),
        DateColumn("ends_at", label="Ends"),
    ]
    list_filter = ["is_active", "currency"]
    search_fields = ["title", "slug"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("appeal"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("goal", required_on_save=True), FieldPanel("currency")]),
            FieldPanel("suggestions"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("is_active"),
        ],
        base_form_class=CampaignForm,
    )


OFFLINE_GIFT_PANELS = ObjectList(
    [
        FieldPanel("campaign", required_on_save=True),
        FieldRowPanel(
            [
                FieldPanel("amount_major", required_on_save=True),
                FieldPanel("received_on", required_on_save=True),
            ]
        ),
        FieldRowPanel(
            [FieldPanel("offline_method", required_on_save=True), FieldPanel("offline_reference")]
        ),
        MultiFieldPanel(
            [
                FieldPanel("donor_name"),
                FieldPanel("donor_email"),
                FieldPanel("is_public"),
                FieldPanel("message"),
                FieldPanel("send_receipt"),
            ],
            heading="Donor",
        ),
    ],
    base_form_class=OfflineGiftForm,
)

DONOR_DETAILS_PANELS = ObjectList(
    [FieldPanel("donor_name"), FieldPanel("is_public"), FieldPanel("message")]
)


class DonationViewSet(ModelViewSet):
    model = Donation
    name = "donation_list"
    url_prefix = "donations/list"
    icon = "list-ul"
    menu_label = "Donations"
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DonationIndexView
    add_view_class = OfflineGiftCreateView
    edit_view_class = DonorDetailsEditView
    delete_view_class = OfflineGiftDeleteView
    list_display = [
        "__str__",
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("refunded_display", label="Refunded", sort_key="amount_refunded"),
        Column("counted_display", label="Counts", sort_key="counted_amount"),
        Column("frequency", label="Frequency", accessor="get_frequency_display"),
        Column("source", label="Source", accessor="get_source_display"),
        "campaign",
        DateColumn("paid_at", label="Paid"),
    ]
    list_filter = ["campaign", "status", "source", "frequency", "is_renewal", "paid_at"]
    search_fields = [
        "donor_name",
        "donor_email",
        "offline_reference",
        "stripe_payment_intent_id",
        "stripe_checkout_session_id",
        "stripe_invoice_id",
    ]
    search_backend_name = None
    ordering = ["-created_at"]
    list_export = [
        "reference",
        "paid_at",
        "created_at",
        "campaign.title",
        "source",
        "frequency",
        "is_renewal",
        "status",
        "currency",
        "amount_major",
        "fee_major",
        "refunded_major",
        "counted_major",
        "donor_name",
        "donor_email",
        "is_public",
        "message",
        "offline_method",
        "offline_reference",
        "stripe_checkout_session_id",
        "stripe_payment_intent_id",
        "stripe_invoice_id",
    ]
    export_headings = {
        "campaign.title": "Campaign",
        "amount_major": "Amount",
        "fee_major": "Fee covered",
        "refunded_major": "Refunded",
        "counted_major": "Counts toward the campaign",
    }
    export_filename = "donations"
    inspect_view_fields = [
        "campaign",
        "amount",
        "fee_amount",
        "currency",
        "frequency",
        "source",
        "status",
        "is_renewal",
        "amount_refunded",
        "counted_amount",
        "paid_at",
        "created_at",
        "receipt_sent_at",
        "donor_name",
        "donor_email",
        "is_public",
        "message",
        "offline_method",
        "offline_reference",
        "recorded_by",
        "stripe_checkout_session_id",
        "stripe_payment_intent_id",
        "stripe_charge_id",
        "stripe_invoice_id",
        "recurring_gift",
    ]

    # Two forms: editors record offline gifts, and may only correct how any donor appears.
    @cached_property
    def offline_gift_panel(self):
        return OFFLINE_GIFT_PANELS.bind_to_model(Donation)

    @cached_property
    def donor_details_panel(self):
        return DONOR_DETAILS_PANELS.bind_to_model(Donation)

    def get_edit_handler(self):
        return self.donor_details_panel

    def get_form_class(self, for_update=False):
        panel = self.donor_details_panel if for_update else self.offline_gift_panel
        return panel.get_form_class()

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(panel=self.offline_gift_panel, **kwargs)


class DonationReportViewSet(ViewSet):
    name = "donation_report"
    url_prefix = "donations/report"
    icon = "table"
    menu_label = "Report"

    def get_urlpatterns(self):
        view = DonationReportView.as_view()
        return [
            path("", view, name="index"),
            path("<int:campaign_id>/", view, name="campaign"),
        ]

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class ReportMenuItem(MenuItem):
            def is_shown(self, request):
                return permissions.can_view_donations(request.user)

        return ReportMenuItem


class DonationsViewSetGroup(ViewSetGroup):
    menu_label = "Donations"
    menu_icon = "pick"
    menu_order = 300
    items = (CampaignViewSet, DonationViewSet, DonationReportViewSet)


@hooks.register("register_admin_viewset")
def register_donations_admin():
    return DonationsViewSetGroup()


@hooks.register("insert_global_admin_css")
def donation_report_styles():
    return format_html('<link rel="stylesheet" href="{}">', static("donations/admin.css"))
