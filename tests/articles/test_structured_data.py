import json

import lxml.html
import pytest
from factories import ArticlePageFactory, AuthorFactory, ImageFactory

pytestmark = pytest.mark.django_db

SCRIPT_BREAKOUT = "</script><script>alert(1)</script>"


def json_ld_blocks(response):
    document = lxml.html.fromstring(response.content.decode())
    return document.xpath("//script[@type='application/ld+json']")


def meta(response, attribute, name):
    document = lxml.html.fromstring(response.content.decode())
    return document.xpath(f"//meta[@{attribute}='{name}']/@content")


@pytest.fixture
def article(section):
    return ArticlePageFactory(
        parent=section,
        title="Ceasefire holds along the river",
        standfirst="Both armies pulled back their artillery overnight.",
        author=AuthorFactory(name="Mira Okafor"),
        dateline_place="KARVENO",
        lead_image=ImageFactory(width=1600, height=900),
        lead_alt="Soldiers crossing a bridge",
        tags=["Ceasefire"],
    )


def test_article_page_describes_itself_as_a_news_article_in_json_ld(client, article):
    response = client.get(article.url)

    (block,) = json_ld_blocks(response)
    data = json.loads(block.text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Ceasefire holds along the river"
    assert data["description"] == "Both armies pulled back their artillery overnight."
    assert data["datePublished"] == article.first_published_at.isoformat()
    assert data["author"] == [{"@type": "Person", "name": "Mira Okafor"}]
    assert data["articleSection"] == "World"
    assert data["locationCreated"] == {"@type": "Place", "name": "KARVENO"}
    assert data["keywords"] == ["Ceasefire"]
    assert data["url"] == article.full_url
    (image_url,) = data["image"]
    assert image_url.startswith("http://testserver/media/images/")
    assert image_url.endswith(".jpg")
    assert client.get(image_url.removeprefix("http://testserver")).status_code == 200


def test_a_headline_cannot_close_the_json_ld_script_element(client, section):
    headline = f"Ceasefire {SCRIPT_BREAKOUT} holds"
    article = ArticlePageFactory(
        parent=section, title=headline, standfirst=f"Standfirst {SCRIPT_BREAKOUT} & more"
    )

    response = client.get(article.url)

    raw = response.content.decode()
    assert "<script>alert" not in raw
    (block,) = json_ld_blocks(response)
    data = json.loads(block.text)
    assert data["headline"] == headline
    assert data["description"] == f"Standfirst {SCRIPT_BREAKOUT} & more"
    assert meta(response, "property", "og:title") == [headline]


def test_article_page_has_open_graph_twitter_card_and_canonical_link(client, article):
    response = client.get(article.url)

    document = lxml.html.fromstring(response.content.decode())
    assert document.xpath("//link[@rel='canonical']/@href") == [article.full_url]
    assert meta(response, "property", "og:type") == ["article"]
    assert meta(response, "property", "og:title") == ["Ceasefire holds along the river"]
    assert meta(response, "property", "og:description") == [
        "Both armies pulled back their artillery overnight."
    ]
    assert meta(response, "property", "og:url") == [article.full_url]
    (og_image,) = meta(response, "property", "og:image")
    assert og_image.startswith("http://testserver/media/images/")
    assert meta(response, "property", "og:image:width") == ["1200"]
    assert meta(response, "property", "og:image:alt") == ["Soldiers crossing a bridge"]
    assert meta(response, "property", "article:published_time") == [
        article.first_published_at.isoformat()
    ]
    assert meta(response, "name", "twitter:card") == ["summary_large_image"]
    assert meta(response, "name", "twitter:image") == [og_image]


def test_article_without_a_lead_image_gets_a_small_twitter_card_and_no_image(client, section):
    article = ArticlePageFactory(parent=section)

    response = client.get(article.url)

    assert meta(response, "name", "twitter:card") == ["summary"]
    assert meta(response, "property", "og:image") == []
    (block,) = json_ld_blocks(response)
    assert "image" not in json.loads(block.text)
