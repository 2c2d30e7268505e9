"""Readers' markdown: a small subset, rendered by markdown-it-py and sanitized by nh3.

markdown-it's own link validation only blocks a few schemes; the sanitizer's allowlist is what
keeps `data:`, `vbscript:` and every other scheme out, whatever the markdown parser let through.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "blockquote", "code", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

_parser = MarkdownIt("zero", {"breaks": True, "html": False, "maxNesting": 20}).enable(
    ["paragraph", "newline", "emphasis", "link", "blockquote", "backticks", "fence", "code"]
)


def render_markdown(text: str) -> str:
    """HTML for a reader's text; safe to insert into a page as it is."""
    return sanitize_html(_parser.render(text))


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        url_relative="deny",
        strip_comments=True,
    ).strip()
