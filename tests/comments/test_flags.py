"""Readers' reports ("Report"): the form without JavaScript (POST-redirect-GET) and in place with
htmx, "Reported" once done, every refusal a 4xx with a message; the weights that decide when
reports hide a comment, the daily limit, bans, and what moderators get."""

from datetime import timedelta

import pytest
from discussion_html import HX, comment_element, parse, text
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import ArticlePageFactory, ReaderFactory

from gazette.comments import actions
from gazette.comments.models import Comment
from gazette.moderation.actions import ban_author, flag_comment
from gazette.moderation.errors import Banned, FlagRefused
from gazette.moderation.models import AuditEvent, Flag, Verdict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

Status = Comment.Status
THANKS = "Thank you: moderators will look at this comment."


def flag_url(comment) -> str:
    return f"/discussion/comment/{comment.pk}/flag/"


def veteran(username: str, days: int = 60):
    """A reader whose account is old enough for their reports to count."""
    return ReaderFactory(username=username, date_joined=timezone.now() - timedelta(days=days))


def messages_on(response) -> list[str]:
    return [text(p) for p in parse(response).xpath("//div[contains(@class, 'messages')]/p")]


def error_text(response) -> str:
    found = parse(response).xpath(
        "//*[@class='form-errors']|//p[@class='field__error']"
        "|//p[@class='discussion-error__message']"
        "|//p[contains(@class, 'discussion__message--error')]"
    )
    return " ".join(text(element) for element in found)


def report_control(response, comment) -> str:
    """What the comment's actions offer for reporting: 'Report', 'Reported' or ''."""
    element = comment_element(parse(response), comment)
    if element.xpath(".//footer//span[contains(@class, 'comment__action--done')]"):
        return "Reported"
    links = element.xpath(".//footer//a[starts-with(., 'Report')]")
    return "Report" if links else ""


def shows(response, comment) -> bool:
    return bool(parse(response).xpath(f"//article[@id='comment-{comment.pk}']"))


def report(client, comment, reason="spam", note="", **extra):
    return client.post(flag_url(comment), {"reason": reason, "note": note, **extra})


# The form without JavaScript


