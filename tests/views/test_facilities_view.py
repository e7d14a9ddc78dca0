"""Faskes screens: the list of facilities (search, filters, distance, map) and a
facility's page (hours, services, today's doctors, quota, booking, contact)."""

from __future__ import annotations

import datetime as dt

import flet as ft
import flet_map as fm
import httpx
import pytest

from api_client import ApiClient
from session.settings import AppSettings
from tests.api.helpers import book, service_id
from tests.views.harness import run_app
from views.app import main_for

pytestmark = pytest.mark.anyio


def facility_names(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [tile.title.value for tile in app.find_all(ft.ListTile)]


# ---------------------------------------------------------------- the list


async def test_the_list_shows_every_facility_and_opens_one_with_a_way_back(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        assert len(facility_names(app)) == 20
        assert app.exists(text="20 faskes ditemukan")
        await app.click(text="Puskesmas Sumber")
        await app.wait_for(lambda: app.exists(text="Poli Umum"))
        assert [v.route for v in app.views] == ["/", "/faskes", "/faskes/pkm-sumber"]
        await app.back()
        assert app.route == "/faskes"
        assert len(app.find_all(ft.ListTile)) == 20


async def test_typing_part_of_a_name_narrows_the_list_as_you_type(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        search = app.find(ft.TextField, label="Cari nama puskesmas atau rumah sakit")
        await app.fill(search, "kragan")
        assert facility_names(app) == ["Puskesmas Kragan 1", "Puskesmas Kragan 2"]
        await app.fill(search, "kragan 2")
        assert facility_names(app) == ["Puskesmas Kragan 2"]
        assert app.exists(text="1 faskes ditemukan")
        await app.fill(search, "klinik gigi")
        assert facility_names(app) == []
        assert app.exists(text_contains="Tidak ada faskes yang cocok")


async def test_the_kecamatan_and_type_filters_keep_only_matching_facilities(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        kecamatan = app.find(ft.Dropdown, label="Wilayah kecamatan")
        assert len(kecamatan.options) == 15  # "Semua kecamatan" and the 14 kecamatan
        await app.trigger(kecamatan, "select", "Rembang", props={"value": "Rembang"})
        assert facility_names(app) == [
            "Puskesmas Rembang 1", "Puskesmas Rembang 2",
            "RS Bhina Bhakti Husada", "RSI Arafah", "RSUD dr. R. Soetrasno",
        ]  # fmt: skip
        kind = app.find(ft.Dropdown, label="Jenis faskes")
        await app.trigger(kind, "select", "rumah_sakit", props={"value": "rumah_sakit"})
        assert facility_names(app) == ["RS Bhina Bhakti Husada", "RSI Arafah", "RSUD dr. R. Soetrasno"]
        await app.trigger(kecamatan, "select", "Lasem", props={"value": "Lasem"})
        assert facility_names(app) == []


async def test_open_now_on_a_sunday_leaves_only_facilities_with_a_24_hour_ugd(app_main, clock, client):  # type: ignore[no-untyped-def]
    clock.set(2026, 12, 6, 9, 0)  # Sunday: every loket is closed
    with_ugd = {f.name for f in await client.facilities.list() if any(
        s.kind == "ugd" for s in (await client.facilities.get(f.id)).services)}
    async with run_app(app_main, route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        assert len(app.find_all(text="Sedang tutup")) > 0
        await app.trigger(app.find(ft.Switch, label="Buka sekarang"), "change", props={"value": True})
        names = facility_names(app)
        assert "Puskesmas Sumber" not in names and "Puskesmas Lasem" in names
        assert set(names) == with_ugd
        assert len(app.find_all(text="Hanya UGD yang buka")) == len(names)
        assert not app.exists(text="Sedang tutup")


async def test_sorting_by_distance_asks_for_the_location_and_shows_km(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        assert not any(c[0] == "Geolocator" for c in app.invocations)  # nothing asked yet
        app.fake_method("Geolocator", "request_permission", lambda c, a: "whileInUse")
        app.fake_method("Geolocator", "get_current_position",
                        lambda c, a: {"latitude": -6.70, "longitude": 111.44})  # in Lasem
        await app.click(identifier="sort-nearest")
        assert facility_names(app)[0] == "Puskesmas Lasem"
        first = app.find(ft.ListTile, key="pkm-lasem")
        assert app.find(text="0,6 km dari Anda", root=first)
        assert app.exists(text="Diurutkan dari yang terdekat dengan lokasi Anda.")


async def test_without_permission_the_list_stays_and_says_why(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        before = facility_names(app)
        app.fake_method("Geolocator", "request_permission", lambda c, a: "denied")
        await app.click(identifier="sort-nearest")
        assert app.exists(text_contains="Izin lokasi tidak diberikan")
        assert facility_names(app) == before
        assert not app.exists(text_contains="km dari Anda")


async def test_the_map_shows_a_marker_per_facility_and_the_list_survives_missing_tiles(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        assert not app.exists(fm.Map)
        await app.trigger(app.find(ft.Switch, label="Tampilkan peta"), "change", props={"value": True})
        markers = app.find(fm.MarkerLayer).markers
        assert len(markers) == 20
        await app.trigger(app.find(fm.TileLayer), "image_error", "tile failed")
        assert app.exists(text_contains="Gambar peta tidak bisa dimuat")
        await app.fill(app.find(ft.TextField, label="Cari nama puskesmas atau rumah sakit"), "lasem")
        assert len(app.find(fm.MarkerLayer).markers) == 1
        assert facility_names(app) == ["Puskesmas Lasem"]
        await app.click(identifier="marker-pkm-lasem")
        assert app.route == "/faskes/pkm-lasem"


async def test_a_lost_connection_shows_an_error_and_try_again_loads_the_list(app) -> None:  # type: ignore[no-untyped-def]
    inner = httpx.ASGITransport(app)
    down = {"on": True}

    async def flaky(request: httpx.Request) -> httpx.Response:
        if down["on"]:
            raise httpx.ConnectError("offline", request=request)
        return await inner.handle_async_request(request)

    main = main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=httpx.MockTransport(flaky), retry_attempts=1))
    async with run_app(main, route="/faskes") as harness:
        await harness.wait_for(lambda: harness.exists(text_contains="Tidak bisa terhubung"))
        down["on"] = False
        await harness.click(text="Coba lagi")
        await harness.wait_for(lambda: harness.exists(text="Puskesmas Sumber"))


# ------------------------------------------------------------ one facility


async def test_the_facility_page_shows_hours_services_and_todays_doctors(app_main, make_client):  # type: ignore[no-untyped-def]
    admin = make_client()  # the seed's doctors are placeholders, never shown: name the dentist
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    drg = next(d for d in await admin.doctors.managed("pkm-sumber") if d.name == "drg. (contoh)")
    await admin.doctors.edit("pkm-sumber", drg.id, drg.model_copy(update={"name": "drg. Sri Wahyuni"}))
    async with run_app(app_main, route="/faskes/pkm-sumber") as app:
        await app.wait_for(lambda: app.exists(text="Poli Umum"))
        assert app.exists(text="Puskesmas Sumber")
        assert app.exists(text="Puskesmas di Kecamatan Sumber")
        assert app.exists(text="Sedang buka")  # Monday 08:00
        for service in ("Loket Pendaftaran", "Poli Umum", "Poli Gigi & Mulut", "KIA/KB"):
            assert app.exists(text=service)
        assert app.exists(text="drg. Sri Wahyuni") and len(app.find_all(text="Dokter hari ini")) == 1
        assert not app.exists(text="dr. (contoh 1)") and not app.exists(text="drg. (contoh)")
        assert len(app.find_all(text="Jadwal dokter hari ini belum diumumkan.")) >= 2
        hours = app.find(identifier="week-hours")
        assert app.texts(hours)[:2] == ["Senin", "07.30–12.00"]
        assert app.texts(hours)[-2:] == ["Minggu", "Libur"]
        # The seed data is honest about what nobody has checked yet.
        assert len(app.find_all(text="belum dikonfirmasi")) >= 3


async def test_quota_of_the_coming_days_loads_when_asked_and_marks_closed_and_full_days(app_main, client):  # type: ignore[no-untyped-def]
    gizi = await service_id(client, code="gizi")  # quota: 5 JKN, 3 non-JKN
    for serial in range(1, 6):
        await book(client, gizi, serial=serial, day=dt.date(2026, 12, 1))
    async with run_app(app_main, route="/faskes/pkm-sumber") as app:
        await app.wait_for(lambda: app.exists(text="Gizi"))
        assert not app.exists(identifier="quota-2026-11-30")  # nothing loaded before asked
        await app.click(identifier=f"quota-toggle-{gizi}")
        await app.wait_for(lambda: app.exists(identifier="quota-2026-11-30"))
        days = [c for c in app.find_all(ft.Semantics) if (c.identifier or "").startswith("quota-2")]
        assert len(days) >= 7
        monday = app.texts(app.find(identifier="quota-2026-11-30"))
        assert monday == ["Senin, 30 November 2026", "Pasien JKN: sisa 5 dari 5",
                          "Pasien umum (non-JKN): sisa 3 dari 3"]
        tuesday = app.texts(app.find(identifier="quota-2026-12-01"))
        assert "Pasien JKN: penuh" in tuesday
        sunday = app.texts(app.find(identifier="quota-2026-12-06"))
        assert sunday == ["Minggu, 06 Desember 2026", "Libur mingguan"]


async def test_ambil_nomor_for_each_service_comes_first_named_with_the_service(app_main, client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    async with run_app(app_main, route="/faskes/pkm-sumber") as app:
        await app.wait_for(lambda: app.exists(identifier=f"book-{umum}"))
        assert app.texts(app.find(identifier=f"book-{umum}")) == ["Ambil nomor Poli Umum"]
        order = [c.identifier for c in app.find_all(ft.Semantics) if c.identifier]
        first_book = min(i for i, name in enumerate(order) if name.startswith("book-"))
        assert first_book < order.index("week-hours") < order.index(f"service-{umum}")


async def test_pesan_opens_the_booking_of_that_service(app_main, client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    async with run_app(app_main, route="/faskes/pkm-sumber") as app:
        await app.wait_for(lambda: app.exists(text="Poli Umum"))
        loket = await service_id(client, code="loket")
        assert not app.exists(identifier=f"book-{loket}")  # walk-in only: no Pesan
        await app.click(identifier=f"book-{umum}")
        assert app.route == f"/faskes/pkm-sumber/pesan/{umum}"
        assert [v.route for v in app.views][-2:] == ["/faskes/pkm-sumber", app.route]


async def test_telepon_and_petunjuk_arah_open_the_phone_and_the_map_app(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes/pkm-sumber") as app:
        await app.wait_for(lambda: app.exists(text="Poli Umum"))
        app.fake_method("UrlLauncher", "launch_url", lambda c, a: None)
        await app.click(identifier="call-facility")
        await app.click(identifier="directions")
        urls = [args["url"] for kind, name, args in app.invocations if name == "launch_url"]
        assert urls == [
            "tel:+62295701011",
            "https://www.google.com/maps/dir/?api=1&destination=-6.84,111.4",
        ]


async def test_an_unknown_facility_says_so_with_a_way_to_try_again(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes/pkm-tidak-ada") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas atau rumah sakit ini tidak ditemukan."))
        assert app.exists(text="Coba lagi")


async def test_following_a_facility_is_saved_on_the_device(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes/pkm-lasem") as app:
        await app.wait_for(lambda: app.exists(text="Poli Umum"))
        await app.click(text="Ikuti pengumuman")
        assert '"followed": ["pkm-lasem"]' in app.shared_preferences["lsr.preferences"]
        await app.click(text="Berhenti mengikuti")
        assert '"followed": []' in app.shared_preferences["lsr.preferences"]
        assert app.exists(text="Ikuti pengumuman")


async def test_on_cuti_bersama_the_facility_page_says_only_the_ugd_is_open(app_main, clock):  # type: ignore[no-untyped-def]
    clock.set(2026, 12, 24, 9, 0)  # Thursday, Cuti Bersama Hari Raya Natal, within the loket's hours
    async with run_app(app_main, route="/faskes/pkm-lasem") as app:
        await app.wait_for(lambda: app.exists(text="Poli Umum"))
        assert app.exists(text="Hanya UGD yang buka")
        assert not app.exists(text="Sedang buka") and not app.exists(text="Sedang tutup")
    async with run_app(app_main, route="/faskes/pkm-sumber") as app:  # no UGD: closed all day
        await app.wait_for(lambda: app.exists(text="Poli Umum"))
        assert app.exists(text="Sedang tutup")
