"""Redis down (hostile-input case 41): pages still render, a reader's comment is still saved but
held for a moderator (the rate limiter fails closed to pre-moderation), and the reader stays
signed in, since sessions are kept in the database. Never a 500."""

import uuid

import lxml.html
import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.test import override_settings
from factories import ReaderFactory, form_shown_a_minute_ago

from gazette.comments import actions
from gazette.comments.models import Comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

UNREACHABLE = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
}
# As configured with REDIS_URL: the default cache shrugs the outage off, the limiters' does not.
REDIS_DOWN = {
    "default": {
        **UNREACHABLE,
        "BACKEND": "gazette.core.cache.OutageTolerantRedisCache",
        "OPTIONS": {**UNREACHABLE["OPTIONS"], "IGNORE_EXCEPTIONS": True},
    },
    "ratelimits": UNREACHABLE,
}
HELD_MESSAGE = "Your comment is awaiting moderation: other readers will see it once approved."


@pytest.fixture
def redis_down(posting_limits):
    """Entered after the suite's cache-clearing fixture and left before it clears again."""
    with override_settings(CACHES=REDIS_DOWN):
        yield


@pytest.fixture
def published_comment(discussed_article):
    """Stored before the outage."""
    return actions.post_comment(
        article=discussed_article,
        author=ReaderFactory(username="olga"),
        body="Written before Redis went down.",
        client_token="before",
    )[0]


def signed_in_user(response):
    return response.wsgi_request.user


def test_the_caches_really_are_unreachable(redis_down):
    from django.core.cache import caches

    from gazette.core import ratelimits

    assert caches["default"].get("anything") is None
    with pytest.raises(ratelimits.LimiterUnavailable):
        ratelimits.count("probe", "probe", window=60)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_home_page_renders(client, home, established_reader, redis_down, signed_in):
    if signed_in:
        client.force_login(established_reader)

    response = client.get("/")

    assert response.status_code == 200


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_an_article_page_renders_with_its_discussion(
    client, discussed_article, published_comment, established_reader, signed_in
):
    if signed_in:
        client.force_login(established_reader)

    with override_settings(CACHES=REDIS_DOWN):
        page = client.get(discussed_article.url)
        fragment = client.get(
            f"/discussion/article/{discussed_article.pk}/", headers={"HX-Request": "true"}
        )
        listed = client.get(f"/api/v1/articles/{discussed_article.pk}/comments")

    assert (page.status_code, fragment.status_code, listed.status_code) == (200, 200, 200)
    document = lxml.html.fromstring(page.content.decode())
    assert document.xpath(f"//article[@id='comment-{published_comment.pk}']")
    assert published_comment.body_html in fragment.content.decode()
    assert [thread["id"] for thread in listed.json()["threads"]] == [published_comment.pk]


def test_the_login_page_renders(client, db, redis_down):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


@pytest.mark.parametrize("path", ["form", "htmx", "api"])
def test_a_comment_is_saved_but_held_while_the_limiter_is_down(
    client, send_comment, discussed_article, established_reader, redis_down, path
):
    client.force_login(established_reader)

    response = send_comment(client, path, discussed_article, "Posted during the outage.")

    comment = Comment.objects.get()
    assert comment.body == "Posted during the outage."
    assert comment.status == Comment.Status.PENDING
    assert [reason["name"] for reason in comment.verdict.reasons] == [
        "velocity.limiter_unavailable"
    ]
    assert response.status_code == {"form": 302, "htmx": 200, "api": 201}[path]
    if path == "api":
        assert response.json()["status"] == "pending"
    else:
        shown = client.get(response["Location"]) if path == "form" else response
        assert HELD_MESSAGE in shown.content.decode()


def test_a_flood_during_the_outage_is_held_not_published(
    client, send_comment, discussed_article, established_reader, redis_down
):
    client.force_login(established_reader)

    statuses = [
        send_comment(client, "api", discussed_article, f"Flood {n}.").status_code for n in range(20)
    ]

    assert statuses == [201] * 20
    assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}


def test_the_session_survives_the_outage(client, discussed_article, established_reader):
    client.force_login(established_reader)
    session_key = client.session.session_key

    with override_settings(CACHES=REDIS_DOWN):
        during = client.get(discussed_article.url)
        posted = client.post(
            f"/discussion/article/{discussed_article.pk}/post/",
            {
                "body": "Still signed in.",
                "client_token": uuid.uuid4().hex,
                "shown_at": form_shown_a_minute_ago(),
            },
        )
    after = client.get(discussed_article.url)

    assert signed_in_user(during) == established_reader
    assert posted.status_code == 302
    assert signed_in_user(after) == established_reader
    assert client.session.session_key == session_key
    assert Session.objects.filter(session_key=session_key).exists()


def test_a_reader_can_sign_in_while_redis_is_down(client, established_reader, redis_down):
    EmailAddress.objects.create(
        user=established_reader, email=established_reader.email, verified=True, primary=True
    )

    response = client.post(
        "/accounts/login/", {"login": established_reader.email, "password": "password"}
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
