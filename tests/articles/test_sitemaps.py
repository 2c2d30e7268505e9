import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml_of(response):
    return ET.fromstring(response.content)  # noqa: S314  (our own server's output)


def locations(response):
    return [loc.text for loc in xml_of(response).iter(f"{SITEMAP}loc")]


def test_sitemap_lists_every_published_page_and_no_draft(client, home, section):
    published = ArticlePageFactory(parent=section)
    draft = ArticlePageFactory(parent=section, publish=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert xml_of(response).tag == f"{SITEMAP}urlset"
    assert sorted(locations(response)) == sorted(
        [home.full_url, section.full_url, published.full_url]
    )
    assert draft.slug not in response.content.decode()


def test_news_sitemap_lists_only_articles_first_published_in_the_last_48_hours(client, section):
    now = timezone.now()
    fresh = ArticlePageFactory(
        parent=section, title="Fresh & <urgent>", first_published_at=now - timedelta(hours=1)
    )
    yesterday = ArticlePageFactory(parent=section, first_published_at=now - timedelta(hours=47))
    ArticlePageFactory(parent=section, first_published_at=now - timedelta(hours=49))
    ArticlePageFactory(parent=section, first_published_at=now - timedelta(days=30))
    ArticlePageFactory(parent=section, publish=False)

    response = client.get("/news-sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = xml_of(response)
    assert root.tag == f"{SITEMAP}urlset"
    assert locations(response) == [fresh.full_url, yesterday.full_url]
    (first, _) = root.findall(f"{SITEMAP}url")
    assert first.findtext(f"{NEWS}news/{NEWS}title") == "Fresh & <urgent>"
    assert first.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") == "Gazette"
    assert first.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") == "en"
    assert first.findtext(f"{NEWS}news/{NEWS}publication_date") == (
        fresh.first_published_at.isoformat()
    )


def test_news_sitemap_without_recent_articles_is_a_valid_empty_urlset(client, section):
    ArticlePageFactory(parent=section, first_published_at=timezone.now() - timedelta(days=3))

    response = client.get("/news-sitemap.xml")

    assert response.status_code == 200
    root = xml_of(response)
    assert root.tag == f"{SITEMAP}urlset"
    assert list(root) == []
