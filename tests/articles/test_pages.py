from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone
from factories import ArticlePageFactory, AuthorFactory, ImageFactory, SectionPageFactory
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from gazette.articles.models import ArticlePage

pytestmark = pytest.mark.django_db

NOT_FOUND_HEADING = "We could not find that page"


def html_of(response):
    return lxml.html.fromstring(response.content.decode())


def texts(document, xpath):
    return [" ".join(element.text_content().split()) for element in document.xpath(xpath)]


def test_home_page_shows_latest_articles_newest_first_and_each_section(client, home, section):
    now = timezone.now()
    older = ArticlePageFactory(parent=section, first_published_at=now - timedelta(hours=2))
    newer = ArticlePageFactory(parent=section, first_published_at=now - timedelta(hours=1))
    empty_section = SectionPageFactory(parent=home, title="Culture", slug="culture")

    response = client.get("/")

    assert response.status_code == 200
    document = html_of(response)
    assert texts(document, "//section[@class='latest']//h3[@class='card__headline']") == [
        newer.title,
        older.title,
    ]
    assert document.xpath("//section[@aria-labelledby='section-world']//h2/a/@href") == [
        section.url
    ]
    assert texts(document, "//section[@aria-labelledby='section-culture']//p") == [
        "Nothing here yet."
    ]
    assert document.xpath("//nav[@aria-label='Sections']//a/@href") == [
        section.url,
        empty_section.url,
    ]


def test_home_page_without_articles_says_so(client, home):
    response = client.get("/")

    assert response.status_code == 200
    assert "No articles have been published yet." in response.content.decode()


def test_section_page_lists_only_its_own_articles_and_links_its_feeds(client, home, section):
    own = ArticlePageFactory(parent=section)
    other_section = SectionPageFactory(parent=home, title="Economy", slug="economy")
    elsewhere = ArticlePageFactory(parent=other_section)

    response = client.get(section.url)

    assert response.status_code == 200
    document = html_of(response)
    assert texts(document, "//h1") == ["World"]
    assert texts(document, "//h2[@class='card__headline']") == [own.title]
    assert elsewhere.title not in response.content.decode()
    assert document.xpath("//p[@class='feeds']/a/@href") == [
        "/feeds/world/rss/",
        "/feeds/world/atom/",
    ]


def test_article_page_shows_headline_standfirst_byline_dateline_section_and_tags(client, section):
    author = AuthorFactory(name="Mira Okafor", slug="mira-okafor", role="Eastern correspondent")
    article = ArticlePageFactory(
        parent=section,
        title="Ceasefire holds along the river",
        standfirst="Both armies pulled back their artillery overnight.",
        author=author,
        dateline_place="KARVENO",
        tags=["Ceasefire", "Border talks"],
    )

    response = client.get(article.url)

    assert response.status_code == 200
    document = html_of(response)
    assert texts(document, "//h1[@id='headline']") == ["Ceasefire holds along the river"]
    assert texts(document, "//p[@class='article__standfirst']") == [
        "Both armies pulled back their artillery overnight."
    ]
    assert texts(document, "//p[@class='article__byline']") == [
        "By Mira Okafor, Eastern correspondent"
    ]
    assert document.xpath("//p[@class='article__byline']/a[@rel='author']/@href") == [
        "/authors/mira-okafor/"
    ]
    assert texts(document, "//span[@class='dateline-place']") == ["KARVENO"]
    assert document.xpath("//p[@class='article__dateline']/time/@datetime") == [
        article.first_published_at.isoformat()
    ]
    assert document.xpath("//p[@class='article__section']/a/@href") == ["/world/"]
    assert texts(document, "//p[@class='article__section']/a") == ["World"]
    assert texts(document, "//ul[@class='tags']/li/a") == ["Ceasefire", "Border talks"]
    assert document.xpath("//ul[@class='tags']/li/a/@href") == [
        "/tags/ceasefire/",
        "/tags/border-talks/",
    ]


