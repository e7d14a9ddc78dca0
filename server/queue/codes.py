"""Booking codes (`kodebooking`): 13 Crockford base-32 characters, 65 random bits.

Unguessable, easy to read aloud and to type on a kiosk keypad; their form (alphabet,
length, forgiving typing, groups of `K7QD-2M9F-XH3TA`) is the contract's
(`api_client.identity`), shared with the app.
"""

from __future__ import annotations

import secrets

from api_client.identity import BOOKING_CODE_ALPHABET as ALPHABET
from api_client.identity import BOOKING_CODE_LENGTH as LENGTH


def new_booking_code() -> str:
    """Five random bits per character, all drawn at once (13 `secrets.choice` calls,
    one read of the system's randomness each, were ~5 % of a booking's CPU)."""
    bits = secrets.randbits(5 * LENGTH)
    return "".join(ALPHABET[(bits >> (5 * place)) & 31] for place in range(LENGTH))
