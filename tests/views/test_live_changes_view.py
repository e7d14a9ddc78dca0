"""An open facility page and an open booking screen show a change the facility's admin
makes (an absence, a quota, the facility's name) without being opened again: they
follow the live stream (in-process on `LiveStreams`, where streams flow) and read
again quietly, keeping what they show until the answer comes; offline they keep it.
Monday 30 November 2026, 08:00 WIB, Puskesmas Sumber."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient
from api_client.models import (
    DoctorAbsenceIn,
    DoctorIn,
    DoctorWeekSession,
    FacilityChange,
    QueueEvent,
    ServiceSettingsChange,
)
from session.settings import AppSettings
from tests.api.helpers import SUMBER, book, service_id
from tests.support.live_streams import LiveStreams
from tests.support.signal import Signal
from tests.views.harness import AppHarness, run_app
from views.app import main_for

pytestmark = pytest.mark.anyio

MONDAY, WEDNESDAY = dt.date(2026, 11, 30), dt.date(2026, 12, 2)


@pytest.fixture
def signal(app) -> Signal:  # type: ignore[no-untyped-def]
    """The phone's connection, on which live streams flow, and which can drop."""
    return Signal(LiveStreams(app))


@pytest.fixture
def phone(signal):  # type: ignore[no-untyped-def]
    return main_for(AppSettings(), make_client=lambda: ApiClient("http://lsr.test/api", transport=signal,
                                                                 retry_attempts=1))


