"""A moderator works through the queue in the browser, under the site's strict Content Security
Policy: reads why a call for violence was held, approves one comment with a key and rejects
another with its button, and both leave the queue; bans one author with a key and another for
good with the form, and approves two comments ticked with a key in one bulk action."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from factories import ArticlePageFactory
from playwright.sync_api import expect
from test_queue_admin import LINKS, hold, make_moderator, post, reader

from gazette.comments.actions import post_comment
from gazette.comments.models import Comment
from gazette.moderation.models import Ban

pytestmark = [
    pytest.mark.usefixtures("without_incitement_model"),
    pytest.mark.browser,
    # serialized_rollback puts back the site and home page the migrations made, which the
    # flush after a transactional test would otherwise leave the next tests without.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct-horse-battery-staple"
# Held by the incitement rules, whatever the model makes of the other comment's text.


def sign_in_as_moderator(page, live_server):
    moderator = make_moderator()
    moderator.set_password(PASSWORD)
    moderator.save()
    assert not moderator.is_superuser
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def test_a_moderator_approves_with_a_key_and_rejects_with_a_button(
    live_server, page, section, artifacts_dir
):
    article = ArticlePageFactory(parent=section, title="Shelling of the river port")
    call, _ = post_comment(
        article=article,
        author=reader("ada"),
        body="Kill them all, every last one of them.",
        client_token=uuid.uuid4().hex,
        nudge_acknowledged=True,  # warned, and posted anyway
    )
    assert call.status == Comment.Status.PENDING
    links = hold(post(article, reader("brook")), LINKS)
    sign_in_as_moderator(page, live_server)

    page.get_by_role("button", name="Moderation").click()
    page.get_by_role("link", name="Queue").click()

    expect(page).to_have_url(live_server.url + "/admin/moderation/queue/")
    held = page.locator(f"#entry-{call.pk}")
    expect(held.locator(".moderation-entry__body")).to_have_text(
        "Kill them all, every last one of them."
    )
    reasons = held.get_by_role("table", name="Why it is here")
    expect(reasons).to_contain_text("violence")
    expect(reasons).to_contain_text("violence.nudge_ignored")
    expect(held).to_contain_text("Posted after the warning")
    page.screenshot(path=artifacts_dir / "moderation-queue.png", full_page=True)

    page.keyboard.press("j")  # newest first: the comment with links
    expect(page.locator(f"#entry-{links.pk}")).to_have_class(re.compile("is-current"))
    page.keyboard.press("a")

    expect(page.locator(".messages")).to_contain_text("Approved the comment by Brook.")
    expect(page.locator(f"#entry-{links.pk}")).to_have_count(0)
    page.locator(f"#entry-{call.pk}").get_by_role("button", name="Reject", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("Rejected the comment by Ada.")
    expect(page.locator("[data-queue-entry]")).to_have_count(0)
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert (statuses[links.pk], statuses[call.pk]) == ("published", "rejected")
    assert page.js_errors == []


def test_a_moderator_bans_with_a_key_and_the_form_and_approves_a_selection_in_bulk(
    live_server, page, section, artifacts_dir
):
    article = ArticlePageFactory(parent=section, title="Shelling of the river port")
    # Oldest first in this list; the queue shows the newest first.
    ada, brook, cyd, dee = (reader(name) for name in ("ada", "brook", "cyd", "dee"))
    held = {author: hold(post(article, author), LINKS) for author in (ada, brook, cyd, dee)}
    sign_in_as_moderator(page, live_server)
    page.goto(live_server.url + "/admin/moderation/queue/")
    expect(page.locator("[data-queue-entry]")).to_have_count(4)

    page.keyboard.press("j")  # Dee's, the newest
    expect(page.locator(f"#entry-{held[dee].pk}")).to_have_class(re.compile("is-current"))
    page.keyboard.press("b")

    expect(page.locator(".messages")).to_contain_text(
        "Banned Dee for 7 days and rejected their comment."
    )
    expect(page.locator(f"#entry-{held[dee].pk}")).to_have_count(0)
    cyds = page.locator(f"#entry-{held[cyd].pk}")
    cyds.get_by_label("Ban for").select_option(label="For good")
    cyds.get_by_label("Reason").fill("Threats in three threads")
    cyds.get_by_role("button", name="Ban author and reject").click()

    expect(page.locator(".messages")).to_contain_text(
        "Banned Cyd for good and rejected their comment."
    )
    # The message shows while the page still loads: keys pressed before the queue's script
    # runs would be lost.
    page.wait_for_load_state("load")
    page.keyboard.press("j")  # Brook's
    expect(page.locator(f"#entry-{held[brook].pk}")).to_have_class(re.compile("is-current"))
    page.keyboard.press("x")
    page.keyboard.press("j")  # Ada's
    expect(page.locator(f"#entry-{held[ada].pk}")).to_have_class(re.compile("is-current"))
    page.keyboard.press("x")
    expect(page.locator("[data-queue-select]:checked")).to_have_count(2)
    page.screenshot(path=artifacts_dir / "moderation-queue-bulk.png", full_page=True)
    page.get_by_role("button", name="Approve selected").click()

    expect(page.locator(".messages")).to_contain_text("Approved 2 comments.")
    expect(page.locator("[data-queue-entry]")).to_have_count(0)
    statuses = dict(Comment.objects.values_list("author__username", "status"))
    assert statuses == {
        "ada": "published",
        "brook": "published",
        "cyd": "rejected",
        "dee": "rejected",
    }
    bans = {ban.user.username: ban for ban in Ban.objects.select_related("user")}
    assert set(bans) == {"cyd", "dee"}
    assert bans["cyd"].until is None
    assert bans["cyd"].reason == "Threats in three threads"
    assert abs(bans["dee"].until - (timezone.now() + timedelta(days=7))) < timedelta(minutes=5)
    assert page.js_errors == []
