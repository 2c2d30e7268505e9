"""Load the demo newsroom into the site: safe to run on every start.

Everything is keyed on something stable (image titles, author and page slugs). What exists is
left exactly as it is, so a second run creates nothing and changes nothing a reader can see,
and an editor's changes to the demo content survive a restart.
"""

from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site
from wagtail.utils.file import hash_filelike

from gazette.articles.models import ArticlePage, Author, HomePage, SectionPage
from gazette.donations.demo import load_campaign

from . import content, maps
from .discussion import load_discussion

DEMO_EDITOR_USERNAME = "editor"
DEMO_EDITOR_PASSWORD = "editor"  # noqa: S105 (a demo login, printed for the person running it)


@transaction.atomic
def load_demo_newsroom() -> dict[str, int]:
    """Create whatever part of the demo newsroom is missing; return how many of each was created."""
    now = timezone.now().replace(second=0, microsecond=0)
    home = load_home()
    images, images_created = load_images()
    authors, authors_created = load_authors()
    sections, sections_created = load_sections(home=home)
    articles_created = load_articles(
        home=home, sections=sections, authors=authors, images=images, now=now
    )
    readers_created, comments_created = load_discussion(now=now)
    return {
        "images": images_created,
        "authors": authors_created,
        "sections": sections_created,
        "articles": articles_created,
        "readers": readers_created,
        "comments": comments_created,
        "campaigns": load_campaign(now=now),
    }


def load_home() -> HomePage:
    """Brand the site as the demo outlet, unless someone has already published its home page.

    Migration articles.0002 creates the home page without a revision, so a home page with no live
    revision is still the placeholder; once it has one, its title and tagline are an editor's.
    """
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if home.live_revision_id is None:
        site.site_name = content.SITE_NAME
        site.save(update_fields=["site_name"])
        home.title = content.SITE_NAME
        home.draft_title = content.SITE_NAME
        home.tagline = content.TAGLINE
        home.save_revision().publish()
    return home


def load_images() -> tuple[dict[str, Any], int]:
    """The demo pictures by title, drawing and storing only the ones not in the library yet."""
    Image = get_image_model()
    images: dict[str, Any] = {}
    created = 0
    for demo_image in content.IMAGES:
        image = Image.objects.filter(title=demo_image.title).order_by("pk").first()
        if image is None:
            image = create_image(demo_image)
            created += 1
        images[demo_image.title] = image
    return images, created


def create_image(demo_image: content.DemoImage):
    data = maps.picture_bytes(demo_image.scene)
    image = get_image_model()(
        title=demo_image.title,
        file=ImageFile(BytesIO(data), name=demo_image.filename),
        file_size=len(data),
        file_hash=hash_filelike(BytesIO(data)),
    )
    image.save()
    return image


def load_authors() -> tuple[dict[str, Author], int]:
    authors: dict[str, Author] = {}
    created = 0
    for demo_author in content.AUTHORS:
        author, was_created = Author.objects.get_or_create(
            slug=demo_author.slug,
            defaults={"name": demo_author.name, "role": demo_author.role, "bio": demo_author.bio},
        )
        authors[demo_author.slug] = author
        created += was_created
    return authors, created


def load_sections(*, home: HomePage) -> tuple[dict[str, SectionPage], int]:
    sections: dict[str, SectionPage] = {}
    created = 0
    for demo_section in content.SECTIONS:
        existing = home.get_children().filter(slug=demo_section.slug).first()
        if existing is not None:
            sections[demo_section.slug] = existing.specific
            continue
        section = home.add_child(
            instance=SectionPage(
                title=demo_section.title,
                slug=demo_section.slug,
                intro=demo_section.intro,
                live=False,
            )
        )
        section.save_revision().publish()
        sections[demo_section.slug] = section
        created += 1
    return sections, created


def load_articles(
    *,
    home: HomePage,
    sections: dict[str, SectionPage],
    authors: dict[str, Author],
    images: dict[str, Any],
    now: datetime,
) -> int:
    """Publish each missing article under its section, dated as if it came out hours ago."""
    created = 0
    for demo_article in content.ARTICLES:
        if Page.objects.descendant_of(home).filter(slug=demo_article.slug).exists():
            continue
        article = ArticlePage(
            title=demo_article.title,
            slug=demo_article.slug,
            standfirst=demo_article.standfirst,
            author=authors[demo_article.author],
            dateline_place=demo_article.dateline_place,
            lead_image=images[demo_article.lead_image],
            lead_kind=demo_article.lead_kind,
            lead_caption=demo_article.lead_caption,
            lead_alt=demo_article.lead_alt,
            lead_credit=demo_article.lead_credit,
            body=[stream_block(block, images) for block in demo_article.body],
            live=False,
        )
        article.tags.add(*demo_article.tags)
        sections[demo_article.section].add_child(instance=article)
        revision = article.save_revision()
        revision.publish()
        backdate(article, revision, demo_article, now)
        created += 1
    return created


def stream_block(block: tuple[str, Any], images: dict[str, Any]) -> dict[str, Any]:
    """A body block in StreamField's stored form, with image titles replaced by image ids."""
    block_type, value = block
    if isinstance(value, dict) and "image" in value:
        value = {**value, "image": images[value["image"]].pk}
    return {"type": block_type, "value": value}


def backdate(
    article: ArticlePage, revision: Revision, demo_article: content.DemoArticle, now: datetime
) -> None:
    """Give the article the publication history of a story that came out hours ago."""
    first_published_at = now - timedelta(hours=demo_article.published_hours_ago)
    last_published_at = first_published_at
    if demo_article.updated_hours_after is not None:
        last_published_at = first_published_at + timedelta(hours=demo_article.updated_hours_after)
    Page.objects.filter(pk=article.pk).update(
        first_published_at=first_published_at,
        last_published_at=last_published_at,
        latest_revision_created_at=last_published_at,
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=last_published_at)


def create_demo_editor() -> bool:
    """Create the demo's `editor` superuser when the site has no superuser at all."""
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return False
    User.objects.create_superuser(
        username=DEMO_EDITOR_USERNAME,
        email="editor@localhost",
        password=DEMO_EDITOR_PASSWORD,
    )
    return True
