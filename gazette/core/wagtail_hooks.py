import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.widgets.chooser import BaseChooser

# What django.utils.html.json_script escapes, so the JSON cannot close its <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
render_chooser_with_inline_script = BaseChooser.render


@hooks.register("insert_global_admin_js")
def start_date_time_widgets_without_inline_scripts():
    return format_html('<script src="{}" defer></script>', static("core/admin_choosers.js"))


def render_chooser_without_inline_script(self, name, value, attrs=None, renderer=None):
    """Wagtail's page, image, document and snippet choosers follow their markup with an inline
    `<script>new ImageChooser(id, options)</script>`, which our CSP blocks. This leaves the
    constructor, id and options in a JSON block that admin_choosers.js starts instead.

    Installed over `BaseChooser.render` by CoreConfig.ready(). Choosers that write their own
    script (`render_js_init` overridden, e.g. the workflow task chooser) render as before."""
    if (
        not attrs
        or "id" not in attrs
        or type(self).render_js_init is not BaseChooser.render_js_init
    ):
        return render_chooser_with_inline_script(self, name, value, attrs, renderer)
    value_data = self.get_value_data(value)
    options = self.get_js_init_options(attrs["id"], name, value_data)
    return format_html(
        '{}<script type="application/json" data-chooser-init="{}" data-chooser-for="{}">{}'
        "</script>",
        mark_safe(self.render_html(name, value_data, attrs)),  # noqa: S308 - Wagtail's template
        self.js_constructor,
        attrs["id"],
        mark_safe(json.dumps(options, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308
    )
