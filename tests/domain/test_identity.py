"""What a patient types to identify themself: NIK, BPJS card, phone, name."""

from contextlib import contextmanager
from datetime import date

import pytest
from pydantic import BaseModel, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from api_client.identity import (
    BOOKING_CODE_ALPHABET,
    BOOKING_CODE_LENGTH,
    ERROR_CODES,
    BpjsNumber,
    Nik,
    PersonName,
    PhoneE164,
    check_birth_date_matches_nik,
    format_booking_code,
    mask_bpjs,
    mask_nik,
    mask_phone,
    nik_birth_date,
    no_id_number,
    normalize_booking_code,
    normalize_bpjs,
    normalize_name,
    normalize_nik,
    normalize_phone,
    spell_booking_code,
)

# PPKKCC DDMMYY NNNN
REMBANG_WOMAN_NIK = "3317014506900001"  # Sumber, born 5 June 1990 (day 05 + 40)
LASEM_MAN_NIK = "3317141708850002"  # Lasem, born 17 August 1985
JAKARTA_NIK = "3171012001950003"  # Jakarta Selatan, born 20 January 1995
TODAY = date(2026, 11, 28)


@contextmanager
def raises_code(code):
    """The block raises ``code``, and ``code`` is one the app's catalog knows."""
    assert code in ERROR_CODES
    with pytest.raises(PydanticCustomError) as caught:
        yield caught
    assert caught.value.type == code


# NIK


def test_a_rembang_nik_is_accepted():
    assert normalize_nik(REMBANG_WOMAN_NIK) == REMBANG_WOMAN_NIK
    assert normalize_nik(LASEM_MAN_NIK) == LASEM_MAN_NIK


def test_a_nik_issued_outside_rembang_is_accepted():
    assert normalize_nik(JAKARTA_NIK) == JAKARTA_NIK


@pytest.mark.parametrize(
    "typed",
    ["3317 0145 0690 0001", "33.17.01.450690.0001", "331701-450690-0001", " 3317014506900001 "],
)
def test_spaces_dots_and_dashes_between_digits_are_stripped(typed):
    assert normalize_nik(typed) == REMBANG_WOMAN_NIK


def test_a_nik_of_15_digits_is_rejected_with_its_length():
    with raises_code("nik_length") as caught:
        normalize_nik("331701450690001")
    assert caught.value.context == {"length": 15}
    assert caught.value.message() == "NIK must have 16 digits, got 15"


def test_an_empty_nik_has_length_zero():
    with raises_code("nik_length") as caught:
        normalize_nik("")
    assert caught.value.context == {"length": 0}


@pytest.mark.parametrize("typed", ["33170145069O0001", "3317O14506900001x", "NIK3317014506900001"])
def test_a_nik_with_letters_is_rejected(typed):
    with raises_code("nik_not_digits"):
        normalize_nik(typed)


def test_a_nik_with_non_ascii_digits_is_rejected():
    with raises_code("nik_not_digits"):
        normalize_nik("٣٣١٧٠١٤٥٠٦٩٠٠٠٠١")


@pytest.mark.parametrize(
    "nik",
    [
        "0017014506900001",  # province 00
        "1017014506900001",  # province 10: codes start at 11 (Aceh)
        "3300014506900001",  # kabupaten 00
        "3317004506900001",  # kecamatan 00
    ],
)
def test_a_nik_from_no_real_region_is_rejected(nik):
    with raises_code("nik_region"):
        normalize_nik(nik)


def test_a_nik_from_a_new_papua_province_is_accepted():
    assert normalize_nik("9501012001950003") == "9501012001950003"  # Papua Pegunungan


@pytest.mark.parametrize(
    "nik",
    [
        "3317013206900001",  # day 32
        "3317017206900001",  # day 72: a woman's day 32
        "3317010006900001",  # day 00
        "3317011513900001",  # month 13
        "3317011500900001",  # month 00
        "3317013102900001",  # 31 February
        "3317017102900001",  # 31 February, a woman
        "3317012902010001",  # 29 February 2001, not a leap year
    ],
)
def test_a_nik_whose_birth_date_is_not_a_real_date_is_rejected(nik):
    with raises_code("nik_birth_date"):
        normalize_nik(nik)


def test_29_february_of_a_leap_year_is_a_real_birth_date():
    assert normalize_nik("3317012902000001") == "3317012902000001"


def test_a_nik_with_serial_0000_is_rejected():
    with raises_code("nik_serial"):
        normalize_nik("3317014506900000")


