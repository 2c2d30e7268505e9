"""Hostile-input case 15: comments that are pending (someone else's), rejected, spam or deleted
never reach another reader, through any page, fragment, API answer, feed, sitemap, search or
profile, and no count includes them.

Every hidden comment carries a word of its own. The test crawls the site as an anonymous visitor
and as another signed-in reader: the article, section and home pages, every route of the URLconf
(found with get_resolver(), so a route added later is crawled too) filled with every comment id,
article id and username, with and without htmx, in every sort; then it looks for the words.
"""

import itertools
import re
import uuid

import lxml.html
import pytest
from django.db.models import Count, Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from factories import ArticlePageFactory, ReaderFactory

from gazette.comments.actions import delete_comment, post_comment
from gazette.comments.models import Comment, Discussion

Status = Comment.Status
HIDDEN = [Status.PENDING, Status.REJECTED, Status.SPAM, Status.DELETED]
SHAPES = ["leaf", "root", "reply"]  # alone; above a published reply; under a published comment

# Routes outside the readers' site: the editors' admin, documents, Wagtail's own helpers.
NOT_CRAWLED = ("admin/", "documents/", "_util/", "^media/")
UNUSED_WORD = "hushwordnowhere"
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")

pytestmark = pytest.mark.django_db


def marker(status, shape):
    return f"hushword{Comment.Status(status).value}{shape}"


def post(article, author, body, parent=None):
    comment, _ = post_comment(
        article=article, author=author, body=body, parent=parent, client_token=uuid.uuid4().hex
    )
    return comment


def recount(article):
    """The counters as the moderation actions will keep them once statuses change."""
    published = Q(thread_comments__status=Status.PUBLISHED, thread_comments__depth__gt=0)
    for root in Comment.objects.filter(article=article, depth=0).annotate(
        replies=Count("thread_comments", filter=published)
    ):
        Comment.objects.filter(pk=root.pk).update(thread_reply_count=root.replies)
    Discussion.objects.filter(article=article).update(
        comment_count=Comment.objects.filter(article=article, status=Status.PUBLISHED).count()
    )


@pytest.fixture
def discussion(section):
    """An article whose discussion holds every hidden state in every position."""
    article = ArticlePageFactory(parent=section, title="Night convoy reaches the port")
    alice = ReaderFactory(username="alice", display_name="Alice Hidden")
    bob = ReaderFactory(username="bob", display_name="Bob Other")
    carol = ReaderFactory(username="carol", display_name="Carol Visible")

    shown = post(article, carol, "Eyewitness: hushwordvisible, as reported.")
    hidden = {}
    for status in HIDDEN:
        hidden[status, "leaf"] = post(article, alice, marker(status, "leaf"))
        hidden[status, "root"] = post(article, alice, marker(status, "root"))
        post(
            article,
            carol,
            f"Answering a {Comment.Status(status).value} comment.",
            parent=hidden[status, "root"],
        )
        hidden[status, "reply"] = post(article, alice, marker(status, "reply"), parent=shown)
    withdrawn = post(article, alice, "hushworddeletedproperly")
    post(article, carol, "Still here under a withdrawn comment.", parent=withdrawn)
    delete_comment(comment=withdrawn, user=alice)
    for (status, _), comment in hidden.items():
        # As moderation (or the author's deletion, here keeping the text) would leave them.
        Comment.objects.filter(pk=comment.pk).update(status=status)
    recount(article)
    published = Comment.objects.filter(article=article, status=Status.PUBLISHED).count()
    assert published == 6  # the visible comment and the five replies under placeholders
    return {
        "article": article,
        "section": section,
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "shown": shown,
        "hidden": hidden,
        "published": published,
    }


def hidden_words(discussion, viewer):
    """The words this viewer must never see: all hidden ones, but the author's own pending."""
    own = viewer is not None and viewer.pk == discussion["alice"].pk
    return [
        marker(status, shape)
        for status, shape in itertools.product(HIDDEN, SHAPES)
        if not (own and status == Status.PENDING)
    ] + ["hushworddeletedproperly"]


def routes():
    """The text of every route of the URLconf, outside NOT_CRAWLED."""

    def walk(patterns, prefix):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern):
                yield text

    return [
        text for text in walk(get_resolver().url_patterns, "") if not text.startswith(NOT_CRAWLED)
    ]


def fill(route, values):
    values = iter(values)
    return "/" + PARAMETER.sub(lambda _match: str(next(values)), route)


