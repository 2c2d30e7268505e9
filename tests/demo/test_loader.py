from datetime import timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.demo import content, discussion
from gazette.demo.loader import load_demo_newsroom


def war_report() -> ArticlePage:
    return ArticlePage.objects.get(slug=content.WAR_REPORT_SLUG)


def test_loading_creates_the_sections_authors_and_articles(db):
    created = load_demo_newsroom()

    assert created == {
        "images": len(content.IMAGES),
        "authors": 4,
        "sections": 3,
        "articles": len(content.ARTICLES),
        "readers": len(discussion.READERS),
        "comments": len(list(discussion.all_comments())),
        "campaigns": 1,
    }
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert home.title == "The Meridian Ledger"
    assert home.tagline == content.TAGLINE
    assert list(SectionPage.objects.child_of(home).live().values_list("slug", flat=True)) == [
        "front-line",
        "politics",
        "explainers",
    ]
    assert set(Author.objects.values_list("slug", flat=True)) == {
        "mara-ostrin",
        "teodor-brannik",
        "ines-korvath",
        "luka-denhart",
    }
    articles = ArticlePage.objects.live().descendant_of(home)
    assert set(articles.values_list("slug", flat=True)) == {a.slug for a in content.ARTICLES}
    assert len(content.ARTICLES) >= 7
    for article in articles:
        assert 3 <= article.tags.count() <= 5
        assert 5 <= len(article.body) <= 10
        assert article.author is not None
        assert article.dateline_place


def test_war_report_has_a_map_attributed_quotes_and_a_map_as_lead(db):
    load_demo_newsroom()

    report = war_report()
    blocks = {block.block_type: [] for block in report.body}
    for block in report.body:
        blocks[block.block_type].append(block.value)
    assert report.get_parent().slug == "front-line"
    assert report.lead_kind == ArticlePage.LeadKind.MAP
    assert report.lead_image.title == content.MAP_IMAGE
    assert report.lead_alt
    [map_value] = blocks["map"]
    assert map_value["image"] == report.lead_image
    assert map_value["caption"] and map_value["alt"]
    attributions = [quote["attribution"] for quote in blocks["quote"]]
    assert attributions == [
        "Col. Aurel Stavik",
        "Halvorian Ministry of Defence",
        "Dalia Reuss",
        "Dr Yana Morell",
    ]
    text = " ".join(block.source for block in blocks["paragraph"])
    assert "could not independently verify" in text


def test_war_report_is_the_newest_article_and_leads_the_home_page(db, client):
    load_demo_newsroom()

    report = war_report()
    newest = ArticlePage.objects.live().order_by("-first_published_at").first()
    assert newest == report
    assert timezone.now() - report.first_published_at < timedelta(hours=6)
    response = client.get("/")
    assert response.status_code == 200
    assert report.title in response.content.decode()


def test_map_is_wider_than_2000_pixels(db):
    load_demo_newsroom()

    map_image = get_image_model().objects.get(title=content.MAP_IMAGE)
    assert map_image.width > 2000
    assert map_image.file_size > 0
    assert map_image.file_hash


def test_loading_twice_creates_and_changes_nothing(db):
    load_demo_newsroom()
    pages_before = list(Page.objects.order_by("pk").values("pk", "title", "last_published_at"))
    images_before = get_image_model().objects.count()
    authors_before = Author.objects.count()
    revisions_before = Revision.objects.count()

    created = load_demo_newsroom()

    assert created == {
        "images": 0,
        "authors": 0,
        "sections": 0,
        "articles": 0,
        "readers": 0,
        "comments": 0,
        "campaigns": 0,
    }
    assert list(Page.objects.order_by("pk").values("pk", "title", "last_published_at")) == (
        pages_before
    )
    assert get_image_model().objects.count() == images_before
    assert Author.objects.count() == authors_before
    assert Revision.objects.count() == revisions_before


def test_every_published_article_renders(db, client):
    load_demo_newsroom()

    articles = ArticlePage.objects.live()
    assert articles.count() == len(content.ARTICLES)
    for article in articles:
        response = client.get(article.url)
        assert response.status_code == 200, article.url
        assert article.title in response.content.decode()


def test_one_article_shows_an_updated_notice(db, client):
    load_demo_newsroom()

    updated = [article for article in ArticlePage.objects.live() if article.is_updated]
    assert [article.slug for article in updated] == ["drone-strikes-cut-power-eastern-districts"]
    [article] = updated
    assert article.last_published_at - article.first_published_at == timedelta(hours=2)
    assert "article__updated" in client.get(article.url).content.decode()


def test_load_demo_command_creates_the_demo_editor_only_once(db):
    output = StringIO()

    call_command("load_demo", stdout=output)
    call_command("load_demo", stdout=output)

    editor = get_user_model().objects.get(username="editor")
    assert editor.is_superuser and editor.is_staff
    assert editor.check_password("editor")
    assert output.getvalue().count("password 'editor'") == 1
    assert "created 0 images, 0 authors, 0 sections, 0 articles" in output.getvalue()


def test_load_demo_command_leaves_an_existing_superuser_alone(db):
    get_user_model().objects.create_superuser(username="chief", email="", password="x" * 12)

    call_command("load_demo", stdout=StringIO())

    assert not get_user_model().objects.filter(username="editor").exists()


def test_loading_again_keeps_an_editors_home_page_tagline(db):
    load_demo_newsroom()
    home = Site.objects.get(is_default_site=True).root_page.specific
    home.tagline = "Our own words"
    home.save_revision().publish()

    load_demo_newsroom()

    home.refresh_from_db()
    assert home.tagline == "Our own words"
    assert home.title == "The Meridian Ledger"
