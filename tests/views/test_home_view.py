"""Beranda: big actions, active tickets with their live status, and the announcements
of followed facilities and of the facilities of active tickets."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

import flet as ft
import httpx
import pytest

from api_client import ApiClient
from api_client.models import AnnouncementCreate, AnnouncementKind
from session.settings import AppSettings
from session.state import SavedTicket
from tests.api.helpers import book, service_id
from tests.views.harness import run_app
from views.app import main_for

pytestmark = pytest.mark.anyio


async def publish(make_client, facility_id: str, title: str) -> None:  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login(f"admin.{facility_id}", "rembang-demo")
    await admin.staff.publish_announcement(facility_id, AnnouncementCreate(
        kind=AnnouncementKind.doctor_absent, title=title,
        body="Poli Gigi tutup sementara, pasien dilayani di Poli Umum.",
        valid_from=dt.date(2026, 12, 1), valid_until=dt.date(2026, 12, 2),
    ))


def wallet_with(*tickets: SavedTicket) -> dict[str, str]:
    wallet = {"tickets": [asdict(t) for t in tickets], "profiles": []}
    return {"lsr.wallet": json.dumps(wallet)}


async def go_to(app, label: str) -> None:  # type: ignore[no-untyped-def]
    """A tap on the bottom navigation's destination named `label`."""
    bar = app.find(ft.NavigationBar)
    labels = [d.label for d in bar.destinations]
    await app.trigger(bar, "change", props={"selected_index": labels.index(label)})


async def test_beranda_leads_with_ambil_nomor_and_the_navigation_leads_everywhere_else(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/", shared_preferences={}) as app:
        assert app.exists(text="Selamat pagi")  # 08:00
        assert app.exists(text="Dinas Kesehatan Kabupaten Rembang")  # the service's own header
        bar = app.find(ft.NavigationBar)
        assert [d.label for d in bar.destinations] == ["Beranda", "Faskes", "Tiket", "Pengaturan"]
        assert bar.selected_index == 0
        for tile in ("Cari Faskes", "Tiket Saya"):  # no tiles that repeat the navigation
            assert not app.exists(text=tile)
        await app.click(text="Ambil Nomor")
        assert app.route == "/ambil"  # the booking starts: where, then which service
        await app.back()
        await go_to(app, "Tiket")
        assert app.route == "/tiket"
        assert app.find(ft.NavigationBar).selected_index == 2
        await go_to(app, "Pengaturan")
        assert app.route == "/pengaturan"
        await go_to(app, "Beranda")
        assert app.route == "/"
        await app.click(text="Sampaikan pengaduan")
        assert app.route == "/pengaduan"
        await app.back()
        assert app.exists(text_contains="Ikuti puskesmas atau rumah sakit dari halamannya")


async def test_following_a_facility_brings_its_announcement_to_beranda(app_main, make_client):  # type: ignore[no-untyped-def]
    await publish(make_client, "pkm-sumber", "Dokter gigi cuti dua hari")
    async with run_app(app_main, route="/", shared_preferences={}) as app:
        assert not app.exists(text="Dokter gigi cuti dua hari")
        await go_to(app, "Faskes")
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        await app.click(text="Puskesmas Sumber")
        await app.wait_for(lambda: app.exists(text="Ikuti pengumuman"))
        assert app.exists(text="Dokter gigi cuti dua hari")  # on the facility page too
        await app.click(text="Ikuti pengumuman")
        await app.back()
        await go_to(app, "Beranda")
        assert app.route == "/"
        await app.wait_for(lambda: app.exists(text="Dokter gigi cuti dua hari"))
        assert app.exists(text="Dokter tidak praktik")
        assert app.exists(text="Berlaku 1 Desember 2026 sampai 2 Desember 2026")
        await app.click(app.find(ft.TextButton, text="Puskesmas Sumber"))  # followed: one tap away
        assert app.route == "/faskes/pkm-sumber"


async def test_active_tickets_show_their_live_status_and_open_the_ticket(app_main, client, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, "pkm-lasem", code="poli-umum")
    booking = await book(client, umum, day=dt.date(2026, 11, 30))
    past = SavedTicket(booking_code="LAMA-0001", facility_id="pkm-sumber",
                       facility_name="Puskesmas Sumber", service_name="Poli Umum",
                       service_date="2026-11-02", display_number="B-004")
    await publish(make_client, "pkm-lasem", "Posyandu lansia hari Selasa")
    async with run_app(app_main, route="/", shared_preferences=wallet_with(
            past, SavedTicket.of(booking))) as app:
        def tile():  # type: ignore[no-untyped-def]
            return app.find(identifier=f"active-ticket-{booking.booking_code}")

        await app.wait_for(lambda: "Terdaftar" in app.texts(tile()))  # the live status
        assert {booking.ticket.display_number, "Puskesmas Lasem", "Poli Umum",
                "Senin, 30 November 2026"} <= set(app.texts(tile()))
        assert not app.exists(identifier="active-ticket-LAMA-0001")  # a past visit
        # No facility followed, but the ticket's facility announces something.
        await app.wait_for(lambda: app.exists(text="Posyandu lansia hari Selasa"))
        await app.click(tile())
        assert app.route == f"/tiket/{booking.booking_code}"


async def test_a_ticket_whose_status_cannot_be_loaded_still_shows_what_the_device_knows(app_main):  # type: ignore[no-untyped-def]
    offline = SavedTicket(booking_code="TIDAK-ADA-1", facility_id="pkm-bulu",
                          facility_name="Puskesmas Bulu", service_name="KIA/KB",
                          service_date="2026-12-01", display_number="D-002")
    async with run_app(app_main, route="/", shared_preferences=wallet_with(offline)) as app:
        tile = app.find(identifier="active-ticket-TIDAK-ADA-1")
        assert {"D-002", "Puskesmas Bulu", "KIA/KB"} <= set(app.texts(tile))


async def test_a_cancelled_ticket_leaves_the_active_list(app_main, client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, "pkm-lasem", code="poli-umum")
    booking = await book(client, umum, day=dt.date(2026, 12, 1))
    await client.bookings.cancel(booking.booking_code)
    async with run_app(app_main, route="/", shared_preferences=wallet_with(SavedTicket.of(booking))) as app:
        await app.wait_for(lambda: not app.exists(identifier=f"active-ticket-{booking.booking_code}"))
        assert app.exists(text_contains="Ambil nomor antrean dari rumah")


async def test_offline_beranda_still_offers_its_actions_and_loads_the_news_on_try_again(app, make_client):  # type: ignore[no-untyped-def]
    await publish(make_client, "pkm-sumber", "Dokter gigi cuti dua hari")
    inner = httpx.ASGITransport(app)
    down = {"on": True}

    async def flaky(request: httpx.Request) -> httpx.Response:
        if down["on"]:
            raise httpx.ConnectError("offline", request=request)
        return await inner.handle_async_request(request)

    main = main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=httpx.MockTransport(flaky), retry_attempts=1))
    prefs = {"lsr.preferences": json.dumps({"followed": ["pkm-sumber"]})}
    async with run_app(main, route="/", shared_preferences=prefs) as harness:
        await harness.wait_for(lambda: harness.exists(text_contains="Tidak bisa terhubung"))
        assert harness.exists(text="Ambil Nomor")
        down["on"] = False
        await harness.click(text="Coba lagi")
        await harness.wait_for(lambda: harness.exists(text="Dokter gigi cuti dua hari"))