def test_article_quote_block_shows_the_words_and_who_said_them(client, section):
    article = ArticlePageFactory(
        parent=section,
        body=[
            ("paragraph", RichText("<p>The shelling stopped at dawn.</p>")),
            (
                "quote",
                {
                    "quote": "We will hold the line.",
                    "attribution": "Col. Ana Reyes",
                    "role": "army spokeswoman",
                    "source": "in a televised briefing",
                },
            ),
        ],
    )

    response = client.get(article.url)

    document = html_of(response)
    assert texts(document, "//div[@class='article__body']/p") == ["The shelling stopped at dawn."]
    assert texts(document, "//figure[@class='quote']/blockquote") == ["We will hold the line."]
    assert texts(document, "//figure[@class='quote']/figcaption") == [
        "— Col. Ana Reyes, army spokeswoman, in a televised briefing"
    ]
    assert texts(document, "//figure[@class='quote']//cite") == ["Col. Ana Reyes"]


def test_map_figure_links_to_a_full_size_rendition_larger_than_the_inline_image(client, section):
    map_image = ImageFactory(title="Front line map", width=2000, height=1500)
    article = ArticlePageFactory(
        parent=section,
        body=[
            (
                "map",
                {
                    "image": map_image,
                    "caption": "Positions on 3 March",
                    "alt": "Map of the front line east of Karveno",
                    "credit": "Gazette graphics",
                },
            )
        ],
    )

    response = client.get(article.url)

    document = html_of(response)
    (figure,) = document.xpath("//div[@class='article__body']/figure[@class='figure figure--map']")
    (link,) = figure.xpath("./a[@class='figure__full']")
    (img,) = link.xpath("./img")
    inline_widths = [
        int(candidate.split()[1].rstrip("w")) for candidate in img.get("srcset").split(", ")
    ]
    inline_urls = [candidate.split()[0] for candidate in img.get("srcset").split(", ")]
    assert inline_widths == [400, 800, 1200, 1600]
    assert link.get("href").startswith("/media/images/")
    assert link.get("href") not in inline_urls
    assert int(link.get("data-full-width")) == 2000
    assert int(link.get("data-full-width")) > max(inline_widths)
    assert (img.get("width"), img.get("height")) == ("400", "300")
    assert img.get("alt") == "Map of the front line east of Karveno"
    assert texts(link, "./span[@class='figure__hint']") == ["Click to see the full-size map"]
    assert texts(figure, "./figcaption") == ["Positions on 3 March Gazette graphics"]
    assert client.get(link.get("href")).status_code == 200


@pytest.mark.parametrize(
    ("republished_after", "shows_update"),
    [
        (timedelta(minutes=5), False),
        (timedelta(minutes=10), False),
        (timedelta(minutes=11), True),
        (timedelta(days=1), True),
    ],
)
def test_updated_notice_only_when_republished_more_than_ten_minutes_after_first_publication(
    client, section, republished_after, shows_update
):
    article = ArticlePageFactory(parent=section)
    first = article.first_published_at
    ArticlePage.objects.filter(pk=article.pk).update(last_published_at=first + republished_after)

    response = client.get(article.url)

    document = html_of(response)
    notices = document.xpath("//span[@class='article__updated']")
    if shows_update:
        assert len(notices) == 1
        assert notices[0].xpath("./time/@datetime") == [(first + republished_after).isoformat()]
    else:
        assert notices == []
        assert "Updated" not in response.content.decode()


def test_republishing_an_article_through_wagtail_keeps_its_first_publication_time(section):
    article = ArticlePageFactory(parent=section)
    first = article.first_published_at

    article.title = "A corrected headline"
    article.save_revision().publish()
    article.refresh_from_db()

    assert article.first_published_at == first
    assert article.last_published_at >= first


def test_author_page_lists_only_that_authors_published_articles(client, section):
    author = AuthorFactory(name="Mira Okafor", slug="mira-okafor", bio="Covers the east.")
    theirs = ArticlePageFactory(parent=section, author=author)
    ArticlePageFactory(parent=section, author=author, title="Draft by Mira", publish=False)
    someone_elses = ArticlePageFactory(parent=section)

    response = client.get("/authors/mira-okafor/")

    assert response.status_code == 200
    document = html_of(response)
    assert texts(document, "//h1") == ["Mira Okafor"]
    assert texts(document, "//p[@class='intro']") == ["Covers the east."]
    assert texts(document, "//h3[@class='card__headline']") == [theirs.title]
    body = response.content.decode()
    assert someone_elses.title not in body
    assert "Draft by Mira" not in body


