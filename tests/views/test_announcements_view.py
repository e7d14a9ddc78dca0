"""Pengumuman in the staff console: an admin writes a closure, sees who it affects
before publishing (and again after changing it), publishes, changes its dates, and
withdraws it, reading first that the days reopen and the cancelled bookings stay
cancelled. Counter staff never see the part. In-process against the real service at
Monday 30 November 2026, 08:00 WIB, Puskesmas Lasem."""

from __future__ import annotations

import datetime as dt

import flet as ft
import pytest

from api_client import ApiClient
from api_client.models import AnnouncementCreate, AnnouncementKind, TicketStatus
from tests.api.helpers import book, service_id
from tests.views.harness import run_app
from tests.views.test_staff_console import shown, sign_in

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"
WED, THU = dt.date(2026, 12, 2), dt.date(2026, 12, 3)


async def open_announcements(app, username: str = f"admin.{LASEM}") -> None:  # type: ignore[no-untyped-def]
    await sign_in(app, username)
    await app.wait_for(lambda: app.exists(identifier="staff-announcements"))
    await app.click(identifier="staff-announcements")
    await app.wait_for(lambda: app.exists(identifier="announcement-new"))


async def pick_date(app, which: str, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    await app.click(identifier=f"draft-{which}")
    picker = await app.wait_for(lambda: app.find(ft.DatePicker, root=app.page))
    await app.trigger(picker, "change", props={"value": dt.datetime.combine(day, dt.time())})
    await app.dismiss_dialog()


async def status(client: ApiClient, code: str) -> TicketStatus:
    return (await client.bookings.get(code)).ticket.status


async def test_an_admin_sees_who_a_closure_affects_then_publishes_it(app_main, client: ApiClient):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    booked = [await book(client, umum, serial=n, day=WED) for n in (1, 2)]
    async with run_app(app_main, route="/staff") as app:
        await open_announcements(app)
        await app.click(identifier="announcement-new")
        where = app.find(ft.Dropdown, label="Untuk")
        await app.trigger(where, "select", str(umum), props={"value": str(umum)})
        await pick_date(app, "valid_from", WED)
        await pick_date(app, "valid_until", WED)
        await app.fill(app.find(ft.TextField, label="Judul"), "Dokter pelatihan")
        await app.fill(app.find(ft.TextField, label="Isi pengumuman"), "Poli Umum tutup sehari.")
        assert not app.exists(identifier="draft-publish")  # nothing before the preview
        await app.click(identifier="draft-preview")
        await app.wait_for(lambda: app.exists(identifier="draft-impact"))
        assert shown(app, "draft-impact") == (
            "Poli Umum, Rabu, 02 Desember 2026: 2 pasien yang sudah booking akan diberi tahu, "
            "bookingnya dibatalkan"
        )
        assert {await status(client, b.booking_code) for b in booked} == {TicketStatus.booked}

        await app.fill(app.find(ft.TextField, label="Judul"), "Dokter sedang pelatihan")
        assert not app.exists(identifier="draft-impact")  # changed: preview again
        await app.click(identifier="draft-preview")
        await app.wait_for(lambda: app.exists(identifier="draft-publish"))
        await app.click(identifier="draft-publish")

        await app.wait_for(lambda: app.exists(identifier="announcements-notice"))
        assert shown(app, "announcements-notice") == (
            "“Dokter sedang pelatihan” diterbitkan; 2 pasien yang sudah booking diberi tahu."
        )
        assert "Dokter sedang pelatihan" in shown(app, "announcement-list")
    assert {await status(client, b.booking_code) for b in booked} == {TicketStatus.cancelled}
    closed = {c.service_date: (c.service_id, c.reason) for c in await client.facilities.closures(LASEM)}
    assert closed[WED] == (umum, "Dokter sedang pelatihan")


async def test_withdrawing_says_first_what_reopens_and_what_stays_cancelled(app_main, client, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    booked = [await book(client, umum, serial=n, day=WED) for n in (1, 2)]
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    published = await admin.staff.publish_announcement(LASEM, AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Fumigasi gedung", body="Tutup sehari.",
        valid_from=WED, valid_until=WED,
    ))
    async with run_app(app_main, route="/staff") as app:
        await open_announcements(app)
        await app.wait_for(lambda: app.exists(identifier=f"announcement-withdraw-{published.id}"))
        await app.click(identifier=f"announcement-withdraw-{published.id}")
        await app.wait_for(lambda: app.exists(identifier="withdraw-impact"))
        assert shown(app, "withdraw-impact") == (
            "Pengumuman ini tidak ditampilkan lagi kepada warga. "
            "Booking dibuka lagi pada Rabu, 02 Desember 2026. "
            "2 booking yang sudah dibatalkan tetap batal; pasien perlu booking lagi."
        )
        assert [c for c in await client.facilities.closures(LASEM) if c.service_date == WED]  # not yet

        await app.click(identifier="withdraw-confirm")
        await app.wait_for(lambda: app.exists(identifier=f"announcement-withdrawn-{published.id}"))
        assert shown(app, "announcements-notice") == (
            "“Fumigasi gedung” dicabut; booking dibuka lagi. 2 booking yang sudah dibatalkan tetap batal."
        )
    assert [c for c in await client.facilities.closures(LASEM) if c.service_date == WED] == []
    assert {await status(client, b.booking_code) for b in booked} == {TicketStatus.cancelled}


async def test_a_change_of_dates_is_previewed_again_before_it_is_saved(app_main, client, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    on_thu = await book(client, umum, serial=1, day=THU)
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    published = await admin.staff.publish_announcement(LASEM, AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Fumigasi gedung", body="Tutup sehari.",
        valid_from=WED, valid_until=WED,
    ))
    async with run_app(app_main, route="/staff") as app:
        await open_announcements(app)
        await app.wait_for(lambda: app.exists(identifier=f"announcement-edit-{published.id}"))
        await app.click(identifier=f"announcement-edit-{published.id}")
        await pick_date(app, "valid_from", THU)
        await pick_date(app, "valid_until", THU)
        await app.click(identifier="draft-preview")
        await app.wait_for(lambda: app.exists(identifier="draft-impact"))
        impact = shown(app, "draft-impact")
        assert "Kamis, 03 Desember 2026: 1 pasien yang sudah booking akan diberi tahu" in impact
        assert "Booking dibuka lagi pada Rabu, 02 Desember 2026." in impact
        assert await status(client, on_thu.booking_code) is TicketStatus.booked
        await app.click(identifier="draft-publish")
        await app.wait_for(lambda: app.exists(identifier="announcements-notice"))
        assert shown(app, "announcements-notice") == (
            "“Fumigasi gedung” diubah; 1 pasien yang sudah booking diberi tahu."
        )
    assert await status(client, on_thu.booking_code) is TicketStatus.cancelled
    days = {c.service_date for c in await client.facilities.closures(LASEM) if c.service_date <= THU}
    assert days == {THU}


async def test_counter_staff_have_no_announcements_part(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, f"loket.{LASEM}")
        await app.wait_for(lambda: app.exists(identifier="staff-part"))
        assert not app.exists(identifier="staff-announcements")


async def test_dinkes_picks_the_facility_first(app_main, make_client):  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    await admin.staff.publish_announcement(LASEM, AnnouncementCreate(
        kind=AnnouncementKind.campaign, title="Posyandu lansia", body="Rabu pukul 08.00.",
        valid_from=WED, valid_until=WED,
    ))
    async with run_app(app_main, route="/staff") as app:
        await sign_in(app, "dinkes")
        await app.wait_for(lambda: app.exists(identifier="staff-announcements"))
        await app.click(identifier="staff-announcements")
        await app.wait_for(lambda: app.exists(ft.Dropdown, label="Faskes"))
        assert not app.exists(identifier="announcement-new")
        await app.trigger(app.find(ft.Dropdown, label="Faskes"), "select", LASEM, props={"value": LASEM})
        await app.wait_for(lambda: "Posyandu lansia" in shown(app, "announcement-list"))
        assert app.exists(identifier="announcement-new")


async def test_an_absences_notice_says_it_changes_in_dokter_and_offers_no_buttons(  # type: ignore[no-untyped-def]
    app_main, make_client,
):
    from api_client.models import DoctorAbsenceIn

    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    doctor = next(d for d in await admin.doctors.managed(LASEM) if d.active and d.sessions
                  and any(s.weekday == WED.weekday() for s in d.sessions))
    absence = await admin.doctors.mark_absent(LASEM, doctor.id, DoctorAbsenceIn(service_date=WED,
                                                                                  reason="Pelatihan"))
    async with run_app(app_main, route="/staff") as app:
        await open_announcements(app)
        notice = f"announcement-of-absence-{absence.announcement_id}"
        await app.wait_for(lambda: app.exists(identifier=notice))
        assert shown(app, notice) == (
            "Dari catatan dokter tidak praktik: diubah atau dicabut di bagian Dokter.")
        assert not app.exists(identifier=f"announcement-edit-{absence.announcement_id}")
        assert not app.exists(identifier=f"announcement-withdraw-{absence.announcement_id}")
