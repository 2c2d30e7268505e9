"""The nudge before holding, through the discussion's forms (with and without htmx) and the JSON
API: a draft the incitement checks flag is not stored; its author is told once, may rephrase,
or post it anyway, and then it waits for a moderator with that fact recorded."""

import pytest
from discussion_html import HX, parse, text
from test_forms_discussion import form_data, post_url
from wagtail.models import Site

from gazette.comments.models import Comment
from gazette.moderation.models import ModerationSettings, Verdict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

CALL = "They burned our fields. Kill them all, every last one of them."
WARNING = "Before you post: this reads like a call for violence against people."


def nudge_text(response) -> str:
    found = parse(response).xpath("//div[@class='comment-form__nudge']")
    return " ".join(text(element) for element in found)


def submit_label(response) -> list[str]:
    return [text(button) for button in parse(response).xpath("//form//button[@type='submit']")]


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain form", "htmx"])
def test_a_flagged_draft_is_not_stored_and_its_author_is_warned_once(client, story, ada, headers):
    client.force_login(ada)
    draft = form_data(CALL)

    warned = client.post(post_url(story), draft, headers=headers)

    assert warned.status_code == 422
    assert Comment.objects.count() == 0
    assert nudge_text(warned).startswith(WARNING)
    assert "Post anyway" in submit_label(warned)
    # The draft comes back to be rephrased, with the same token (one comment however sent).
    document = parse(warned)
    assert document.xpath("//textarea[@name='body']")[0].text.strip() == CALL
    assert document.xpath("//input[@name='client_token']/@value") == [draft["client_token"]]
    assert document.xpath("//input[@name='post_anyway']/@value") == ["on"]


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain form", "htmx"])
def test_posted_anyway_it_waits_for_a_moderator_with_the_warning_recorded(
    client, story, ada, headers
):
    client.force_login(ada)
    draft = form_data(CALL)
    client.post(post_url(story), draft, headers=headers)

    posted = client.post(post_url(story), {**draft, "post_anyway": "on"}, headers=headers)

    assert posted.status_code in (200, 302)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    verdict = Verdict.objects.get(comment=comment)
    assert verdict.decision == Verdict.Decision.HOLD
    assert verdict.nudge_ignored
    assert "violence.nudge_ignored" in {reason["name"] for reason in verdict.reasons}
    if not headers:
        shown = client.get(posted["Location"])
        assert "Your comment is awaiting moderation" in shown.content.decode()


def test_a_rephrased_draft_is_posted_without_a_warning(client, story, ada):
    client.force_login(ada)
    draft = form_data(CALL)
    client.post(post_url(story), draft)

    rephrased = client.post(
        post_url(story),
        {**draft, "body": "They burned our fields. I want the men who did it in a courtroom."},
    )

    assert rephrased.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PUBLISHED


def test_with_the_nudge_turned_off_the_call_is_held_at_once(client, story, ada):
    ModerationSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"nudge": False}
    )
    client.force_login(ada)

    posted = client.post(post_url(story), form_data(CALL))

    assert posted.status_code == 302
    verdict = Verdict.objects.get()
    assert verdict.comment.status == Comment.Status.PENDING
    assert not verdict.nudge_ignored
    assert "violence.nudge_ignored" not in {reason["name"] for reason in verdict.reasons}
