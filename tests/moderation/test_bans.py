"""A ban (hostile-input case 14) ends every session the reader is signed in with, at once; signed
in again, they can read but are refused on every write path; a lifted or expired ban lets them take
part again."""

import json
import uuid
from datetime import timedelta
from types import SimpleNamespace

import lxml.html
import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone
from factories import ReaderFactory, form_shown_a_minute_ago

from gazette.comments import actions
from gazette.comments.models import Comment, Vote
from gazette.moderation import actions as moderation_actions
from gazette.moderation.errors import Banned
from gazette.moderation.models import Ban, Flag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

BANNED = "You are banned from the discussion."
HX = {"HX-Request": "true"}


@pytest.fixture
def moderator(db):
    return ReaderFactory(username="morgan", is_staff=True)


@pytest.fixture
def others_comment(discussed_article):
    author = ReaderFactory(username="olga", display_name="Olga")
    return actions.post_comment(
        article=discussed_article, author=author, body="Worth answering.", client_token="o"
    )[0]


@pytest.fixture
def own_comment(discussed_article, established_reader):
    return actions.post_comment(
        article=discussed_article,
        author=established_reader,
        body="Posted before the ban.",
        client_token="own",
    )[0]


@pytest.fixture
def banned_session(client, established_reader, moderator, own_comment, others_comment):
    """A reader banned while signed in, who signs in again after the ban."""
    client.force_login(established_reader)
    moderation_actions.ban_author(user=established_reader, moderator=moderator, reason="Abuse")
    client.force_login(established_reader)
    return client


def form(body="Still here.") -> dict:
    return {"body": body, "client_token": uuid.uuid4().hex, "shown_at": form_shown_a_minute_ago()}


def as_json(data) -> dict:
    return {"data": json.dumps(data), "content_type": "application/json"}


# Each write path: (method, url, request keyword arguments) for the article, own and other comment.
WRITE_PATHS = {
    "html-post": lambda a, own, other: (
        "post",
        f"/discussion/article/{a.pk}/post/",
        {"data": form()},
    ),
    "htmx-post": lambda a, own, other: (
        "post",
        f"/discussion/article/{a.pk}/post/",
        {"data": form(), "headers": HX},
    ),
    "html-reply": lambda a, own, other: (
        "post",
        f"/discussion/comment/{other.pk}/reply/",
        {"data": form()},
    ),
    "htmx-reply": lambda a, own, other: (
        "post",
        f"/discussion/comment/{other.pk}/reply/",
        {"data": form(), "headers": HX},
    ),
    "html-edit": lambda a, own, other: (
        "post",
        f"/discussion/comment/{own.pk}/edit/",
        {"data": {"body": "Edited after the ban."}},
    ),
    "htmx-edit": lambda a, own, other: (
        "post",
        f"/discussion/comment/{own.pk}/edit/",
        {"data": {"body": "Edited after the ban."}, "headers": HX},
    ),
    "html-vote": lambda a, own, other: ("post", f"/discussion/comment/{other.pk}/vote/", {}),
    "htmx-vote": lambda a, own, other: (
        "post",
        f"/discussion/comment/{other.pk}/vote/",
        {"headers": HX},
    ),
    "api-post": lambda a, own, other: (
        "post",
        f"/api/v1/articles/{a.pk}/comments",
        as_json({"body": "Still here.", "client_token": "api-1"}),
    ),
    "api-reply": lambda a, own, other: (
        "post",
        f"/api/v1/articles/{a.pk}/comments",
        as_json({"body": "Still here.", "client_token": "api-2", "parent": other.pk}),
    ),
    "api-edit": lambda a, own, other: (
        "patch",
        f"/api/v1/comments/{own.pk}",
        as_json({"body": "Edited after the ban."}),
    ),
    "api-vote": lambda a, own, other: ("post", f"/api/v1/comments/{other.pk}/vote", {}),
    "html-flag": lambda a, own, other: (
        "post",
        f"/discussion/comment/{other.pk}/flag/",
        {"data": {"reason": "spam", "note": ""}},
    ),
    "htmx-flag": lambda a, own, other: (
        "post",
        f"/discussion/comment/{other.pk}/flag/",
        {"data": {"reason": "spam", "note": ""}, "headers": HX},
    ),
    "api-flag": lambda a, own, other: (
        "post",
        f"/api/v1/comments/{other.pk}/flags",
        as_json({"reason": "spam"}),
    ),
}


