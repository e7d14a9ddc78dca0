"""Free text (complaints, replies, announcements) keeps what people write and refuses
characters that hide or reorder what a reader sees (api_client/text.py)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from api_client.models import AnnouncementCreate, ComplaintCreate, ComplaintReply
from api_client.text import ERROR_CODES, multi_line, one_line


def code_of(call, value):  # type: ignore[no-untyped-def]
    with pytest.raises(PydanticCustomError) as caught:
        call(value)
    assert caught.value.type in ERROR_CODES
    return caught.value.type


def test_ordinary_text_with_lines_tabs_accents_and_emoji_is_kept():
    text = "Antrean lama sekali.\n\tSaya menunggu 3 jam 🙁 — café"
    assert multi_line(text) == text


def test_windows_line_ends_become_newlines():
    assert multi_line("satu\r\ndua\rtiga") == "satu\ndua\ntiga"


def test_a_joiner_inside_an_emoji_or_a_non_latin_script_is_kept():
    family = "Keluarga 👨\u200d👩\u200d👧 menunggu"
    assert multi_line(family) == family
    assert multi_line("\u0646\u200c\u0645") == "\u0646\u200c\u0645"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("harga \u202e0001 rupiah", "text_bidi_chars"),
        ("lihat \u2067abc\u2069", "text_bidi_chars"),
        ("mark \u200f here", "text_bidi_chars"),
        ("arabic \u061c mark", "text_bidi_chars"),
        ("bell \x07 here", "text_control_chars"),
        ("escape \x1b[31m red", "text_control_chars"),
        ("nul \x00 byte", "text_control_chars"),
        ("line\u2028separator", "text_control_chars"),
        ("zero\u200bwidth", "text_invisible_chars"),
        ("ad\u200dmin", "text_invisible_chars"),
        ("caf\u00e9\u200d\u00e9", "text_invisible_chars"),  # between accented Latin letters
        ("joiner at the end\u200d", "text_invisible_chars"),
        ("bom \ufeff inside", "text_invisible_chars"),
        ("soft\u00adhyphen", "text_invisible_chars"),
    ],
)
def test_hidden_characters_are_refused_with_their_own_code(typed, code):
    assert code_of(multi_line, typed) == code


@pytest.mark.parametrize(
    "typed",
    [
        "nama\u3164kosong",  # Hangul filler: a "letter" that draws nothing
        "\u115f\u1160 dua pengisi",
        "setengah\uffa0lebar",
        "braille\u2800kosong",
        "ad\u034fmin",  # combining grapheme joiner
        "pribadi \ue000 pakai",  # private use (Co)
        "pribadi \U000f0001 pakai",  # supplementary private use
        "belum \u0378 ada",  # unassigned (Cn)
        "bukan\ufdd0karakter",  # noncharacter
        "Budi\ufe0f",  # emoji style on a letter
        "Budi\ufe00",  # VS1
        "\u4e00\U000e0100",  # ideographic variation selector
    ],
)
def test_letters_and_code_points_that_draw_nothing_or_anything_are_refused(typed):
    assert code_of(multi_line, typed) == "text_invisible_chars"


def test_a_letter_under_a_pile_of_combining_marks_is_refused():
    zalgo = "To" + "\u0336\u0335\u0334\u0300" * 45 + "long"  # 180 marks on one "o"
    assert code_of(multi_line, zalgo) == "text_combining_marks"
    assert code_of(one_line, "e\u0301\u0302\u0303\u0304") == "text_combining_marks"
    # joiners between the marks do not make each group a letter of its own
    assert code_of(one_line, "e" + "\u0301\u0302\u200d" * 3) == "text_combining_marks"
    with pytest.raises(PydanticCustomError) as caught:
        one_line(zalgo)
    assert caught.value.context == {"codepoint": "U+0300", "max": 3}


@pytest.mark.parametrize(
    "typed",
    [
        "Vie\u0323\u0302t Nam, Nguye\u0302\u0303n",  # Vietnamese written with combining marks
        "Việt Nam, Nguyễn",
        "\ua98f\ua9bf\ua9ba\ua9b4\ua981 \ua9a4\ua9b8\ua9a9",  # Javanese script (aksara Jawa)
        "\u0e44\u0e21\u0e48 \u0e01\u0e34\u0e48\u0e19",  # Thai with tone marks
        "e\u0301\u0302\u0303",  # three marks on one letter is the limit
    ],
)
def test_scripts_that_stack_a_few_marks_are_kept(typed):
    assert multi_line(typed) == typed


@pytest.mark.parametrize(
    "typed",
    [
        "Terima kasih \u2764\ufe0f",  # ❤️ red heart in emoji style
        "Nomor 1\ufe0f\u20e3",  # keycap 1️⃣
        "Penting \u203c\ufe0f \u2139\ufe0f",  # ‼️ ℹ️
        "Bendera \U0001f3f3\ufe0f\u200d\U0001f308",  # 🏳️‍🌈
        "Teks \u2764\ufe0e",  # text style
        "Hati \U0001fa77 merah muda",  # an emoji newer than this Python's Unicode database
    ],
)
def test_emoji_with_their_variation_selectors_are_kept(typed):
    assert multi_line(typed) == typed


def test_one_line_text_refuses_line_breaks_and_tabs():
    assert code_of(one_line, "Loket\n2") == "text_control_chars"
    assert code_of(one_line, "Loket\t2") == "text_control_chars"
    assert one_line("Loket 2") == "Loket 2"


@pytest.mark.parametrize("check", [one_line, multi_line])
def test_every_ascii_control_character_is_refused_inside_otherwise_plain_text(check):
    # Plain ASCII takes a shortcut past the character-by-character rules; a single
    # control character among it must still reach them.
    assert check("Budi Santoso, RT 02/RW 05 ~ #1") == "Budi Santoso, RT 02/RW 05 ~ #1"
    kept_by_multi_line = {"\n", "\t", "\r"}
    for code in [*range(0x20), 0x7F]:
        typed = f"Budi{chr(code)}Santoso"
        if check is multi_line and chr(code) in kept_by_multi_line:
            assert check(typed) == typed.replace("\r", "\n")
        else:
            assert code_of(check, typed) == "text_control_chars", hex(code)


def test_the_message_names_the_code_point_never_the_text():
    with pytest.raises(PydanticCustomError) as caught:
        multi_line("rahasia \u202e pribadi")
    assert "U+202E" in caught.value.message()
    assert "rahasia" not in caught.value.message()


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: ComplaintCreate(facility_id="pkm-sumber", category="antrean",
                                 text="Petugas \u202emenolak\u202c saya"), "text"),
        (lambda: ComplaintReply(reply="Terima kasih\u200b"), "reply"),
        (lambda: AnnouncementCreate(kind="campaign", title="Imunisasi\nGratis", body="ok",
                                    valid_from="2026-12-01", valid_until="2026-12-02"), "title"),
    ],
)
def test_the_wire_models_refuse_hidden_characters_in_their_free_text(build, field):
    with pytest.raises(ValidationError) as caught:
        build()
    (error,) = caught.value.errors()
    assert error["loc"] == (field,)
    assert error["type"] in ERROR_CODES
