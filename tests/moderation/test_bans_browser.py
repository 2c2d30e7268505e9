"""A moderator lifts a ban in the browser, under the site's strict Content Security Policy: opens
Moderation > Bans, gives a reason, and the ban leaves the list of active bans."""

import pytest
from factories import ReaderFactory
from playwright.sync_api import expect
from test_queue_admin import reader
from test_queue_browser import sign_in_as_moderator

from gazette.moderation import actions
from gazette.moderation.models import AuditEvent, Ban

pytestmark = [
    pytest.mark.usefixtures("without_incitement_model"),
    pytest.mark.browser,
    # serialized_rollback puts back the site and home page the migrations made, which the
    # flush after a transactional test would otherwise leave the next tests without.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_moderator_lifts_a_ban_with_a_reason(live_server, page, artifacts_dir):
    ada, brook = reader("ada"), reader("brook")
    otto = ReaderFactory(username="otto", display_name="Otto Vance")
    for banned in (ada, brook):
        actions.ban_author(user=banned, moderator=otto, reason="Threats in three threads")
    sign_in_as_moderator(page, live_server)

    page.get_by_role("button", name="Moderation").click()
    page.get_by_role("link", name="Bans").click()

    expect(page).to_have_url(live_server.url + "/admin/moderation/bans/")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(2)
    adas = rows.filter(has_text="Ada (ada)")
    expect(adas).to_contain_text("for good")
    expect(adas).to_contain_text("Threats in three threads")
    expect(adas).to_contain_text("Otto Vance")
    page.screenshot(path=artifacts_dir / "moderation-bans.png", full_page=True)
    adas.get_by_label("Reason").fill("Apologised by email")
    adas.get_by_role("button", name="Lift ban").click()

    expect(page.locator(".messages")).to_contain_text("Lifted the ban on Ada.")
    expect(rows).to_have_count(1)
    expect(rows.filter(has_text="Ada (ada)")).to_have_count(0)
    expect(rows).to_contain_text("Brook (brook)")
    assert Ban.objects.get(user=ada).lifted is not None
    assert Ban.objects.get(user=brook).lifted is None
    event = AuditEvent.objects.get(action=AuditEvent.Action.BAN_LIFTED)
    assert (event.actor.username, event.reason) == ("morgan", "Apologised by email")
    assert page.js_errors == []