@pytest.mark.parametrize("language", ["id", "jv", "en"])
async def test_the_name_of_the_service_is_the_same_in_every_language(app_main, language):  # type: ignore[no-untyped-def]
    prefs = {"lsr.preferences": json.dumps({"language": language})}
    async with run_app(app_main, route="/", shared_preferences=prefs) as app:
        assert app.page.title == "Layanan Sehat Rembang"  # the window's and the browser tab's
        assert app.exists(text="Layanan Sehat Rembang")  # the app bar


async def test_the_next_visit_leads_beranda_with_its_expected_call_time(app_main, client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, "pkm-lasem", code="poli-umum")
    today = await book(client, umum, day=dt.date(2026, 11, 30))
    later = await book(client, umum, day=dt.date(2026, 12, 2))
    async with run_app(app_main, route="/", shared_preferences=wallet_with(
            SavedTicket.of(later), SavedTicket.of(today))) as app:
        def lead():  # type: ignore[no-untyped-def]
            return app.find(identifier=f"active-ticket-{today.booking_code}")

        await app.wait_for(lambda: any(s.startswith("Perkiraan dipanggil") for s in app.texts(lead())))
        texts = app.texts()
        # Today's ticket first, above "Ambil Nomor"; the later one below, under its heading.
        assert texts.index(today.ticket.display_number) < texts.index("Ambil Nomor")
        assert texts.index("Senin, 30 November 2026") < texts.index("Ambil Nomor")
        assert texts.index("Tiket aktif lainnya") < texts.index("Rabu, 02 Desember 2026")
        assert "Tidak ada orang di depan Anda." in app.texts(lead())  # the first booking of the day
        await app.click(text="Buka tiket")
        assert app.route == f"/tiket/{today.booking_code}"
