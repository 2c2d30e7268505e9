"""An editor writes, previews, publishes and schedules articles in the Wagtail admin, in the
browser, under the site's strict Content Security Policy, without a single violation."""

import re
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from factories import ArticlePageFactory, AuthorFactory
from playwright.sync_api import expect

from gazette.articles.models import ArticlePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR_PASSWORD = "correct-horse-battery-staple"
HEADLINE = "Ceasefire holds in Karveno for a third night"
SLUG = "ceasefire-holds-in-karveno"
PARAGRAPH = "Residents returned to the market square at dawn."


@pytest.fixture(autouse=True)
def _explicit_saves_only(settings):
    """Wagtail 8 autosaves the editor form half a second after every change; these tests count
    the revisions that the Save and Publish buttons make."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


def track_requests_in_flight(page) -> set:
    in_flight: set = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    return in_flight


def wait_until_requests_settle(page, in_flight, quiet_seconds=1.0, timeout_seconds=15):
    """The editor sends requests of its own: the preview panel posts the form half a second
    after a change, the editing session pings the server. The test database is SQLite in memory,
    where a read that overlaps another thread's write fails ('database table is locked'), so
    the test lets those requests finish before it submits the form or reads the database."""
    deadline = time.monotonic() + timeout_seconds
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < quiet_seconds:
        assert time.monotonic() < deadline, f"requests still in flight: {in_flight}"
        page.wait_for_timeout(50)
        if in_flight:
            quiet_since = time.monotonic()


def sign_in_as_new_editor(page, live_server):
    get_user_model().objects.create_superuser(
        username="editor", email="editor@example.com", password=EDITOR_PASSWORD
    )
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/admin/")


@contextmanager
def anonymous_reader(browser):
    """A page in a browser context of its own: no editor's session cookie."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def test_editor_writes_previews_saves_and_publishes_an_article(
    live_server, page, browser, section, artifacts_dir
):
    AuthorFactory(name="Ana Reyes")
    in_flight = track_requests_in_flight(page)
    sign_in_as_new_editor(page, live_server)

    # A section takes only articles, so Wagtail goes straight to the article form.
    page.goto(f"{live_server.url}/admin/pages/{section.id}/add_subpage/")
    page.get_by_role("textbox", name="Headline").fill(HEADLINE)
    page.get_by_role("textbox", name="Standfirst").fill(
        "Guns fell silent overnight along the eastern front."
    )
    page.get_by_role("button", name="Choose author").click()
    page.get_by_role("dialog").get_by_role("link", name="Ana Reyes").click()
    expect(page.locator("#id_author-title")).to_have_text("Ana Reyes")
    body = page.locator("#body-root")
    body.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    body.locator("[contenteditable=true]").click()
    page.keyboard.type(PARAGRAPH)
    # The headline field is a plain FieldPanel, which does not fill the slug in by itself.
    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("textbox", name="Slug").fill(SLUG)
    page.get_by_role("tab", name="Content").click()

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(preview.get_by_text(PARAGRAPH)).to_be_visible()
    page.screenshot(path=artifacts_dir / "admin-article-preview.png")

    wait_until_requests_settle(page, in_flight)
    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    wait_until_requests_settle(page, in_flight)
    draft = ArticlePage.objects.get(slug=SLUG)
    assert draft.live is False
    assert draft.author.name == "Ana Reyes"
    assert [block.block_type for block in draft.body] == ["paragraph"]
    assert PARAGRAPH in draft.body[0].value.source

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/admin/pages/{section.id}/")
    expect(page.get_by_text(f"Page '{HEADLINE}' has been published.")).to_be_visible()
    wait_until_requests_settle(page, in_flight)

    article = ArticlePage.objects.get(slug=SLUG)
    assert article.live is True
    assert article.get_parent().id == section.id
    assert article.revisions.count() == 2
    assert article.live_revision == article.latest_revision
    with anonymous_reader(browser) as reader:
        reader.goto(live_server.url + "/")
        reader.get_by_role("link", name=HEADLINE).first.click()
        expect(reader).to_have_url(live_server.url + article.url)
        expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    assert page.js_errors == []


def test_editor_schedules_a_draft_article_with_the_date_time_picker(
    live_server, page, browser, section, artifacts_dir
):
    article = ArticlePageFactory(parent=section, publish=False)
    go_live = (timezone.localtime() + timedelta(days=30)).replace(second=0, microsecond=0)
    in_flight = track_requests_in_flight(page)
    sign_in_as_new_editor(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{article.id}/edit/")

    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.get_by_role("dialog", name="Set publishing schedule")
    go_live_field = dialog.get_by_role("textbox", name="Go live date/time")
    # One picker each for go-live and expiry, both started by admin_choosers.js.
    pickers = page.locator(".xdsoft_datetimepicker")
    expect(pickers).to_have_count(2)
    expect(pickers.first).to_be_hidden()

    go_live_field.focus()

    expect(pickers.first).to_be_visible()
    go_live_field.press_sequentially(go_live.strftime("%Y-%m-%d %H:%M"))
    page.screenshot(path=artifacts_dir / "admin-schedule-date-time-picker.png")
    dialog.get_by_role("heading", name="Set publishing schedule").click()
    expect(pickers.first).to_be_hidden()
    wait_until_requests_settle(page, in_flight)
    dialog.get_by_role("button", name="Save schedule").click()
    expect(page.get_by_text(f"Page '{article.title}' has been updated.")).to_be_visible()
    wait_until_requests_settle(page, in_flight)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Schedule to publish").click()
    expect(
        page.get_by_text(f"Page '{article.title}' has been scheduled for publishing.")
    ).to_be_visible()
    wait_until_requests_settle(page, in_flight)

    article.refresh_from_db()
    assert article.live is False
    assert article.go_live_at == go_live
    assert article.latest_revision.approved_go_live_at == go_live
    assert article.go_live_at > timezone.now()
    with anonymous_reader(browser) as reader:
        response = reader.goto(live_server.url + article.url)
        assert response.status == 404
    assert page.js_errors == []
