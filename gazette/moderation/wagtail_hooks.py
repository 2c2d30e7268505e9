"""The Moderation menu in the Wagtail admin: the queue, the dashboard, the audit log, the bans
and the moderation rules of sections and articles. The site-wide policy (`ModerationSettings`)
is under Settings, registered by `@register_setting`."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import BaseListingView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .models import PolicyOverride


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_moderate(request.user)


class ModeratorViewSet(ViewSet):
    """A page for moderators (its view checks the permission) and, for a listing, the results
    that its filters load."""

    menu_item_class = ModeratorMenuItem
    view_class: type

    def get_urlpatterns(self):
        patterns = [path("", self.view_class.as_view(), name="index")]
        if issubclass(self.view_class, BaseListingView):
            results = self.view_class.as_view(results_only=True)
            patterns.append(path("results/", results, name="index_results"))
        return patterns


class QueueViewSet(ModeratorViewSet):
    name = "moderation_queue"
    url_prefix = "moderation/queue"
    icon = "warning"
    menu_label = "Queue"
    view_class = admin_views.QueueView

    def get_urlpatterns(self):
        decide = admin_views.decide_view
        return [
            *super().get_urlpatterns(),
            path("bulk/", admin_views.bulk_view, name="bulk"),
            path("<int:comment_id>/", admin_views.CommentReviewView.as_view(), name="comment"),
            path("<int:comment_id>/approve/", decide, {"decision": "approve"}, name="approve"),
            path("<int:comment_id>/reject/", decide, {"decision": "reject"}, name="reject"),
            path("<int:comment_id>/ban/", admin_views.ban_view, name="ban"),
        ]


class DashboardViewSet(ModeratorViewSet):
    name = "moderation_dashboard"
    url_prefix = "moderation/dashboard"
    icon = "table"
    menu_label = "Dashboard"
    view_class = admin_views.DashboardView


class AuditLogViewSet(ModeratorViewSet):
    name = "moderation_audit"
    url_prefix = "moderation/audit"
    icon = "history"
    menu_label = "Audit log"
    view_class = admin_views.AuditLogView


class BansViewSet(ModeratorViewSet):
    name = "moderation_bans"
    url_prefix = "moderation/bans"
    icon = "lock"
    menu_label = "Bans"
    view_class = admin_views.BansView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:ban_id>/lift/", admin_views.lift_ban_view, name="lift"),
        ]


class PolicyOverrideViewSet(ModelViewSet):
    model = PolicyOverride
    name = "moderation_rules"
    url_prefix = "moderation/rules"
    icon = "doc-full"
    menu_label = "Rules for sections and articles"
    add_to_reference_index = False
    copy_view_enabled = False
    list_display = ["page", "mode", "discussions_closed", "close_after_days"]
    list_filter = ["mode"]
    search_fields = ["page__title"]
    search_backend_name = None


class ModerationViewSetGroup(ViewSetGroup):
    menu_label = "Moderation"
    menu_icon = "warning"
    menu_order = 250
    items = (
        QueueViewSet,
        DashboardViewSet,
        AuditLogViewSet,
        BansViewSet,
        PolicyOverrideViewSet,
    )


@hooks.register("register_admin_viewset")
def register_moderation_admin():
    return ModerationViewSetGroup()