def test_error_messages_never_repeat_the_whole_nik():
    for nik in ["3317014506900000", "0017014506900001", "3317013206900001"]:
        with pytest.raises(PydanticCustomError) as caught:
            normalize_nik(nik)
        assert nik not in caught.value.message()


# Birth date and sex written in the NIK


def test_women_have_forty_added_to_birth_day():
    assert nik_birth_date(REMBANG_WOMAN_NIK, today=TODAY) == (date(1990, 6, 5), "F")


def test_men_have_the_birth_day_as_is():
    assert nik_birth_date(LASEM_MAN_NIK, today=TODAY) == (date(1985, 8, 17), "M")


def test_birth_date_can_be_read_from_a_nik_typed_with_spaces():
    assert nik_birth_date("3317 0145 0690 0001", today=TODAY) == (date(1990, 6, 5), "F")


@pytest.mark.parametrize(
    ("ddmmyy", "born"),
    [
        ("150105", date(2005, 1, 15)),
        ("150126", date(2026, 1, 15)),  # this year, already past
        ("150127", date(1927, 1, 15)),  # a year after this one's two digits
        ("151226", date(1926, 12, 15)),  # this year's digits but not yet come
        ("150199", date(1999, 1, 15)),
    ],
)
def test_a_two_digit_year_after_this_years_belongs_to_the_1900s(ddmmyy, born):
    assert nik_birth_date(f"331701{ddmmyy}0001", today=TODAY) == (born, "M")


def test_nik_birth_date_rejects_an_invalid_nik_like_normalize_does():
    with raises_code("nik_length"):
        nik_birth_date("3317")


def test_a_birth_date_matching_the_nik_passes():
    check_birth_date_matches_nik(REMBANG_WOMAN_NIK, date(1990, 6, 5))
    check_birth_date_matches_nik(LASEM_MAN_NIK, date(1985, 8, 17))


def test_a_birth_date_differing_from_the_nik_is_rejected():
    with raises_code("birth_date_mismatch"):
        check_birth_date_matches_nik(REMBANG_WOMAN_NIK, date(1990, 6, 6))


def test_a_patient_over_a_hundred_is_not_rejected_for_the_guessed_century():
    check_birth_date_matches_nik("3317010501240001", date(1924, 1, 5))


# BPJS card number


def test_a_bpjs_number_keeps_its_leading_zeros():
    assert normalize_bpjs("0001234567890") == "0001234567890"


def test_spaces_and_dashes_in_a_bpjs_number_are_stripped():
    assert normalize_bpjs("0001 2345 6789 0") == "0001234567890"
    assert normalize_bpjs("0001-2345-6789-0") == "0001234567890"


@pytest.mark.parametrize(
    ("typed", "length"), [("000123456789", 12), ("00012345678901", 14), ("", 0)]
)
def test_a_bpjs_number_must_have_exactly_13_digits(typed, length):
    with raises_code("bpjs_length") as caught:
        normalize_bpjs(typed)
    assert caught.value.context == {"length": length}
    assert caught.value.message() == f"BPJS card number must have 13 digits, got {length}"


def test_a_bpjs_number_with_letters_is_rejected():
    with raises_code("bpjs_not_digits"):
        normalize_bpjs("000123456789O")


# Phone


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "6281234567890",
        "62 812 3456 7890",
        "+6281234567890",
        "+62 812 3456 7890",
        "+62 (812) 3456-7890",
        "+62 0812 3456 7890",
    ],
)
def test_every_spelling_of_a_mobile_number_becomes_e164(typed):
    assert normalize_phone(typed) == "+6281234567890"


def test_a_rembang_landline_is_not_a_mobile_number():
    with raises_code("phone_not_mobile"):
        normalize_phone("0295 691234")
    with raises_code("phone_not_mobile"):
        normalize_phone("62 295 691234")  # 62… without plus is still +62


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "halo", "12", "08123", "0812345678901234", "0812 ABCD EFGH", "081234567890 ext 5"],
)
def test_something_that_is_not_a_phone_number_is_invalid(typed):
    with raises_code("phone_invalid"):
        normalize_phone(typed)


