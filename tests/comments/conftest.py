"""Fixtures for the discussion's tests: readers, an article, comments written through the
action every path uses."""

import uuid

import pytest
from factories import ArticlePageFactory, ReaderFactory

from gazette.comments import actions


@pytest.fixture
def story(section):
    return ArticlePageFactory(parent=section, title="Shelling of the river port")


@pytest.fixture
def ada(db):
    return ReaderFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def brook(db):
    return ReaderFactory(username="brook", display_name="Brook Taylor")


@pytest.fixture
def cyd(db):
    return ReaderFactory(username="cyd", display_name="Cyd Charisse")


@pytest.fixture
def dee(db):
    return ReaderFactory(username="dee", display_name="Dee Dee Ramone")


@pytest.fixture
def say(story):
    """say(author, body, parent=None, on=None): a comment stored by post_comment."""

    def write(author, body="A comment.", *, parent=None, on=None):
        comment, _ = actions.post_comment(
            article=on or story,
            author=author,
            body=body,
            parent=parent,
            client_token=uuid.uuid4().hex,
        )
        return comment

    return write
