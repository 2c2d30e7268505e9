"""What the comment form gives away about a bot (hostile-input case 12): a filled honeypot, a form
sent faster than a person types, a forged or expired timestamp. Such comments are held quietly:
the poster is told what anyone whose comment is held is told. A replayed form posts once."""

import time

import lxml.html
import pytest
from django.core import signing

from gazette.comments.forms import FORM_SALT, signed_now
from gazette.comments.models import Comment
from gazette.moderation.models import PolicyOverride
from gazette.moderation.policies import Mode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

HELD_MESSAGE = "Your comment is awaiting moderation: other readers will see it once approved."
# Words of the reasons' names and details, none of which the poster may see.
TELLTALES = ["honeypot", "spam.", "hidden from people", "bots", "too_fast", "stale_form", "forged"]


@pytest.fixture(autouse=True)
def three_seconds_to_fill_a_form(settings):
    settings.MODERATION_MIN_FORM_SECONDS = 3


def parse(response):
    return lxml.html.fromstring(response.content.decode())


def rendered_form(client, article) -> dict:
    """The compose form's fields as the article page rendered them for this reader."""
    (form,) = parse(client.get(article.url)).xpath(f"//form[@id='compose-{article.pk}']")
    fields = {field.get("name"): field.get("value") or "" for field in form.xpath(".//input")}
    fields.pop("csrfmiddlewaretoken")
    return fields


