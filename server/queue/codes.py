"""Booking codes (`kodebooking`): 13 Crockford base-32 characters, 65 random bits.

Unguessable, easy to read aloud and to type on a kiosk keypad: no I, L, O or U;
typing is forgiving (case, dashes, spaces, O for 0, I or L for 1).
Shown in groups: `K7QD-2M9F-XH3TA`.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 13
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_booking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_booking_code(typed: str) -> str | None:
    """The canonical code for what someone typed or scanned, or None if it cannot be one."""
    code = re.sub(r"[\s\-]", "", typed).upper().translate(_TYPED)
    return code if _VALID.match(code) else None


def format_booking_code(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"
