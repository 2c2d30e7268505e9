"""A demo reader takes part in the war report's discussion, once with JavaScript (htmx, in
place) and once without (plain forms, POST-redirect-GET): signs in through the login form,
posts a comment, replies to another reader four levels down a thread, up-votes, sorts by
newest, and the nesting on screen matches the comment tree."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from gazette.articles.models import ArticlePage
from gazette.comments.models import Comment
from gazette.demo.content import WAR_REPORT_SLUG
from gazette.demo.discussion import DEMO_READER_PASSWORD
from gazette.demo.loader import load_demo_newsroom

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

READER_EMAIL = "ruth.calder@example.org"
READER_NAME = "Ruth Calder"

# Every comment on screen with its tree attributes and where it starts horizontally.
ON_SCREEN = """() => [...document.querySelectorAll('article.comment')].map((element) => ({
  id: Number(element.id.replace('comment-', '')),
  depth: Number(element.dataset.depth),
  parent: element.dataset.parent ? Number(element.dataset.parent) : null,
  x: element.getBoundingClientRect().left,
}))"""


@pytest.fixture
def war_report():
    load_demo_newsroom()
    article = ArticlePage.objects.live().get(slug=WAR_REPORT_SLUG)
    # The first view renders the report's images, which takes longer than a page load may.
    assert Client().get(article.url).status_code == 200
    return article


def demo_comment(token: str) -> Comment:
    return Comment.objects.get(client_token=token)


def written_here():
    """The reader's comments posted by this test, not the demo's."""
    return Comment.objects.filter(author__username="ruth.calder").exclude(
        client_token__startswith="demo-"
    )


def comment_on_page(page, comment_id: int):
    return page.locator(f"#comment-{comment_id}")


def sign_in_from_the_discussion(page, live_server, war_report):
    page.goto(live_server.url + war_report.url)
    discussion = page.locator("#discussion")
    discussion.get_by_role("link", name="Sign in to join the discussion").click()
    page.locator("input[name=login]").fill(READER_EMAIL)
    page.locator("input[name=password]").fill(DEMO_READER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + war_report.url + "#discussion")
    expect(page.get_by_label("Join the discussion")).to_be_visible()


def assert_nesting_matches_the_tree(page):
    shown = page.evaluate(ON_SCREEN)
    assert shown, "no comments on the page"
    by_id = {comment["id"]: comment for comment in shown}
    stored = {c.pk: c for c in Comment.objects.filter(pk__in=by_id)}
    x_by_depth: dict[int, set[float]] = {}
    for comment in shown:
        assert comment["parent"] == stored[comment["id"]].parent_id
        assert comment["depth"] == stored[comment["id"]].depth
        x_by_depth.setdefault(comment["depth"], set()).add(round(comment["x"]))
        parent = by_id.get(comment["parent"])
        if parent is not None:
            assert comment["depth"] == parent["depth"] + 1
            assert comment["x"] > parent["x"], (comment, parent)
    assert all(len(offsets) == 1 for offsets in x_by_depth.values()), x_by_depth
    offsets = [x_by_depth[depth].pop() for depth in sorted(x_by_depth)]
    assert offsets == sorted(set(offsets)), offsets
    return shown


def take_part(page, live_server, war_report, artifacts_dir, *, javascript: bool):
    sign_in_from_the_discussion(page, live_server, war_report)
    milena = demo_comment("demo-war-4")  # the fourth level of the thread on the figures
    tomas = demo_comment("demo-war-3")  # not yet up-voted by this reader
    assert milena.depth == 3
    article_url = live_server.url + war_report.url

    # A comment of one's own, shown at once.
    page.get_by_label("Join the discussion").fill("Read from **Solvara**: thank you for this.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment was posted.")).to_be_visible()
    mine = written_here().get(parent=None)
    expect(comment_on_page(page, mine.pk)).to_contain_text("Read from Solvara")
    expect(comment_on_page(page, mine.pk).locator(".comment__author")).to_have_text(READER_NAME)
    if not javascript:
        page.goto(article_url)

    # A reply to another reader, four levels down the thread.
    comment_on_page(page, milena.pk).get_by_role("link", name="Reply to Milena Varga").click()
    page.get_by_label("Your reply to Milena Varga").fill("The clinic on Ostra Street reopened?")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply was posted.")).to_be_visible()
    reply = written_here().get(parent=milena)
    reply_on_page = comment_on_page(page, reply.pk)
    expect(reply_on_page).to_contain_text("The clinic on Ostra Street reopened?")
    expect(reply_on_page).to_have_attribute("data-depth", "4")
    expect(reply_on_page).to_have_attribute("data-parent", str(milena.pk))
    milena_x = comment_on_page(page, milena.pk).bounding_box()["x"]
    assert reply_on_page.bounding_box()["x"] > milena_x
    if javascript:
        assert page.url == article_url + "#discussion"
    else:
        expect(page).to_have_url(
            f"{live_server.url}/discussion/thread/{reply.thread_id}/#comment-{reply.pk}"
        )
        assert_nesting_matches_the_tree(page)
        page.goto(article_url)

    # An up-vote for another reader, and the count follows.
    votes_before = tomas.upvotes
    vote = comment_on_page(page, tomas.pk).get_by_role("button", name="Up-vote")
    expect(vote).to_have_attribute("aria-pressed", "false")
    vote.click()
    vote = comment_on_page(page, tomas.pk).get_by_role("button", name="Up-vote")
    expect(vote).to_have_attribute("aria-pressed", "true")
    expect(vote.locator(".vote-button__count")).to_have_text(str(votes_before + 1))
    tomas.refresh_from_db()
    assert tomas.upvotes == votes_before + 1

    # Newest first: one's own comment leads.
    page.locator("#discussion").get_by_role("link", name="Newest").click()
    expect(page.locator("#discussion nav a[aria-current]")).to_have_text("Newest")
    expect(page).to_have_url(article_url + "?sort=newest" + ("" if javascript else "#discussion"))
    expect(page.locator("li.thread").first.locator("article.comment").first).to_have_id(
        f"comment-{mine.pk}"
    )

    shown = assert_nesting_matches_the_tree(page)
    assert {comment["depth"] for comment in shown} >= {0, 1, 2, 3}
    page.locator("#discussion").screenshot(
        path=artifacts_dir / f"discussion-{'javascript' if javascript else 'no-javascript'}.png"
    )
    assert page.js_errors == []


def test_reader_takes_part_in_the_discussion_with_javascript(
    live_server, page, war_report, artifacts_dir
):
    take_part(page, live_server, war_report, artifacts_dir, javascript=True)

    # The reply went in place, where it was written, without a page load in between.
    assert written_here().count() == 2


@pytest.mark.no_javascript
def test_reader_takes_part_in_the_discussion_without_javascript(
    live_server, page, war_report, artifacts_dir
):
    take_part(page, live_server, war_report, artifacts_dir, javascript=False)

    assert written_here().count() == 2