def test_the_plain_forms_read_directly_are_read_as_phonenumbers_parses_them():
    """`_parsed_phone` skips `phonenumbers.parse` for digits after `0` or `+62`; what
    a patient then gets (the number's kind and its E.164, or "invalid") must be what
    the library's own parse gives, at every length and every first digit."""
    import random

    import phonenumbers

    from api_client.identity import _parsed_phone

    def outcome(number):  # type: ignore[no-untyped-def]
        kind = number and phonenumbers.number_type(number)
        if kind in (None, phonenumbers.PhoneNumberType.UNKNOWN):  # both refused as invalid
            return None
        return kind, phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164)

    def parsed(text):  # type: ignore[no-untyped-def]
        try:
            return phonenumbers.parse(text, "ID")
        except phonenumbers.NumberParseException:
            return None

    draw = random.Random(19)
    typed = [prefix + first + "".join(draw.choices("0123456789", k=length))
             for prefix in ("0", "+62", "00", "+620")
             for first in "0123456789"
             for length in range(0, 19)
             for _ in range(3)]
    typed += ["081234567890", "+6281234567890", "0295691234", "+62295691234", "0811", "08"]
    # Spaces, dots and dashes anywhere, even doubled or around the prefix.
    typed += ["".join(c + draw.choice(["", "", " ", "-", ".", "  ", " - "]) for c in text).strip()
              for text in typed]
    kinds = set()
    for text in typed:
        expected = outcome(parsed(text))
        assert outcome(_parsed_phone(text)) == expected, text
        kinds.add(expected and expected[0])
    # The sample reaches mobiles, landlines and what is no number at all.
    assert {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE, None} <= kinds


def test_a_foreign_number_is_not_accepted():
    with raises_code("phone_invalid"):
        normalize_phone("+1 650 253 0000")


def test_phone_error_messages_never_repeat_the_number():
    for typed in ["0295 691234", "0812345678901234"]:
        with pytest.raises(PydanticCustomError) as caught:
            normalize_phone(typed)
        assert typed not in caught.value.message()
        assert "691234" not in caught.value.message()


# Names


@pytest.mark.parametrize(
    "name",
    [
        "Siti Aminah",
        "Raden Ajeng Kartini",
        "Sérgio Ñúñez",
        "O'Neil",
        "dr. Sutomo, Sp.PD",
        "Nur-Aini",
    ],
)
def test_ordinary_names_are_accepted_as_typed(name):
    assert normalize_name(name) == name


def test_repeated_spaces_in_a_name_collapse_and_the_ends_are_stripped():
    assert normalize_name("  Siti   Aminah \t") == "Siti Aminah"


def test_a_curly_apostrophe_from_a_phone_keyboard_becomes_a_straight_one():
    assert normalize_name("O\u2019Neil") == "O'Neil"


def test_an_accent_typed_as_a_combining_mark_is_accepted():
    assert normalize_name("Se\u0301rgio") == "Sérgio"


@pytest.mark.parametrize("typed", ["", "   ", "\n"])
def test_an_empty_name_is_rejected(typed):
    with raises_code("name_empty"):
        normalize_name(typed)


def test_a_name_of_100_characters_is_accepted_but_101_is_too_long():
    assert normalize_name("A" * 100) == "A" * 100
    with raises_code("name_too_long") as caught:
        normalize_name("A" * 101)
    assert caught.value.context["max"] == 100


@pytest.mark.parametrize("typed", ["Siti 2", "Budi!", "Budi 🙂", "<script>", "Ani/Ana", "-", ". ,"])
def test_a_name_with_other_characters_or_no_letters_is_rejected(typed):
    with raises_code("name_chars"):
        normalize_name(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "\u0412udi",  # Cyrillic В + "udi": looks like "Budi"
        "Siti \u0391minah",  # Greek Alpha
        "P\u0430ijo",  # Cyrillic а
    ],
)
def test_a_name_mixing_latin_with_look_alike_letters_of_another_script_is_refused(typed):
    with raises_code("name_mixed_script"):
        normalize_name(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "\u0299udi",  # ʙ LATIN LETTER SMALL CAPITAL B
        "Bud\u0131",  # ı dotless i
        "\u017fiti",  # ſ long s: looks like "fiti" or "siti"
        "\u0138arto",  # ĸ kra
        "Dew\u0269",  # ɩ LATIN SMALL LETTER IOTA (IPA block)
        "\u0250gus",  # ɐ turned a
        "\u1d05ewi",  # ᴅ LATIN LETTER SMALL CAPITAL D (phonetic extensions)
        "Siti \u1d43minah",  # ᵃ modifier letter small a
        "Budi \uff33antoso",  # fullwidth Ｓ
        "\u0132sbrand",  # Ĳ ligature for "IJ"
    ],
)
def test_a_name_with_latin_look_alikes_beyond_a_ktps_letters_is_refused(typed):
    with raises_code("name_mixed_script"):
        normalize_name(typed)


@pytest.mark.parametrize("typed", ["\uff22\uff55\uff44\uff49", "\u0299\u1d1c\u1d05\u026a"])
def test_a_name_wholly_in_fullwidth_or_small_capital_letters_is_refused(typed):
    with raises_code("name_not_latin"):
        normalize_name(typed)


