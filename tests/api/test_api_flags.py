"""Reporting a comment through the JSON API: 201 once, 400 with a message for every refusal the
reader can fix or should know about, 403 when not signed in or banned, 404 for what they cannot
see. Every answer is checked against the OpenAPI spec by the `api` client."""

from typing import get_args

import pytest

from gazette.api.v1.schemas import FlagReason
from gazette.comments import actions
from gazette.comments.models import Comment
from gazette.moderation.actions import ban_author
from gazette.moderation.models import AuditEvent, Flag, Verdict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]


def flags_url(comment_id: int) -> str:
    return f"/api/v1/comments/{comment_id}/flags"


def test_a_reader_reports_a_comment_and_gets_201(signed_in, write, reader, other_reader):
    comment = write(other_reader, "Buy cheap watches")

    response = signed_in.post(flags_url(comment.pk), {"reason": "spam", "note": "A bot."})

    assert response.status_code == 201
    assert response.json() == {"comment": comment.pk, "reason": "spam", "reported": True}
    flag = Flag.objects.get()
    assert (flag.comment, flag.reporter, flag.reason, flag.note) == (
        comment,
        reader,
        "spam",
        "A bot.",
    )
    assert Verdict.objects.get(comment=comment).awaiting_review is True
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.COMMENT_FLAGGED, comment=comment, actor=reader
    ).exists()


def test_the_note_is_optional(signed_in, write, other_reader):
    comment = write(other_reader, "Off topic")

    response = signed_in.post(flags_url(comment.pk), {"reason": "off_topic"})

    assert response.status_code == 201
    assert Flag.objects.get().note == ""


def test_a_second_report_is_400_and_stores_nothing(signed_in, write, other_reader):
    comment = write(other_reader, "Something")
    signed_in.post(flags_url(comment.pk), {"reason": "spam"})

    response = signed_in.post(flags_url(comment.pk), {"reason": "abusive"})

    assert response.status_code == 400
    assert response.json() == {"detail": "You already reported this comment."}
    assert Flag.objects.count() == 1


def test_reporting_ones_own_comment_is_400(signed_in, write, reader):
    comment = write(reader, "Mine")

    response = signed_in.post(flags_url(comment.pk), {"reason": "spam"})

    assert response.status_code == 400
    assert response.json() == {"detail": "You cannot report your own comment."}
    assert Flag.objects.count() == 0


def test_the_daily_limit_is_400_with_a_clear_message(signed_in, write, other_reader, settings):
    settings.MODERATION_FLAGS_PER_DAY = 2
    first, second, third = (write(other_reader, f"Comment {n}") for n in range(3))
    for comment in (first, second):
        assert signed_in.post(flags_url(comment.pk), {"reason": "spam"}).status_code == 201

    response = signed_in.post(flags_url(third.pk), {"reason": "spam"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "You have reached today's limit of reports (2). Moderators will look at "
        "them; thank you."
    }
    assert Flag.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, "Invalid request: reason: Field required"),
        ({"reason": "boring"}, "Invalid request: reason: Input should be 'abusive', "),
        ({"reason": "spam", "note": "x" * 501}, "Invalid request: note: String should have at"),
        ({"reason": "spam", "note": None}, "Invalid request: note: Input should be a valid str"),
    ],
)
def test_a_missing_or_unknown_reason_or_a_long_note_is_400(
    signed_in, write, other_reader, payload, message
):
    comment = write(other_reader, "Something")

    response = signed_in.post(flags_url(comment.pk), payload)

    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)
    assert Flag.objects.count() == 0


def test_not_signed_in_is_403(api, write, other_reader):
    comment = write(other_reader, "Something")

    response = api.post(flags_url(comment.pk), {"reason": "spam"})

    assert response.status_code == 403
    assert response.json() == {"detail": "Sign in to join the discussion."}
    assert Flag.objects.count() == 0


def test_a_banned_reader_is_403(signed_in, write, reader, other_reader):
    comment = write(other_reader, "Something")
    ban_author(user=reader, moderator=None, reason="Brigading.")
    signed_in.force_login(reader)  # the ban ended the session they had: signed in again

    response = signed_in.post(flags_url(comment.pk), {"reason": "spam"})

    assert response.status_code == 403
    assert response.json() == {"detail": "You are banned from the discussion."}
    assert Flag.objects.count() == 0


def test_unknown_hidden_and_deleted_comments_are_404(signed_in, write, other_reader, reader):
    held = write(other_reader, "Held")
    actions.set_comment_status(comment=held, status=Comment.Status.PENDING)
    gone = write(other_reader, "Gone")
    write(reader, "Keeps the placeholder", parent=gone)
    actions.delete_comment(comment=gone, user=other_reader)

    for comment_id in (999_999, held.pk, gone.pk):
        response = signed_in.post(flags_url(comment_id), {"reason": "spam"})
        assert response.status_code == 404
        assert response.json() == {"detail": "There is no such comment."}
    assert Flag.objects.count() == 0


def test_the_schema_offers_exactly_the_reasons_moderation_knows():
    assert list(get_args(FlagReason)) == list(Flag.Reason.values)
