"""What a patient types to identify themself: NIK, BPJS card number, phone, name, and
the booking code they were given.

Each ``normalize_*`` function returns the canonical form or raises
``PydanticCustomError(code, message, ctx)``. The code is an ``IdentityCode``;
the app translates it, the English message is for developers and logs. Used in a
pydantic model (``nik: Nik``) the code becomes the error's ``type``.

Messages never repeat a whole NIK, card number, phone number or name: they are
personal data and error messages end up in logs.

Pure Python (stdlib, pydantic, phonenumbers): shipped in the Android app too.
"""

import re
import string
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

import phonenumbers
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from api_client.text import one_line


class IdentityCode(StrEnum):
    """Why a NIK, BPJS number, phone, name or reference was refused."""

    nik_not_digits = "nik_not_digits"
    nik_length = "nik_length"
    nik_region = "nik_region"
    nik_birth_date = "nik_birth_date"
    nik_serial = "nik_serial"
    bpjs_not_digits = "bpjs_not_digits"
    bpjs_length = "bpjs_length"
    phone_invalid = "phone_invalid"
    phone_not_mobile = "phone_not_mobile"
    name_empty = "name_empty"
    name_too_long = "name_too_long"
    name_chars = "name_chars"
    name_mixed_script = "name_mixed_script"
    name_not_latin = "name_not_latin"
    birth_date_mismatch = "birth_date_mismatch"
    reference_id_number = "reference_id_number"


ERROR_CODES = tuple(IdentityCode)

NAME_MAX_LENGTH = 100
NIK_LENGTH = 16
BPJS_LENGTH = 13