@pytest.mark.parametrize(
    "name", ["Zoë Ångström", "Łukasz Śliwiński", "Şükrü Çelik", "François Øster", "Ñoño Müller"]
)
def test_accented_letters_of_latin_1_and_latin_extended_a_are_kept(name):
    assert normalize_name(name) == name


@pytest.mark.parametrize("typed", ["\u0410\u043d\u0430", "\u0391\u03bd\u03b1", "\u0633\u062a\u064a"])
def test_a_name_wholly_in_another_script_is_refused_because_a_ktp_writes_names_in_latin(typed):
    with raises_code("name_not_latin"):
        normalize_name(typed)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Bu\u202edi", "text_bidi_chars"),
        ("Budi\u2066", "text_bidi_chars"),
        ("Bu\u200bdi", "text_invisible_chars"),
        ("Ad\u200dmin", "text_invisible_chars"),
        ("Bu\x1bdi", "text_control_chars"),
        ("Budi\u2028Santoso", "text_control_chars"),
    ],
)
def test_a_name_hiding_control_bidi_or_invisible_characters_is_refused(typed, code):
    with pytest.raises(PydanticCustomError) as caught:  # codes of api_client.text
        normalize_name(typed)
    assert caught.value.type == code


def test_indonesian_names_with_apostrophes_dots_and_hyphens_stay_accepted():
    assert normalize_name("Ma'ruf Amin") == "Ma'ruf Amin"
    assert normalize_name("M. Nur-Hidayat") == "M. Nur-Hidayat"
    assert normalize_name("Ma\u02bcruf") == "Ma'ruf"


# Masks


def test_a_nik_is_masked_to_its_first_and_last_four_digits():
    assert mask_nik(REMBANG_WOMAN_NIK) == "3317********0001"


def test_a_bpjs_number_is_masked_to_its_last_four_digits():
    assert mask_bpjs("0001234561234") == "*********1234"


def test_a_phone_is_masked_to_its_operator_prefix_and_last_four_digits():
    assert mask_phone("+6281234565678") == "+62812****5678"
    assert mask_phone("+62812345678") == "+62812**5678"


def test_masking_something_not_normalized_fails_loudly_instead_of_leaking_it():
    with pytest.raises(ValueError):
        mask_nik("3317 0145 0690 0001")
    with pytest.raises(ValueError):
        mask_bpjs("1234")
    with pytest.raises(ValueError):
        mask_phone("081234565678")


# Inside pydantic models


class Patient(BaseModel):
    nik: Nik
    name: PersonName
    phone: PhoneE164
    bpjs: BpjsNumber | None = None


class Registration(Patient):
    birth_date: date

    @model_validator(mode="after")
    def birth_date_matches_nik(self):
        check_birth_date_matches_nik(self.nik, self.birth_date)
        return self


def test_a_model_stores_the_normalized_values():
    patient = Patient(
        nik="3317 0145 0690 0001",
        name=" Siti  Aminah ",
        phone="0812-3456-7890",
        bpjs="0001 2345 6789 0",
    )
    assert (patient.nik, patient.name, patient.phone, patient.bpjs) == (
        REMBANG_WOMAN_NIK,
        "Siti Aminah",
        "+6281234567890",
        "0001234567890",
    )


def test_a_patient_without_a_bpjs_card_is_accepted():
    assert Patient(nik=JAKARTA_NIK, name="Budi", phone="081234567890").bpjs is None


def test_the_error_codes_come_out_as_the_pydantic_error_type():
    with pytest.raises(ValidationError) as caught:
        Patient(nik="331701450690001", name="Budi 2", phone="0295 691234", bpjs="12")
    errors = {e["loc"][0]: e for e in caught.value.errors()}
    assert {field: e["type"] for field, e in errors.items()} == {
        "nik": "nik_length",
        "name": "name_chars",
        "phone": "phone_not_mobile",
        "bpjs": "bpjs_length",
    }
    assert errors["nik"]["ctx"] == {"length": 15}
    assert errors["nik"]["msg"] == "NIK must have 16 digits, got 15"
    assert caught.value.json()  # ctx is JSON-serialisable for the API's 422 body


def test_a_birth_date_mismatch_comes_out_as_a_model_error():
    fields = {"nik": REMBANG_WOMAN_NIK, "name": "Siti", "phone": "081234567890"}
    assert Registration(**fields, birth_date=date(1990, 6, 5)).birth_date == date(1990, 6, 5)
    with pytest.raises(ValidationError) as caught:
        Registration(**fields, birth_date=date(1990, 6, 15))
    assert [e["type"] for e in caught.value.errors()] == ["birth_date_mismatch"]


