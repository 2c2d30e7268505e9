"""Taking part through the HTML forms: posting, replying, editing, deleting and voting with
POST-redirect-GET and with htmx fragments; every refusal is a 4xx with a message; CSRF on every
unsafe route; hostile bodies and names come out inert (hostile-input cases 1, 2, 4, 5, 6, 16,
17 and 38)."""

import uuid
from datetime import timedelta

import html5lib
import pytest
from discussion_html import HX, comment_element, comments_on, parse, text, textarea_values
from django.test import Client
from django.utils import timezone
from factories import ArticlePageFactory, ReaderFactory

from gazette.articles.models import ArticlePage
from gazette.comments import actions, views
from gazette.comments.forms import signed_now
from gazette.comments.models import Comment, Vote
from gazette.moderation.models import PolicyOverride

pytestmark = pytest.mark.django_db

Status = Comment.Status


def post_url(article) -> str:
    return f"/discussion/article/{article.pk}/post/"


def form_data(body="A first-hand account.", token=None, **extra):
    return {
        "body": body,
        "client_token": token or uuid.uuid4().hex,
        "shown_at": signed_now(),
        **extra,
    }


def messages_on(response) -> list[str]:
    return [text(p) for p in parse(response).xpath("//div[contains(@class, 'messages')]/p")]


def error_text(response) -> str:
    document = parse(response)
    found = document.xpath(
        "//*[@class='form-errors']|//p[@class='field__error']"
        "|//p[@class='discussion-error__message']"
        "|//p[contains(@class, 'discussion__message--error')]"
    )
    return " ".join(text(element) for element in found)


# Posting and replying without JavaScript


def test_posting_a_comment_redirects_to_it_and_shows_it_with_a_message(client, story, ada):
    client.force_login(ada)

    response = client.post(post_url(story), form_data("Seen from the **east bank**."))

    (comment,) = Comment.objects.all()
    assert response.status_code == 302
    assert response["Location"] == f"{story.url}?sort=newest#comment-{comment.pk}"
    shown = client.get(response["Location"])
    assert messages_on(shown) == ["Your comment was posted."]
    element = comment_element(parse(shown), comment)
    assert text(element.xpath(".//div[@class='comment__body']")[0]) == "Seen from the east bank."
    assert comment.author == ada
    assert comment.ip_address == "127.0.0.1"


def test_replying_without_javascript_goes_through_the_reply_page(client, story, ada, brook, say):
    answered = say(ada, "What did you see?")
    client.force_login(brook)
    story_page = parse(client.get(story.url))
    reply_link = comment_element(story_page, answered).xpath(".//a[starts-with(., 'Reply')]")[0]

    reply_page = client.get(reply_link.get("href"))

    assert reply_page.status_code == 200
    document = parse(reply_page)
    assert document.xpath("//h1/text()") == ["Reply to Ada Lovelace"]
    (form,) = document.xpath(f"//form[@id='reply-form-{answered.pk}']")
    assert form.get("hx-post") is None
    label = form.xpath(".//label/text()")[0]
    assert label == "Your reply to Ada Lovelace"
    fields = {field.get("name"): field.get("value") for field in form.xpath(".//input")}
    assert fields["next"] == story.url

    response = client.post(form.get("action"), {**fields, "body": "Smoke over the port."})

    reply = Comment.objects.get(parent=answered)
    assert response.status_code == 302
    assert response["Location"] == f"/discussion/thread/{answered.pk}/#comment-{reply.pk}"
    shown = client.get(response["Location"])
    assert messages_on(shown) == ["Your reply was posted."]
    assert comments_on(parse(shown)) == [(answered.pk, 0, None), (reply.pk, 1, answered.pk)]


def test_posting_twice_with_one_client_token_stores_one_comment(client, story, ada):
    client.force_login(ada)
    data = form_data("Double click.")

    first = client.post(post_url(story), data)
    second = client.post(post_url(story), data)

    (comment,) = Comment.objects.all()
    assert first["Location"] == second["Location"]
    assert second["Location"].endswith(f"#comment-{comment.pk}")