def test_tag_page_lists_the_published_articles_with_that_tag(client, section):
    tagged = ArticlePageFactory(parent=section, tags=["Ceasefire"])
    untagged = ArticlePageFactory(parent=section, tags=["Elections"])

    response = client.get("/tags/ceasefire/")

    assert response.status_code == 200
    document = html_of(response)
    assert texts(document, "//h1") == ["Tagged “Ceasefire”"]
    assert texts(document, "//h2[@class='card__headline']") == [tagged.title]
    assert untagged.title not in response.content.decode()


def make_hidden_article(kind, section):
    """An article a reader must not see: a draft, one scheduled for tomorrow, or a private one."""
    fields = {
        "parent": section,
        "title": f"Secret {kind} story",
        "standfirst": "Nobody should read this yet.",
        "tags": ["Ceasefire"],
        "body": [("paragraph", RichText("<p>The zeppelin embargo begins.</p>"))],
    }
    if kind == "draft":
        return ArticlePageFactory(publish=False, **fields)
    if kind == "scheduled":
        article = ArticlePageFactory(go_live_at=timezone.now() + timedelta(days=1), **fields)
        assert not article.live
        assert article.revisions.get().approved_go_live_at == article.go_live_at
        return article
    article = ArticlePageFactory(**fields)
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="embargo"
    )
    return article


@pytest.mark.parametrize("kind", ["draft", "scheduled", "private"])
def test_unpublished_scheduled_and_private_articles_are_listed_nowhere(client, section, kind):
    visible = ArticlePageFactory(
        parent=section,
        author=AuthorFactory(slug="visible-author"),
        tags=["Ceasefire"],
        body=[("paragraph", RichText("<p>The zeppelin embargo is over.</p>"))],
    )
    hidden = make_hidden_article(kind, section)
    hidden.author.slug = "hidden-author"
    hidden.author.save()

    listings = [
        "/",
        section.url,
        "/tags/ceasefire/",
        "/search/?q=zeppelin",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/world/rss/",
        "/feeds/world/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
    ]
    for url in listings:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert visible.title in body or visible.slug in body, url
        assert hidden.title not in body, url
        assert hidden.slug not in body, url
    author_page = client.get("/authors/hidden-author/")
    assert author_page.status_code == 200
    assert "No published articles yet." in author_page.content.decode()


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_unpublished_and_scheduled_articles_are_not_found_at_their_address(client, section, kind):
    hidden = make_hidden_article(kind, section)

    response = client.get(f"/world/{hidden.slug}/")

    assert response.status_code == 404
    body = response.content.decode()
    assert NOT_FOUND_HEADING in body
    assert hidden.title not in body


def test_private_article_asks_for_the_password_instead_of_showing_the_story(client, section):
    hidden = make_hidden_article("private", section)

    response = client.get(hidden.url)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in body
    assert "The zeppelin embargo begins." not in body
    assert hidden.standfirst not in body


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page/",
        "/world/no-such-article/",
        "/authors/nobody/",
        "/tags/nothing/",
        "/feeds/nosection/rss/",
        "/feeds/nosection/atom/",
        "/media/../../etc/passwd",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/original_images/missing.png",
    ],
)
def test_bad_addresses_get_the_styled_not_found_page(client, section, url):
    response = client.get(url)

    assert response.status_code == 404
    body = response.content.decode()
    assert NOT_FOUND_HEADING in body
    assert "root:" not in body


@pytest.mark.parametrize(
    ("url", "expected_text"),
    [
        ("/?page=999", "Latest"),
        ("/?page=abc", "Latest"),
        ("/search/?page=abc", "Search articles"),
        ("/search/?q=report&page=abc", "Page 1 of 2"),
        ("/search/?q=report&page=999", "Page 2 of 2"),
        ("/world/?page=999", "Page 2 of 2"),
        ("/world/?page=-1", "Page 2 of 2"),
        ("/world/?page=abc", "Page 1 of 2"),
        ("/authors/prolific/?page=999", "Page 2 of 2"),
        ("/tags/ceasefire/?page=0", "Page 2 of 2"),
    ],
)
def test_out_of_range_or_malformed_page_numbers_fall_back_to_a_real_page(
    client, settings, section, url, expected_text
):
    settings.GAZETTE_ARTICLES_PER_PAGE = 2
    author = AuthorFactory(slug="prolific")
    for _ in range(3):
        ArticlePageFactory(parent=section, author=author, tags=["Ceasefire"])

    response = client.get(url)

    assert response.status_code == 200
    assert expected_text in response.content.decode()
