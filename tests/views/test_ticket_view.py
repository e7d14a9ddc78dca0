"""The ticket screen, in-process against the real service at Monday 30 November 2026,
08:00 WIB (Puskesmas Sumber's Poli Umum opens at 07:30, 8 minutes a patient).

Live updates over server-sent events are tested in the browser (tests/browser):
over `httpx.ASGITransport` a stream is buffered, so here each check re-opens the
ticket after a staff action.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import flet as ft
import httpx
import pytest

from api_client import ApiClient
from api_client.identity import spell_booking_code
from api_client.models import TicketStatus
from session.settings import AppSettings
from tests.api.helpers import book, service_id
from tests.support.signal import Signal
from tests.views.harness import run_app
from views.app import main_for

pytestmark = pytest.mark.anyio


@pytest.fixture
async def poli_umum(client) -> int:  # type: ignore[no-untyped-def]
    return await service_id(client, code="poli-umum")


@pytest.fixture
async def staff(make_client):  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login("poli.pkm-sumber", "rembang-demo")
    return console


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


AT_PUSKESMAS_SUMBER = (-6.8405, 111.4010)  # ~120 m from its point in the directory
IN_LASEM = (-6.70, 111.44)  # ~16 km away
KIOSK_OR_LOKET = "Pindai kode QR tiket ini di anjungan atau tunjukkan ke loket."


def located(app, lat: float, lon: float) -> None:  # type: ignore[no-untyped-def]
    """The phone allows its location and is at (lat, lon)."""
    app.fake_method("Geolocator", "request_permission", lambda c, a: "whileInUse")
    app.fake_method("Geolocator", "get_current_position",
                    lambda c, a: {"latitude": lat, "longitude": lon})


def fails(_control, _args):  # type: ignore[no-untyped-def]
    raise RuntimeError("Location services are disabled")  # what the client reports


async def test_the_ticket_shows_number_service_people_ahead_and_when_to_come(
    app_main, client, poli_umum
):  # type: ignore[no-untyped-def]
    for serial in range(1, 11):
        await book(client, poli_umum, serial=serial)
    mine = await book(client, poli_umum, serial=11)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="ticket-number"))
        assert shown(app, "ticket-number") == "B-011"
        assert app.exists(text="Puskesmas Sumber") and app.exists(text="Poli Umum")
        assert shown(app, "ticket-date") == "Senin, 30 November 2026"
        assert shown(app, "ticket-status") == "Terdaftar"
        # 10 bookings ahead, none arrived yet, each counted by the share that comes (no
        # history yet: 0.85): 8.5 people
        assert shown(app, "people-ahead") == "9 orang di depan Anda"
        # 8.5 × 8 minutes after 08:00 is 09.08: a range around it; come half an hour
        # before 09.08
        assert shown(app, "come-at") == (
            "Perkiraan dipanggil sekitar 08.40–10.05. Datanglah paling lambat 08.38."
        )
        assert shown(app, "estimate-wide").startswith("Rentang waktunya lebar")
        assert shown(app, "now-calling") == "Belum ada nomor yang dipanggil."
        code = mine.booking_code
        code_text = app.find(identifier="booking-code")  # shown in groups, read out spelled
        assert code_text.label == spell_booking_code(code) and code_text.exclude_semantics
        assert app.texts(root=code_text)[-1] == f"{code[:4]}-{code[4:8]}-{code[8:]}"
        assert app.exists(identifier="ticket-qr")


@pytest.mark.parametrize(("language", "expected", "wide"), [
    ("jv", "Kinten-kinten dipuntimbali watawis 08:40–10:05.", "Rentang wekdalipun wiyar"),
    ("en", "Expected to be called around 08.40–10.05.", "The time range is wide"),
])
async def test_the_range_and_why_it_is_wide_in_basa_jawa_and_english(
    app_main, client, poli_umum, language, expected, wide
):  # type: ignore[no-untyped-def]
    for serial in range(1, 11):  # the same ten bookings ahead as above
        await book(client, poli_umum, serial=serial)
    mine = await book(client, poli_umum, serial=11)
    prefs = {"lsr.preferences": json.dumps({"language": language})}
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}", shared_preferences=prefs) as app:
        await app.wait_for(lambda: app.exists(identifier="come-at"))
        assert shown(app, "come-at").startswith(expected)
        assert shown(app, "estimate-wide").startswith(wide)


async def test_a_booking_for_another_day_names_the_day_and_cannot_be_checked_in_yet(
    app_main, client, poli_umum
):  # type: ignore[no-untyped-def]
    mine = await book(client, poli_umum, day=dt.date(2026, 12, 1))
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="come-at"))
        assert shown(app, "come-at") == (
            "Perkiraan dipanggil Selasa, 01 Desember 2026 sekitar 07.30–07.45. "
            "Datanglah paling lambat 07.30."  # never before the service opens
        )
        assert not app.exists(identifier="estimate-wide")  # a quarter of an hour: not wide
        assert not app.exists(identifier="check-in")
        assert not app.exists(identifier="now-calling")


async def test_cancelling_asks_first_then_the_ticket_says_cancelled_and_the_api_agrees(
    app_main, client, poli_umum
):  # type: ignore[no-untyped-def]
    mine = await book(client, poli_umum)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="cancel-ticket"))
        await app.click(identifier="cancel-ticket")
        assert app.exists(text="Batalkan nomor B-001?")
        await app.click(text="Tidak")  # changed their mind
        assert (await client.bookings.get(mine.booking_code)).ticket.status is TicketStatus.booked
        assert shown(app, "ticket-status") == "Terdaftar"

        await app.click(identifier="cancel-ticket")
        await app.click(text="Ya, batalkan")
        await app.wait_for(lambda: shown(app, "ticket-status") == "Dibatalkan")
        assert app.exists(text="Tiket ini sudah dibatalkan. Nomornya tidak berlaku lagi.")
        assert not app.exists(identifier="cancel-ticket")
        assert not app.exists(identifier="check-in")
        assert not app.exists(identifier="ticket-qr")  # no longer to be shown at the loket
        assert (await client.bookings.get(mine.booking_code)).ticket.status is TicketStatus.cancelled
        await app.click(text="Ambil nomor baru")
        assert app.route == f"/faskes/pkm-sumber/pesan/{poli_umum}"


async def test_on_the_day_i_check_in_and_when_staff_call_me_the_ticket_says_where_to_go(
    app_main, client, poli_umum, staff
):  # type: ignore[no-untyped-def]
    mine = await book(client, poli_umum)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="check-in"))
        located(app, *AT_PUSKESMAS_SUMBER)
        await app.click(text="Saya sudah sampai")
        await app.wait_for(lambda: shown(app, "ticket-status") == "Sudah check-in")
        assert not app.exists(identifier="check-in")
        assert (await client.bookings.get(mine.booking_code)).checked_in_at is not None

        await staff.staff.call_next(poli_umum, counter="Ruang 1")
        await app.navigate("/tiket")  # reopen: here the stream does not reach the page
        await app.navigate(f"/tiket/{mine.booking_code}")
        await app.wait_for(lambda: app.exists(identifier="called-banner"))
        assert "Nomor Anda dipanggil!" in shown(app, "called-banner")
        assert "Silakan menuju Ruang 1." in shown(app, "called-banner")
        assert shown(app, "ticket-status") == "Dipanggil — silakan menuju Ruang 1"
        assert not app.exists(identifier="cancel-ticket")


async def test_save_to_my_tickets_keeps_the_ticket_on_this_device(
    app_main, client, poli_umum
):  # type: ignore[no-untyped-def]
    mine = await book(client, poli_umum)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="save-ticket"))
        await app.click(text="Simpan ke Tiket Saya")
        assert not app.exists(identifier="save-ticket")
        wallet = json.loads(app.shared_preferences["lsr.wallet"])
        assert [t["booking_code"] for t in wallet["tickets"]] == [mine.booking_code]
        await app.navigate("/tiket")
        await app.wait_for(lambda: app.exists(identifier=f"ticket-{mine.booking_code}"))


async def test_an_unknown_code_says_so(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/tiket/K7QD2M9FXH3TA") as app:
        await app.wait_for(lambda: app.exists(identifier="ticket-error"))
        assert shown(app, "ticket-error") == "Kode booking tidak ditemukan. Periksa lagi kodenya."



async def test_a_lost_connection_is_shown_and_the_last_known_ticket_stays(
    app, client, poli_umum, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("views.tickets.live.POLL_SECONDS", 0.05)
    monkeypatch.setattr("views.tickets.live.RETRY_SECONDS", 0.05)
    signal = Signal(httpx.ASGITransport(app))
    phone_main = main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=signal, retry_attempts=1,
    ))
    mine = await book(client, poli_umum)
    async with run_app(phone_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="people-ahead"))
        signal.lost = True
        await app.wait_for(lambda: app.exists(identifier="offline-notice"))
        assert shown(app, "offline-notice") == "Tidak tersambung — mencoba lagi…"
        assert shown(app, "ticket-number") == "B-001"
        assert shown(app, "ticket-status") == "Terdaftar"
        signal.lost = False
        await app.wait_for(lambda: not app.exists(identifier="offline-notice"))


async def test_away_from_the_facility_the_ticket_sends_me_to_the_kiosk_or_loket(
    app_main, client, poli_umum
):  # type: ignore[no-untyped-def]
    mine = await book(client, poli_umum)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="check-in"))
        located(app, *IN_LASEM)
        await app.click(text="Saya sudah sampai")
        await app.wait_for(lambda: app.exists(identifier="ticket-error"))
        assert shown(app, "ticket-error") == (
            "Lokasi HP Anda belum di dekat tempat berobat ini, jadi kedatangan belum bisa "
            f"dicatat dari HP. {KIOSK_OR_LOKET}"
        )
        assert shown(app, "ticket-status") == "Terdaftar"
        assert app.exists(identifier="ticket-qr")  # the code to scan or show is right there
    assert (await client.bookings.get(mine.booking_code)).ticket.status is TicketStatus.booked


@pytest.mark.parametrize("how", ["denied", "no fix", "no answer in time"])
async def test_without_the_location_the_ticket_sends_me_to_the_kiosk_or_loket(
    app_main, client, poli_umum, how, monkeypatch
):  # type: ignore[no-untyped-def]
    mine = await book(client, poli_umum)
    never = asyncio.Event()

    async def waits_forever(_control, _args):  # type: ignore[no-untyped-def]
        await never.wait()  # a browser that never answers (no fix indoors)

    monkeypatch.setattr("components.map_location.FIX_TIMEOUT_S", 0.05)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="check-in"))
        if how == "denied":
            app.fake_method("Geolocator", "request_permission", lambda c, a: "denied")
        else:
            app.fake_method("Geolocator", "request_permission", lambda c, a: "whileInUse")
            app.fake_method("Geolocator", "get_current_position",
                            fails if how == "no fix" else waits_forever)
        await app.click(text="Saya sudah sampai")
        await app.wait_for(lambda: app.exists(identifier="ticket-error"))
        assert shown(app, "ticket-error") == (
            f"Lokasi HP tidak bisa dibaca, jadi kedatangan tidak bisa dicatat dari HP. {KIOSK_OR_LOKET}"
        )
        assert app.exists(identifier="check-in")  # may try again, e.g. after allowing it
        assert not app.find(ft.FilledButton, text="Saya sudah sampai").disabled
    assert (await client.bookings.get(mine.booking_code)).ticket.status is TicketStatus.booked
