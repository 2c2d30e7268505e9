"""A reader finds the war report on the front page and studies its map full size."""

import pytest
from playwright.sync_api import expect

from gazette.articles.models import ArticlePage
from gazette.demo.content import WAR_REPORT_SLUG
from gazette.demo.loader import load_demo_newsroom

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def war_report():
    load_demo_newsroom()
    return ArticlePage.objects.live().get(slug=WAR_REPORT_SLUG)


def open_war_report_from_front_page(page, live_server, war_report):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Latest", exact=True)).to_be_visible()
    page.get_by_role("link", name=war_report.title).first.click()
    expect(page).to_have_url(live_server.url + war_report.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(war_report.title)


def test_map_opens_full_size_in_a_dialog_and_escape_returns_focus(
    live_server, page, war_report, artifacts_dir
):
    open_war_report_from_front_page(page, live_server, war_report)
    map_link = page.locator("a[data-lightbox]", has_text="Click to see the full-size map").first
    full_size_url = map_link.get_attribute("href")
    inline_width = map_link.locator("img").evaluate("img => img.naturalWidth")

    map_link.click()

    dialog = page.get_by_role("dialog", name="Full-size image")
    expect(dialog).to_be_visible()
    full_image = dialog.locator("img")
    expect(full_image).to_have_attribute("src", live_server.url + full_size_url)
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=full_image.element_handle()
    )
    full_width = full_image.evaluate("img => img.naturalWidth")
    assert full_width >= 2000
    assert full_width > inline_width
    expect(dialog.get_by_role("button", name="Close full-size image")).to_be_focused()
    page.screenshot(path=artifacts_dir / "war-report-map-full-size.png", full_page=False)

    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    assert map_link.evaluate("link => link === document.activeElement")
    assert page.js_errors == []


@pytest.mark.no_javascript
def test_map_link_opens_the_full_size_image_without_javascript(live_server, page, war_report):
    open_war_report_from_front_page(page, live_server, war_report)
    map_link = page.locator("a[data-lightbox]", has_text="Click to see the full-size map").first
    full_size_url = map_link.get_attribute("href")

    map_link.click()

    expect(page).to_have_url(live_server.url + full_size_url)
    width = page.locator("img").evaluate("img => img.naturalWidth")
    assert width >= 2000
