"""`gazette moderation check`: JSON lines in, one decision with its reasons per line out."""

import io
import json
import re

from django.core.management import call_command

CALL_FOR_VIOLENCE = "Kill them all. Burn every house in the north quarter tonight."
WAR_REPORT = (
    "The brigade was wiped out in the counterattack near the river crossing, the army said on "
    "Tuesday."
)


def check(*lines: str) -> list[dict]:
    out = io.StringIO()
    call_command("moderation", "check", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_line_gets_a_decision_with_its_reasons(db):
    incitement, report = check(
        json.dumps({"id": "a", "text": CALL_FOR_VIOLENCE}),
        json.dumps({"id": "b", "text": WAR_REPORT}),
    )

    assert incitement["id"] == "a"
    assert incitement["decision"] == "hold"
    assert incitement["nudge"] is True
    names = [reason["name"] for reason in incitement["reasons"]]
    assert "violence.model" in names
    assert {reason["category"] for reason in incitement["reasons"]} == {"violence"}
    model_reason = next(r for r in incitement["reasons"] if r["name"] == "violence.model")
    assert model_reason["action"] == "hold"
    assert model_reason["severity"] == 2
    assert re.match(
        r"The incitement model scores this (0\.9\d|1\.00) \(holds from 0\.\d\d\)\.$",
        model_reason["detail"],
    )
    assert report == {"id": "b", "decision": "publish", "nudge": False, "reasons": []}


def test_a_malformed_line_gets_an_error_object_and_the_next_line_is_still_checked(db):
    first, second, third = check(
        "{not json",
        json.dumps(["a list, not an object"]),
        json.dumps({"text": WAR_REPORT}),
    )

    assert first["line"] == 1
    assert first["error"].startswith("Expecting property name enclosed in double quotes")
    assert second == {"line": 2, "error": 'each line must be an object with a "text" string'}
    assert third["decision"] == "publish"


def test_an_unknown_article_or_author_is_an_error_for_that_line(db):
    unknown_article, unknown_author = check(
        json.dumps({"text": WAR_REPORT, "article": 999_999}),
        json.dumps({"text": WAR_REPORT, "author": "nobody@example.com"}),
    )

    assert unknown_article == {"line": 1, "error": "no article with id 999999"}
    assert unknown_author == {"line": 2, "error": "no reader nobody@example.com"}
