"""The nudge in the browser, with JavaScript (htmx, in place) and without (plain forms): a reader
writes a call for violence, is warned before anything is stored, posts it anyway, and is told it
awaits a moderator; nobody else sees it."""

import pytest
from django.test import Client
from factories import ArticlePageFactory
from playwright.sync_api import expect

from gazette.accounts.actions import create_reader
from gazette.comments.models import Comment
from gazette.moderation.models import Verdict

pytestmark = [
    pytest.mark.usefixtures("without_incitement_model"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct-horse-battery-staple"
CALL = "They burned our fields. Kill them all, every last one of them."


def warned_then_posted_anyway(page, live_server, section, artifacts_dir, *, javascript: bool):
    article = ArticlePageFactory(parent=section, title="Shelling of the river port")
    create_reader(
        username="ruth", email="ruth@example.org", display_name="Ruth Calder", password=PASSWORD
    )
    page.goto(f"{live_server.url}/accounts/login/?next={article.url}")
    page.locator("input[name=login]").fill("ruth@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Join the discussion")).to_be_visible()

    page.get_by_label("Join the discussion").fill(CALL)
    page.get_by_role("button", name="Post comment").click()

    nudge = page.get_by_role("alert").filter(has_text="Before you post")
    expect(nudge).to_contain_text("this reads like a call for violence against people")
    assert Comment.objects.count() == 0
    expect(page.get_by_label("Join the discussion")).to_have_value(CALL)
    page.screenshot(
        path=artifacts_dir / f"nudge-{'javascript' if javascript else 'no-javascript'}.png"
    )
    page.get_by_role("button", name="Post anyway").click()

    expect(page.get_by_text("Your comment is awaiting moderation")).to_be_visible()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert Verdict.objects.get(comment=comment).nudge_ignored
    assert "Kill them all" not in Client().get(article.url).content.decode()
    # htmx settled the style attribute of elements swapped in place, which the strict CSP
    # blocked (four errors here): the site's htmx config leaves "style" out of attributesToSettle.
    assert page.js_errors == []


def test_the_nudge_with_javascript(live_server, page, section, artifacts_dir):
    warned_then_posted_anyway(page, live_server, section, artifacts_dir, javascript=True)


@pytest.mark.no_javascript
def test_the_nudge_without_javascript(live_server, page, section, artifacts_dir):
    warned_then_posted_anyway(page, live_server, section, artifacts_dir, javascript=False)
