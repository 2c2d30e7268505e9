"""schema.org NewsArticle metadata for search engines and link previews."""

from typing import Any

from django.http import HttpRequest

from .models import ArticlePage


def lead_rendition(article: ArticlePage):
    if article.lead_image is None:
        return None
    return article.lead_image.get_rendition("width-1200|format-jpeg")


def article_json_ld(
    article: ArticlePage, request: HttpRequest | None, tags: list | None = None
) -> dict[str, Any]:
    url = article.get_full_url(request)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.standfirst,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "datePublished": article.first_published_at.isoformat()
        if article.first_published_at
        else None,
        "dateModified": (article.last_published_at or article.first_published_at).isoformat()
        if article.first_published_at
        else None,
        "keywords": [tag.name for tag in (article.tags.all() if tags is None else tags)],
    }
    if article.author:
        data["author"] = [{"@type": "Person", "name": article.author.name}]
    rendition = lead_rendition(article)
    if rendition is not None:
        data["image"] = [request.build_absolute_uri(rendition.url) if request else rendition.url]
    section = article.section
    if section is not None:
        data["articleSection"] = section.title
    if article.dateline_place:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline_place}
    return {key: value for key, value in data.items() if value not in (None, [], "")}
