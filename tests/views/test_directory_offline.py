"""Faskes offline on the phone: the list and a facility's page (services, today's
doctors, hours, quota) fetched on an earlier visit stay readable when the service
cannot be reached, saying when they were fetched; without such a visit the screens
say they cannot connect. Booking still needs the service.
"""

from __future__ import annotations

import flet as ft
import pytest

from api_client.store import DeviceStore
from tests.api.helpers import SUMBER, service_id
from tests.views.harness import run_app
from tests.views.test_offline import BANNER, phone
from tests.views.test_ticket_view import shown

pytestmark = pytest.mark.anyio

NO_CONNECTION = "Tidak bisa terhubung. Periksa koneksi internet Anda, lalu coba lagi."
FETCHED = "Terakhir diperbarui 30 Nov 2026 08.00"  # the fake clock's Monday morning, WIB


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("session.connectivity.RETRY_SECONDS", 0.05)



def facility_names(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [tile.title.value for tile in app.find_all(ft.ListTile)]


async def test_the_list_seen_online_stays_readable_offline_with_when_it_was_fetched(
    signal, device, clock
):  # type: ignore[no-untyped-def]
    async with run_app(phone(signal, device), route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        online = facility_names(app)
        assert len(online) == 20
        assert not app.exists(identifier="last-updated")  # a fresh answer needs no date
        assert len(DeviceStore(device).get("cache.facilities")) == 2  # fetched_at, value

        clock.set(2026, 12, 1, 7, 30)  # the next morning, in a village without signal
        signal.lost = True
        await app.navigate("/")
        await app.navigate("/faskes")
        await app.wait_for(lambda: app.exists(identifier="last-updated"))
        assert facility_names(app) == online
        assert shown(app, "last-updated") == FETCHED
        assert shown(app, "offline-banner") == BANNER
        assert not app.exists(identifier="load-error")

        search = app.find(ft.TextField, label="Cari nama puskesmas atau rumah sakit")
        await app.fill(search, "kragan")  # the filters work on what was kept
        assert facility_names(app) == ["Puskesmas Kragan 1", "Puskesmas Kragan 2"]

        signal.lost = False  # back online: a new visit is fresh again
        await app.navigate("/")
        await app.navigate("/faskes")
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber")
                           and not app.exists(identifier="last-updated"))
        assert not app.exists(identifier="offline-banner")


async def test_a_facility_seen_online_shows_services_doctors_and_quota_offline(
    client, signal, device
):  # type: ignore[no-untyped-def]
    poli = await service_id(client, code="poli-umum")
    async with run_app(phone(signal, device), route=f"/faskes/{SUMBER}") as app:
        await app.wait_for(lambda: app.exists(identifier=f"service-{poli}"))
        online_services = shown(app, f"service-{poli}")
        await app.click(identifier=f"quota-toggle-{poli}")
        await app.wait_for(lambda: app.exists(text="Sisa kuota pendaftaran online"))
        online_quota = shown(app, f"service-{poli}")
        assert not app.exists(identifier="last-updated")

        signal.lost = True
        await app.navigate("/")
        await app.navigate(f"/faskes/{SUMBER}")
        await app.wait_for(lambda: app.exists(identifier="last-updated"))
        assert shown(app, "facility-name") == "Puskesmas Sumber"
        assert shown(app, "offline-banner") == BANNER
        assert shown(app, "last-updated") == FETCHED
        assert shown(app, f"service-{poli}") == online_services  # hours and today's doctors
        assert app.exists(text="Jam buka")
        assert not app.exists(identifier="load-error")

        await app.click(identifier=f"quota-toggle-{poli}")
        await app.wait_for(lambda: app.exists(text="Sisa kuota pendaftaran online"))
        quota = shown(app, f"service-{poli}")
        assert FETCHED in quota
        assert quota.replace(FETCHED + " ", "") == online_quota  # the same seven days

        # A number is never issued offline: booking asks the service, and says it cannot.
        await app.click(identifier=f"book-{poli}")
        await app.wait_for(lambda: app.exists(text=NO_CONNECTION))
        assert app.route == f"/faskes/{SUMBER}/pesan/{poli}"
    kept = DeviceStore(device)
    assert kept.get(f"cache.facility.{SUMBER}")["value"]["facility"]["id"] == SUMBER
    assert kept.get(f"cache.availability.{poli}") is not None


async def test_without_an_earlier_visit_offline_shows_the_connection_error(
    signal, device
):  # type: ignore[no-untyped-def]
    signal.lost = True
    async with run_app(phone(signal, device), route="/faskes") as app:
        await app.wait_for(lambda: app.exists(identifier="load-error"))
        assert shown(app, "load-error") == NO_CONNECTION
        assert not app.exists(identifier="last-updated")
        assert facility_names(app) == []
        await app.navigate(f"/faskes/{SUMBER}")
        await app.wait_for(lambda: app.exists(identifier="load-error"))
        assert shown(app, "load-error") == NO_CONNECTION
        assert not app.exists(identifier="facility-name")
    assert DeviceStore(device).get("cache.facilities") is None


async def test_on_the_web_the_directory_is_kept_in_the_browser_too(signal):  # type: ignore[no-untyped-def]
    async with run_app(phone(signal, None), route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        signal.lost = True
        await app.navigate("/")
        await app.navigate("/faskes")
        await app.wait_for(lambda: app.exists(identifier="last-updated"))
        assert len(facility_names(app)) == 20
        assert shown(app, "last-updated") == FETCHED
