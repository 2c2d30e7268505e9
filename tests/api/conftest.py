"""Fixtures for the JSON API tests: every response is checked against the served OpenAPI spec."""

import json
import re

import pytest
from django.test import Client
from factories import ArticlePageFactory, ReaderFactory
from jsonschema import Draft202012Validator

from gazette.comments import actions

SPEC_URL = "/api/v1/openapi.json"
_spec_cache: dict = {}


def served_spec() -> dict:
    if not _spec_cache:
        response = Client().get(SPEC_URL)
        assert response.status_code == 200
        _spec_cache.update(response.json())
    return _spec_cache


def _operation(spec: dict, method: str, path: str) -> dict:
    for template, operations in spec["paths"].items():
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method in operations:
            return operations[method]
    raise AssertionError(f"{method.upper()} {path} is not in the OpenAPI spec")


def assert_matches_spec(method: str, path: str, response) -> None:
    """The status is documented for this operation and the body validates against its schema."""
    spec = served_spec()
    operation = _operation(spec, method, path.split("?")[0])
    status = str(response.status_code)
    assert status in operation["responses"], (
        f"{method.upper()} {path} answered {status}, which the spec does not document: "
        f"{response.content[:300]!r}"
    )
    if response.status_code == 204:
        assert response.content == b""
        return
    assert response["Content-Type"].startswith("application/json")
    _validator(spec, operation, status).validate(response.json())


_validators: dict = {}


def _validator(spec: dict, operation: dict, status: str) -> Draft202012Validator:
    key = (operation["operationId"], status)
    if key not in _validators:
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        _validators[key] = Draft202012Validator({**schema, "components": spec["components"]})
    return _validators[key]


class ApiClient:
    """A Django test client that sends JSON and checks each answer against the OpenAPI spec."""

    def __init__(self, client: Client):
        self.client = client

    def get(self, path: str, params: dict | None = None, **extra):
        response = self.client.get(path, params or {}, **extra)
        query = "?" if params else ""
        assert_matches_spec("get", path + query, response)
        return response

    def _send(self, method: str, path: str, data=None, *, raw: bytes | str | None = None, **extra):
        body = raw if raw is not None else ("" if data is None else json.dumps(data))
        response = getattr(self.client, method)(
            path, body, content_type="application/json", **extra
        )
        assert_matches_spec(method, path, response)
        return response

    def post(self, path: str, data=None, **kwargs):
        return self._send("post", path, data, **kwargs)

    def patch(self, path: str, data=None, **kwargs):
        return self._send("patch", path, data, **kwargs)

    def delete(self, path: str, **kwargs):
        return self._send("delete", path, **kwargs)

    def force_login(self, user) -> None:
        self.client.force_login(user)


@pytest.fixture
def api(db):
    return ApiClient(Client())


@pytest.fixture
def reader(db):
    return ReaderFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def other_reader(db):
    return ReaderFactory(username="brook", display_name="Brook Taylor")


@pytest.fixture
def signed_in(api, reader):
    api.force_login(reader)
    return api


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Shelling of the river port")


@pytest.fixture
def article_url(article) -> str:
    return f"/api/v1/articles/{article.pk}/comments"


@pytest.fixture
def spec_check():
    return assert_matches_spec


@pytest.fixture
def write(article):
    """Store a comment through the action, the way every path does: write(author, body, ...)."""
    tokens = iter(range(1, 1_000_000))

    def write_comment(author, body="A comment.", *, parent=None, on=None):
        comment, _ = actions.post_comment(
            article=on or article,
            author=author,
            body=body,
            client_token=f"fixture-{next(tokens)}",
            parent=parent,
        )
        return comment

    return write_comment
