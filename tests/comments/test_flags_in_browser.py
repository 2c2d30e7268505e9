"""A demo reader reports another reader's comment on the war report, once with JavaScript (the
form opens in place and "Report" turns into "Reported" without a page load) and once without
(a page with the form, then back to the comment with a message)."""

import pytest
from django.test import Client
from playwright.sync_api import expect
from test_discussion_in_browser import comment_on_page, demo_comment, sign_in_from_the_discussion

from gazette.articles.models import ArticlePage
from gazette.demo.content import WAR_REPORT_SLUG
from gazette.demo.loader import load_demo_newsroom
from gazette.moderation.models import Flag

pytestmark = [
    pytest.mark.usefixtures("without_incitement_model"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THANKS = "Thank you: moderators will look at this comment."
NOTE = "Repeats the same point as above."


@pytest.fixture
def war_report():
    load_demo_newsroom()
    article = ArticlePage.objects.live().get(slug=WAR_REPORT_SLUG)
    # The first view renders the report's images, which takes longer than a page load may.
    assert Client().get(article.url).status_code == 200
    return article


def reported_by_the_reader(comment) -> Flag:
    return Flag.objects.get(comment=comment, reporter__username="ruth.calder")


def test_reader_reports_a_comment_in_place_with_javascript(
    live_server, page, war_report, artifacts_dir
):
    sign_in_from_the_discussion(page, live_server, war_report)
    tomas = demo_comment("demo-war-3")
    article_url = live_server.url + war_report.url + "#discussion"
    page.evaluate("window.stillTheSamePage = true")
    comment = comment_on_page(page, tomas.pk)

    comment.get_by_role("link", name="Report the comment by Tomas Rehn").click()
    form = comment.locator(f"#flag-form-{tomas.pk}")
    expect(form).to_be_visible()
    expect(form.get_by_label("Abusive")).to_be_focused()
    form.screenshot(path=artifacts_dir / "flag-form-javascript.png")
    form.get_by_label("Off-topic").check()
    form.get_by_label("A note for the moderators (optional)").fill(NOTE)
    form.get_by_role("button", name="Send report").click()

    expect(page.locator("#discussion-status")).to_have_text(THANKS)
    comment = comment_on_page(page, tomas.pk)
    expect(comment.locator(".comment__actions")).to_contain_text("Reported")
    expect(comment.get_by_role("link", name="Report the comment by Tomas Rehn")).to_have_count(0)
    expect(comment.locator("form.comment-form--flag")).to_have_count(0)
    assert page.url == article_url
    assert page.evaluate("window.stillTheSamePage") is True
    flag = reported_by_the_reader(tomas)
    assert (flag.reason, flag.note) == ("off_topic", NOTE)

    page.reload()
    comment = comment_on_page(page, tomas.pk)
    expect(comment.locator(".comment__action--done")).to_have_text("Reported")
    assert page.js_errors == []


@pytest.mark.no_javascript
def test_reader_reports_a_comment_through_a_form_page_without_javascript(
    live_server, page, war_report
):
    sign_in_from_the_discussion(page, live_server, war_report)
    tomas = demo_comment("demo-war-3")

    comment_on_page(page, tomas.pk).get_by_role(
        "link", name="Report the comment by Tomas Rehn"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a comment by Tomas Rehn")
    page.get_by_label("Calls for violence").check()
    page.get_by_role("button", name="Send report").click()

    expect(page).to_have_url(f"{live_server.url}{war_report.url}#comment-{tomas.pk}")
    expect(page.locator(".messages")).to_have_text(THANKS)
    comment = comment_on_page(page, tomas.pk)
    expect(comment.locator(".comment__action--done")).to_have_text("Reported")
    expect(comment.get_by_role("link", name="Report the comment by Tomas Rehn")).to_have_count(0)
    assert reported_by_the_reader(tomas).reason == "violence"