def test_reader_reports_through_the_form_page_and_comes_back_to_reported(
    client, story, ada, brook, say
):
    comment = say(ada, "Buy cheap watches at example.com")
    client.force_login(brook)
    story_page = client.get(story.url)
    assert report_control(story_page, comment) == "Report"
    (link,) = comment_element(parse(story_page), comment).xpath(".//a[starts-with(., 'Report')]")
    assert text(link) == "Report the comment by Ada Lovelace"

    form_page = client.get(link.get("href"))

    assert form_page.status_code == 200
    document = parse(form_page)
    assert document.xpath("//h1/text()") == ["Report a comment by Ada Lovelace"]
    (form,) = document.xpath(f"//form[@id='flag-form-{comment.pk}']")
    assert form.get("method") == "post"
    assert form.get("hx-post") is None
    assert text(form.xpath(".//legend")[0]) == "Why are you reporting this comment?"
    radios = form.xpath(".//input[@type='radio']")
    assert [radio.get("value") for radio in radios] == list(Flag.Reason.values)
    assert [text(label) for label in form.xpath(".//div[@class='choice']/label")] == [
        "Abusive",
        "Calls for violence",
        "Spam",
        "Off-topic",
        "Other",
    ]
    assert form.xpath(".//textarea[@name='note']/@maxlength") == ["500"]
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
    fields = {field.get("name"): field.get("value") for field in form.xpath(".//input")}
    assert fields["next"] == story.url

    response = client.post(
        form.get("action"), {"next": fields["next"], "reason": "spam", "note": " A bot. "}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{story.url}#comment-{comment.pk}"
    shown = client.get(response["Location"])
    assert messages_on(shown) == [THANKS]
    assert report_control(shown, comment) == "Reported"
    flag = Flag.objects.get()
    assert (flag.comment, flag.reporter, flag.reason, flag.note) == (
        comment,
        brook,
        "spam",
        "A bot.",
    )


def test_a_second_report_is_refused_and_the_page_keeps_showing_reported(
    client, story, ada, brook, say
):
    comment = say(ada, "Something.")
    client.force_login(brook)
    report(client, comment)

    again = report(client, comment, reason="abusive")
    form_page = client.get(flag_url(comment))

    assert again.status_code == 400
    assert error_text(again) == "You already reported this comment."
    assert parse(again).xpath("//h1/text()") == ["Your report was not sent"]
    assert form_page.status_code == 400
    assert error_text(form_page) == "You already reported this comment."
    assert report_control(client.get(story.url), comment) == "Reported"
    assert report_control(client.get(f"/discussion/thread/{comment.pk}/"), comment) == "Reported"
    assert Flag.objects.count() == 1


def test_own_comment_offers_no_report_and_a_report_is_refused(client, story, ada, say):
    comment = say(ada, "Mine.")
    client.force_login(ada)

    story_page = client.get(story.url)
    form_page = client.get(flag_url(comment))
    posted = report(client, comment)

    assert report_control(story_page, comment) == ""
    for response in (form_page, posted):
        assert response.status_code == 400
        assert error_text(response) == "You cannot report your own comment."
    assert Flag.objects.count() == 0


def test_anonymous_readers_see_no_report_and_are_sent_to_sign_in(client, story, ada, say):
    comment = say(ada, "Hello.")

    story_page = client.get(story.url)
    form_page = client.get(flag_url(comment))
    posted = report(client, comment)

    assert report_control(story_page, comment) == ""
    assert form_page.status_code == 302
    assert form_page["Location"] == f"/accounts/login/?next=/discussion/comment/{comment.pk}/flag/"
    assert posted.status_code == 403
    assert error_text(posted) == "Sign in to report a comment."
    assert Flag.objects.count() == 0


def test_a_report_without_the_csrf_token_is_refused(story, ada, brook, say):
    comment = say(ada, "Hello.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(brook)

    response = report(client, comment)

    assert response.status_code == 403
    assert Flag.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose why you are reporting this comment."),
        ({"reason": "boring"}, "Choose why you are reporting this comment."),
        (
            {"reason": "other", "note": "x" * 501},
            "Keep the note to 500 characters (it has 501).",
        ),
    ],
)
def test_a_report_without_a_reason_or_with_a_long_note_gets_the_form_again(
    client, story, ada, brook, say, data, message
):
    comment = say(ada, "Hello.")
    client.force_login(brook)

    response = client.post(flag_url(comment), data)

    assert response.status_code == 400
    assert error_text(response) == message
    assert parse(response).xpath(f"//form[@id='flag-form-{comment.pk}']")
    assert Flag.objects.count() == 0


def test_hidden_unknown_and_deleted_comments_cannot_be_reported(
    client, story, ada, brook, cyd, say
):
    held = say(ada, "Held.")
    actions.set_comment_status(comment=held, status=Status.PENDING)
    gone = say(ada, "Soon gone.")
    say(cyd, "Keeps the placeholder.", parent=gone)
    actions.delete_comment(comment=gone, user=ada)
    client.force_login(brook)

    for comment_id in (held.pk, 999_999):
        response = client.post(f"/discussion/comment/{comment_id}/flag/", {"reason": "spam"})
        assert response.status_code == 404
        assert error_text(response) == "There is no such comment."
    deleted = report(client, gone)
    assert deleted.status_code == 400
    assert error_text(deleted) == "That comment was deleted; there is nothing to report."
    assert Flag.objects.count() == 0


def test_a_hostile_author_name_stays_text_on_the_report_page(client, story, brook, say):
    hostile = ReaderFactory(username="hostile", display_name='<script>alert("name")</script>')
    comment = say(hostile, "Hello.")
    client.force_login(brook)

    response = client.get(flag_url(comment))

    assert response.status_code == 200
    assert parse(response).xpath("//h1/text()") == [
        'Report a comment by <script>alert("name")</script>'
    ]
    assert '<script>alert("name")' not in response.content.decode()


# The same with htmx: in place


