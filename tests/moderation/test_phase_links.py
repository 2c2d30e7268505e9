import pytest

from gazette.moderation.phases import links
from gazette.moderation.pipeline import AuthorHistory, Category, Decision

NEW = AuthorHistory(account_age_days=1.5, approved=0, is_new=True)
TRUSTED = AuthorHistory(account_age_days=400, approved=120, is_new=False, is_trusted=True)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("see https://example.com/report?id=3", 1),
        ("http://example.org and https://example.net/a", 2),
        ("ftp://files.example.com/dump.zip", 1),
        ("www.example.com", 1),
        ("Visit WWW.Example.CO.UK today", 1),
        ("[the report](https://example.com/report)", 1),
        ("[the report](example.com/report)", 1),
        ("read example.com/path/to/page", 1),
        ("bare example.com, then example.org.", 2),
        ("sub.domain.example.io", 1),
        ("t.me/channelname and youtu.be/abc123", 2),
        ("example.it/page", 1),
        ("exa\u200bmple.com", 1),
        ("example．com", 1),  # fullwidth full stop
        ("bit.ly/3xYz", 1),
    ],
)
def test_links_are_counted(text, count):
    assert links.count_links(text) == count


@pytest.mark.parametrize(
    "text",
    [
        "e.g. this, i.e. that",
        "Inflation was 3.5 per cent, up from 2.1.",
        "The U.S. and the U.K. agreed.",
        "Version 1.2.3 fixed it.",
        "write to editor@example.com",
        "node.js and readme.md",
        "It ended.Then it began again.",
        "Mr.Smith said so.",
        "",
    ],
)
def test_things_that_only_look_like_links_are_not_counted(text):
    assert links.count_links(text) == 0


def test_new_account_over_its_limit_is_held(make_draft):
    text = "a.com b.com c.com d.com"

    (reason,) = links.check(make_draft(text, history=NEW, new_account_link_limit=2))

    assert reason.name == "links.new_account"
    assert reason.category == Category.LINKS
    assert reason.action == Decision.HOLD
    assert reason.detail == "4 links from an account 1 day old (limit 2)"


@pytest.mark.parametrize(
    ("age", "words"),
    [(0.2, "less than a day old"), (1.0, "1 day old"), (2.9, "2 days old")],
)
def test_account_age_reads_in_whole_days(make_draft, age, words):
    history = AuthorHistory(account_age_days=age, is_new=True)

    (reason,) = links.check(
        make_draft("a.com b.com c.com", history=history, new_account_link_limit=2)
    )

    assert reason.detail == f"3 links from an account {words} (limit 2)"


def test_new_account_at_its_limit_is_not_held(make_draft):
    assert links.check(make_draft("a.com b.com", history=NEW, new_account_link_limit=2)) == []


def test_established_account_uses_the_general_limit(make_draft):
    text = " ".join(f"site{number}.com" for number in range(4))

    assert (
        links.check(make_draft(text, history=TRUSTED, new_account_link_limit=2, link_limit=10))
        == []
    )


def test_anyone_over_the_general_limit_is_held(make_draft):
    text = " ".join(f"https://example.com/{number}" for number in range(12))

    (reason,) = links.check(make_draft(text, history=TRUSTED, link_limit=10))

    assert reason.name == "links.too_many"
    assert reason.detail == "12 links (limit 10)"


def test_text_without_links_is_fine(make_draft):
    assert links.check(make_draft("No links here, e.g. none at all.", history=NEW)) == []