def urls_to_crawl(discussion):
    article = discussion["article"]
    comment_ids = list(Comment.objects.filter(article=article).values_list("pk", flat=True))
    usernames = [discussion[name].username for name in ("alice", "bob", "carol")]
    by_name = {
        "article_id": [article.pk],
        "comment_id": comment_ids,
        "username": usernames,
        "section_slug": [discussion["section"].slug],
    }
    by_converter = {"int": comment_ids + [article.pk], "slug": [article.slug], "str": ["x"]}

    urls = {"/", discussion["section"].url, article.url, f"/search/?q={UNUSED_WORD}"}
    for word in ["hushwordvisible", *hidden_words(discussion, None)]:
        urls.add(f"/search/?q={word}")
    for text in routes():
        if "^" in text or "(?P" in text:
            continue  # a regular-expression route: Wagtail's page serving, added above
        parameters = PARAMETER.findall(text)
        choices = [
            by_name.get(parameter, by_converter.get(converter or "str", ["x"]))
            for converter, parameter in parameters
        ]
        for values in itertools.product(*choices):
            url = fill(text, values)
            urls.add(url)
            if "article_id" in text:
                for sort in ("best", "newest", "oldest"):
                    urls.add(f"{url}?sort={sort}")
    return sorted(urls)


def crawl(client, urls):
    pages = {}
    for url in urls:
        htmx = [{"HX-Request": "true"}] if url.startswith("/discussion/") else []
        for headers in [{}, *htmx]:
            response = client.get(url, headers=headers)
            assert response.status_code < 500, (url, headers, response.status_code)
            body = b"".join(response) if response.streaming else response.content
            pages[url, bool(headers)] = (response.status_code, body.decode(errors="replace"))
    return pages


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("viewer_name", ["anonymous", "bob"])
def test_hidden_comments_appear_nowhere(discussion, viewer_name):
    viewer = discussion.get(viewer_name)
    urls = urls_to_crawl(discussion)

    pages = crawl(client_for(viewer), urls)

    # A search page repeats its query: it may show the word as often as it shows a word that
    # is nowhere on the site, and no more.
    echoes = {
        htmx: body.count(UNUSED_WORD)
        for (url, htmx), (_, body) in pages.items()
        if url == f"/search/?q={UNUSED_WORD}"
    }
    leaks = [
        (url, htmx, word)
        for (url, htmx), (_, body) in pages.items()
        for word in hidden_words(discussion, viewer)
        if body.count(word) > (echoes[htmx] if url == f"/search/?q={word}" else 0)
    ]
    assert leaks == []
    # The crawl reached the comments: the published one is there to be seen.
    article = discussion["article"]
    assert "hushwordvisible" in pages[article.url, False][1]
    assert "hushwordvisible" in pages[f"/api/v1/articles/{article.pk}/comments", False][1]
    assert "hushwordvisible" in pages[f"/discussion/thread/{discussion['shown'].pk}/", False][1]


def test_crawl_covers_the_discussion_routes_and_the_api(discussion):
    urls = urls_to_crawl(discussion)
    shown = discussion["shown"].pk

    for expected in [
        f"/discussion/comment/{shown}/",
        f"/discussion/thread/{shown}/",
        f"/api/v1/comments/{shown}",
        f"/api/v1/comments/{shown}/replies",
        "/readers/alice/",
        "/feeds/rss/",
        "/sitemap.xml",
    ]:
        assert expected in urls


def test_the_author_sees_only_their_own_pending_comment(discussion):
    alice = discussion["alice"]

    body = client_for(alice).get(discussion["article"].url).content.decode()

    assert marker(Status.PENDING, "leaf") in body
    assert marker(Status.PENDING, "reply") in body
    for word in hidden_words(discussion, alice):
        assert word not in body


def test_hidden_comments_are_not_found_one_by_one(discussion):
    client = client_for(discussion["bob"])

    for (status, shape), comment in discussion["hidden"].items():
        response = client.get(f"/api/v1/comments/{comment.pk}")
        assert response.status_code == 404 or (
            status == Status.DELETED and response.json()["body_html"] == ""
        ), (status, shape, response.status_code)


def comment_counts_in(html):
    text = lxml.html.fromstring(html).text_content()
    return {int(count) for count in re.findall(r"(\d+)\s+comments?\b", text)}


@pytest.mark.parametrize("viewer_name", ["anonymous", "bob", "alice"])
def test_counts_exclude_hidden_comments(discussion, viewer_name):
    client = client_for(discussion.get(viewer_name))
    expected = {discussion["published"]}

    for url in ["/", discussion["section"].url, discussion["article"].url]:
        assert comment_counts_in(client.get(url).content.decode()) == expected, url


def test_api_counts_exclude_hidden_comments(discussion):
    article = discussion["article"]

    page = client_for(discussion["bob"]).get(f"/api/v1/articles/{article.pk}/comments").json()

    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node["replies"])

    nodes = list(walk(page["threads"]))
    assert sum(node["status"] == "published" for node in nodes) == discussion["published"]
    assert [node["more_replies"] for node in page["threads"]] == [0] * len(page["threads"])
    assert {node["status"] for node in nodes} == {"published", "removed", "deleted"}
    assert all(node["body_html"] == "" for node in nodes if node["status"] != "published")
    assert all(node["author"] is None for node in nodes if node["status"] != "published")


def test_profile_lists_only_published_comments(discussion):
    for viewer in (None, discussion["bob"]):
        client = client_for(viewer)

        alice_page = client.get("/readers/alice/").content.decode()
        carol_page = client.get("/readers/carol/").content.decode()

        assert "hushword" not in alice_page
        assert "hushwordvisible" in carol_page
