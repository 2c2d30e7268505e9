"""Links: hold a comment with more links than `policy.link_limit`, or, from a new account
(`draft.history.is_new`), more than `policy.new_account_link_limit`.

A link is an http(s) or ftp URL, a "www." host, a markdown link, or a bare domain such as
"example.com/path". A bare domain without a path counts only with a top-level domain from
`TOP_LEVEL_DOMAINS`, so "e.g.", "3.5", "U.S." and "node.js" are not links; "t.me" and "youtu.be"
are named in `SHORT_HOSTS` because their endings are English words. The count runs on the
original text less invisible characters (an e-mail address is not a link; the normalised text
would fold "@" to "a").
"""

from __future__ import annotations

import re
import unicodedata
from typing import cast

from gazette.moderation.pipeline import Category, Decision, Draft, Reason
from gazette.moderation.policies import Policy
from gazette.moderation.text import strip_invisible

TOP_LEVEL_DOMAINS = (
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "uk", "ca", "au",
    "de", "fr", "es", "nl", "eu", "ru", "ua", "cn", "jp", "br", "mx", "ch", "se", "dk", "fi",
    "pl", "cz", "nz", "za", "ie", "ly", "gl", "gg", "tv", "cc", "ws", "xyz", "top", "site",
    "online", "shop", "store", "app", "dev", "ai", "news", "blog", "link", "click", "pro",
    "club", "live", "tech", "space", "website", "onion", "ml", "tk", "ga", "cf", "pw", "su",
)  # fmt: skip
SHORT_HOSTS = ("t.me", "youtu.be", "wa.me", "fb.me", "m.me")

_URL_CHARACTERS = r"[^\s<>\"'()\[\]{}]"
_HOST = r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
_NOT_INSIDE = r"(?<![\w@./:-])"
LINK = re.compile(
    rf"\]\((?:https?://|www\.|/|{_HOST})[^)\s]*\)"
    rf"|(?:https?|ftp)://{_URL_CHARACTERS}+"
    rf"|{_NOT_INSIDE}www\d?\.{_HOST}[a-z]{{2,}}{_URL_CHARACTERS}*"
    rf"|{_NOT_INSIDE}{_HOST}(?:{'|'.join(TOP_LEVEL_DOMAINS)})(?![\w-])(?:[/:?#]{_URL_CHARACTERS}*)?"
    rf"|{_NOT_INSIDE}(?:{'|'.join(map(re.escape, SHORT_HOSTS))})(?![\w-])(?:/{_URL_CHARACTERS}*)?"
    rf"|{_NOT_INSIDE}{_HOST}[a-z]{{2,}}/{_URL_CHARACTERS}*"
)


def count_links(text: str) -> int:
    """How many links `text` has."""
    cleaned = strip_invisible(text)
    if not cleaned.isascii():
        cleaned = unicodedata.normalize("NFKC", cleaned)
    cleaned = cleaned.lower()
    if "." not in cleaned:
        return 0
    candidates = " ".join(word for word in cleaned.split() if "." in word)
    return len(LINK.findall(candidates))


def check(draft: Draft) -> list[Reason]:
    policy = cast(Policy, draft.policy)
    history = draft.history
    count = count_links(draft.text)
    if history.is_new and count > policy.new_account_link_limit:
        name = "links.new_account"
        detail = f"{_links(count)} from an account {_age(history.account_age_days)} (limit {policy.new_account_link_limit})"
    elif count > policy.link_limit:
        name = "links.too_many"
        detail = f"{_links(count)} (limit {policy.link_limit})"
    else:
        return []
    return [
        Reason(
            name=name,
            category=Category.LINKS,
            severity=1,
            score=1.0,
            detail=detail,
            action=Decision.HOLD,
        )
    ]


def _links(count: int) -> str:
    return f"{count} link" if count == 1 else f"{count} links"


def _age(days: float) -> str:
    if days < 1:
        return "less than a day old"
    whole = int(days)
    return f"{whole} day old" if whole == 1 else f"{whole} days old"
