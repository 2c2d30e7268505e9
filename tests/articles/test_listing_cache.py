"""The front page is cached between publications, never across one."""

from factories import ArticlePageFactory

from gazette.articles.caching import listing_version


def test_a_newly_published_article_appears_on_a_cached_front_page_at_once(client, section):
    ArticlePageFactory(parent=section, title="Ceasefire talks open in Port Sellan")
    assert "Ceasefire talks open" in client.get("/").content.decode()
    version = listing_version()

    ArticlePageFactory(parent=section, title="Second convoy reaches Karveno")

    assert listing_version() > version
    assert "Second convoy reaches Karveno" in client.get("/").content.decode()


def test_an_unpublished_article_leaves_a_cached_front_page_at_once(client, section):
    article = ArticlePageFactory(parent=section, title="Bridge reopens to traffic")
    assert "Bridge reopens to traffic" in client.get("/").content.decode()

    article.unpublish()

    assert "Bridge reopens to traffic" not in client.get("/").content.decode()


def test_the_front_page_is_served_from_the_cache_between_publications(
    client, section, django_assert_max_num_queries
):
    ArticlePageFactory(parent=section, title="Evacuation buses leave Solvara")
    client.get("/")

    with django_assert_max_num_queries(8):
        response = client.get("/")

    assert "Evacuation buses leave Solvara" in response.content.decode()
