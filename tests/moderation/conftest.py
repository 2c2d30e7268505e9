from datetime import UTC, datetime

import pytest

from gazette.moderation.pipeline import AuthorHistory, Draft
from gazette.moderation.policies import Policy
from gazette.moderation.text import normalise


def build_draft(text: str, *, history: AuthorHistory | None = None, **policy_fields) -> Draft:
    """A draft of `text` under a policy with `policy_fields`, as the text phases see it."""
    return Draft(
        text=text,
        normalised=normalise(text),
        policy=Policy(**policy_fields),
        now=datetime.now(UTC),
        history=history or AuthorHistory(),
    )


@pytest.fixture
def make_draft():
    """`make_draft(text, history=None, **policy_fields)`: see `build_draft`."""
    return build_draft


# Fixtures for the abuse tests: posting limits, spam triggers, form signals, bans, cache outage
# (test_throttle.py, test_spam_triggers.py, test_form_signals.py, test_bans.py,
# test_cache_outage.py).


class PostingClock:
    """Stands in for the `time` module where the rate limiter and the comment form read it, so a
    flood falls into known windows and a form's age is exact."""

    def __init__(self, start: float):
        self.now = start

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def posting_clock(monkeypatch):
    """Starts at the first second of a UTC day, where a minute's and a day's window begin."""
    import time

    from gazette.comments import forms
    from gazette.core import ratelimits

    clock = PostingClock(float((int(time.time()) // 86_400 + 1) * 86_400))
    monkeypatch.setattr(ratelimits, "time", clock)
    monkeypatch.setattr(forms, "time", clock)
    return clock


@pytest.fixture
def posting_limits(settings):
    """The production posting limits (settings/base.py), which the test settings relax."""
    settings.MODERATION_POSTS_PER_MINUTE_PER_ACCOUNT = 5
    settings.MODERATION_POSTS_PER_MINUTE_PER_ADDRESS = 10
    settings.MODERATION_POSTS_FIRST_DAY = 20
    settings.MODERATION_ARTICLE_SURGE_PER_MINUTE = 60
    return settings


@pytest.fixture
def discussed_article(section):
    from factories import ArticlePageFactory

    return ArticlePageFactory(parent=section, title="Night convoy on the coast road")


@pytest.fixture
def established_reader(db):
    """A reader who signed up a month ago: past the first-day cap and the new-account rules."""
    from datetime import timedelta

    from django.utils import timezone
    from factories import ReaderFactory

    return ReaderFactory(
        username="esther", display_name="Esther Hale", date_joined=timezone.now() - timedelta(30)
    )


@pytest.fixture
def send_comment():
    """send_comment(client, path, article, body, token=None, parent=None, **request_extra): a
    comment through the HTML form ("form"), the htmx form ("htmx") or the JSON API ("api")."""
    import json
    import uuid

    def send(client, path, article, body, *, token=None, parent=None, **extra):
        token = token or uuid.uuid4().hex
        if path == "api":
            payload = {"body": body, "client_token": token, "parent": parent}
            return client.post(
                f"/api/v1/articles/{article.pk}/comments",
                json.dumps(payload),
                content_type="application/json",
                **extra,
            )
        headers = {"HX-Request": "true"} if path == "htmx" else {}
        url = (
            f"/discussion/comment/{parent}/reply/"
            if parent
            else f"/discussion/article/{article.pk}/post/"
        )
        from factories import form_shown_a_minute_ago

        fields = {"body": body, "client_token": token, "shown_at": form_shown_a_minute_ago()}
        return client.post(url, fields, headers=headers, **extra)

    return send