def message_of(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["detail"]
    document = lxml.html.fromstring(response.content.decode())
    return " ".join(document.text_content().split())


def snapshot():
    return (
        list(Comment.objects.order_by("pk").values_list("pk", "body", "status", "upvotes")),
        Vote.objects.count(),
        Flag.objects.count(),
    )


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_a_banned_reader_is_refused_at_once_on_every_write_path(
    banned_session, discussed_article, own_comment, others_comment, path
):
    before = snapshot()
    method, url, kwargs = WRITE_PATHS[path](discussed_article, own_comment, others_comment)

    response = getattr(banned_session, method)(url, **kwargs)

    assert response.status_code == 403
    assert BANNED in message_of(response)
    assert snapshot() == before


def test_every_write_route_of_the_discussion_is_in_the_ban_test():
    def names(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from names(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}"

    discussion = {
        name for name in names(get_resolver().url_patterns) if name.startswith("comments:")
    }
    reads = {"comments:article", "comments:thread", "comments:permalink"}
    # Deleting one's own comment stays open to a banned reader: taking words back is no abuse.
    withdrawing = {"comments:delete"}
    anything = SimpleNamespace(pk=1)
    tested = {
        resolve(make(anything, anything, anything)[1]).view_name for make in WRITE_PATHS.values()
    }

    assert discussion - reads - withdrawing == tested & discussion


def test_a_banned_reader_cannot_flag_a_comment(established_reader, moderator, others_comment):
    moderation_actions.ban_author(user=established_reader, moderator=moderator)

    with pytest.raises(Banned) as refusal:
        moderation_actions.flag_comment(
            comment=others_comment, reporter=established_reader, reason=Flag.Reason.SPAM
        )

    assert refusal.value.message == BANNED
    assert Flag.objects.count() == 0


def test_a_ban_with_an_end_says_until_when(
    client, established_reader, moderator, discussed_article
):
    until = timezone.now() + timedelta(days=7)
    moderation_actions.ban_author(user=established_reader, moderator=moderator, until=until)
    client.force_login(established_reader)

    response = client.post(f"/discussion/article/{discussed_article.pk}/post/", form())

    assert response.status_code == 403
    local = timezone.localtime(until)
    assert f"You are banned from the discussion until {local:%d %B %Y, %H:%M}." in message_of(
        response
    )


def test_a_banned_reader_signed_in_again_can_still_read(
    banned_session, discussed_article, others_comment
):
    response = banned_session.get(discussed_article.url)

    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert others_comment.body_html in response.content.decode()


def test_a_ban_ends_every_session_of_the_reader_at_once(
    established_reader, moderator, discussed_article, others_comment
):
    """The web page, a second device and the API (one session cookie each) are all signed out by
    the ban: nothing they send after it is stored, and each is answered as a signed-out reader."""
    devices = [Client(), Client(), Client()]
    for device in devices:
        device.force_login(established_reader)
    bystander = Client()
    bystander.force_login(others_comment.author)
    before = snapshot()

    moderation_actions.ban_author(user=established_reader, moderator=moderator, reason="Abuse")

    page = devices[0].get(discussed_article.url)
    posted = devices[1].post(f"/discussion/article/{discussed_article.pk}/post/", form())
    api = devices[2].post(
        f"/api/v1/articles/{discussed_article.pk}/comments",
        **as_json({"body": "Still here.", "client_token": "api-after-ban"}),
    )
    assert not page.wsgi_request.user.is_authenticated
    assert posted.status_code == 403
    assert "Sign in to join the discussion." in message_of(posted)
    assert api.status_code == 403
    assert message_of(api) == "Sign in to join the discussion."
    assert snapshot() == before
    assert bystander.get(discussed_article.url).wsgi_request.user == others_comment.author


def test_sessions_from_before_the_session_generation_stay_signed_in(established_reader):
    """Generation 0 hashes as Django does, so deploying the field signs nobody out."""
    assert established_reader.session_generation == 0
    assert established_reader.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(
        established_reader
    )


def test_a_ban_stops_only_the_banned_reader(
    client, banned_session, discussed_article, others_comment
):
    client.force_login(others_comment.author)

    response = client.post(f"/discussion/article/{discussed_article.pk}/post/", form("Fine."))

    assert response.status_code == 302
    assert Comment.objects.filter(body="Fine.").exists()


def test_a_lifted_ban_lets_the_reader_post_again(
    banned_session, established_reader, moderator, discussed_article
):
    ban = Ban.objects.get(user=established_reader)
    moderation_actions.lift_ban(ban=ban, moderator=moderator, reason="Appeal granted")

    response = banned_session.post(
        f"/discussion/article/{discussed_article.pk}/post/", form("Back again.")
    )

    assert response.status_code == 302
    assert Comment.objects.get(body="Back again.").status == Comment.Status.PUBLISHED


def test_an_expired_ban_lets_the_reader_post_again(
    client, established_reader, moderator, discussed_article, others_comment
):
    ban = moderation_actions.ban_author(
        user=established_reader, moderator=moderator, until=timezone.now() + timedelta(hours=1)
    )
    client.force_login(established_reader)
    refused = client.post(f"/discussion/article/{discussed_article.pk}/post/", form("Too soon."))
    Ban.objects.filter(pk=ban.pk).update(until=timezone.now() - timedelta(seconds=1))  # an hour on

    posted = client.post(f"/discussion/article/{discussed_article.pk}/post/", form("Later."))
    voted = client.post(f"/api/v1/comments/{others_comment.pk}/vote")

    assert refused.status_code == 403
    assert posted.status_code == 302
    assert voted.status_code == 200
    assert Comment.objects.filter(body="Later.").exists()
    assert not Comment.objects.filter(body="Too soon.").exists()


def test_a_reader_who_changes_their_password_after_a_ban_keeps_their_new_session(
    client, established_reader, moderator
):
    """From generation 1 the hash still follows the password as Django's does: the session a
    password change re-signs stays valid, and the one from before the change does not."""
    ban = moderation_actions.ban_author(user=established_reader, moderator=moderator)
    moderation_actions.lift_ban(ban=ban, moderator=moderator)
    client.force_login(established_reader)
    other_device = Client()
    other_device.force_login(established_reader)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "password", "password1": "n3w-Passw0rd!x", "password2": "n3w-Passw0rd!x"},
    )

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == established_reader
    assert not other_device.get("/").wsgi_request.user.is_authenticated


def test_a_session_signed_with_a_retired_secret_key_lasts_until_the_ban(
    settings, client, established_reader, moderator
):
    """SECRET_KEY_FALLBACKS: Django checks the session hash with each old key too."""
    moderation_actions.ban_author(user=established_reader, moderator=moderator)
    client.force_login(established_reader)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "y" * 40

    assert client.get("/").wsgi_request.user == established_reader
    moderation_actions.ban_author(user=established_reader, moderator=moderator)
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_stale_copy_of_the_reader_saved_after_the_ban_does_not_revive_their_sessions(
    client, established_reader, moderator
):
    client.force_login(established_reader)
    loaded_before = type(established_reader).objects.get(pk=established_reader.pk)

    moderation_actions.ban_author(user=established_reader, moderator=moderator)
    loaded_before.display_name = "Renamed in another request"
    loaded_before.save()

    loaded_before.refresh_from_db()
    assert loaded_before.display_name == "Renamed in another request"
    assert loaded_before.session_generation == 1
    assert not client.get("/").wsgi_request.user.is_authenticated
