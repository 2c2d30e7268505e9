"""Length and repetition: hold a comment that is mostly one thing said over and over.

- `length.repeated_character`: one character makes up at least half of a comment of 20 or more
  visible characters ("aaaaaaa...", a wall of "!" or of one emoji);
- `length.repeated_word`: one word, said at least 10 times, makes up at least half the words;
- `length.repeated_line`: one line, written at least 3 times, makes up at least half the lines;
- `length.repetitive_text`: a comment of 200 characters or more that zlib compresses below a
  tenth of its length, whatever repeats in it ("hahaha...", the same sentence pasted 30 times;
  ordinary prose compresses to about half);
- `length.all_caps`: 40 letters or more, 90% of them capitals. Shouting is rude, not spam: the
  reason is recorded with the action PUBLISH so that moderators see it, and holds nothing.

A very short comment is fine.
"""

from __future__ import annotations

import string
import zlib
from collections import Counter

from gazette.moderation.pipeline import Category, Decision, Draft, Reason
from gazette.moderation.text import word_set, words

MINIMUM_CHARACTERS = 20
CHARACTER_SHARE = 0.5
MINIMUM_WORD_REPEATS = 10
WORD_SHARE = 0.5
MINIMUM_LINE_REPEATS = 3
LINE_SHARE = 0.5
MINIMUM_COMPRESSED_LENGTH = 200
COMPRESSED_SHARE = 0.1
MINIMUM_CAPITALS = 40
CAPITALS_SHARE = 0.9
SAMPLES = 16

_UPPER = string.ascii_uppercase.encode()
_LOWER = string.ascii_lowercase.encode()


def check(draft: Draft) -> list[Reason]:
    text = draft.text
    visible = "".join(text.split())
    if len(visible) < MINIMUM_CHARACTERS:
        return []
    reasons = [
        reason
        for reason in (
            _repeated_character(visible),
            _repeated_word(draft.normalised),
            _repeated_line(text),
        )
        if reason is not None
    ]
    if not reasons and len(text) >= MINIMUM_COMPRESSED_LENGTH:
        reasons.extend(filter(None, [_repetitive_text(text)]))
    reasons.extend(filter(None, [_all_caps(text)]))
    return reasons


def _repeated_character(visible: str) -> Reason | None:
    # A character that makes up half the text is at one of evenly spaced samples.
    step = max(1, len(visible) // SAMPLES)
    count, character = max((visible.count(sample), sample) for sample in set(visible[::step]))
    share = count / len(visible)
    if share < CHARACTER_SHARE:
        return None
    return _hold(
        "length.repeated_character",
        f'the character "{character}" makes up {share:.0%} of the comment',
    )


def _repeated_word(normalised: str) -> Reason | None:
    all_words = words(normalised)
    # With more than half the words distinct plus one, no word can make up half of them.
    if len(all_words) < MINIMUM_WORD_REPEATS or len(word_set(normalised)) * 2 > len(all_words) + 2:
        return None
    word, count = Counter(all_words).most_common(1)[0]
    share = count / len(all_words)
    if count < MINIMUM_WORD_REPEATS or share < WORD_SHARE:
        return None
    return _hold(
        "length.repeated_word", f'the word "{word}" {count} times, {share:.0%} of the words'
    )


def _repeated_line(text: str) -> Reason | None:
    lines = [line.strip().casefold() for line in text.splitlines() if line.strip()]
    if len(lines) < MINIMUM_LINE_REPEATS:
        return None
    line, count = Counter(lines).most_common(1)[0]
    share = count / len(lines)
    if count < MINIMUM_LINE_REPEATS or share < LINE_SHARE:
        return None
    shown = line if len(line) <= 60 else line[:57] + "..."
    return _hold(
        "length.repeated_line", f'the line "{shown}" {count} times, {share:.0%} of the lines'
    )


def _repetitive_text(text: str) -> Reason | None:
    encoded = text.encode()
    share = len(zlib.compress(encoded, 1)) / len(encoded)
    if share >= COMPRESSED_SHARE:
        return None
    return _hold(
        "length.repetitive_text", f"compresses to {share:.0%} of its length: mostly repeated text"
    )


def _all_caps(text: str) -> Reason | None:
    ascii_bytes = text.encode("ascii", "ignore")
    capitals = len(ascii_bytes) - len(ascii_bytes.translate(None, _UPPER))
    if capitals < MINIMUM_CAPITALS:
        return None
    letters = capitals + len(ascii_bytes) - len(ascii_bytes.translate(None, _LOWER))
    share = capitals / letters
    if share < CAPITALS_SHARE:
        return None
    return Reason(
        name="length.all_caps",
        category=Category.SPAM,
        severity=1,
        score=1.0,
        detail=f"{capitals} letters, {share:.0%} of them capitals",
        action=Decision.PUBLISH,
    )


def _hold(name: str, detail: str) -> Reason:
    return Reason(
        name=name,
        category=Category.SPAM,
        severity=1,
        score=1.0,
        detail=detail,
        action=Decision.HOLD,
    )