def test_reusing_a_client_token_for_another_text_is_refused_with_a_fresh_form(client, story, ada):
    client.force_login(ada)
    token = uuid.uuid4().hex
    client.post(post_url(story), form_data("First text.", token))

    response = client.post(post_url(story), form_data("Second text.", token))

    assert response.status_code == 422
    assert "already used to post a different comment" in error_text(response)
    document = parse(response)
    assert textarea_values(document) == ["Second text."]
    new_token = document.xpath("//input[@name='client_token']/@value")[0]
    assert new_token != token
    assert Comment.objects.count() == 1

    client.post(post_url(story), form_data("Second text.", new_token))

    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write something before posting: the comment is empty."),
        ("   \n\t  ", "Write something before posting: the comment is empty."),
        ("x" * 5001, "The comment is 5,001 characters long; the limit is 5,000."),
        ("nul\x00byte", "Null characters are not allowed."),
    ],
)
def test_bad_bodies_are_refused_with_a_400_and_a_clear_message(client, story, ada, body, message):
    client.force_login(ada)

    response = client.post(post_url(story), form_data(body))

    assert response.status_code == 400
    assert message in error_text(response)
    document = parse(response)
    assert document.xpath("//textarea/@aria-invalid") == ["true"]
    assert document.xpath("//h1/text()") == ["Your comment was not posted"]
    assert Comment.objects.count() == 0


def test_a_body_of_megabytes_is_refused_with_400_before_any_work(client, story, ada):
    client.force_login(ada)

    response = client.post(post_url(story), form_data("[" * 3_000_000))

    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_body_at_the_limit_is_accepted(client, story, ada):
    client.force_login(ada)

    response = client.post(post_url(story), form_data("é" * 5000))

    assert response.status_code == 302
    assert len(Comment.objects.get().body) == 5000


def test_closed_discussion_refuses_posts_and_replies_with_403(client, story, ada, brook, say):
    answered = say(ada, "Before closing.")
    ArticlePage.objects.filter(pk=story.pk).update(allow_comments=False)
    client.force_login(brook)

    posted = client.post(post_url(story), form_data())
    replied = client.post(f"/discussion/comment/{answered.pk}/reply/", form_data())
    reply_page = client.get(f"/discussion/comment/{answered.pk}/reply/")

    for response in (posted, replied, reply_page):
        assert response.status_code == 403
        assert "The discussion of this article is closed." in error_text(response)
    assert Comment.objects.count() == 1


def test_anonymous_posts_are_refused_and_form_pages_send_to_sign_in(client, story, ada, say):
    answered = say(ada, "Hello.")

    posted = client.post(post_url(story), form_data())
    voted = client.post(f"/discussion/comment/{answered.pk}/vote/")
    reply_page = client.get(f"/discussion/comment/{answered.pk}/reply/")

    assert posted.status_code == 403
    assert "Sign in to join the discussion." in error_text(posted)
    assert parse(posted).xpath("//a[text()='Sign in to join the discussion']/@href") == [
        "/accounts/login/?next=%2F"
    ]
    assert voted.status_code == 403
    assert "Sign in to vote." in error_text(voted)
    assert reply_page.status_code == 302
    assert reply_page["Location"] == (
        f"/accounts/login/?next=/discussion/comment/{answered.pk}/reply/"
    )
    assert Comment.objects.count() == 1
    assert Vote.objects.count() == 0


def test_replies_to_unknown_or_hidden_comments_get_404(client, story, ada, brook, say):
    hidden = say(ada, "Held.")
    Comment.objects.filter(pk=hidden.pk).update(status=Status.PENDING)
    client.force_login(brook)

    for comment_id in (999_999, hidden.pk):
        response = client.post(f"/discussion/comment/{comment_id}/reply/", form_data())
        assert response.status_code == 404
        assert "There is no such comment." in error_text(response)
    assert client.post(post_url(ArticlePage(pk=999_999)), form_data()).status_code == 404
    assert Comment.objects.count() == 1


def test_a_reply_to_a_deleted_comment_is_refused(client, story, ada, brook, say):
    answered = say(ada, "Soon gone.")
    say(brook, "Keeps it as a placeholder.", parent=answered)
    actions.delete_comment(comment=answered, user=ada)
    client.force_login(brook)

    response = client.post(f"/discussion/comment/{answered.pk}/reply/", form_data())

    assert response.status_code == 400
    assert "deleted" in error_text(response)


# Editing and deleting