BOOKING_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base 32: no I, L, O or U, so no character passes for another."""
BOOKING_CODE_LENGTH = 13  # 65 random bits
_BOOKING_CODE_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_BOOKING_CODE = re.compile(f"^[{BOOKING_CODE_ALPHABET}]{{{BOOKING_CODE_LENGTH}}}$")

_SEPARATORS = re.compile(r"[\s.\-]+")  # what people type between digit groups
_ASCII_DIGITS = re.compile(r"[0-9]*")
_PHONE_CHARS = re.compile(r"[0-9+()\s.\-]+")  # no letters: no vanity numbers, no "ext"
_PLAIN_PHONE = re.compile(r"(?:0|\+62)([1-9][0-9]{1,16})")  # at most 17 digits, as `phonenumbers`
_NAME_PUNCTUATION = frozenset(" '.,-")
_ID_NUMBER = re.compile(r"\d{10,}")  # a phone (10-13), a BPJS number (13), a NIK (16)
_NAME_WHITESPACE = re.compile(r"[\t\n\r]")  # typed or pasted into a name: a space
# The letters of a KTP name: A-Z and the accented letters of Latin-1 Supplement and
# Latin Extended-A (é, ñ, ü, ł, ş), without those that pass for another letter or
# two: dotless ı, kra ĸ, long ſ, ŉ, the ĳ ligature, Catalan ŀ. Other "LATIN" letters
# (small capitals ʙ, IPA ɑ, phonetic ᴅ, fullwidth Ｂ, mathematical 𝐁) are look-alikes.
KTP_LETTERS = frozenset(string.ascii_letters) | (
    frozenset(chr(c) for c in range(0xC0, 0x180) if chr(c).isalpha())
    - frozenset("\u0131\u0138\u017f\u0149\u0132\u0133\u013f\u0140")
)
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)

Sex = Literal["F", "M"]


def _digits(value: str, *, code: str, what: str) -> str:
    """Drop separators and insist on ASCII digits."""
    stripped = _SEPARATORS.sub("", value)
    if not _ASCII_DIGITS.fullmatch(stripped):
        raise PydanticCustomError(code, f"{what} must contain only digits")
    return stripped


def normalize_nik(value: str) -> str:
    """Return the 16-digit NIK (``PPKKCC DDMMYY NNNN``) with separators removed.

    Any issuing region is accepted: a NIK says where it was issued, not where the
    person lives, so NIKs from outside Rembang (3317) are valid. Province codes
    start at 11 (Aceh); codes above 94 are allowed for Papua's 2022 provinces.
    """
    nik = _digits(value, code=IdentityCode.nik_not_digits, what="NIK")
    if len(nik) != NIK_LENGTH:
        raise PydanticCustomError(
            IdentityCode.nik_length, "NIK must have 16 digits, got {length}", {"length": len(nik)}
        )
    province, kabupaten, kecamatan = nik[0:2], nik[2:4], nik[4:6]
    if province < "11" or kabupaten == "00" or kecamatan == "00":
        raise PydanticCustomError(
            IdentityCode.nik_region,
            "NIK region code {region} is not a real province/kabupaten/kecamatan",
            {"region": nik[:6]},
        )
    _birth_date(nik, today=date.today())
    if nik[12:] == "0000":
        raise PydanticCustomError(IdentityCode.nik_serial, "NIK serial (last 4 digits) cannot be 0000")
    return nik


def _birth_date(nik: str, *, today: date) -> tuple[date, Sex]:
    """Read DDMMYY from a 16-digit NIK; women have 40 added to the day."""
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex: Sex = "F" if day > 40 else "M"
    if sex == "F":
        day -= 40
    century = 1900 if yy > today.year % 100 else 2000
    try:
        born = date(century + yy, month, day)
        if born > today:  # born later this year: a centenarian, not a newborn-to-be
            born = date(century - 100 + yy, month, day)
    except ValueError:
        raise PydanticCustomError(
            IdentityCode.nik_birth_date,
            "NIK birth date {ddmmyy} is not a real date (DDMMYY, day + 40 for women)",
            {"ddmmyy": nik[6:12]},
        ) from None
    return born, sex


def nik_birth_date(nik: str, *, today: date | None = None) -> tuple[date, Sex]:
    """Return the date of birth and sex (``"F"`` or ``"M"``) written in a NIK.

    A two-digit year after this year's is 19YY, otherwise 20YY; a date that has
    not come yet falls back to 19YY. ``today`` is for tests.
    """
    return _birth_date(normalize_nik(nik), today=today or date.today())


def check_birth_date_matches_nik(nik: str, birth_date: date) -> None:
    """Raise ``birth_date_mismatch`` unless ``birth_date`` is the one in the NIK.

    Only day, month and the last two digits of the year are compared: the NIK
    does not say the century, so a guessed century must not reject a patient.
    """
    born, _ = nik_birth_date(nik)
    if (born.day, born.month, born.year % 100) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        raise PydanticCustomError(
            IdentityCode.birth_date_mismatch, "date of birth differs from the one written in the NIK"
        )


def normalize_bpjs(value: str) -> str:
    """Return the 13-digit BPJS card number, leading zeros kept.

    Non-JKN patients have no card: model that as ``BpjsNumber | None``.
    """
    number = _digits(value, code=IdentityCode.bpjs_not_digits, what="BPJS card number")
    if len(number) != BPJS_LENGTH:
        raise PydanticCustomError(
            IdentityCode.bpjs_length,
            "BPJS card number must have 13 digits, got {length}",
            {"length": len(number)},
        )
    return number


def normalize_phone(value: str) -> str:
    """Return an Indonesian mobile number in E.164 (``+628…``).

    ``08…``, ``628…`` and ``+628…`` are the same number; ``62…`` without ``+`` is
    read as ``+62…``. Landlines raise ``phone_not_mobile``; anything that is not
    an Indonesian number raises ``phone_invalid``.
    """
    invalid = PydanticCustomError(IdentityCode.phone_invalid, "phone number is not a valid Indonesian number")
    text = value.strip()
    if not _PHONE_CHARS.fullmatch(text):
        raise invalid
    if text.startswith("62"):
        text = "+" + text
    number = _parsed_phone(text)
    if number is None:
        raise invalid
    # The type is UNKNOWN exactly when `is_valid_number` says no (one lookup, not two).
    kind = phonenumbers.number_type(number) if number.country_code == 62 else None
    if kind in (None, phonenumbers.PhoneNumberType.UNKNOWN):
        raise invalid
    if kind not in _MOBILE_TYPES:
        raise PydanticCustomError(
            IdentityCode.phone_not_mobile, "phone number must be a mobile (HP) number, not a landline"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parsed_phone(text: str) -> phonenumbers.PhoneNumber | None:
    """`phonenumbers.parse(text, "ID")`, or None where it raises. The plain forms, digits
    after `0` or `+62` with spaces, dots or dashes between (how nearly everyone types a
    number), are read directly: parsing is ~50 µs of a booking's ~1 ms of CPU, and for
    these forms it only drops the separators and the prefix
    (tests/domain/test_identity.py compares the two)."""
    plain = _PLAIN_PHONE.fullmatch(_SEPARATORS.sub("", text))
    if plain is not None:
        return phonenumbers.PhoneNumber(country_code=62, national_number=int(plain[1]))
    try:
        return phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        return None


def normalize_name(value: str) -> str:
    """Return a person's name with runs of whitespace collapsed to one space.

    Allowed: Latin letters (accented too, as on a KTP), spaces, ``'``, ``.``, ``,``
    and ``-``; at least one letter; at most ``NAME_MAX_LENGTH`` characters. Tabs and
    line breaks count as spaces; other control, bidirectional and invisible
    characters are refused (``api_client.text``). Letters of another script are
    refused: mixed with Latin ones they are look-alikes (``"Вudi"`` with a Cyrillic
    В passes for "Budi": ``name_mixed_script``), and a name wholly in another script
    can be a look-alike as well (Cyrillic ``"Аnа"``) and is never what a KTP says
    (``name_not_latin``). "Latin" means ``KTP_LETTERS``: letters whose Unicode name
    starts with LATIN but are small capitals (``"ʙudi"``), IPA or phonetic letters,
    dotless ı, long ſ or fullwidth forms count as another script.
    """
    one_line(_NAME_WHITESPACE.sub(" ", value))
    typed = unicodedata.normalize("NFC", value).replace("\u2019", "'").replace("\u02bc", "'")
    name = " ".join(typed.split())
    if not name:
        raise PydanticCustomError(IdentityCode.name_empty, "name must not be empty")
    if len(name) > NAME_MAX_LENGTH:
        raise PydanticCustomError(
            IdentityCode.name_too_long,
            "name must have at most {max} characters, got {length}",
            {"max": NAME_MAX_LENGTH, "length": len(name)},
        )
    has_letter = any(c.isalpha() for c in name)
    if not has_letter or not all(c.isalpha() or c in _NAME_PUNCTUATION for c in name):
        raise PydanticCustomError(
            IdentityCode.name_chars, "name may contain only letters, spaces and ' . , -"
        )
    latin = [c in KTP_LETTERS for c in name if c.isalpha()]
    if not all(latin):
        if any(latin):
            raise PydanticCustomError(
                "name_mixed_script",
                "name mixes Latin letters with look-alike letters (another script, small "
                "capitals, phonetic or fullwidth letters)",
            )
        raise PydanticCustomError(
            IdentityCode.name_not_latin, "name must be written in Latin letters (A-Z, accents allowed)"
        )
    return name


def no_id_number(value: str) -> str:
    """Refuse a reference (a request's letter number) holding a NIK, BPJS number or
    phone: 10 or more digits in a row, spaces, dots and dashes between them ignored.
    A reference goes into the audit trail, which names no one; write a letter
    number as ``SR/2026/117``."""
    if _ID_NUMBER.search(_SEPARATORS.sub("", value)):
        raise PydanticCustomError(
            IdentityCode.reference_id_number,
            "a reference must not contain a NIK, BPJS or phone number (10 or more digits in a row)",
        )
    return value


def normalize_booking_code(typed: str) -> str | None:
    """The canonical booking code (``kodebooking``) for what someone typed or scanned, or
    None if it cannot be one. Typing is forgiving: case, spaces and dashes, O for 0, I or
    L for 1. Complaint tracking codes have the same form."""
    code = re.sub(r"[\s\-]", "", typed).upper().translate(_BOOKING_CODE_TYPED)
    return code if _BOOKING_CODE.match(code) else None


def format_booking_code(code: str) -> str:
    """``K7QD2M9FXH3TA`` → ``K7QD-2M9F-XH3TA``: easier to read aloud and to type. A code
    of eight characters or fewer is shown as it is."""
    if len(code) <= 8:
        return code
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def spell_booking_code(code: str) -> str:
    """``K7QD2M9FXH3TA`` → ``K 7 Q D, 2 M 9 F, X H 3 T A``: what a screen reader says
    character by character, pausing between the groups `format_booking_code` shows
    (read as a word, "K7QD" would be a guess at a word)."""
    return ", ".join(" ".join(group) for group in format_booking_code(code).split("-"))


def mask_nik(nik: str) -> str:
    """``3317014506900001`` → ``3317********0001`` (for screens and receipts)."""
    if len(nik) != 16:
        raise ValueError("mask_nik expects a normalized 16-digit NIK")
    return f"{nik[:4]}{'*' * 8}{nik[-4:]}"


def mask_bpjs(number: str) -> str:
    """``0001234561234`` → ``*********1234``."""
    if len(number) != 13:
        raise ValueError("mask_bpjs expects a normalized 13-digit BPJS card number")
    return f"{'*' * 9}{number[-4:]}"


def mask_phone(e164: str) -> str:
    """``+6281234565678`` → ``+62812****5678``: length kept, middle hidden."""
    subscriber = e164.removeprefix("+62")
    if subscriber == e164 or len(subscriber) < 8:
        raise ValueError("mask_phone expects a normalized +62 E.164 number")
    return f"+62{subscriber[:3]}{'*' * (len(subscriber) - 7)}{subscriber[-4:]}"


Nik = Annotated[str, AfterValidator(normalize_nik)]
BpjsNumber = Annotated[str, AfterValidator(normalize_bpjs)]
PhoneE164 = Annotated[str, AfterValidator(normalize_phone)]
PersonName = Annotated[str, AfterValidator(normalize_name)]
