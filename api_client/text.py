"""Free text people type (complaints, replies, announcements, counter names): no
characters that hide or reorder what a reader sees.

- Control characters (``Cc``, line and paragraph separators, surrogates) are
  refused; multi-line text keeps newlines and tabs (``\\r\\n`` and ``\\r`` become
  ``\\n``), one-line text keeps neither.
- Bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E,
  U+2066–U+2069, U+200E, U+200F, U+061C) are refused everywhere: they make a text
  read differently from what it stores ("Trojan Source").
- Invisible format characters are refused, except a zero-width joiner or
  non-joiner between two letters of a non-Latin script or two emoji, where it shapes
  the script or joins the emoji (👨‍👩‍👧); between Latin letters, next to a space or
  at an end it only hides text ("ad\\u200dmin" looks like "admin").

Each check raises ``PydanticCustomError(code, message)`` with a code from
``ERROR_CODES``, translated by the app like those of ``api_client.identity``.
Pure Python: shipped in the Android app too.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

ERROR_CODES = ("text_control_chars", "text_bidi_chars", "text_invisible_chars")

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # marks
)
JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner, joiner
_LINE_BREAKS = frozenset("\n\t")
_SEPARATORS = frozenset("\u2028\u2029\x85")


def _bad(char: str, *, multiline: bool) -> str | None:
    """The code refusing ``char`` on its own (joiners are judged by their neighbours)."""
    if char in BIDI_CONTROLS:
        return "text_bidi_chars"
    category = unicodedata.category(char)
    if category == "Cc" or category == "Cs" or char in _SEPARATORS:
        return None if multiline and char in _LINE_BREAKS else "text_control_chars"
    if category == "Cf" and char not in JOINERS:
        return "text_invisible_chars"
    return None


def _joins(before: str, after: str) -> bool:
    """A joiner has a purpose only between two characters of a script that joins or
    of an emoji sequence: neither a space, nor ASCII, nor a Latin letter."""
    return all(
        c and not c.isspace() and not c.isascii()
        and not unicodedata.name(c, "").startswith("LATIN ")
        for c in (before, after)
    )


def _refuse(code: str, char: str) -> PydanticCustomError:
    # The code point only: a message never repeats the text (it may be personal data).
    what = {
        "text_control_chars": "a control character",
        "text_bidi_chars": "a bidirectional control character",
        "text_invisible_chars": "an invisible character",
    }[code]
    return PydanticCustomError(
        code, f"text must not contain {what} ({{codepoint}})", {"codepoint": f"U+{ord(char):04X}"}
    )


def check_text(value: str, *, multiline: bool) -> str:
    """Return ``value`` (line ends made ``\\n`` when ``multiline``) or raise."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    for n, char in enumerate(value):
        code = _bad(char, multiline=multiline)
        if code is None and char in JOINERS:
            before = value[n - 1] if n else ""
            after = value[n + 1] if n + 1 < len(value) else ""
            code = None if _joins(before, after) else "text_invisible_chars"
        if code is not None:
            raise _refuse(code, char)
    return value


def one_line(value: str) -> str:
    return check_text(value, multiline=False)


def multi_line(value: str) -> str:
    return check_text(value, multiline=True)


OneLineText = Annotated[str, AfterValidator(one_line)]
"""A title, a counter name, a version: no line breaks, no hidden characters."""

MultiLineText = Annotated[str, AfterValidator(multi_line)]
"""A complaint, a reply, an announcement body: newlines and tabs allowed."""
