import lxml.html
import pytest
from factories import ArticlePageFactory
from wagtail.rich_text import RichText

pytestmark = pytest.mark.django_db


def result_headlines(response):
    document = lxml.html.fromstring(response.content.decode())
    return [
        " ".join(heading.text_content().split())
        for heading in document.xpath("//h2[@class='card__headline']")
    ]


def article_saying(text, **fields):
    return ArticlePageFactory(body=[("paragraph", RichText(f"<p>{text}</p>"))], **fields)


def test_search_finds_a_published_article_by_a_word_in_its_body(client, section):
    found = article_saying("Engineers rebuilt the pontoon bridge overnight.", parent=section)
    article_saying("Markets were calm.", parent=section)

    response = client.get("/search/", {"q": "pontoon"})

    assert response.status_code == 200
    assert result_headlines(response) == [found.title]
    assert "1 result for “pontoon”" in response.content.decode()


def test_search_does_not_find_a_draft(client, section):
    article_saying("The pontoon plan is still secret.", parent=section, publish=False)

    response = client.get("/search/", {"q": "pontoon"})

    assert response.status_code == 200
    assert result_headlines(response) == []
    assert "0 results for “pontoon”" in response.content.decode()


def test_a_100000_character_query_is_answered_and_cut_to_1000_characters(client, settings, section):
    article_saying("A pontoon bridge.", parent=section)
    query = "pontoon " * 12_500

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert len(query) == 100_000
    assert settings.GAZETTE_SEARCH_MAX_QUERY == 1000
    assert response.context["query"] == query.strip()[:1000]
    document = lxml.html.fromstring(response.content.decode())
    assert document.xpath("//input[@id='search-q']/@value") == [query.strip()[:1000]]


@pytest.mark.parametrize(
    "query",
    [
        "\x00pontoon",
        "'; DROP TABLE wagtailcore_page; --",
        '"',
        '"unbalanced',
        'pontoon"',
        "AND OR NOT",
        "NEAR(a b)",
        "title:pontoon",
        "*",
    ],
)
def test_search_with_hostile_query_text_answers_normally(client, section, query):
    article_saying("A pontoon bridge.", parent=section)

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "Search articles" in response.content.decode()


def test_search_page_without_a_query_shows_only_the_form(client, home):
    response = client.get("/search/")

    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'role="status"' not in response.content.decode()


def test_quotes_around_a_word_still_find_it(client, section):
    found = article_saying("Engineers rebuilt the pontoon bridge overnight.", parent=section)

    response = client.get("/search/", {"q": '"pontoon bridge"'})

    assert response.status_code == 200
    assert result_headlines(response) == [found.title]