def test_author_edits_within_the_window_and_the_comment_is_marked_edited(client, story, ada, say):
    comment = say(ada, "Teh first version.")
    client.force_login(ada)
    edit_page = parse(client.get(f"/discussion/comment/{comment.pk}/edit/?next={story.url}"))
    assert textarea_values(edit_page) == ["Teh first version."]

    response = client.post(
        f"/discussion/comment/{comment.pk}/edit/", {"body": "The first version.", "next": story.url}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{story.url}#comment-{comment.pk}"
    shown = client.get(story.url)
    assert messages_on(shown) == ["Your changes were saved."]
    element = comment_element(parse(shown), comment)
    assert text(element.xpath(".//div[@class='comment__body']")[0]) == "The first version."
    assert element.xpath(".//*[contains(@class, 'comment__marker--edited')]")


def test_edit_link_only_on_own_comment_within_the_window_and_before_replies(
    client, story, ada, brook, say
):
    fresh = say(ada, "Fresh.")
    answered = say(ada, "Answered.")
    say(brook, "An answer.", parent=answered)
    stale = say(ada, "Stale.")
    Comment.objects.filter(pk=stale.pk).update(created=timezone.now() - timedelta(minutes=16))
    others = say(brook, "Brook's.")
    client.force_login(ada)

    document = parse(client.get(story.url))

    def has_edit(comment):
        return bool(comment_element(document, comment).xpath(".//a[starts-with(., 'Edit')]"))

    assert [has_edit(comment) for comment in (fresh, answered, stale, others)] == [
        True,
        False,
        False,
        False,
    ]


@pytest.mark.parametrize("case", ["someone_else", "after_window", "after_reply"])
def test_edits_outside_the_rules_are_refused_with_403_and_change_nothing(
    client, story, ada, brook, say, case
):
    comment = say(ada, "Original.")
    editor = ada
    if case == "someone_else":
        editor = brook
    elif case == "after_window":
        Comment.objects.filter(pk=comment.pk).update(created=timezone.now() - timedelta(minutes=16))
    else:
        say(brook, "A reply.", parent=comment)
    client.force_login(editor)

    page = client.get(f"/discussion/comment/{comment.pk}/edit/")
    posted = client.post(f"/discussion/comment/{comment.pk}/edit/", {"body": "Changed."})

    for response in (page, posted):
        assert response.status_code == 403
        assert ("only edit your own" if case == "someone_else" else "can no longer be edited") in (
            error_text(response)
        )
    comment.refresh_from_db()
    assert comment.body == "Original."
    assert comment.edited is None


def test_empty_edit_is_refused_with_the_form_again(client, story, ada, say):
    comment = say(ada, "Original.")
    client.force_login(ada)

    response = client.post(f"/discussion/comment/{comment.pk}/edit/", {"body": "  "})

    assert response.status_code == 400
    assert "the comment is empty" in error_text(response)
    comment.refresh_from_db()
    assert comment.body == "Original."


def test_deleting_own_comment_keeps_its_replies_under_a_placeholder(client, story, ada, brook, say):
    comment = say(ada, "I take it back.")
    reply = say(brook, "Too late, I read it.", parent=comment)
    client.force_login(ada)
    confirm = parse(client.get(f"/discussion/comment/{comment.pk}/delete/?next={story.url}"))
    (form,) = confirm.xpath("//form[contains(@class, 'comment-form--delete')]")
    assert text(form.xpath(".//button")[0]) == "Delete comment"

    response = client.post(form.get("action"), {"next": story.url})

    assert response.status_code == 302
    assert response["Location"] == f"{story.url}#comment-{comment.pk}"
    shown = client.get(story.url)
    assert messages_on(shown) == ["Your comment was deleted."]
    document = parse(shown)
    assert text(comment_element(document, comment)) == "Comment deleted"
    assert comment_element(document, reply).get("data-parent") == str(comment.pk)
    assert "I take it back." not in shown.content.decode()


def test_deleting_someone_elses_comment_is_refused(client, story, ada, brook, say):
    comment = say(ada, "Mine.")
    client.force_login(brook)

    page = client.get(f"/discussion/comment/{comment.pk}/delete/")
    posted = client.post(f"/discussion/comment/{comment.pk}/delete/")

    for response in (page, posted):
        assert response.status_code == 403
        assert "You can only delete your own comments." in error_text(response)
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED


# Voting


def test_up_vote_toggles_and_shows_the_count(client, story, ada, brook, say):
    comment = say(ada, "Worth a vote.")
    client.force_login(brook)

    def vote_button():
        document = parse(client.get(story.url))
        return comment_element(document, comment).xpath(".//button[@class='vote-button']")[0]

    assert vote_button().get("aria-pressed") == "false"
    voted = client.post(f"/discussion/comment/{comment.pk}/vote/", {"next": story.url})
    assert voted.status_code == 302
    assert voted["Location"] == f"{story.url}#comment-{comment.pk}"
    button = vote_button()
    assert button.get("aria-pressed") == "true"
    assert button.xpath(".//span[@class='vote-button__count']/text()") == ["1"]

    client.post(f"/discussion/comment/{comment.pk}/vote/", {"next": story.url})

    assert vote_button().get("aria-pressed") == "false"
    comment.refresh_from_db()
    assert comment.upvotes == 0


def test_own_comment_shows_its_votes_without_a_button_and_refuses_a_vote(
    client, story, ada, brook, say
):
    comment = say(ada, "My own.")
    actions.toggle_vote(comment=comment, voter=brook)
    client.force_login(ada)

    element = comment_element(parse(client.get(story.url)), comment)
    response = client.post(f"/discussion/comment/{comment.pk}/vote/")

    assert element.xpath(".//button[@class='vote-button']") == []
    assert text(element.xpath(".//span[@class='comment__score']")[0]) == "1 up-vote"
    assert response.status_code == 403
    assert "You cannot vote for your own comment." in error_text(response)
    assert Vote.objects.count() == 1


def test_next_pointing_elsewhere_is_ignored(client, story, ada, brook, say):
    comment = say(ada, "Hi.")
    client.force_login(brook)

    for next_url in ("https://evil.example/", "//evil.example/", "/ok\nSet-Cookie: x=1"):
        response = client.post(f"/discussion/comment/{comment.pk}/vote/", {"next": next_url})
        assert response["Location"] == f"{story.url}#comment-{comment.pk}"


# The same with htmx: fragments in place


def test_htmx_post_returns_the_new_thread_a_fresh_form_and_the_count(client, story, ada):
    client.force_login(ada)
    token = uuid.uuid4().hex

    response = client.post(
        post_url(story), form_data("In place.", token, next=story.url), headers=HX
    )

    comment = Comment.objects.get()
    assert response.status_code == 200
    document = parse(response)
    (form,) = document.xpath(f"//form[@id='compose-{story.pk}']")
    assert form.xpath(".//input[@name='client_token']/@value")[0] != token
    assert textarea_values(form) == [""]
    (insert,) = document.xpath("//*[@hx-swap-oob][.//article]")
    assert insert.get("hx-swap-oob") == f"afterbegin:#threads-{story.pk}"
    assert comments_on(document) == [(comment.pk, 0, None)]
    assert document.xpath(f"//span[@id='comment-count-{story.pk}']/text()") == ["1 comment"]
    status = document.xpath("//*[@hx-swap-oob='innerHTML:#discussion-status']")[0]
    assert text(status) == "Your comment was posted."


def test_htmx_reply_is_inserted_under_the_comment_answered(client, story, ada, brook, say):
    top = say(ada, "Top.")
    middle = say(brook, "Middle.", parent=top)
    client.force_login(ada)

    form_fragment = client.get(f"/discussion/comment/{middle.pk}/reply/", headers=HX)
    to_top = client.post(f"/discussion/comment/{top.pk}/reply/", form_data(), headers=HX)
    to_middle = client.post(f"/discussion/comment/{middle.pk}/reply/", form_data(), headers=HX)

    form = parse(form_fragment).xpath("//form")[0]
    assert form.get("hx-post") == f"/discussion/comment/{middle.pk}/reply/"
    assert form.xpath(".//textarea/@autofocus") == [""]
    first, second = Comment.objects.filter(depth__gt=0).exclude(pk=middle.pk).order_by("pk")
    top_insert = parse(to_top).xpath("//*[@hx-swap-oob][.//article]")[0]
    middle_insert = parse(to_middle).xpath("//*[@hx-swap-oob][.//article]")[0]
    assert top_insert.get("hx-swap-oob") == f"afterbegin:#replies-{top.pk}"
    assert middle_insert.get("hx-swap-oob") == f"afterend:#item-{middle.pk}"
    assert comments_on(parse(to_middle)) == [(second.pk, 2, middle.pk)]
    assert first.parent_id == top.pk


def test_htmx_errors_come_back_as_4xx_fragments_marked_for_swapping(client, story, ada, brook, say):
    own = say(ada, "Mine.")
    client.force_login(ada)

    empty = client.post(post_url(story), form_data(""), headers=HX)
    own_vote = client.post(f"/discussion/comment/{own.pk}/vote/", headers=HX)

    assert empty.status_code == 400
    assert empty["HX-Retarget"] == "this"
    assert empty["HX-Reswap"] == "outerHTML"
    assert parse(empty).xpath("//form/@id") == [f"compose-{story.pk}"]
    assert "the comment is empty" in error_text(empty)
    assert own_vote.status_code == 403
    assert own_vote["HX-Retarget"] == "#discussion-status"
    assert own_vote["HX-Reswap"] == "innerHTML"
    assert "<html" not in own_vote.content.decode()
    assert "You cannot vote for your own comment." in error_text(own_vote)


def test_htmx_vote_edit_and_delete_return_the_changed_parts(client, story, ada, brook, say):
    theirs = say(brook, "Theirs.")
    mine = say(ada, "Mine.")
    client.force_login(ada)

    vote = client.post(f"/discussion/comment/{theirs.pk}/vote/", headers=HX)
    edit_form = client.get(f"/discussion/comment/{mine.pk}/edit/", headers=HX)
    edited = client.post(
        f"/discussion/comment/{mine.pk}/edit/", {"body": "Mine, edited."}, headers=HX
    )
    deleted = client.post(f"/discussion/comment/{mine.pk}/delete/", headers=HX)

    assert parse(vote).xpath("//button/@aria-pressed") == ["true"]
    assert parse(vote).xpath("//span[@class='vote-button__count']/text()") == ["1"]
    assert parse(edit_form).xpath("//article/@id") == [f"comment-{mine.pk}"]
    assert textarea_values(parse(edit_form)) == ["Mine."]
    edited_comment = comment_element(parse(edited), mine)
    assert text(edited_comment.xpath(".//div[@class='comment__body']")[0]) == "Mine, edited."
    assert text(comment_element(parse(deleted), mine)) == "Comment deleted"
    assert parse(deleted).xpath(f"//span[@id='comment-count-{story.pk}']/text()") == ["1 comment"]


# CSRF: every unsafe route refuses a request without the token


def test_every_unsafe_route_refuses_a_post_without_csrf_token(story, ada, brook, say):
    theirs = say(brook, "Theirs.")
    mine = say(ada, "Mine.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)

    for url, data in [
        (post_url(story), form_data()),
        (f"/discussion/comment/{theirs.pk}/reply/", form_data()),
        (f"/discussion/comment/{mine.pk}/edit/", {"body": "Changed."}),
        (f"/discussion/comment/{mine.pk}/delete/", {}),
        (f"/discussion/comment/{theirs.pk}/vote/", {}),
    ]:
        for headers in ({}, HX):
            assert client.post(url, data, headers=headers).status_code == 403, url

    assert Comment.objects.count() == 2
    mine.refresh_from_db()
    assert (mine.body, mine.status) == ("Mine.", Status.PUBLISHED)
    assert Vote.objects.count() == 0


def test_a_post_with_the_pages_csrf_token_goes_through(story, ada):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    document = parse(client.get(story.url))
    form = document.xpath(f"//form[@id='compose-{story.pk}']")[0]
    fields = {field.get("name"): field.get("value") for field in form.xpath(".//input")}

    response = client.post(form.get("action"), {**fields, "body": "With the token."})

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_safe_methods_only_on_pages_and_post_only_on_actions(client, story, ada, say):
    comment = say(ada, "Hi.")
    client.force_login(ada)

    assert client.get(post_url(story)).status_code == 405
    assert client.get(f"/discussion/comment/{comment.pk}/vote/").status_code == 405
    assert client.post(f"/discussion/thread/{comment.pk}/").status_code == 405
    assert client.delete(f"/discussion/comment/{comment.pk}/edit/").status_code == 405


# Hostile input rendered inert


HOSTILE_BODIES = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "</textarea><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
]
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def assert_inert(html: str) -> None:
    """No script but our own, no event handler, no link or source with a scheme outside the
    allowlist, anywhere in the document as a browser would parse it."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    for element in tree.iter():
        if element.tag == "script" and element.get("type") != "application/ld+json":
            assert element.get("src", "").startswith("/static/"), element.attrib
            assert not (element.text or "").strip()
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                cleaned = "".join(value.split()).lower()
                assert cleaned.startswith(("/", "#", "?", *ALLOWED_SCHEMES)) or not cleaned, value


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_bodies_are_rendered_inert_on_every_page(client, story, ada, brook, body):
    hostile = ReaderFactory(username="hostile", display_name='<script>alert("name")</script>')
    client.force_login(hostile)
    posted = client.post(post_url(story), form_data(body))
    assert posted.status_code == 302
    comment = Comment.objects.get()
    client.force_login(brook)
    reply_page = client.get(f"/discussion/comment/{comment.pk}/reply/")
    client.force_login(hostile)

    pages = [
        client.get(story.url),
        client.get(f"/discussion/thread/{comment.pk}/"),
        client.get(f"/discussion/comment/{comment.pk}/", headers=HX),
        client.get(f"/discussion/comment/{comment.pk}/edit/"),
        client.get(f"/discussion/comment/{comment.pk}/edit/", headers=HX),
        client.post(f"/discussion/comment/{comment.pk}/edit/", {"body": body + "x" * 5000}),
        client.post(post_url(story), form_data(body + "x" * 5000), headers=HX),
        reply_page,
    ]

    for response in pages:
        assert response.status_code in (200, 400), response.status_code
        assert_inert(response.content.decode())
    document = parse(pages[0])
    element = comment_element(document, comment)
    assert text(element.xpath(".//*[@class='comment__author']")[0]) == (
        '<script>alert("name")</script>'
    )
    assert element.xpath(".//span[contains(@class, 'avatar')]/text()") == ["S"]


def test_raw_html_in_a_body_shows_as_text_beside_the_markdown(client, story, ada):
    client.force_login(ada)

    client.post(post_url(story), form_data("<b onclick=x>bold?</b> **bold!**"))

    comment = Comment.objects.get()
    element = comment_element(parse(client.get(story.url)), comment)
    (body,) = element.xpath(".//div[@class='comment__body']")
    assert body.xpath(".//strong/text()") == ["bold!"]
    assert body.xpath(".//b") == []
    assert text(body) == "<b onclick=x>bold?</b> bold!"


def test_hostile_name_in_the_reply_label_and_replying_to_line_is_escaped(
    client, story, brook, say, settings
):
    settings.COMMENTS_MAX_DEPTH = 2
    villain = ReaderFactory(username="villain", display_name="<img src=x onerror=alert(1)>")
    top = say(villain, "Top.")
    deepest = say(villain, "Deepest.", parent=top)
    say(brook, "Beyond.", parent=deepest)
    client.force_login(brook)

    for response in (
        client.get(f"/discussion/thread/{top.pk}/"),
        client.get(f"/discussion/comment/{deepest.pk}/reply/"),
        client.get(f"/discussion/comment/{deepest.pk}/reply/", headers=HX),
    ):
        assert response.status_code == 200
        assert_inert(response.content.decode())
        assert "&lt;img src=x onerror=alert(1)&gt;" in response.content.decode()


def test_a_second_article_keeps_its_own_discussion(client, section, story, ada, say):
    other = ArticlePageFactory(parent=section, title="Elsewhere")
    say(ada, "On the story.")
    say(ada, "On the other.", on=other)

    document = parse(client.get(other.url))

    assert [text(body) for body in document.xpath("//div[@class='comment__body']")] == [
        "On the other."
    ]


def test_a_comment_rejected_for_a_banned_word_is_not_announced_as_posted(client, story, ada):
    PolicyOverride.objects.create(page=story, extra_banned_words="casino bonus")
    client.force_login(ada)

    response = client.post(post_url(story), form_data("Get your casino bonus here."), follow=True)

    (comment,) = Comment.objects.all()
    assert comment.status == Comment.Status.REJECTED
    assert comment.body == "Get your casino bonus here."
    assert messages_on(response) == [views.REJECTED_MESSAGE]
    assert "Get your casino bonus" not in response.content.decode()


def test_htmx_does_not_swap_a_rejected_comment_into_the_page(client, story, ada):
    PolicyOverride.objects.create(page=story, extra_banned_words="casino bonus")
    client.force_login(ada)

    response = client.post(
        post_url(story), form_data("Get your casino bonus here."), headers={"HX-Request": "true"}
    )

    assert response["HX-Retarget"] == "#discussion-status"
    assert "Get your casino bonus" not in response.content.decode()
    assert views.REJECTED_MESSAGE.split(":")[0] in response.content.decode()
