import importlib.util

import pytest
from django.utils import timezone
from factories import ArticlePageFactory
from lxml import html

from gazette.accounts.actions import create_reader

pytestmark = pytest.mark.django_db

comments_pending = pytest.mark.skipif(
    importlib.util.find_spec("gazette.comments.queries") is None,
    reason="needs gazette.comments.queries.public_comments_by from the comments app",
)


def test_the_profile_shows_the_display_name_and_when_the_reader_joined(client, reader):
    response = client.get("/readers/amara/")

    assert response.status_code == 200
    page = html.fromstring(response.content)
    assert page.xpath("string(//h1)").strip() == "Amara Okafor"
    joined = timezone.localtime(reader.date_joined).strftime("%B %Y")
    assert page.xpath("string(//p[@class='reader-profile__since'])").split() == [
        "Member",
        "since",
        *joined.split(),
    ]
    assert "amara@example.org" not in response.text


def test_an_unknown_reader_is_not_found(client, db):
    assert client.get("/readers/nobody/").status_code == 404


def test_a_deactivated_reader_is_not_found(client, reader):
    reader.is_active = False
    reader.save()

    assert client.get("/readers/amara/").status_code == 404


def test_a_hostile_display_name_is_shown_as_text(client, reader):
    reader.display_name = "<script>alert(1)</script>"
    reader.save()

    response = client.get("/readers/amara/")

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@comments_pending
def test_the_profile_lists_the_readers_published_comments_newest_first(client, reader):
    from gazette.comments.actions import delete_comment, post_comment

    article = ArticlePageFactory(title="Ceasefire talks resume")
    other = create_reader(
        username="bo", email="bo@example.org", display_name="Bo", password="x-9-long-enough"
    )
    post_comment(article=article, author=reader, body="First, **bold** point.", client_token="a1")
    post_comment(article=article, author=reader, body="Second point.", client_token="a2")
    withdrawn, _ = post_comment(
        article=article, author=reader, body="Withdrawn.", client_token="a3"
    )
    delete_comment(comment=withdrawn, user=reader)
    post_comment(article=article, author=other, body="Someone else.", client_token="b1")

    response = client.get("/readers/amara/")

    page = html.fromstring(response.content)
    bodies = [node.text_content().strip() for node in page.find_class("reader-comment__body")]
    assert bodies == ["Second point.", "First, bold point."]
    assert page.find_class("reader-comment__body")[1].xpath("string(.//strong)") == "bold"
    assert "Ceasefire talks resume" in page.xpath("string(//*[@class='reader-comment__meta'])")


def test_the_profile_of_a_reader_without_comments_says_so(client, reader):
    response = client.get("/readers/amara/")

    assert "No comments yet." in response.text
