"""A booking code and the phone number it was made with: how someone without an
account shows a booking is theirs (Cari tiket saya, Data saya). Checked on the
device first, so a typo gets its sentence at the field before anything is sent."""

from __future__ import annotations

from pydantic_core import PydanticCustomError

from api_client.identity import normalize_phone
from session.i18n import Translator, error_message

CODE_MAX_LENGTH = 40  # BookingLookup.booking_code


def proof_errors(t: Translator, code: str, phone: str) -> dict[str, str]:
    """Field ("code", "phone") → the sentence to show under it; empty when both are fine."""
    found: dict[str, str] = {}
    if not code.strip():
        found["code"] = error_message(t, "missing")
    elif len(code.strip()) > CODE_MAX_LENGTH:
        found["code"] = error_message(t, "string_too_long", {"max_length": CODE_MAX_LENGTH})
    if not phone.strip():
        found["phone"] = error_message(t, "missing")
    else:
        try:
            normalize_phone(phone)
        except PydanticCustomError as err:
            found["phone"] = error_message(t, err.type, err.context)
    return found
