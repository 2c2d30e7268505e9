"""The editors' word lists: `policy.banned_words` reject a comment, `policy.watched_words` hold it.

An entry is a word or a phrase, matched as whole words on the normalised text, and normalised
the same way itself, so "casino" also catches "C4SINO" and "cas\u200bino". An entry ending in
`*` matches any word it starts ("crypto*" matches "cryptocurrency"). A phrase matches across
punctuation ("free money" matches "free, money").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from gazette.moderation.pipeline import Category, Decision, Draft, Reason
from gazette.moderation.policies import Policy
from gazette.moderation.text import forms, normalise, word_set, words


@dataclass(frozen=True)
class WordList:
    """A list of entries compiled for matching: single words by set look-up, phrases and
    prefixes by one pattern over the text's words joined by single spaces."""

    single_words: dict[str, str]  # normalised word -> entry as the editor wrote it
    pattern: re.Pattern[str] | None
    entries_by_group: dict[str, str]  # group name in `pattern` -> entry
    order: dict[str, int]  # entry -> its place in the list

    def matches(self, text: str, normalised: str) -> list[str]:
        """The entries found in any spelling of the text, in list order."""
        found: set[str] = set()
        for spelling in forms(text, normalised):
            found.update(
                self.single_words[word]
                for word in word_set(spelling).intersection(self.single_words)
            )
            if self.pattern is not None:
                joined = _joined_words(spelling)
                found.update(
                    self.entries_by_group[match.lastgroup or ""]
                    for match in self.pattern.finditer(joined)
                )
        return sorted(found, key=self.order.__getitem__)


@lru_cache(maxsize=64)
def compile_entries(entries: tuple[str, ...]) -> WordList:
    single_words: dict[str, str] = {}
    alternatives: list[str] = []
    entries_by_group: dict[str, str] = {}
    for entry in entries:
        is_prefix = entry.rstrip().endswith("*")
        normalised = " ".join(words(normalise(entry.rstrip().rstrip("*"))))
        if not normalised:
            continue
        if " " not in normalised and not is_prefix:
            single_words.setdefault(normalised, entry)
            continue
        group = f"entry{len(entries_by_group)}"
        entries_by_group[group] = entry
        alternatives.append(f"(?P<{group}>{re.escape(normalised)}{'[^ ]*' if is_prefix else ''})")
    pattern = re.compile(" (?:" + "|".join(alternatives) + ")(?= )") if alternatives else None
    order = {entry: index for index, entry in enumerate(entries)}
    return WordList(single_words, pattern, entries_by_group, order)


@lru_cache(maxsize=32)
def _joined_words(normalised: str) -> str:
    """The words of a text between single spaces, a space at each end: phrases and prefixes
    are looked for in it."""
    return " " + " ".join(words(normalised)) + " "


def check(draft: Draft) -> list[Reason]:
    policy = cast(Policy, draft.policy)
    reasons = []
    for entries, name, severity, action in (
        (policy.banned_words, "words.banned", 2, Decision.REJECT),
        (policy.watched_words, "words.watched", 1, Decision.HOLD),
    ):
        if not entries:
            continue
        kind = name.removeprefix("words.")
        for entry in compile_entries(tuple(entries)).matches(draft.text, draft.normalised):
            reasons.append(
                Reason(
                    name=name,
                    category=Category.WORDS,
                    severity=severity,
                    score=1.0,
                    detail=f'matched {kind} entry "{entry}" (rule: {name})',
                    action=action,
                )
            )
    return reasons
