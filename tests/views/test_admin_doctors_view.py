"""Dokter in the admin face, mounted by itself (the /admin shell is another slice's):
a facility's admin sees the seed's placeholders marked as never shown to patients,
adds a doctor with weekly sessions, is told in words where a session is wrong, marks
a doctor absent on one of their days (told how many booked patients were told) and
withdraws it; Dinkes picks the facility first. And what citizens see of it: the days
of the booking step and a waiting ticket. In-process against the real service at
Monday 30 November 2026, 08:00 WIB."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import flet as ft
import httpx
import pytest

from api_client import ApiClient
from api_client.models import DoctorAbsenceIn, DoctorIn, DoctorWeekSession, TicketStatus
from session.context import Deps, Session, SessionContext
from session.i18n import Translator
from session.settings import AppSettings
from session.state import Preferences, Wallet
from tests.api.helpers import SUMBER, book, service_id
from tests.views.harness import run_app
from views.admin.doctors import DoctorsSection

pytestmark = pytest.mark.anyio
WEDNESDAY = dt.date(2026, 12, 2)


def section_main(app, username: str, expired: list[bool]):  # type: ignore[no-untyped-def]
    """A page with the Dokter section alone, signed in as `username`."""

    async def main(page: ft.Page) -> None:
        client = ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(app))
        await client.staff.login(username, "rembang-demo")
        me = await client.staff.me()
        deps = Deps(client=client, settings=AppSettings(), storage=cast(Any, None))
        session = Session(deps=deps, prefs=Preferences(), wallet=Wallet(), t=Translator("id"))

        @ft.component
        def Root() -> ft.Control:
            return SessionContext(session, lambda: ft.View(
                route="/", scroll=ft.ScrollMode.AUTO,
                controls=[DoctorsSection(client, me, lambda: expired.append(True))],
            ))

        page.render_views(Root)

    return main


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


async def admin_client(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    return admin


async def test_an_admin_adds_a_doctor_with_weekly_sessions(app, client: ApiClient):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    async with run_app(section_main(app, "admin.pkm-sumber", [])) as view:
        await view.wait_for(lambda: view.exists(identifier="doctor-new"))
        assert view.exists(text="dr. (contoh 1)")
        assert view.exists(text="Nama contoh, belum dikonfirmasi: tidak ditampilkan ke pasien")
        await view.click(identifier="doctor-new")
        await view.fill(view.find(ft.TextField, label="Nama dokter"), "dr. Ani Setyowati")
        await view.fill(view.find(ft.TextField, label="Nomor SIP (boleh kosong)"), "503/123/SIP/2025")
        layanan = view.find(ft.Dropdown, label="Layanan")
        await view.trigger(layanan, "select", str(umum), props={"value": str(umum)})
        await view.fill(view.find(identifier="doctor-sessions.0.starts").content, "07:30")
        await view.fill(view.find(identifier="doctor-sessions.0.ends").content, "12:00")
        await view.click(identifier="doctor-save")
        await view.wait_for(lambda: view.exists(identifier="doctors-notice"))
        assert shown(view, "doctors-notice") == "dr. Ani Setyowati ditambahkan."
        assert not view.exists(identifier="doctor-form")
        assert view.exists(text="Senin 07.30–12.00")
    monday = await client.facilities.doctors(SUMBER, date=dt.date(2026, 11, 30))
    assert [(d.doctor_name, d.starts, d.ends) for d in monday] == [("dr. Ani Setyowati", "07:30", "12:00")]


async def test_a_session_that_ends_before_it_starts_is_explained_at_its_day(app, client: ApiClient):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    async with run_app(section_main(app, "admin.pkm-sumber", [])) as view:
        await view.wait_for(lambda: view.exists(identifier="doctor-new"))
        await view.click(identifier="doctor-new")
        await view.fill(view.find(ft.TextField, label="Nama dokter"), "dr. Ani Setyowati")
        await view.trigger(view.find(ft.Dropdown, label="Layanan"), "select", str(umum),
                           props={"value": str(umum)})
        await view.fill(view.find(identifier="doctor-sessions.2.starts").content, "12:00")
        await view.fill(view.find(identifier="doctor-sessions.2.ends").content, "08:00")
        await view.click(identifier="doctor-save")
        wednesday = view.find(identifier="doctor-sessions.2.ends").content
        await view.wait_for(lambda: wednesday.error is not None)
        assert wednesday.error == "Jam selesai (08:00) harus sesudah jam mulai (12:00)."
        assert view.find(identifier="doctor-sessions.0.ends").content.error is None
    kept = await (await admin_client_for(app)).doctors.managed(SUMBER)
    assert all(d.name != "dr. Ani Setyowati" for d in kept)


async def admin_client_for(app) -> ApiClient:  # type: ignore[no-untyped-def]
    admin = ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(app))
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    return admin


async def test_marking_the_only_dentist_absent_closes_the_day_and_says_who_was_told(app, client: ApiClient):  # type: ignore[no-untyped-def]
    admin = await admin_client_for(app)
    gigi = await service_id(client, code="poli-gigi")
    drg = next(d for d in await admin.doctors.managed(SUMBER) if d.service_id == gigi)
    await admin.doctors.edit(SUMBER, drg.id, drg.model_copy(update={"name": "drg. Sri Wahyuni"}))
    booked = await book(client, gigi, serial=1, day=WEDNESDAY)
    async with run_app(section_main(app, "admin.pkm-sumber", [])) as view:
        await view.wait_for(lambda: view.exists(identifier=f"doctor-absent-{drg.id}"))
        await view.click(identifier=f"doctor-absent-{drg.id}")
        tanggal = view.find(ft.Dropdown, label="Tanggal")
        assert tanggal.value == "2026-11-30"  # the first of the dentist's days: today
        await view.trigger(tanggal, "select", WEDNESDAY.isoformat(), props={"value": WEDNESDAY.isoformat()})
        await view.fill(view.find(ft.TextField, label="Alasan (dibaca pasien)"), "Cuti tahunan")
        await view.click(identifier="absence-save")
        await view.wait_for(lambda: view.exists(identifier="doctors-notice"))
        assert shown(view, "doctors-notice") == (
            "Dicatat. Tidak ada dokter lain hari itu: layanan ditutup, 1 booking dibatalkan dan "
            "pasiennya diberi tahu.")
        absence = (await admin.doctors.absences(SUMBER))[0]
        assert shown(view, f"absence-{absence.id}").startswith("Rabu, 02 Desember 2026: drg. Sri Wahyuni")
        assert "Poli Gigi & Mulut ditutup hari itu" in shown(view, f"absence-{absence.id}")
        assert (await client.bookings.get(booked.booking_code)).ticket.status is TicketStatus.cancelled

        await view.click(identifier=f"absence-withdraw-{absence.id}")
        await view.wait_for(lambda: "Dicabut" in shown(view, f"absence-{absence.id}"))
        assert shown(view, "doctors-notice") == "Catatan tidak praktik drg. Sri Wahyuni dicabut."
    assert all(c.service_date != WEDNESDAY for c in await client.facilities.closures(SUMBER))


async def test_retiring_asks_first(app, client: ApiClient):  # type: ignore[no-untyped-def]
    admin = await admin_client_for(app)
    umum = await service_id(client, code="poli-umum")
    added = await admin.doctors.add(SUMBER, DoctorIn(name="dr. Ani Setyowati", service_id=umum))
    async with run_app(section_main(app, "admin.pkm-sumber", [])) as view:
        await view.wait_for(lambda: view.exists(identifier=f"doctor-retire-{added.id}"))
        await view.click(identifier=f"doctor-retire-{added.id}")
        assert (await admin.doctors.managed(SUMBER))[0].active  # nothing yet
        await view.click(identifier=f"doctor-retire-confirm-{added.id}")
        await view.wait_for(lambda: view.exists(identifier="doctors-notice"))
        assert shown(view, "doctors-notice") == "dr. Ani Setyowati tidak praktik lagi di faskes ini."
        assert "Tidak praktik lagi" in shown(view, f"doctor-{added.id}")
        assert not view.exists(identifier=f"doctor-edit-{added.id}")
    assert not next(d for d in await admin.doctors.managed(SUMBER) if d.id == added.id).active


async def test_a_question_stays_on_its_doctor_while_a_form_opens_above(app, client: ApiClient):  # type: ignore[no-untyped-def]
    """"Tidak praktik lagi?" asked on one card, then "Ubah" on another: the form above
    the cards must not hand the open question to the card below it."""
    admin = await admin_client_for(app)
    umum = await service_id(client, code="poli-umum")
    ani = await admin.doctors.add(SUMBER, DoctorIn(name="dr. Ani Setyowati", service_id=umum))
    budi = await admin.doctors.add(SUMBER, DoctorIn(name="dr. Budi Santoso", service_id=umum))
    async with run_app(section_main(app, "admin.pkm-sumber", [])) as view:
        await view.wait_for(lambda: view.exists(identifier=f"doctor-retire-{budi.id}"))
        await view.click(identifier=f"doctor-retire-{budi.id}")
        await view.wait_for(lambda: view.exists(identifier=f"doctor-retire-confirm-{budi.id}"))
        await view.click(identifier=f"doctor-edit-{ani.id}")
        await view.wait_for(lambda: view.exists(identifier="doctor-form"))
        asked = [d.id for d in await admin.doctors.managed(SUMBER)
                 if view.exists(identifier=f"doctor-retire-confirm-{d.id}")]
        assert asked == [budi.id]


async def test_dinkes_picks_the_facility_first(app):  # type: ignore[no-untyped-def]
    async with run_app(section_main(app, "dinkes", [])) as view:
        await view.wait_for(lambda: view.exists(text="Pilih faskes untuk melihat dokternya."))
        await view.wait_for(lambda: len(view.find(identifier="doctors-facility").content.options) == 20)
        picker = view.find(identifier="doctors-facility").content
        await view.trigger(picker, "select", "pkm-lasem", props={"value": "pkm-lasem"})
        await view.wait_for(lambda: view.exists(identifier="doctor-new"))
        assert view.exists(text="dr. (contoh 1)")


# ------------------------------------------------------------ what citizens see


async def test_the_booking_days_say_who_practises_and_who_is_away(app_main, app, client: ApiClient):  # type: ignore[no-untyped-def]
    admin = await admin_client_for(app)
    gigi = await service_id(client, code="poli-gigi")
    drg = next(d for d in await admin.doctors.managed(SUMBER) if d.service_id == gigi)
    await admin.doctors.edit(SUMBER, drg.id, drg.model_copy(update={"name": "drg. Sri Wahyuni"}))
    await admin.doctors.add(SUMBER, DoctorIn(name="drg. Hadi Purnomo", service_id=gigi, sessions=[
        DoctorWeekSession(weekday=2, starts="08:00", ends="11:00")]))
    await admin.doctors.mark_absent(SUMBER, drg.id, DoctorAbsenceIn(service_date=WEDNESDAY, reason="Cuti"))
    async with run_app(app_main, route=f"/faskes/{SUMBER}/pesan/{gigi}") as view:
        await view.wait_for(lambda: view.exists(identifier="day-2026-12-02"))
        wednesday = view.texts(root=view.find(identifier="day-2026-12-02"))
        assert "drg. Sri Wahyuni tidak praktik: Cuti" in wednesday
        assert "Dokter: drg. Hadi Purnomo (08.00–11.00)" in wednesday
        tuesday = view.texts(root=view.find(identifier="day-2026-12-01"))
        assert "Dokter: drg. Sri Wahyuni (07.30–12.00)" in tuesday
        assert not any("contoh" in line for line in view.texts(root=view.find(identifier="day-2026-11-30")))


async def test_a_waiting_ticket_shows_that_its_doctor_is_away(app_main, app, client: ApiClient):  # type: ignore[no-untyped-def]
    admin = await admin_client_for(app)
    gigi = await service_id(client, code="poli-gigi")
    drg = next(d for d in await admin.doctors.managed(SUMBER) if d.service_id == gigi)
    await admin.doctors.edit(SUMBER, drg.id, drg.model_copy(update={"name": "drg. Sri Wahyuni"}))
    await admin.doctors.add(SUMBER, DoctorIn(name="drg. Hadi Purnomo", service_id=gigi, sessions=[
        DoctorWeekSession(weekday=2, starts="08:00", ends="11:00")]))
    booked = await book(client, gigi, serial=1, day=WEDNESDAY)
    await admin.doctors.mark_absent(SUMBER, drg.id, DoctorAbsenceIn(service_date=WEDNESDAY, reason="Cuti"))
    async with run_app(app_main, route=f"/tiket/{booked.booking_code}") as view:
        await view.wait_for(lambda: view.exists(identifier="doctor-absent"))
        assert shown(view, "doctor-absent") == (
            "Dokter tidak praktik pada tanggal ini drg. Sri Wahyuni: Cuti "
            "Nomor Anda tetap berlaku: dokter lain yang praktik akan melayani Anda.")


async def test_the_facility_page_marks_a_doctor_away_today(app_main, app, client: ApiClient):  # type: ignore[no-untyped-def]
    admin = await admin_client_for(app)
    gigi = await service_id(client, code="poli-gigi")
    drg = next(d for d in await admin.doctors.managed(SUMBER) if d.service_id == gigi)
    await admin.doctors.edit(SUMBER, drg.id, drg.model_copy(update={"name": "drg. Sri Wahyuni"}))
    await admin.doctors.add(SUMBER, DoctorIn(name="drg. Hadi Purnomo", service_id=gigi, sessions=[
        DoctorWeekSession(weekday=0, starts="08:00", ends="11:00")]))
    today = dt.date(2026, 11, 30)
    await admin.doctors.mark_absent(SUMBER, drg.id, DoctorAbsenceIn(service_date=today, reason="Pelatihan"))
    async with run_app(app_main, route=f"/faskes/{SUMBER}") as view:
        await view.wait_for(lambda: view.exists(text="drg. Hadi Purnomo"))
        card = view.texts(root=view.find(identifier=f"service-{gigi}"))
        assert "drg. Sri Wahyuni" in card and "Tidak praktik: Pelatihan" in card
        assert "08.00–11.00" in card
