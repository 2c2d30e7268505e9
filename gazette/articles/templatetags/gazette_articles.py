import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

register = template.Library()

# The characters that could close the script element or open a comment inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """A schema.org block, escaped like Django's json_script so no text can end the element."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _JSON_SCRIPT_ESCAPES
    )
    nonce = getattr(context.get("request"), "csp_nonce", "")
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        nonce,
        mark_safe(payload),  # noqa: S308
    )


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.specific if site else None


@register.simple_tag(takes_context=True)
def author_url(context, author):
    root = _site_root(context)
    if root is None or not hasattr(root, "reverse_subpage"):
        return ""
    return root.get_url(context.get("request")) + root.reverse_subpage("author", args=[author.slug])


@register.simple_tag(takes_context=True)
def tag_url(context, tag):
    root = _site_root(context)
    if root is None or not hasattr(root, "reverse_subpage"):
        return ""
    return root.get_url(context.get("request")) + root.reverse_subpage("tag", args=[tag.slug])