ONE_FAILURE_PER_CODE = {
    "nik_not_digits": lambda: normalize_nik("abc"),
    "nik_length": lambda: normalize_nik("3317"),
    "nik_region": lambda: normalize_nik("0017014506900001"),
    "nik_birth_date": lambda: normalize_nik("3317013206900001"),
    "nik_serial": lambda: normalize_nik("3317014506900000"),
    "bpjs_not_digits": lambda: normalize_bpjs("abc"),
    "bpjs_length": lambda: normalize_bpjs("123"),
    "phone_invalid": lambda: normalize_phone("abc"),
    "phone_not_mobile": lambda: normalize_phone("0295 691234"),
    "name_empty": lambda: normalize_name(""),
    "name_too_long": lambda: normalize_name("A" * 101),
    "name_chars": lambda: normalize_name("R2D2"),
    "name_mixed_script": lambda: normalize_name("\u0412udi"),
    "name_not_latin": lambda: normalize_name("\u0410\u043d\u0430"),
    "birth_date_mismatch": lambda: check_birth_date_matches_nik(
        REMBANG_WOMAN_NIK, date(2000, 1, 1)
    ),
    "reference_id_number": lambda: no_id_number(f"KTP {REMBANG_WOMAN_NIK}"),
}


@pytest.mark.parametrize(
    "reference", ["SR/2026/117", "440/1234/XI/2026", "KTP dicek loket 3", "SR-2026-0001"]
)
def test_a_request_reference_with_short_numbers_is_kept(reference):
    assert no_id_number(reference) == reference


@pytest.mark.parametrize(
    "reference",
    ["KTP 3317014506900001", "3317 0145 0690 0001", "HP 0812-3456-7890", "BPJS 0001234567890"],
)
def test_a_request_reference_holding_a_nik_phone_or_bpjs_number_is_refused(reference):
    with raises_code("reference_id_number") as caught:
        no_id_number(reference)
    assert "0001" not in caught.value.message()


def test_error_codes_lists_exactly_the_codes_that_can_be_raised():
    assert sorted(ERROR_CODES) == sorted(ONE_FAILURE_PER_CODE)
    assert len(set(ERROR_CODES)) == len(ERROR_CODES)


@pytest.mark.parametrize("code", ERROR_CODES)
def test_every_listed_code_is_raised_with_an_english_message(code):
    with raises_code(code) as caught:
        ONE_FAILURE_PER_CODE[code]()
    assert caught.value.message()


# ---------------------------------------------------------------- booking codes


@pytest.mark.parametrize(
    "typed", ["K7QD2M9FXH3TA", "k7qd-2m9f-xh3ta", " K7QD 2M9F XH3TA ", "K7QD-2M9F-XH3TA"]
)
def test_a_booking_code_may_be_typed_in_small_letters_with_spaces_or_dashes(typed):
    assert normalize_booking_code(typed) == "K7QD2M9FXH3TA"


def test_o_i_and_l_typed_in_a_booking_code_are_read_as_the_digits_they_look_like():
    assert normalize_booking_code("1OIL-0000-00000") == "1011000000000"


@pytest.mark.parametrize("typed", ["K7QD2M9FXH3T", "K7QD2M9FXH3TAA", "K7QD2M9FXH3TU", "K7QD2M9FXH3T!", ""])
def test_what_cannot_be_a_booking_code_is_refused(typed):
    assert normalize_booking_code(typed) is None


def test_the_app_shows_a_booking_code_in_groups_it_can_be_typed_back_from():
    shown = format_booking_code("K7QD2M9FXH3TA")
    assert shown == "K7QD-2M9F-XH3TA"
    assert normalize_booking_code(shown) == "K7QD2M9FXH3TA"
    assert len("K7QD2M9FXH3TA") == BOOKING_CODE_LENGTH


def test_a_booking_code_is_spelled_out_group_by_group_for_a_screen_reader():
    assert spell_booking_code("K7QD2M9FXH3TA") == "K 7 Q D, 2 M 9 F, X H 3 T A"
    assert spell_booking_code("AB12") == "A B 1 2"


def test_the_service_issues_codes_of_the_shared_form():
    from server.queue.codes import new_booking_code

    for _ in range(50):
        code = new_booking_code()
        assert normalize_booking_code(code) == code
        assert set(code) <= set(BOOKING_CODE_ALPHABET) and not set(code) & set("ILOU")
