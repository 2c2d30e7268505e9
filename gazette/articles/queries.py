"""Reads of published articles, with what their listings show already loaded."""

from django.db.models import Prefetch, QuerySet
from wagtail.models import Page
from wagtail.query import PageQuerySet

from .models import ArticlePage, Author, SectionPage


def published_articles() -> PageQuerySet:
    """Articles a reader may see: live, not behind a privacy restriction, newest first."""
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("author", "lead_image", "discussion")
        .prefetch_related(
            "tags",
            Prefetch("lead_image__renditions"),
        )
        .order_by("-first_published_at", "-pk")
    )


def latest_articles(
    *,
    root: Page | None = None,
    author: Author | None = None,
    tag_slug: str | None = None,
    limit: int | None = None,
) -> PageQuerySet:
    articles = published_articles()
    if root is not None:
        articles = articles.descendant_of(root)
    if author is not None:
        articles = articles.filter(author=author)
    if tag_slug is not None:
        articles = articles.filter(tags__slug=tag_slug)
    if limit is not None:
        articles = articles[:limit]
    return articles


def live_sections(*, root: Page) -> QuerySet[SectionPage]:
    return SectionPage.objects.live().public().child_of(root).order_by("path")


def sections_with_latest(
    *, root: Page, per_section: int
) -> list[tuple[SectionPage, list[ArticlePage]]]:
    """Each live section under root with its newest articles: one query per section, bounded."""
    return [
        (section, list(latest_articles(root=section, limit=per_section)))
        for section in live_sections(root=root)
    ]


def section_by_slug(slug: str) -> SectionPage | None:
    return live_sections_all().filter(slug=slug).first()


def live_sections_all() -> QuerySet[SectionPage]:
    return SectionPage.objects.live().public()