def test_with_htmx_the_form_opens_in_place_and_the_answer_is_the_comment_reported(
    client, story, ada, brook, say
):
    comment = say(ada, "Something rude.")
    client.force_login(brook)

    opened = client.get(f"{flag_url(comment)}?next={story.url}", headers=HX)

    assert opened.status_code == 200
    document = parse(opened)
    (form,) = document.xpath(f"//form[@id='flag-form-{comment.pk}']")
    assert form.get("hx-post") == flag_url(comment)
    assert form.get("hx-target") == "closest .comment"
    assert document.xpath("//h1") == []  # a fragment, not a page

    answered = client.post(flag_url(comment), {"reason": "abusive", "next": story.url}, headers=HX)

    assert answered.status_code == 200
    document = parse(answered)
    assert report_control(answered, comment) == "Reported"
    status = document.xpath("//*[@hx-swap-oob='innerHTML:#discussion-status']")[0]
    assert text(status) == THANKS
    assert Flag.objects.get().reason == "abusive"


def test_with_htmx_a_refusal_is_the_form_again_with_its_message(client, story, ada, brook, say):
    comment = say(ada, "Something.")
    client.force_login(brook)
    report(client, comment)

    response = client.post(flag_url(comment), {"reason": "spam"}, headers=HX)

    assert response.status_code == 400
    assert response["HX-Reswap"] == "outerHTML"
    assert response["HX-Retarget"] == "this"
    assert error_text(response) == "You already reported this comment."


def test_with_htmx_a_hidden_comment_answers_in_the_status_line(client, story, ada, brook, say):
    comment = say(ada, "Held.")
    actions.set_comment_status(comment=comment, status=Status.PENDING)
    client.force_login(brook)

    response = client.post(flag_url(comment), {"reason": "spam"}, headers=HX)

    assert response.status_code == 404
    assert response["HX-Retarget"] == "#discussion-status"
    assert error_text(response) == "There is no such comment."


# What a report weighs


def test_a_trusted_reader_weighs_two_a_regular_one_and_a_new_account_nothing(story, ada, say):
    comment = say(ada, "Disputed.")
    trusted = veteran("trusted")
    for number in range(5):  # the policy's trust_approved
        say(trusted, f"Approved comment number {number}.")
    regular = veteran("regular")
    newcomer = ReaderFactory(username="newcomer", date_joined=timezone.now() - timedelta(days=2))

    weights = [
        flag_comment(comment=comment, reporter=reader, reason="abusive").weight
        for reader in (newcomer, regular, trusted)
    ]

    assert weights == [0.0, 1.0, 2.0]
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # 0 + 1 + 2 reached the policy's flag_hide_weight, 3


def test_thirty_new_accounts_cannot_hide_a_comment(story, ada, say):
    comment = say(ada, "Unpopular but fair.")

    for _ in range(30):
        flag_comment(comment=comment, reporter=ReaderFactory(), reason="abusive")

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    verdict = Verdict.objects.get(comment=comment)
    assert (verdict.flag_count, verdict.flag_weight) == (30, 0.0)
    assert (verdict.awaiting_review, verdict.is_reported) == (True, False)


def test_three_regular_readers_hide_a_comment_from_all_but_its_author(client, story, ada, say):
    comment = say(ada, "Offensive.")
    reporters = [veteran(f"regular{number}") for number in range(3)]

    for reporter in reporters[:2]:
        flag_comment(comment=comment, reporter=reporter, reason="abusive")
        comment.refresh_from_db()
        assert comment.status == Status.PUBLISHED
    client.force_login(reporters[2])
    response = report(client, comment, reason="abusive", next=story.url)

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    verdict = Verdict.objects.get(comment=comment)
    assert (verdict.flag_count, verdict.flag_weight) == (3, 3.0)
    assert (verdict.is_reported, verdict.awaiting_review) == (True, True)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.COMMENT_HIDDEN_BY_FLAGS, comment=comment
    ).exists()
    assert not shows(client.get(story.url), comment)
    assert not shows(Client().get(story.url), comment)
    client.force_login(ada)
    element = comment_element(parse(client.get(story.url)), comment)
    assert text(element.xpath(".//*[contains(@class, 'comment__marker--pending')]")[0]) == (
        "awaiting moderation"
    )
    assert "Offensive." in text(element)