def post_form(client, article, fields, *, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/discussion/article/{article.pk}/post/", fields, headers=headers)


def seen_by_poster(client, response):
    """What the poster's browser shows next: the fragment, or the page it was redirected to."""
    return client.get(response["Location"]) if response.status_code == 302 else response


def message_in(shown) -> str:
    found = parse(shown).xpath(
        "//div[contains(@class, 'messages')]/p|//p[contains(@class, 'discussion__message')]"
    )
    return " ".join(" ".join(element.text_content().split()) for element in found)


def told_to_poster(client, response) -> str:
    return message_in(seen_by_poster(client, response))


def reason_names(comment: Comment) -> list[str]:
    return [reason["name"] for reason in comment.verdict.reasons]


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_a_filled_honeypot_holds_the_comment_without_saying_why(
    client, posting_clock, discussed_article, established_reader, htmx
):
    client.force_login(established_reader)
    fields = rendered_form(client, discussed_article)
    posting_clock.advance(30)

    response = post_form(
        client,
        discussed_article,
        {**fields, "body": "Great article!", "website": "https://cheap-watches.example"},
        htmx=htmx,
    )

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert reason_names(comment) == ["spam.honeypot"]
    assert response.status_code == (200 if htmx else 302)
    shown = seen_by_poster(client, response)
    assert message_in(shown) == HELD_MESSAGE
    assert [word for word in TELLTALES if word in shown.content.decode().lower()] == []


@pytest.mark.parametrize(
    ("seconds", "status", "reasons"),
    [
        (0, "pending", ["spam.too_fast"]),
        (2.9, "pending", ["spam.too_fast"]),
        (3, "published", []),
        (600, "published", []),
    ],
)
def test_a_form_sent_sooner_than_a_person_could_is_held(
    client, posting_clock, discussed_article, established_reader, seconds, status, reasons
):
    client.force_login(established_reader)
    fields = rendered_form(client, discussed_article)
    posting_clock.advance(seconds)

    response = post_form(client, discussed_article, {**fields, "body": "I read it all first."})

    comment = Comment.objects.get()
    assert (comment.status, reason_names(comment)) == (status, reasons)
    expected = HELD_MESSAGE if status == "pending" else "Your comment was posted."
    assert told_to_poster(client, response) == expected


def signed(value, salt=FORM_SALT) -> str:
    return signing.dumps(value, salt=salt)


def tampered() -> str:
    token = signed_now()
    return token[:-1] + ("A" if token[-1] != "A" else "B")


FORGED = [
    pytest.param(lambda: str(round(time.time() - 60, 1)), id="unsigned-time"),
    pytest.param(lambda: signed(round(time.time() - 60, 1), salt="another"), id="other-salt"),
    pytest.param(tampered, id="tampered-signature"),
    pytest.param(lambda: signed("yesterday"), id="signed-non-number"),
    pytest.param(lambda: signed(None), id="signed-null"),
    pytest.param(lambda: "x" * 5000, id="junk"),
]


@pytest.mark.parametrize("forge", FORGED)
def test_a_forged_form_timestamp_holds_the_comment_quietly(
    client, discussed_article, established_reader, forge
):
    client.force_login(established_reader)
    fields = rendered_form(client, discussed_article)

    response = post_form(
        client, discussed_article, {**fields, "shown_at": forge(), "body": "Nothing to see."}
    )

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert reason_names(comment) == ["spam.stale_form"]
    assert told_to_poster(client, response) == HELD_MESSAGE


def test_a_form_shown_more_than_a_day_ago_is_held_as_stale(
    client, monkeypatch, discussed_article, established_reader
):
    client.force_login(established_reader)
    fields = rendered_form(client, discussed_article)
    a_day_and_a_minute_ago = time.time() - 86_460
    with monkeypatch.context() as past:
        past.setattr(time, "time", lambda: a_day_and_a_minute_ago)
        fields["shown_at"] = signed_now()

    response = post_form(client, discussed_article, {**fields, "body": "Found this tab again."})

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert reason_names(comment) == ["spam.stale_form"]
    assert told_to_poster(client, response) == HELD_MESSAGE


def test_a_form_sent_without_its_timestamp_is_held_as_stale(
    client, discussed_article, established_reader
):
    client.force_login(established_reader)
    fields = rendered_form(client, discussed_article)
    del fields["shown_at"]

    post_form(client, discussed_article, {**fields, "body": "Scripted post."})

    assert reason_names(Comment.objects.get()) == ["spam.stale_form"]


def test_a_quietly_held_comment_reads_like_one_held_by_the_policy(
    client, posting_clock, section, discussed_article, established_reader
):
    from factories import ArticlePageFactory

    pre_moderated = ArticlePageFactory(parent=section, title="A pre-moderated story")
    PolicyOverride.objects.create(page=pre_moderated, mode=Mode.PRE)
    client.force_login(established_reader)
    trap = rendered_form(client, discussed_article)
    plain = rendered_form(client, pre_moderated)
    posting_clock.advance(30)

    by_bot = post_form(
        client, discussed_article, {**trap, "body": "Text one.", "website": "http://x.example"}
    )
    told_bot = told_to_poster(client, by_bot)
    by_policy = post_form(client, pre_moderated, {**plain, "body": "Text two."})
    told_policy = told_to_poster(client, by_policy)

    bot_comment, policy_comment = Comment.objects.order_by("pk")
    assert (bot_comment.status, policy_comment.status) == ("pending", "pending")
    assert reason_names(policy_comment) == ["policy.pre_moderation"]
    assert by_bot.status_code == by_policy.status_code == 302
    assert by_bot["Location"].endswith(f"?sort=newest#comment-{bot_comment.pk}")
    assert by_policy["Location"].endswith(f"?sort=newest#comment-{policy_comment.pk}")
    assert told_bot == told_policy == HELD_MESSAGE


def test_a_replayed_form_returns_the_first_comment_and_stores_no_second(
    client, posting_clock, discussed_article, established_reader
):
    client.force_login(established_reader)
    fields = {
        **rendered_form(client, discussed_article),
        "body": "Posted once, sent three times.",
        "website": "https://spam.example",
    }
    posting_clock.advance(30)

    first = post_form(client, discussed_article, fields)
    posting_clock.advance(3600)
    replays = [post_form(client, discussed_article, fields) for _ in range(2)]

    comment = Comment.objects.get()
    assert first.status_code == 302
    assert [replay.status_code for replay in replays] == [302, 302]
    assert {replay["Location"] for replay in replays} == {first["Location"]}
    assert first["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.verdict.reasons[0]["name"] == "spam.honeypot"
    assert len(comment.verdict.reasons) == 1


def test_a_replayed_api_token_returns_the_first_comment_and_stores_no_second(
    client, send_comment, discussed_article, established_reader
):
    client.force_login(established_reader)

    first = send_comment(client, "api", discussed_article, "Sent by an app.", token="draft-7")
    replay = send_comment(client, "api", discussed_article, "Sent by an app.", token="draft-7")

    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json()["id"] == first.json()["id"] == Comment.objects.get().pk
