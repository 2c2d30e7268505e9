"""Normalised text for the text phases: one spelling for the many ways a word can be disguised.

`normalise` is computed once per draft (`Draft.normalised`); the phases match their words and
rules on it, never on the raw text. In order, it:

1. removes zero-width and bidi-control characters and the soft hyphen (`INVISIBLE`), and folds
   typographic quotes to `'` and `"`;
2. applies Unicode NFKC (fullwidth and mathematical letters become plain ones), dropping the
   combining marks that NFKD separates out, so "kíll" and "k̶i̶l̶l̶" read "kill";
3. casefolds;
4. folds the Cyrillic and Greek letters that commonly spoof Latin ones to those (`CONFUSABLES`,
   a small explicit table), so "кіll" reads "kill". It folds them everywhere, Russian and Greek
   words too: they then read oddly ("сор" reads "cop"), which is harmless because the word lists
   are normalised the same way and no English rule is written in those letters;
5. joins single characters spaced by one repeated separator ("k.i.l.l", "k i l l", "k-i-l-l"),
   when there are at least three of them ("e.g." and "u.s." stay);
6. folds leetspeak (`LEET`: 0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s, and "!" between letters
   →i) only inside words that also contain a letter, so "15 soldiers" stays; a doubled "1" or
   one ending a word after an "l" reads "l" ("ki11", "kil1"), others "i" ("l1ve");
7. collapses whitespace to single spaces;
8. folds a letter repeated three or more times to two ("goooood" → "good", "killll" → "kill").

Folding stretched letters to two keeps real double letters ("good", "kill", "ass"), but leaves
"kiiiill" as "kiill". So the phases match every spelling `forms` returns: the normalised text and,
when it had stretched letters, the same text with those runs folded to one letter ("kiiiill" →
"kill", "shiiiit" → "shit"), and with stretched vowels folded to one and stretched consonants to
two ("kiiilllll" → "kill", "aaaassss" → "ass"). Runs of two are never folded, which keeps "good"
from reading "god"; a word stretched on purpose may still read as a shorter one ("goooood" also
reads "god").

No library does this for us: `unidecode` transliterates by sound (Cyrillic "р" becomes "r", not
the "p" it imitates) and `confusable_homoglyphs` detects mixed scripts but does not fold them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c\u200d"  # zero-width space, non-joiner, joiner
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte order mark, zero-width no-break space
)
_QUOTES = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"'}  # fmt: skip
_INVISIBLE_REPLACEMENTS = dict.fromkeys(INVISIBLE, "")
_SCRUB = {**_INVISIBLE_REPLACEMENTS, **_QUOTES}

# Combining marks left once NFKD has taken letters apart: accents, strike-through, "zalgo".
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")

# Lower-case letters only: normalise casefolds before it looks them up.
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "н": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "м": "m", "о": "o", "р": "p", "ԛ": "q", "с": "c", "ѕ": "s", "т": "t", "у": "y",
    "х": "x", "ԁ": "d", "ԝ": "w",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y",
    # Latin letters that Unicode does not decompose
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ƒ": "f",
}  # fmt: skip

# Three or more single characters with the same separator between each: "k.i.l.l", "k i l l".
# The match starts at the first separator (a pattern that starts with a character class is
# searched quickly); the lookbehind checks the single character before it.
_SPACED = re.compile(
    r"(?P<separator>[ .\-_*·•~+/|,])(?<=(?<![^\W_])(?<![@$])(?:[^\W_]|[@$]).)"
    r"(?:[^\W_]|[@$])(?:(?P=separator)(?:[^\W_]|[@$]))+(?![^\W_])(?![@$])"
)

LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_CHARACTER = re.compile("[013457@$]")
_BANG_BETWEEN_LETTERS = re.compile(r"!(?<=[^\W\d_]!)(?=[^\W\d_])")

# Any character three times or more; the callbacks fold letters only. (A pattern for letters
# alone is several times slower on text outside ASCII.)
_RUN = re.compile(r"(.)\1\1+", re.DOTALL)

_PUNCTUATION = '!"#%&()*+,-./:;<=>?[\\]^_`{|}~@$'
_SEPARATORS = str.maketrans(dict.fromkeys(_PUNCTUATION, " "))
_SEPARATOR_REPLACEMENTS = dict.fromkeys(_PUNCTUATION + "—–…•·¡¿", " ")
_EDGE_APOSTROPHE = re.compile(r"'(?:(?![^\W_])|(?<![^\W_]'))")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def normalise(text: str) -> str:
    """The text the phases match on (see the module docstring for each step)."""
    return _RUN.sub(_fold_run_to_two, _unstretched(text))


@lru_cache(maxsize=32)
def forms(text: str, normalised: str) -> tuple[str, ...]:
    """Every spelling of `text` a phase should match: `normalised` first, then, when `text` had
    letters stretched three times or more, the same text with those runs folded to one letter,
    and with stretched vowels folded to one and stretched consonants to two ("kiiilllll")."""
    unstretched = _unstretched(text)
    if not any(run[1].isalpha() for run in _RUN.finditer(unstretched)):
        return (normalised,)
    single = _RUN.sub(_fold_run_to_one, unstretched)
    mixed = _RUN.sub(_fold_run_by_letter, unstretched)
    return tuple(dict.fromkeys((normalised, single, mixed)))


def words(normalised: str) -> list[str]:
    """The words of a normalised text, apostrophes kept inside them ("you're")."""
    is_ascii = normalised.isascii()
    if is_ascii:
        spaced = normalised.translate(_SEPARATORS)
    else:
        spaced = _replace_each(normalised, _SEPARATOR_REPLACEMENTS)
    if "'" in spaced:
        spaced = _EDGE_APOSTROPHE.sub(" ", spaced)
    if is_ascii:
        return spaced.split()
    # Outside ASCII a token may still hold symbols (emoji, other punctuation): only those go
    # through the slower pattern.
    found: list[str] = []
    for token in spaced.split():
        if token.isalnum() or token.replace("'", "").isalnum():
            found.append(token)
        else:
            found.extend(_WORD.findall(token))
    return found


@lru_cache(maxsize=32)
def word_set(normalised: str) -> frozenset[str]:
    """The distinct words of a normalised text, cached: several phases look words up."""
    return frozenset(words(normalised))


def strip_invisible(text: str) -> str:
    """`text` without zero-width and bidi-control characters and soft hyphens."""
    return text if text.isascii() else _replace_each(text, _INVISIBLE_REPLACEMENTS)


@lru_cache(maxsize=32)
def _unstretched(text: str) -> str:
    """Steps 1 to 7, cached so that `forms` does not repeat them for each phase."""
    if text.isascii():
        folded = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", _replace_each(text, _SCRUB))
        folded = unicodedata.normalize("NFC", _MARKS.sub("", decomposed)).casefold()
        folded = _replace_each(folded, CONFUSABLES)
    if "!" in folded:
        folded = _BANG_BETWEEN_LETTERS.sub("i", folded)
    folded = _SPACED.sub(_join_spaced, folded)
    folded = _LEET_CHARACTER.sub(_fold_leet, folded)
    return " ".join(folded.split())


def _replace_each(text: str, replacements: dict[str, str]) -> str:
    """`text` with each key of `replacements` replaced by its value. (`str.translate` with a
    mapping costs a dictionary look-up per character: many times slower outside ASCII.)"""
    for old, new in replacements.items():
        if old in text:
            text = text.replace(old, new)
    return text


def _fold_run_to_two(match: re.Match[str]) -> str:
    letter = match[1]
    return letter * 2 if letter.isalpha() else match.group()


def _fold_run_to_one(match: re.Match[str]) -> str:
    letter = match[1]
    return letter if letter.isalpha() else match.group()


def _fold_run_by_letter(match: re.Match[str]) -> str:
    letter = match[1]
    if not letter.isalpha():
        return match.group()
    return letter if letter in "aeiouy" else letter * 2


def _join_spaced(match: re.Match[str]) -> str:
    return match.group().replace(match["separator"], "")


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character in "@$"


def _fold_leet(match: re.Match[str]) -> str:
    """One leet character, folded only when its word (letters, digits, "@", "$") has a letter."""
    text, character = match.string, match.group()
    start = end = match.start()
    while start > 0 and _is_word_character(text[start - 1]):
        start -= 1
    while end + 1 < len(text) and _is_word_character(text[end + 1]):
        end += 1
    word = text[start : end + 1]
    if not any(letter.isalpha() for letter in word):
        return character
    if character == "1":
        before = text[match.start() - 1] if match.start() > start else ""
        after = text[match.start() + 1] if match.start() < end else ""
        return "l" if "1" in (before, after) or (before == "l" and not after.isalpha()) else "i"
    return LEET[character]
