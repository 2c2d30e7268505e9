"""Schemathesis over the served OpenAPI document, in-process: generated valid and invalid
requests from a signed-in reader with a CSRF token must never get a 5xx, and every answer must
match the document (hostile case 16). Bounded: 2 x EXAMPLES requests, well under a minute.

Schemathesis' own pytest plugin does not run under pytest 9 yet, so the test drives its
Hypothesis strategy directly. Its `negative_data_rejection` check is left out: the session cookie
sent with every case makes it report the "missing cookie" variants as accepted."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gazette.comments.models import Comment

CSRF_SECRET = "f" * 32
EXAMPLES = 150


@pytest.fixture
def wsgi_application(db):
    """The production WSGI application, kept from closing the test's database connection at
    the end of each request (Django's test client does the same)."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_application, article, write, reader, other_reader):
    theirs = write(other_reader, "Their thread")
    write(reader, "My reply", parent=theirs)
    write(reader, "My thread")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_application)


@pytest.fixture
def session_cookies(reader):
    client = Client()
    client.force_login(reader)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_SECRET}


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_never_get_a_server_error(api_schema, article, session_cookies, mode):
    existing = list(Comment.objects.order_by("pk").values_list("pk", flat=True))

    @given(case=api_schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def generated(case):
        # Real ids for odd numbers, so generated bodies reach the actions, not only the 404s.
        parameters = case.path_parameters or {}
        if isinstance(parameters.get("article_id"), int) and parameters["article_id"] % 2:
            parameters["article_id"] = article.pk
        comment_id = parameters.get("comment_id")
        if isinstance(comment_id, int) and comment_id % 2:
            parameters["comment_id"] = existing[comment_id % len(existing)]

        response = case.call(cookies=session_cookies, headers={"X-CSRFToken": CSRF_SECRET})

        case.validate_response(response, checks=CHECKS)

    generated()
