"""The API's edges: CSRF on cookie-authenticated writes (case 17), pathological bodies (case 7),
one JSON error shape, and the served OpenAPI document."""

import json
import time

import pytest
from django.test import Client
from jsonschema import Draft202012Validator

from gazette.comments.models import Comment

pytestmark = pytest.mark.django_db

CSRF_SECRET = "a" * 32


@pytest.fixture
def csrf_client(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    return client


@pytest.fixture
def theirs(write, other_reader):
    return write(other_reader, "Their comment")


@pytest.fixture
def mine(write, reader):
    return write(reader, "My comment")


def unsafe_requests(article, mine, theirs):
    return [
        ("post", f"/api/v1/articles/{article.pk}/comments", {"body": "Hi", "client_token": "t"}),
        ("patch", f"/api/v1/comments/{mine.pk}", {"body": "Edited"}),
        ("delete", f"/api/v1/comments/{mine.pk}", None),
        ("post", f"/api/v1/comments/{theirs.pk}/vote", None),
    ]


def send(client, method, path, data, **extra):
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(path, body, content_type="application/json", **extra)


def test_cookie_authenticated_writes_without_the_csrf_token_are_403(
    csrf_client, article, mine, theirs, spec_check
):
    for method, path, data in unsafe_requests(article, mine, theirs):
        response = send(csrf_client, method, path, data)
        spec_check(method, path, response)
        assert response.status_code == 403, (method, path)
        assert "CSRF" in response.json()["detail"]

    assert Comment.objects.count() == 2
    mine.refresh_from_db()
    assert (mine.body, mine.status, mine.upvotes) == ("My comment", "published", 0)
    assert theirs.votes.count() == 0


def test_a_wrong_token_or_a_foreign_origin_is_403(csrf_client, article, mine, theirs):
    csrf_client.cookies["csrftoken"] = CSRF_SECRET
    for method, path, data in unsafe_requests(article, mine, theirs):
        wrong = send(csrf_client, method, path, data, HTTP_X_CSRFTOKEN="b" * 32)
        foreign = send(
            csrf_client,
            method,
            path,
            data,
            HTTP_X_CSRFTOKEN=CSRF_SECRET,
            HTTP_ORIGIN="https://evil.example",
        )
        assert (wrong.status_code, foreign.status_code) == (403, 403), (method, path)

    assert Comment.objects.count() == 2


def test_writes_with_the_csrf_token_go_through(csrf_client, article, mine, theirs):
    csrf_client.cookies["csrftoken"] = CSRF_SECRET
    statuses = [
        send(csrf_client, method, path, data, HTTP_X_CSRFTOKEN=CSRF_SECRET).status_code
        for method, path, data in unsafe_requests(article, mine, theirs)
    ]

    assert statuses == [201, 200, 204, 200]


def test_anonymous_writes_without_a_token_are_403_and_reads_need_none(article, article_url, theirs):
    client = Client(enforce_csrf_checks=True)

    write = send(client, "post", article_url, {"body": "Hi", "client_token": "t"})
    read = client.get(article_url)

    assert write.status_code == 403
    assert read.status_code == 200
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deeply_nested_json_is_400_fast(signed_in, article_url, depth):
    for raw in (
        "[" * depth + "]" * depth,
        '{"body": ' + "[" * depth + "]" * depth + ', "client_token": "t"}',
        '{"body": "x", "client_token": "t", "extra": ' + '{"a":' * depth + "1" + "}" * depth + "}",
    ):
        started = time.monotonic()
        response = signed_in.post(article_url, raw=raw)
        elapsed = time.monotonic() - started

        assert response.status_code == 400
        assert elapsed < 1.0
    assert Comment.objects.count() == 0


def test_a_body_over_the_upload_limit_is_413_fast(signed_in, article_url, settings):
    huge = json.dumps({"body": "x" * 10_000_000, "client_token": "t"})
    assert len(huge) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    started = time.monotonic()
    response = signed_in.post(article_url, raw=huge)

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert time.monotonic() - started < 1.0
    assert Comment.objects.count() == 0


def test_a_megabyte_of_brackets_in_a_body_is_refused_fast(signed_in, article_url):
    started = time.monotonic()
    response = signed_in.post(article_url, {"body": "[(<&#" * 200_000, "client_token": "t"})

    assert response.status_code == 400
    assert time.monotonic() - started < 1.0


def test_a_wrong_method_or_an_unknown_endpoint_answers_in_the_json_error_shape(
    api, article_url, mine
):
    client = api.client

    put = client.put(f"/api/v1/comments/{mine.pk}", "{}", content_type="application/json")
    unknown = client.get("/api/v1/no-such-thing")
    trailing_slash = client.get(article_url + "/")

    assert put.status_code == 405
    assert put.json() == {"detail": "PUT is not allowed here."}
    assert set(put["Allow"].split(", ")) == {"GET", "PATCH", "DELETE"}
    for response in (unknown, trailing_slash):
        assert response.status_code == 404
        assert response.json() == {"detail": "There is no such API endpoint."}


def test_the_openapi_document_is_served_and_describes_every_endpoint(api):
    response = api.client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    operations = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    assert operations == {
        ("GET", "/api/v1/articles/{article_id}/comments"),
        ("POST", "/api/v1/articles/{article_id}/comments"),
        ("GET", "/api/v1/comments/{comment_id}"),
        ("PATCH", "/api/v1/comments/{comment_id}"),
        ("DELETE", "/api/v1/comments/{comment_id}"),
        ("GET", "/api/v1/comments/{comment_id}/replies"),
        ("POST", "/api/v1/comments/{comment_id}/vote"),
        ("POST", "/api/v1/comments/{comment_id}/flags"),
    }
    for schema in spec["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for item in spec["paths"].values():
        for operation in item.values():
            for status, answer in operation["responses"].items():
                if status.startswith("4"):
                    assert answer["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorOut"
                    }


def test_the_interactive_docs_are_off_because_they_load_scripts_from_a_cdn(api):
    response = api.client.get("/api/v1/docs")

    assert response.status_code == 404
    assert b"swagger" not in response.content.lower()


def test_a_huge_form_encoded_body_gets_a_json_4xx_at_the_csrf_check(csrf_client, article_url):
    """Django's CSRF check reads a form body for its token; over the limit that read fails."""
    huge = "csrfmiddlewaretoken=x&body=" + "x" * 10_000_000
    form = "application/x-www-form-urlencoded"

    without_cookie = csrf_client.post(article_url, huge, content_type=form)
    csrf_client.cookies["csrftoken"] = CSRF_SECRET
    with_cookie = csrf_client.post(article_url, huge, content_type=form)

    assert without_cookie.status_code == 403
    assert with_cookie.status_code == 413
    assert with_cookie.json() == {"detail": "The request body is too large."}
