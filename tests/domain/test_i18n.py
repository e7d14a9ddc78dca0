"""Languages: every catalog complete and compiled, every error code has its own
sentence in every language, and each session keeps its own language."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from pydantic import BaseModel, Field, ValidationError
from pydantic_core import PydanticCustomError

from api_client import identity
from api_client import text as free_text
from api_client.errors import ApiConnectionError, ApiTimeoutError
from api_client.models import ErrorCode
from session.i18n import (
    GENERIC_ERROR,
    LOCALE_DIR,
    SUPPORTED,
    Translator,
    error_message,
    has_message,
    pick_language,
)

ROOT = Path(__file__).resolve().parents[2]
POT = LOCALE_DIR / "messages.pot"

API_ERROR_CODES = tuple(ErrorCode)
# Only a bug in the app meets these: the generic sentence is all a user can be told.
BUG_CODES = (ErrorCode.method_not_allowed,)
CLIENT_ERROR_CODES = (ApiConnectionError.code, ApiTimeoutError.code)
FORM_ERROR_CODES = (
    "missing", "string_too_short", "string_too_long", "date_parsing", "date_from_datetime_parsing",
)  # fmt: skip
ALL_CODES = sorted({
    *(set(API_ERROR_CODES) - set(BUG_CODES)), *CLIENT_ERROR_CODES, *FORM_ERROR_CODES, *identity.ERROR_CODES,
    *free_text.ERROR_CODES,
})

PARAMS = {  # what the producers send with these codes
    "nik_length": {"length": 15},
    "doctor_not_bookable": {"date": "2026-12-02"},
    "bpjs_poli_code_taken": {"code": "001", "service": "Poli Umum"},
    "bpjs_doctor_code_taken": {"code": "34050", "doctor": "dr. Ani Setyowati"},
    "bpjs_length": {"length": 12},
    "name_too_long": {"max": 100, "length": 120},
    "date_outside_window": {"first": "2026-11-28", "last": "2026-12-05"},
    "string_too_short": {"min_length": 1},
    "string_too_long": {"max_length": 40},
    "closure_too_long": {"max": 31},
    "date_too_far": {"max": 366, "last": "2027-12-01"},
    "date_range_too_long": {"max": 92},
    "text_combining_marks": {"max": 3, "codepoint": "U+0300"},
    "prefix_taken": {"prefix": "B", "service": "Poli Umum"},
    "quota_below_booked": {"date": "2026-12-07", "booked": 3, "quota": 2},
    "service_has_numbers": {"count": 2},
    "counter_repeated": {"counter": "Ruang 1"},
    "username_length": {"min": 3, "max": 40, "length": 2},
    "username_taken": {"username": "loket.pkm-sulang"},
    "kiosk_name_taken": {"name": "Kiosk lobi"},
    "facility_name_taken": {"name": "Puskesmas Lasem"},
    "audit_export_too_large": {"count": 61_000, "max": 50_000},
    "doctor_sessions_overlap": {"weekday": 1, "starts": "09:30", "ends": "12:00"},
    "doctor_session_reversed": {"starts": "12:00", "ends": "07:30"},
    "doctor_not_scheduled": {"date": "2026-12-06"},
    "kecamatan_unknown": {"kecamatan": "Atlantis"},
}


def load_po(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def entries(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def key(message: Message) -> tuple[str | None, str | tuple[str, ...]]:
    return message.context, tuple(message.id) if message.pluralizable else message.id


def forms(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if message.pluralizable else (message.id,)


_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|(?<!\{)\{(\w+)[^{}]*\}(?!\})")


def placeholders(text: str) -> set[str]:
    """Named placeholders in both styles: ``%(n)d`` → ``%(n)``, ``{first}`` → ``{first}``."""
    return {f"%({pct})" if pct else f"{{{brace}}}" for pct, brace in _PLACEHOLDER.findall(text)}


@pytest.fixture(scope="module")
def pot() -> Catalog:
    with POT.open("rb") as f:
        return read_po(f)


# ------------------------------------------------------------------- catalogs


def load_script():  # scripts/ is not a package
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_pot_holds_every_string_marked_in_the_code(tmp_path, monkeypatch, pot):
    monkeypatch.chdir(ROOT)
    fresh_pot = tmp_path / "messages.pot"
    CommandLineInterface().run(load_script().extract_argv(fresh_pot))
    with fresh_pot.open("rb") as f:
        extracted = {key(m) for m in entries(read_po(f))}
    committed = {key(m) for m in entries(pot)}
    assert extracted - committed == set(), "run scripts/i18n.py"
    assert committed - extracted == set(), "run scripts/i18n.py"


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_language_has_exactly_the_messages_of_the_pot(language, pot):
    expected = {key(m) for m in entries(pot)}
    present = {key(m) for m in entries(load_po(language))}
    assert expected - present == set(), f"missing in {language}: run scripts/i18n.py"
    assert present - expected == set(), f"stale in {language}: run scripts/i18n.py"


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = load_po(language)
    assert not catalog.fuzzy, f"{language}: the header is fuzzy, so pybabel compile skips it"
    assert catalog.locale_identifier == language
    untranslated = [m.id for m in entries(catalog) if not all(forms(m))]
    fuzzy = [m.id for m in entries(catalog) if m.fuzzy]
    assert untranslated == [], f"untranslated in {language}"
    assert fuzzy == [], f"fuzzy in {language}"


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_plural_message_has_one_form_per_plural_rule_of_the_language(language):
    catalog = load_po(language)
    for message in entries(catalog):
        if message.pluralizable:
            assert len(message.string) == catalog.num_plurals, message.id


@pytest.mark.parametrize("language", SUPPORTED)
def test_translations_keep_the_placeholders_of_the_source(language):
    mismatches = []
    for message in entries(load_po(language)):
        wanted = set().union(*(placeholders(text) for text in ids(message)))
        for text in forms(message):
            if placeholders(text) != wanted:
                mismatches.append((message.id, text))
    assert mismatches == []


@pytest.mark.parametrize("language", SUPPORTED)
def test_babel_finds_no_format_problem(language):
    problems = [(m.id, [str(e) for e in errors]) for m, errors in load_po(language).check()]
    assert problems == []


def test_placeholders_are_found_in_both_styles():
    assert placeholders("%(n)d orang di depan {name}, {x!r:>3}") == {"%(n)", "{name}", "{x}"}
    assert placeholders("100% {{aman}}") == set()


@pytest.mark.parametrize("language", SUPPORTED)
def test_the_compiled_mo_says_what_the_po_says(language):
    po = load_po(language)
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        mo = read_mo(f)
    assert mo.plural_forms == po.plural_forms
    in_mo = {key(m): forms(m) for m in entries(mo)}
    in_po = {key(m): forms(m) for m in entries(po)}
    assert in_mo == in_po, f"{language}: the .mo is stale, run scripts/i18n.py"


# Reviewed: the same words in that language (names, abbreviations, shared vocabulary).
SAME_IN = {
    "en": {"BPJS Kesehatan (JKN / KIS)", "NIK", "NIK {nik}", "Normal", "Status: {status}", "Median",
           "P90", "JKN", "{number}. {question}",
           "Lab", "online", "Dinkes", "{date}, {time}", "Status", "Printer", "Kecamatan {kecamatan}",
           "Admin", "Kiosk {id}", "BPJS",
           "Mobile JKN",  # BPJS's app, by its name
           "Web", "Kiosk"},  # the channels' short names under the dashboard's bars
    "jv": {
        "BPJS Kesehatan (JKN / KIS)", "BPJS", "Web", "Kiosk", "NIK", "NIK {nik}", "Umum (tanpa BPJS)",
        "Layanan", "Pasien",
        "Reguler", "Tutup", "Tutup: {reason}", "Tanggal", "Tanggal: {date}", "Kode booking",
        "Check-in", "Lansia", "Balita", "Disabilitas",
        "Prioritas ({reason})", "Prioritas", "Umum", "Kode QR tiket", "Data pasien",
        "Persetujuan data", "Tiket",
        # official terms and loanwords used as they are in Javanese speech
        "Pengaduan", "Petugas", "Status: {status}", "Kode pengaduan", "Faskes", "{n} menit", "{n} poin",
        "Median", "P90", "JKN", "Mutu", "Indeks SKM", "Aplikasi", "Situs web", "Anjungan mandiri",
        "Loket petugas", "Jam (WIB)", "Persetujuan", "versi {version}, {when}", "Gratis",
        "{number}. {question}", "Status pengaduan", "Antrean", "Kunjungan",
        "Salin kode",  # salin: copy, in Javanese too
        "Dasbor Layanan",
        "Check-in pasien", "Tutup (Esc)", "Kode booking {code}",
        # the directory's own terms (administration)
        "Kecamatan", "Garis lintang", "Garis bujur", "Data faskes", "Kuota JKN", "Kuota non-JKN",
        "Loket", "Poli", "Lab", "Apotek", "UGD", "online",
        # the administration's (accounts): official names and terms as they are said
        "Dinkes", "Admin faskes", "Aktif", "Aplikasi autentikator aktif", "Akun petugas",
        "Faskes: {facility}", "Administrasi", "Kiosk", "{date}, {time}", "Status", "Printer",
        "Dokter", "Dokter: {doctor} ({hours})", "Dokter: {doctor}", "Kecamatan {kecamatan}",
        # the audit trail's subjects and words: names and loanwords as they are said
        "Admin", "Akun {id}", "Kiosk {id}", "Faskes {id}", "Layanan {id}", "Dokter {id}", "Tiket {id}",
        "Pengaduan {id}", "Kunjungan {id}", "Jadwal",
        "Dinas Kesehatan Kabupaten Rembang",  # the office's official name
        # the survey's school levels and the civil service, by their official abbreviations
        "SD", "SMP", "SMA/SMK", "D1–D3", "D4/S1", "PNS/TNI/Polri",
        "Mobile JKN",  # BPJS's app, by its name
    },
}  # fmt: skip


@pytest.mark.parametrize("language", ["jv", "en"])
def test_jv_and_en_are_translations_not_copies_of_the_indonesian(language):
    copies = [
        m.id for m in entries(load_po(language))
        if set(forms(m)) & set(ids(m)) and ids(m)[0] not in SAME_IN[language]
    ]
    assert copies == []


NGOKO_OR_INDONESIAN = {
    # ngoko words whose krama the jv catalog uses instead
    "ora", "wis", "durung", "isih", "bisa", "kudu", "mung", "karo", "saka", "iki", "kuwi", "iku",
    "maneh", "dhisik", "banjur", "supaya", "jeneng", "omah", "bener", "salah", "teka", "njupuk",
    "kowe", "sampeyan", "anyar", "entek", "bukak", "nama", "kapan", "laku",
    # Indonesian left untranslated
    "anda", "silakan", "tidak", "sudah", "belum", "dengan", "untuk", "yang", "lagi", "atau",
    "rumah", "hamil", "kios", "kita",
}  # fmt: skip


def test_javanese_addresses_the_patient_in_krama_throughout():
    offending = {}
    for message in entries(load_po("jv")):
        words = {w.lower() for text in forms(message) for w in re.findall(r"[A-Za-z]+", text)}
        if found := words & NGOKO_OR_INDONESIAN:
            offending[ids(message)[0]] = sorted(found)
    assert offending == {}


JAVANESE_SPELLING = {
    # one spelling (and one word) for each: the word not used → the word used
    "boten": "mboten", "punika": "menika", "punapa": "menapa", "sumangga": "mangga",
    "sae": "saé", "kepanggih": "kapanggih", "sakmenika": "samenika", "sakderengipun": "saderengipun",
    "saksampunipun": "sasampunipun", "sekedhap": "sakedhap", "sekedhik": "sakedhik",
    "setunggal": "satunggal", "sepisan": "sapisan", "sepinten": "sapinten", "penilaian": "pambiji",
    "dipunlayani": "dipunladosi", "kagem": "kangge", "saha": "lan", "sandhi": "sandi",
    "wragad": "ragad", "nengga": "ngentosi", "tahap": "tataran", "pareng": "kenging",
    "kepareng": "kenging", "huruf": "aksara", "karakter": "aksara", "momot": "ngemot",
    "dipunmomot": "dipunemot", "dipunmuat": "dipunemot", "dipunpindhah": "dipunpindhahaken",
    "centang": "centhang", "dipuncentang": "dipuncenthang", "tanggapan": "wangsulan",
    "pangguna": "pangangge", "pangginanipun": "pangangge", "tiron": "salin",
    # the service's own use is ngginakaken (ngagem is krama inggil: the patient's own use)
    "dipunagem": "dipunginakaken",
    # following a facility: say what it does (its announcements on the front page)
    "ndherek": "nampilaken wara-wara", "dhèrèkaken": "nampilaken wara-wara",
    "beranda": "kaca ngajeng",
}  # fmt: skip

JAVANESE_TERMS = [
    # (a word in the Indonesian msgid, what the Basa Jawa says for it every time)
    (r"rumah sakit", "griya sakit"),
    (r"\bbuka\b|membuka", "bikak"),
    (r"\bmemuat\b|\bmuat\b|dimuat", "emot"),  # ngemot, dipunemot: one loading word
    (r"penilaian", "pambiji"),
    (r"ibu hamil", "ibu ngandhut"),
    (r"\bkapan\b", "kala menapa"),
    (r"\bnama\b", "nami"),
    (r"dilayani", "dipunladosi"),
    (r"nama pengguna", "nami pangangge"),
    (r"silakan ke \{counter\}", "mangga tindak dhateng {counter}"),
    (r"paling lambat", "paling telat"),
    (r"\bjangan\b", "sampun ngantos"),
    (r"\bbaik\b", "saé"),
    (r"\btidak hadir\b|\btidak datang\b", "mboten rawuh"),
    (r"\bmungkin\b", "bokmenawi"),
]  # fmt: skip


def javanese_words(message: Message) -> set[str]:
    return {w.lower() for text in forms(message) for w in re.findall(r"[^\W\d_]+", text)}


def test_javanese_writes_each_word_one_way():
    offending = {}
    for message in entries(load_po("jv")):
        if found := javanese_words(message) & set(JAVANESE_SPELLING):
            offending[ids(message)[0]] = {word: JAVANESE_SPELLING[word] for word in sorted(found)}
    assert offending == {}


def test_javanese_marks_only_the_e_of_sae():
    """Plain e everywhere (dereng, sanes, badhe, enggal), except saé."""
    offending = [
        ids(m)[0] for m in entries(load_po("jv"))
        if {w for w in javanese_words(m) if "è" in w or "é" in w} - {"saé"}
    ]
    assert offending == []


@pytest.mark.parametrize(("indonesian", "javanese"), JAVANESE_TERMS)
def test_javanese_says_one_thing_for_each_concept(indonesian, javanese):
    offending = [
        (ids(m)[0], forms(m)[0]) for m in entries(load_po("jv"))
        if re.search(indonesian, ids(m)[0], re.IGNORECASE)
        and not all(javanese in text.lower() for text in forms(m))
    ]
    assert offending == []


BRAND = "Layanan Sehat Rembang"


@pytest.mark.parametrize("language", SUPPORTED)
def test_the_brand_is_a_name_in_every_language(language):
    catalog = load_po(language)
    assert BRAND not in {m.id for m in entries(catalog)}, "the window title is not translated"
    renamed = [
        forms(m) for m in entries(catalog) if BRAND in ids(m)[0] and not all(BRAND in f for f in forms(m))
    ]
    assert renamed == []


def test_the_po_files_are_the_one_source_of_truth():
    """Translations live in locales/<lang>/LC_MESSAGES/messages.po only: no pending
    files beside them that a merge would lay over (and revert) the catalogs with."""
    assert not (LOCALE_DIR / "pending").exists()
    assert sorted(p.relative_to(LOCALE_DIR).as_posix() for p in LOCALE_DIR.rglob("*.json")) == []


# ---------------------------------------------------------------- error codes


def bare_codes_in_the_server() -> list[str]:
    """Codes written as a string (or f-string) in ``ApiProblem(status, code, …)``,
    ``field_problem(field, code, …)`` or ``not_found(code, …)`` anywhere under server/,
    instead of an ``ErrorCode`` (mypy refuses them too: the parameter is typed)."""
    found = []
    for path in (ROOT / "server").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            position = {"ApiProblem": 1, "field_problem": 1, "not_found": 0}.get(node.func.id)
            if position is not None and len(node.args) > position:
                code = node.args[position]
                if isinstance(code, ast.Constant | ast.JoinedStr) or any(
                    isinstance(part, ast.Constant) and isinstance(part.value, str)
                    for part in ast.walk(code)
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(code)}")
    return found


def test_the_server_answers_only_with_codes_of_the_contract():
    assert bare_codes_in_the_server() == []


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_code_of_the_contract_has_a_sentence_in_the_app(language):
    t = Translator(language)
    for code in (*ErrorCode, *identity.IdentityCode):
        assert has_message(code), code
    for code in BUG_CODES:
        assert error_message(t, code) == t.gettext(GENERIC_ERROR)


@pytest.mark.parametrize("language", SUPPORTED)
@pytest.mark.parametrize("code", ALL_CODES)
def test_every_error_code_has_its_own_sentence(language, code):
    t = Translator(language)
    assert has_message(code)
    message = error_message(t, code, PARAMS.get(code, {}))
    assert message != t.gettext(GENERIC_ERROR)
    assert "{" not in message and "%(" not in message


@pytest.mark.parametrize("language", SUPPORTED)
def test_an_unknown_code_gets_the_generic_sentence(language):
    t = Translator(language)
    assert error_message(t, "something_new", {}) == t.gettext(GENERIC_ERROR)
    assert error_message(t, "nik_length", {}) == t.gettext(GENERIC_ERROR)  # params missing


def test_a_5xx_without_a_body_is_the_service_having_problems():
    t = Translator("id")
    assert error_message(t, "http_502", {}).startswith("Layanan sedang ada gangguan")


def test_nik_length_counts_digits_in_each_language():
    assert error_message(Translator("id"), "nik_length", {"length": 15}) == (
        "NIK harus 16 angka, yang diisi 15 angka."
    )
    assert error_message(Translator("jv"), "nik_length", {"length": 15}) == (
        "NIK kedah 16 angka, ingkang dipunisi 15 angka."
    )
    en = Translator("en")
    assert error_message(en, "nik_length", {"length": 1}).endswith("you entered 1 digit.")
    assert error_message(en, "nik_length", {"length": 15}).endswith("you entered 15 digits.")


def test_dates_in_params_are_shown_the_local_way():
    params = PARAMS["date_outside_window"]
    assert "28 November 2026 dan 5 Desember 2026" in error_message(
        Translator("id"), "date_outside_window", params
    )
    assert "28 November 2026 and 5 December 2026" in error_message(  # day month year, as in Indonesia
        Translator("en"), "date_outside_window", params
    )


def test_real_identity_errors_become_sentences_with_their_numbers():
    t = Translator("id")
    with pytest.raises(PydanticCustomError) as caught:
        identity.normalize_nik("3317 0145 0690 001")
    assert error_message(t, caught.value.type, caught.value.context) == (
        "NIK harus 16 angka, yang diisi 15 angka."
    )


def test_real_pydantic_form_errors_become_sentences():
    class Form(BaseModel):
        counter: str = Field(min_length=1, max_length=40)
        day: dt.date

    with pytest.raises(ValidationError) as caught:
        Form.model_validate({"counter": "", "day": "30/11/2026"})
    en = Translator("en")
    sentences = [error_message(en, e["type"], e.get("ctx")) for e in caught.value.errors()]
    assert sentences == [
        "Too short. Please enter at least 1 character.",
        "That date isn't valid. Please choose the date again.",
    ]


# ----------------------------------------------------------------- translator


def test_two_sessions_in_one_process_each_keep_their_own_language():
    javanese, english = Translator("jv"), Translator("en")
    indonesian = Translator("id")
    for _ in range(2):  # interleaved, as two web sessions would be
        assert error_message(javanese, "quota_full", {}) == (
            "Kuota dinten kasebut sampun kebak. Mangga pilih tanggal sanes."
        )
        assert error_message(english, "quota_full", {}) == (
            "That day is fully booked. Please choose another date."
        )
        assert error_message(indonesian, "quota_full", {}) == (
            "Kuota hari itu sudah penuh. Silakan pilih tanggal lain."
        )


def test_a_language_without_a_catalog_is_refused():
    with pytest.raises(ValueError, match="got 'ms'"):
        Translator("ms")


def test_flutter_widgets_get_indonesian_when_the_ui_is_javanese():
    assert [Translator(lang).flutter_locale for lang in SUPPORTED] == ["id", "id", "en"]


def test_full_dates_follow_the_language():
    monday = dt.date(2026, 11, 30)
    assert Translator("id").format_date(monday, "full") == "Senin, 30 November 2026"
    # Babel's (CLDR's) jv data spells weekdays as Indonesian does, with Sunday "Ahad".
    assert Translator("jv").format_date(monday, "full") == "Senin, 30 November 2026"
    assert Translator("jv").format_date(dt.date(2026, 11, 29), "full") == "Ahad, 29 November 2026"
    assert Translator("en").format_date(monday, "full") == "Monday, 30 November 2026"


def test_times_are_shown_in_rembang_time():
    utc = dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC)  # 06:30 WIB on Monday
    assert Translator("id").format_time(utc) == "06.30"
    assert Translator("jv").format_time(utc) == "06:30"
    assert Translator("en").format_time(utc) == "06.30"  # 24-hour, as written in Indonesia
    assert Translator("en").format_time(dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)) == "15.00"
    assert Translator("id").format_date(utc, "full") == "Senin, 30 November 2026"
    with pytest.raises(ValueError, match="timezone-aware"):
        Translator("id").format_datetime(dt.datetime(2026, 11, 30, 8, 0))


def test_numbers_and_money_follow_the_language():
    assert Translator("id").format_number(1234567) == "1.234.567"
    assert Translator("en").format_number(1234567) == "1.234.567"  # English as written in Indonesia
    assert Translator("en").format_money(150000) == "Rp150.000"
    assert Translator("id").format_money(150000) == "Rp150.000"


# ------------------------------------------------------------- pick_language


@pytest.mark.parametrize(
    ("device", "saved", "expected"),
    [
        (["jv-ID"], None, "jv"),
        (["en-US"], None, "en"),
        (["id_ID"], None, "id"),
        (["ms-MY"], None, "id"),
        (["ms", "en-GB", "jv-ID"], None, "en"),
        (["EN_us"], None, "en"),
        (["in-ID"], None, "id"),  # old Java/Android code for Indonesian
        ([], None, "id"),
        (["en-US"], "jv", "jv"),
        (["jv-ID"], "id", "id"),
        (["jv-ID"], "fr", "jv"),  # a saved value we no longer offer is ignored
    ],
)
def test_pick_language(device, saved, expected):
    assert pick_language(device, saved) == expected
