import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def published_hours_ago(hours, **fields):
    return ArticlePageFactory(first_published_at=timezone.now() - timedelta(hours=hours), **fields)


@pytest.fixture
def newsroom(home, section):
    """Three published World articles, one in Economy, and a World draft."""
    economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
    return {
        "oldest": published_hours_ago(30, parent=section, title="Talks open in Geneva"),
        "economy": published_hours_ago(20, parent=economy, title="Bread prices double"),
        "middle": published_hours_ago(10, parent=section, title="Convoy reaches the city"),
        "newest": published_hours_ago(
            1,
            parent=section,
            title="Truce & <prisoner> swap agreed",
            standfirst="Both sides free <b>40</b> people & promise more.",
        ),
        "draft": ArticlePageFactory(parent=section, title="Unfinished draft", publish=False),
    }


def xml_of(response):
    return ET.fromstring(response.content)  # noqa: S314  (our own server's output)


def rss_items(response):
    channel = xml_of(response).find("channel")
    return [(item.findtext("title"), item.findtext("link")) for item in channel.findall("item")]


def atom_entries(response):
    feed = xml_of(response)
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in feed.findall(f"{ATOM}entry")
    ]


def expected(*articles):
    return [(article.title, f"http://testserver{article.url}") for article in articles]


def parsed_without_errors(response):
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_site_rss_feed_lists_every_published_article_newest_first(client, newsroom):
    response = client.get("/feeds/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_items(response) == expected(
        newsroom["newest"], newsroom["middle"], newsroom["economy"], newsroom["oldest"]
    )
    parsed = parsed_without_errors(response)
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Gazette"
    assert [entry.title for entry in parsed.entries] == [
        "Truce & <prisoner> swap agreed",
        "Convoy reaches the city",
        "Bread prices double",
        "Talks open in Geneva",
    ]
    # feedparser hands back the description as HTML: the plain-text standfirst stays literal text.
    assert parsed.entries[0].summary == (
        "Both sides free &lt;b&gt;40&lt;/b&gt; people &amp; promise more."
    )
    assert parsed.entries[0].author_detail.name == newsroom["newest"].author.name


def test_site_atom_feed_lists_every_published_article_newest_first(client, newsroom):
    response = client.get("/feeds/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom_entries(response) == expected(
        newsroom["newest"], newsroom["middle"], newsroom["economy"], newsroom["oldest"]
    )
    parsed = parsed_without_errors(response)
    assert parsed.version == "atom10"
    assert [entry.link for entry in parsed.entries] == [
        f"http://testserver{newsroom[key].url}" for key in ("newest", "middle", "economy", "oldest")
    ]
    published = [entry.published_parsed for entry in parsed.entries]
    assert published == sorted(published, reverse=True)


def test_section_rss_feed_holds_only_that_sections_articles(client, newsroom):
    response = client.get("/feeds/world/rss/")

    assert response.status_code == 200
    assert rss_items(response) == expected(
        newsroom["newest"], newsroom["middle"], newsroom["oldest"]
    )
    parsed = parsed_without_errors(response)
    assert parsed.feed.title == "World — Gazette"
    assert parsed.feed.link == "http://testserver/world/"


def test_section_atom_feed_holds_only_that_sections_articles(client, newsroom):
    response = client.get("/feeds/economy/atom/")

    assert response.status_code == 200
    assert atom_entries(response) == expected(newsroom["economy"])
    parsed = parsed_without_errors(response)
    assert [entry.title for entry in parsed.entries] == ["Bread prices double"]


def test_feed_items_carry_the_articles_tags_as_categories(client, section):
    ArticlePageFactory(parent=section, tags=["Ceasefire", "Border talks"])

    response = client.get("/feeds/rss/")

    item = xml_of(response).find("channel/item")
    assert sorted(category.text for category in item.findall("category")) == [
        "Border talks",
        "Ceasefire",
    ]


def test_feed_of_a_site_without_articles_is_valid_and_empty(client, home):
    response = client.get("/feeds/rss/")

    assert response.status_code == 200
    assert rss_items(response) == []
    assert parsed_without_errors(response).entries == []
