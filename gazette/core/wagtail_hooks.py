from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def start_date_time_widgets_without_inline_scripts():
    return format_html('<script src="{}" defer></script>', static("core/admin_choosers.js"))
