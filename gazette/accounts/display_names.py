"""The one rule for the names readers show with their comments and on the donor wall.

A display name is normalised (NFKC, outer whitespace stripped, inner runs of spaces collapsed) and
then refused when it could hide or disguise itself: control characters and NUL, text-direction
overrides such as U+202E (which make "moc.evil" read as "live.com"), zero-width and other
invisible characters, and letters buried under stacks of combining marks.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

MAX_LENGTH = 60
# Combining marks a single letter may carry: enough for Vietnamese or pointed Hebrew, not Zalgo.
MAX_MARKS_PER_LETTER = 4
# Letters and symbols that render as blank space, the usual way to post under an empty name.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")
DIRECTION_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_SPACES = re.compile(r"\s+")


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def clean_display_name(value: str) -> str:
    """The display name as stored, or ValidationError with a message the reader can act on."""
    if not isinstance(value, str):
        raise ValidationError("The display name must be text.", code="invalid")
    if len(value) > MAX_LENGTH * 8:
        raise ValidationError(
            f"The display name is too long; the limit is {MAX_LENGTH} characters.",
            code="max_length",
        )
    if "\x00" in value:
        raise ValidationError(
            "The display name contains a NUL character, which is not allowed.", code="nul"
        )
    for char in value:
        category = unicodedata.category(char)
        if char in DIRECTION_CONTROLS:
            raise ValidationError(
                f"The display name contains a text-direction control ({_code_point(char)}), "
                "which could disguise it. Please remove it.",
                code="direction_control",
            )
        if category == "Cs":
            raise ValidationError(
                "The display name contains invalid characters.", code="invalid_characters"
            )
        if category == "Cc" and not char.isspace():
            raise ValidationError(
                f"The display name contains a control character ({_code_point(char)}), "
                "which is not allowed.",
                code="control_character",
            )
        if category == "Cf" or char in BLANK_LOOKING:
            raise ValidationError(
                f"The display name contains an invisible character ({_code_point(char)}), "
                "such as a zero-width space. Please remove it.",
                code="invisible_character",
            )
    if any(char in "\r\n\t\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029" for char in value.strip()):
        raise ValidationError(
            "The display name must be on one line, without tabs.", code="control_character"
        )
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    if not name:
        raise ValidationError("Enter a display name.", code="required")
    if len(name) > MAX_LENGTH:
        raise ValidationError(
            f"The display name is {len(name)} characters long; the limit is {MAX_LENGTH}.",
            code="max_length",
        )
    marks = 0
    for char in name:
        marks = marks + 1 if unicodedata.category(char) in {"Mn", "Me"} else 0
        if marks > MAX_MARKS_PER_LETTER:
            raise ValidationError(
                "The display name stacks too many accents on one letter.", code="stacked_marks"
            )
    return name
