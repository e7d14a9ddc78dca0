"""The kiosk's printed ticket in each language: exact ESC/POS bytes, built the way
the kiosk builds it (from the API's Booking, with the kiosk's Translator)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from api_client.models import Booking, Channel, Lane, PriorityReason, TicketStatus, TicketView
from components.printed_ticket import printed_ticket
from components.ticket_printer import ticket_bytes
from session.i18n import TIMEZONE, Translator

GOLDEN = Path(__file__).with_name("golden")
PUBLIC_URL = "https://antrean.rembangkab.go.id"


def wib(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 30, hour, minute, tzinfo=TIMEZONE)


BOOKING = Booking(
    booking_code="K7QD2M9FXH3TA",
    facility_id="pkm-sumber",
    facility_name="Puskesmas Sumber",
    service_date=dt.date(2026, 11, 30),
    payer=None,
    channel=Channel.kiosk,
    ticket=TicketView(
        ticket_id=41, service_id=2, service_name="Poli Umum", service_date=dt.date(2026, 11, 30),
        number=12, display_number="B-012", lane=Lane.priority, status=TicketStatus.checked_in,
        people_ahead=3, estimated_call_at=wib(8, 40),
        estimated_call_from=wib(8, 30), estimated_call_until=wib(8, 55),
    ),
    nik_masked="3317********0001",
    created_at=wib(8, 5),
    checked_in_at=wib(8, 5),
)


def kiosk_ticket(language: str, **options: object) -> bytes:
    return ticket_bytes(printed_ticket(
        Translator(language), BOOKING, public_url=PUBLIC_URL, reason=PriorityReason.lansia, **options
    ))


@pytest.mark.parametrize("language", ["id", "jv", "en"])
def test_the_kiosk_ticket_bytes_match_the_reviewed_golden_file(language: str):
    # To change the layout or wording on purpose: write kiosk_ticket(language) to the
    # file, decode it (tests/kiosk/golden/README.md), read it, commit it.
    assert kiosk_ticket(language) == (GOLDEN / f"kiosk-ticket-{language}.bin").read_bytes()


@pytest.mark.parametrize(("language", "words"), [
    ("id", [b"NOMOR ANTREAN", b"Prioritas (Lansia)", b"Senin, 30 November 2026 pukul 08.05",
            b"Perkiraan dipanggil 08.30-08.55", b"Pantau antrean Anda di:"]),
    ("jv", [b"NOMER ANTREAN", b"Prioritas (Lansia)", b"jam 08:05", b"Kinten-kinten dipuntimbali 08:30-08:55"]),
    ("en", [b"QUEUE NUMBER", b"Priority (Elderly)", b"Monday, 30 November 2026, 08.05",
            b"Expected call: 08.30-08.55", b"Follow your queue at:"]),  # dates as in Indonesia
])
def test_the_ticket_is_in_the_kiosk_language_with_the_number_and_where_to_follow_it(language, words):
    data = kiosk_ticket(language)
    for word in [*words, b"B-012", b"Poli Umum", b"Puskesmas Sumber",
                 b"https://antrean.rembangkab.go.id/tiket/K7QD2M9FXH3TA"]:
        assert word in data


def test_the_ticket_carries_no_personal_data():
    data = kiosk_ticket("id")
    assert b"3317" not in data and b"****" not in data  # not even the masked NIK


def test_times_print_without_characters_the_printer_lacks():
    for language in ("id", "jv", "en"):
        assert b"?" not in kiosk_ticket(language).replace(b"/tiket/", b"")  # e.g. no U+202F


@pytest.mark.parametrize(("language", "mark"), [("id", b"CETAK ULANG"), ("jv", b"CITHAK MALIH"),
                                                ("en", b"REPRINT")])
def test_a_reprint_is_marked_in_the_kiosk_language(language, mark):
    assert mark in kiosk_ticket(language, reprint=True)
    assert mark not in kiosk_ticket(language)
