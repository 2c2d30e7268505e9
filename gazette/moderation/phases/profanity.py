"""Profanity and slurs: a short English list, matched as whole words on the normalised text.

Whole words keep "Scunthorpe", "assassin" and "classic" clean, and the normalised text catches
"sh1t", "f u c k", "ƒuck" and "fuuuuck". The policy decides what a match does: `ALLOW` records
nothing, `MASK` publishes the comment and records the reason (the rendered text goes through
`mask`), `HOLD` holds it for a moderator. Slurs are listed apart so that they carry severity 2.

Mild words (damn, hell, crap, bloody) are left out on purpose, and so are words with a common
innocent sense (cock, dick, prick, fag, chink, dyke, coon, bugger).
"""

from __future__ import annotations

import re
from typing import cast

from gazette.moderation.pipeline import Category, Decision, Draft, Reason
from gazette.moderation.policies import Policy, ProfanityMode
from gazette.moderation.text import forms, normalise, word_set

_PROFANITY_LIST = """
    fuck fucks fucked fucker fuckers fucking fuckin fuckface fuckhead fuckheads fuckwit fuckwits
    motherfucker motherfuckers motherfucking clusterfuck
    shit shits shitty shitting shitted shithead shitheads shithole shitholes shite bullshit
    bullshitting horseshit dipshit dipshits batshit
    ass asses asshole assholes arse arsehole arseholes dumbass jackass smartass
    bastard bastards bitch bitches bitching bitchy
    cunt cunts twat twats wanker wankers wank wanking dickhead dickheads cocksucker cocksuckers
    piss pissed pissing pisses bollocks goddamn goddamned goddam
    slut sluts slutty whore whores
"""
_SLUR_LIST = """
    nigger niggers nigga niggas faggot faggots retard retards retarded spic spics kike kikes
    wetback wetbacks raghead ragheads towelhead towelheads gook gooks tranny trannies paki pakis
"""
PROFANITY = frozenset(_PROFANITY_LIST.split())
SLURS = frozenset(_SLUR_LIST.split())
PROFANE = PROFANITY | SLURS

_ACTIONS = {ProfanityMode.MASK: Decision.PUBLISH, ProfanityMode.HOLD: Decision.HOLD}

# A candidate word in the original text: single characters spaced by one repeated separator
# ("f.u.c.k", "f u c k"), or a run of characters without spaces or clause punctuation.
_CANDIDATE = re.compile(
    r"(?<![^\W_])(?:[^\W_]|[@$])(?P<separator>[ .\-_*·•~+/|,])"
    r"(?:(?:[^\W_]|[@$])(?P=separator))+(?:[^\W_]|[@$])(?![^\W_])"
    r"|[^\s\-–—/,;:()\[\]{}<>\"“”«»?…]+"
)
_BATCH_SEPARATOR = "\x00"  # survives normalisation, joins nothing
_PART = re.compile(r"[^.'_*]+")
_EDGE = re.compile(r"^[^\w@$]+|[^\w@$]+$")


def check(draft: Draft) -> list[Reason]:
    action = _ACTIONS.get(cast(Policy, draft.policy).profanity)
    if action is None:
        return []
    found = profane_words(draft.text, draft.normalised)
    reasons = []
    for name, severity, listed in (
        ("profanity.word_list", 1, PROFANITY),
        ("profanity.slur", 2, SLURS),
    ):
        matched = sorted(found & listed)
        if matched:
            quoted = ", ".join(f'"{word}"' for word in matched)
            masked = "; masked when shown" if action == Decision.PUBLISH else ""
            reasons.append(
                Reason(
                    name=name,
                    category=Category.PROFANITY,
                    severity=severity,
                    score=1.0,
                    detail=f"matched {quoted}{masked} (rule: {name})",
                    action=action,
                )
            )
    return reasons


def profane_words(text: str, normalised: str) -> frozenset[str]:
    """The listed words in `text`, in every spelling `forms` gives."""
    found: frozenset[str] = frozenset()
    for spelling in forms(text, normalised):
        found |= PROFANE.intersection(word_set(spelling))
    return found


def mask(text: str) -> str:
    """`text` with each profane word replaced by its first letter and asterisks ("f***"),
    however it was spelled ("sh1t" -> "s***", "f u c k" -> "f***"); the rest untouched."""
    found = profane_words(text, normalise(text))
    if not found:
        return text
    candidates = list(_CANDIDATE.finditer(text))
    pieces = []
    last = 0
    for index in sorted(_suspects([candidate.group() for candidate in candidates], found)):
        candidate = candidates[index]
        masked = _masked(candidate.group(), candidate["separator"])
        if masked is not None:
            pieces += [text[last : candidate.start()], masked]
            last = candidate.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _suspects(candidates: list[str], found: frozenset[str]) -> set[int]:
    """The indexes of the candidates that may hold one of the `found` words, from one
    normalisation of them all (normalising each on its own costs ten times more)."""
    batch = _BATCH_SEPARATOR.join(candidates)
    suspects: set[int] = set()
    for spelling in forms(batch, normalise(batch)):
        if spelling.count(_BATCH_SEPARATOR) != len(candidates) - 1:
            return set(range(len(candidates)))
        for word in found:
            position = spelling.find(word)
            while position != -1:
                suspects.add(spelling.count(_BATCH_SEPARATOR, 0, position))
                position = spelling.find(word, position + 1)
    return suspects


def _masked(candidate: str, separator: str | None) -> str | None:
    """The candidate with its profane words masked, or None when it has none."""
    if separator is None and not candidate.isalpha():
        parts = list(_PART.finditer(candidate))
        if len(parts) > 1 and any(_is_profane(part.group()) for part in parts):
            pieces, last = [], 0
            for part in parts:
                if _is_profane(part.group()):
                    pieces += [candidate[last : part.start()], _stars(part.group())]
                    last = part.end()
            return "".join(pieces) + candidate[last:]
    if not _is_profane(candidate):
        return None
    return _stars(candidate, separator)


def _is_profane(candidate: str) -> bool:
    if candidate.isascii() and candidate.isalpha():
        return candidate.lower() in PROFANE
    return bool(profane_words(candidate, normalise(candidate)))


def _stars(word: str, separator: str | None = None) -> str:
    """The first character of the word, then an asterisk for each visible character after it;
    punctuation around the word is kept, separators and invisible characters dropped."""
    core = _EDGE.sub("", word)
    if not core:
        return word
    start = word.index(core)
    visible = [
        character
        for character in core[1:]
        if character.isprintable() and character != separator and not character.isspace()
    ]
    return word[:start] + core[0] + "*" * len(visible) + word[start + len(core) :]
