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
- Letters and marks that draw nothing are refused as invisible too: the Hangul
  fillers (U+115F, U+1160, U+3164, U+FFA0), the braille blank (U+2800), the
  combining grapheme joiner (U+034F), Khmer's invisible vowels (U+17B4, U+17B5);
  so are private-use characters (``Co``: each font draws them differently, or not
  at all) and code points this Python's Unicode database does not know (``Cn``),
  except in the emoji blocks (U+1F000–U+1FAFF), where a phone may have emoji newer
  than the database.
- Variation selectors are refused except VS15/VS16 (U+FE0E, U+FE0F) right after an
  emoji or a character with an emoji form (``So``, ``Sm``, ``Sk``, a keycap digit,
  ‼ ⁉ ℹ 〰 〽), where they choose text or emoji style.
- At most ``MAX_COMBINING_MARKS`` (3) non-spacing or enclosing marks on one letter:
  enough for Vietnamese (two), Thai (two) or Javanese script (spacing signs do not
  count), not for "Zalgo" text whose stacked marks spill over the lines around it
  (``text_combining_marks``).

Each check raises ``PydanticCustomError(code, message)`` with a code from
``ERROR_CODES``, translated by the app like those of ``api_client.identity``.
Pure Python: shipped in the Android app too.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

ERROR_CODES = (
    "text_control_chars", "text_bidi_chars", "text_invisible_chars", "text_combining_marks",
)
MAX_COMBINING_MARKS = 3

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # marks
)
JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner, joiner
BLANK_LETTERS = frozenset(
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u2800"  # braille pattern blank
    "\u034f"  # combining grapheme joiner
    "\u17b4\u17b5"  # Khmer inherent vowels, "not to be used"
)
EMOJI_STYLE = frozenset("\ufe0e\ufe0f")  # VS15 text style, VS16 emoji style
_EMOJI_BLOCKS = range(0x1F000, 0x1FB00)
_EMOJI_WITHOUT_SYMBOL_CATEGORY = frozenset("#*0123456789\u203c\u2049\u2139\u3030\u303d")
_LINE_BREAKS = frozenset("\n\t")
_SEPARATORS = frozenset("\u2028\u2029\x85")


def _bad(char: str, *, multiline: bool) -> str | None:
    """The code refusing ``char`` on its own (joiners are judged by their neighbours)."""
    if char in BIDI_CONTROLS:
        return "text_bidi_chars"
    category = unicodedata.category(char)
    if category == "Cc" or category == "Cs" or char in _SEPARATORS:
        return None if multiline and char in _LINE_BREAKS else "text_control_chars"
    if (category == "Cf" and char not in JOINERS) or char in BLANK_LETTERS or category == "Co":
        return "text_invisible_chars"
    if category == "Cn" and ord(char) not in _EMOJI_BLOCKS:
        return "text_invisible_chars"
    return None


def _variation_selector(char: str) -> bool:
    code = ord(char)
    return (
        0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
        or 0x180B <= code <= 0x180D or code == 0x180F  # Mongolian free variation selectors
    )


def _takes_emoji_style(before: str) -> bool:
    """``before`` is an emoji or has an emoji form that VS15/VS16 may choose."""
    if not before:
        return False
    return (
        unicodedata.category(before) in ("So", "Sm", "Sk")
        or ord(before) in _EMOJI_BLOCKS
        or before in _EMOJI_WITHOUT_SYMBOL_CATEGORY
    )


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
    message = {
        "text_control_chars": "text must not contain a control character ({codepoint})",
        "text_bidi_chars": "text must not contain a bidirectional control character ({codepoint})",
        "text_invisible_chars": (
            "text must not contain an invisible, private-use or unassigned character ({codepoint})"
        ),
        "text_combining_marks": (
            "text must not stack more than {max} combining marks on one letter ({codepoint})"
        ),
    }[code]
    context: dict[str, object] = {"codepoint": f"U+{ord(char):04X}"}
    if code == "text_combining_marks":
        context["max"] = MAX_COMBINING_MARKS
    return PydanticCustomError(code, message, context)


def check_text(value: str, *, multiline: bool) -> str:
    """Return ``value`` (line ends made ``\\n`` when ``multiline``) or raise."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.isascii() and value.isprintable():  # space to tilde: nothing here to refuse
        return value
    marks = 0  # non-spacing or enclosing marks on the current letter so far
    for n, char in enumerate(value):
        before = value[n - 1] if n else ""
        code = _bad(char, multiline=multiline)
        if code is None and char in JOINERS:
            after = value[n + 1] if n + 1 < len(value) else ""
            code = None if _joins(before, after) else "text_invisible_chars"
        if code is None and _variation_selector(char):
            allowed = char in EMOJI_STYLE and _takes_emoji_style(before)
            code = None if allowed else "text_invisible_chars"
        if unicodedata.category(char) in ("Mn", "Me"):
            marks += 1
        elif char not in JOINERS:  # a joiner between marks does not start a new letter
            marks = 0
        if code is None and marks > MAX_COMBINING_MARKS:
            code = "text_combining_marks"
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