def test_a_hidden_comment_cannot_be_reported_again(story, ada, say):
    comment = say(ada, "Offensive.")
    for number in range(3):
        flag_comment(comment=comment, reporter=veteran(f"regular{number}"), reason="abusive")

    with pytest.raises(FlagRefused, match="already waiting for a moderator"):
        flag_comment(comment=comment, reporter=veteran("late"), reason="abusive")


def test_the_daily_limit_refuses_further_reports_with_a_clear_message(
    client, story, ada, brook, say, settings
):
    settings.MODERATION_FLAGS_PER_DAY = 2
    comments = [say(ada, f"Comment number {number}.") for number in range(3)]
    client.force_login(brook)
    for comment in comments[:2]:
        assert report(client, comment).status_code == 302

    response = report(client, comments[2])

    assert response.status_code == 400
    assert error_text(response) == (
        "You have reached today's limit of reports (2). Moderators will look at them; thank you."
    )
    assert Flag.objects.count() == 2


def test_reports_older_than_a_day_do_not_count_towards_the_limit(story, ada, brook, say, settings):
    settings.MODERATION_FLAGS_PER_DAY = 1
    first, second = say(ada, "First."), say(ada, "Second.")
    flag_comment(comment=first, reporter=brook, reason="spam")
    Flag.objects.update(created=timezone.now() - timedelta(days=1, minutes=1))

    flag = flag_comment(comment=second, reporter=brook, reason="spam")

    assert flag.comment == second


def test_a_banned_reader_cannot_report(client, story, ada, brook, say):
    comment = say(ada, "Hello.")
    ban_author(user=brook, moderator=None, reason="Brigading.")
    client.force_login(brook)

    response = report(client, comment)

    assert response.status_code == 403
    assert error_text(response) == "You are banned from the discussion."
    with pytest.raises(Banned):
        flag_comment(comment=comment, reporter=brook, reason="spam")
    assert Flag.objects.count() == 0


# What moderators get


def test_a_report_puts_the_comment_in_the_queue_and_the_audit_log(client, story, ada, brook, say):
    comment = say(ada, "Borderline.")
    client.force_login(brook)

    report(client, comment, reason="off_topic", note="Nothing to do with the port.")

    verdict = Verdict.objects.get(comment=comment)
    assert (verdict.awaiting_review, verdict.flag_count, verdict.is_reported) == (True, 1, False)
    event = AuditEvent.objects.get(action=AuditEvent.Action.COMMENT_FLAGGED)
    assert (event.comment, event.actor, event.subject) == (comment, brook, ada)
    assert event.reason == "Off-topic: Nothing to do with the port."
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED


# Queries


def test_reported_marks_cost_one_query_whatever_the_number_of_threads(
    client, section, ada, brook, settings, django_assert_max_num_queries
):
    settings.MODERATION_FLAGS_PER_DAY = 100

    def discussion(threads: int):
        article = ArticlePageFactory(parent=section)
        for number in range(threads):
            top, _ = actions.post_comment(
                article=article, author=ada, body="Top.", client_token=f"{article.pk}-{number}"
            )
            reply, _ = actions.post_comment(
                article=article,
                author=ada,
                body="Reply.",
                parent=top,
                client_token=f"{article.pk}-{number}-reply",
            )
            for comment in (top, reply) if number % 2 else (top,):
                flag_comment(comment=comment, reporter=brook, reason="spam")
        return article

    small, large = discussion(threads=5), discussion(threads=20)
    client.force_login(brook)
    client.get(small.url)  # the site and its sections, read once per process
    with CaptureQueriesContext(connection) as small_page:
        response = client.get(small.url)
    assert response.content.decode().count(">Reported</span>") == 7

    with django_assert_max_num_queries(len(small_page.captured_queries)) as large_page:
        response = client.get(large.url)

    assert response.content.decode().count(">Reported</span>") == 30
    assert len(large_page.captured_queries) == len(small_page.captured_queries)
    flag_queries = [q for q in large_page.captured_queries if "moderation_flag" in q["sql"]]
    assert len(flag_queries) == 1