@pytest.fixture
async def admin(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff: ApiClient = make_client()
    await staff.staff.login(f"admin.{SUMBER}", "rembang-demo")
    return staff


def ani(sid: int) -> DoctorIn:
    return DoctorIn(name="dr. Ani Setyowati", sip="503/123/SIP/2025", service_id=sid, sessions=[
        DoctorWeekSession(weekday=0, starts="07:30", ends="12:00"),
        DoctorWeekSession(weekday=2, starts="07:30", ends="12:00")])


def quotas(jkn: int, non_jkn: int) -> ServiceSettingsChange:
    return ServiceSettingsChange(effective_from=MONDAY, quota_jkn=[jkn] * 7, quota_non_jkn=[non_jkn] * 7,
                                 quota_walkin=[5] * 7, avg_service_minutes=8, counters=[])


def shown(app: AppHarness, identifier: str) -> list[str]:
    return app.texts(app.find(identifier=identifier))


async def following(app: AppHarness, server) -> None:  # type: ignore[no-untyped-def]
    """Until the screen's live stream is open (what happens from now on reaches it)."""
    await app.wait_for(lambda: server.state.lsr.bus.listener_count() > 0)


async def test_the_open_facility_page_shows_an_absence_a_quota_and_a_new_name(app, phone, admin, client):  # type: ignore[no-untyped-def]
    umum, gizi = await service_id(client, code="poli-umum"), await service_id(client, code="gizi")
    doctor = await admin.doctors.add(SUMBER, ani(umum))
    async with run_app(phone, route=f"/faskes/{SUMBER}") as page:
        await page.wait_for(lambda: page.exists(text="dr. Ani Setyowati"))
        await page.click(identifier=f"quota-toggle-{gizi}")
        await page.wait_for(lambda: page.exists(identifier="quota-2026-11-30"))
        assert "Pasien JKN: sisa 5 dari 5" in shown(page, "quota-2026-11-30")
        await following(page, app)

        await admin.doctors.mark_absent(SUMBER, doctor.id, DoctorAbsenceIn(service_date=MONDAY,
                                                                          reason="Pelatihan"))
        await page.wait_for(lambda: page.exists(text="Tidak praktik: Pelatihan"))
        assert page.exists(text="dr. Ani Setyowati")

        await admin.directory_admin.change_settings(gizi, quotas(9, 4))
        await page.wait_for(lambda: "Pasien JKN: sisa 9 dari 9" in shown(page, "quota-2026-11-30"))
        assert "Pasien umum (non-JKN): sisa 4 dari 4" in shown(page, "quota-2026-11-30")

        await admin.directory_admin.change_facility(SUMBER, FacilityChange(name="Puskesmas Sumber Baru"))
        await page.wait_for(lambda: shown(page, "facility-name") == ["Puskesmas Sumber Baru"])
        assert page.route == f"/faskes/{SUMBER}"
        assert not page.exists(identifier="load-error") and not page.exists(identifier="last-updated")


async def test_offline_the_open_facility_page_keeps_what_it_shows(app, phone, admin, signal):  # type: ignore[no-untyped-def]
    async with run_app(phone, route=f"/faskes/{SUMBER}") as page:
        await page.wait_for(lambda: page.exists(text="Poli Umum"))
        await following(page, app)
        signal.lost = True  # the stream already open still hears; reading again fails
        await admin.directory_admin.change_facility(SUMBER, FacilityChange(name="Puskesmas Sumber Baru"))
        await page.wait_for(lambda: page.exists(identifier="last-updated"))  # read again: the kept copy
        assert shown(page, "facility-name") == ["Puskesmas Sumber"]
        assert page.exists(text="Poli Umum") and not page.exists(identifier="load-error")


async def test_the_open_booking_screen_shows_an_absence_and_the_places_left(  # type: ignore[no-untyped-def]
    app, phone, admin, client, monkeypatch,
):
    monkeypatch.setattr("views.booking.wizard.PLACES_EVERY_SECONDS", 0.0)  # the test's half minute
    umum = await service_id(client, code="poli-umum")
    doctor = await admin.doctors.add(SUMBER, ani(umum))
    async with run_app(phone, route=f"/faskes/{SUMBER}/pesan/{umum}") as screen:
        day = f"day-{WEDNESDAY.isoformat()}"
        await screen.wait_for(lambda: screen.exists(identifier=day))
        assert "Dokter: dr. Ani Setyowati (07.30–12.00)" in shown(screen, day)
        places = next(line for line in shown(screen, day) if line.startswith("Sisa tempat"))
        await following(screen, app)

        await admin.doctors.mark_absent(SUMBER, doctor.id, DoctorAbsenceIn(service_date=WEDNESDAY,
                                                                          reason="Cuti tahunan"))
        await screen.wait_for(lambda: "dr. Ani Setyowati tidak praktik: Cuti tahunan" in shown(screen, day))
        assert "Dokter: dr. Ani Setyowati (07.30–12.00)" not in shown(screen, day)

        await book(client, umum, serial=1, day=WEDNESDAY)  # someone else takes a place
        await screen.wait_for(lambda: places not in shown(screen, day))
        assert screen.exists(identifier="booking-step")


async def test_offline_the_open_booking_screen_keeps_its_days(app, phone, admin, client, signal):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    doctor = await admin.doctors.add(SUMBER, ani(umum))
    async with run_app(phone, route=f"/faskes/{SUMBER}/pesan/{umum}") as screen:
        day = f"day-{WEDNESDAY.isoformat()}"
        await screen.wait_for(lambda: screen.exists(identifier=day))
        before = shown(screen, day)
        await following(screen, app)
        signal.lost = True  # the stream already open still hears; reading again fails
        await admin.doctors.mark_absent(SUMBER, doctor.id, DoctorAbsenceIn(service_date=WEDNESDAY,
                                                                          reason="Cuti tahunan"))
        await screen.wait_for(lambda: screen.exists(identifier="offline-banner"))  # it tried
        assert shown(screen, day) == before
        assert not screen.exists(identifier="booking-load-error")


def test_in_a_rush_the_places_left_are_read_at_most_every_half_minute() -> None:
    from views.booking.wizard import PLACES_EVERY_SECONDS, BookingWizard

    wizard = BookingWizard(None, facility_id=SUMBER, service_id=2, channel=None,  # type: ignore[arg-type]
                           on_booked=None)  # type: ignore[arg-type]
    wizard._read_at = 100.0  # read at t=100 s

    def event(kind: str) -> QueueEvent:
        return QueueEvent(id=1, type=kind, facility_id=SUMBER, service_id=2,  # type: ignore[arg-type]
                          service_date=WEDNESDAY, display_number="B-001", at=dt.datetime.now(dt.UTC))

    assert not wizard.heed(event("issued"), 101.0)  # one more place taken a second later
    assert not wizard.heed(event("cancelled"), 100.0 + PLACES_EVERY_SECONDS - 1)
    assert wizard.heed(event("issued"), 100.0 + PLACES_EVERY_SECONDS)
    assert wizard.heed(event("reconfigured"), 101.0)  # a doctor's absence: at once
    assert not wizard.heed(event("called"), 1_000.0)  # a call changes nothing here
