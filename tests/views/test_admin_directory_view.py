"""The Direktori section of the admin face, mounted on its own (the admin shell is
built elsewhere): an admin clears an unconfirmed mark and reads who confirmed it and
when, changes the opening hours, lowers Monday's JKN quota of Poli Umum from next week
and is told, for a Monday already booked beyond it, the date and the count; Dinkes
picks the facility first. In-process against the real service at Monday 30 November
2026, 08:00 WIB, Puskesmas Sumber."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import flet as ft
import pytest
from sqlalchemy import select

from api_client import ApiClient
from api_client.models import QueueEvent, ServiceChange
from server.events.tables import QueueEventRow
from session.context import Deps, Session, SessionContext
from session.i18n import Translator
from session.settings import AppSettings
from session.state import Preferences, Wallet
from session.storage import MemoryStorage
from tests.api.helpers import SUMBER, book, service_id
from tests.views.harness import run_app
from tests.views.test_staff_console import shown
from views.admin.directory import DirectorySection
from views.display.board_model import Board

pytestmark = pytest.mark.anyio
NEXT_MONDAY = dt.date(2026, 12, 7)


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(username, "rembang-demo")
    return staff


async def nothing() -> None:
    """The shell's `expired`, where the test does not end the sign-in."""


def section_main(
    client: ApiClient, expired: Callable[[], Awaitable[None]],
) -> Callable[[ft.Page], Awaitable[None]]:
    """A page holding the section alone, as the admin shell mounts it."""

    async def main(page: ft.Page) -> None:
        me = await client.staff.me()
        session = Session(deps=Deps(client=client, settings=AppSettings(), storage=MemoryStorage()),
                          prefs=Preferences(), wallet=Wallet(), t=Translator("id"))
        page.render(lambda: SessionContext(session, lambda: ft.Column(
            [DirectorySection(client, me, expired)], scroll=ft.ScrollMode.AUTO, expand=True)))

    return main


async def test_an_admin_confirms_a_mark_and_reads_who_confirmed_it_and_when(make_client, client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    async with run_app(section_main(admin, nothing)) as app:
        await app.wait_for(lambda: app.exists(identifier="confirm-phone"))
        await app.click(identifier="confirm-phone")
        await app.wait_for(lambda: app.exists(identifier="confirmed-phone"))
        assert shown(app, "confirmed-phone") == (
            "Nomor telepon: dikonfirmasi oleh admin.pkm-sumber pada 30 November 2026 pukul 08.00"
        )
        assert not app.exists(identifier="confirm-phone")
        assert shown(app, "directory-notice") == "Nomor telepon ditandai sudah dikonfirmasi."
    assert "phone" not in (await client.facilities.get(SUMBER)).unconfirmed


async def test_an_admin_closes_saturday_and_every_screen_reads_it(make_client, client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    async with run_app(section_main(admin, nothing)) as app:
        await app.wait_for(lambda: app.exists(identifier="hours-open-5"))
        saturday = app.find(identifier="hours-open-5").content
        await app.trigger(saturday, "change", props={"value": False})  # Sabtu: closed from now on
        await app.fill(app.find(identifier="hours-closes-4").content, "11:00")  # Jumat until 11:00
        await app.click(identifier="facility-save")
        await app.wait_for(lambda: app.exists(identifier="directory-notice"))
    hours = {h.weekday: (h.opens, h.closes) for h in (await client.facilities.get(SUMBER)).hours}
    assert 5 not in hours
    assert hours[4] == ("07:30", "11:00")


async def test_a_wrong_phone_is_said_under_its_field(make_client, client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    async with run_app(section_main(admin, nothing)) as app:
        await app.wait_for(lambda: app.exists(identifier="facility-phone"))
        field = app.find(identifier="facility-phone").content
        await app.fill(field, "12345")
        await app.click(identifier="facility-save")
        await app.wait_for(lambda: app.find(identifier="facility-phone").content.error is not None)
        assert app.find(identifier="facility-phone").content.error == (
            "Nomor telepon tidak benar. Contoh: (0295) 701011 atau 0812 3456 7890."
        )
    assert (await client.facilities.get(SUMBER)).phone == "+62295701011"


async def test_lowering_mondays_quota_below_the_booked_names_the_day_and_the_count(make_client, client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    for serial in (1, 2, 3):
        await book(client, umum, serial=serial, day=NEXT_MONDAY)
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    async with run_app(section_main(admin, nothing)) as app:
        await app.wait_for(lambda: app.exists(identifier=f"service-edit-{umum}"))
        await app.click(identifier=f"service-edit-{umum}")
        await app.wait_for(lambda: app.exists(identifier="quota-quota_jkn-0"))
        assert "Selasa, 01 Desember 2026" in shown(app, "form-effective-from")  # tomorrow by default
        await app.fill(app.find(identifier="quota-quota_jkn-0").content, "2")
        await app.click(identifier="form-save")
        await app.wait_for(lambda: app.exists(identifier="quota-errors"))
        assert shown(app, "quota-errors") == (
            "Kuota JKN, Senin: Pada 7 Desember 2026 sudah ada 3 pesanan, jadi kuotanya tidak bisa "
            "kurang dari 3."
        )
        await app.fill(app.find(identifier="quota-quota_jkn-0").content, "3")
        await app.click(identifier="form-save")
        await app.wait_for(lambda: app.exists(identifier="directory-notice"))
        assert shown(app, "directory-notice") == (
            "Kuota Poli Umum disimpan, berlaku mulai Selasa, 01 Desember 2026."
        )
        row = shown(app, f"service-row-{umum}")
        assert "Mulai Selasa, 01 Desember 2026: 8 menit per pasien" in row
        assert "Sen Sel Rab Kam Jum Sab Min Kuota JKN 3 40 40 40 40 40 40" in row  # under their days
    days = {d.service_date: d for d in (await client.facilities.availability(umum)).days}
    assert (days[NEXT_MONDAY].quota_jkn, days[NEXT_MONDAY].left_jkn) == (3, 0)
    assert days[dt.date(2026, 11, 30)].quota_jkn == 40


async def test_dinkes_picks_the_facility_first(make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    async with run_app(section_main(dinkes, nothing)) as app:
        await app.wait_for(lambda: app.exists(identifier="directory-facility"))
        assert "Pilih faskes untuk melihat dan mengubah datanya." in app.texts()
        picker = app.find(identifier="directory-facility").content
        await app.trigger(picker, "select", SUMBER, props={"value": SUMBER})
        await app.wait_for(lambda: app.exists(identifier="confirm-phone"))


async def test_a_sign_in_that_ended_is_handed_to_the_shell(make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    ended: list[bool] = []

    async def expired() -> None:
        ended.append(True)

    async with run_app(section_main(admin, expired)) as app:
        await app.wait_for(lambda: app.exists(identifier="confirm-phone"))
        await admin.staff.logout()
        await app.click(identifier="confirm-phone")
        await app.wait_for(lambda: ended == [True])


async def test_an_open_tv_reads_a_renamed_service_when_it_hears_of_the_change(make_client, client, app):  # type: ignore[no-untyped-def]
    """The TV follows the facility's live stream: a `reconfigured` event makes it read
    the facility again (the stream itself: tests/views/test_display_live.py)."""
    tv = Board(make_client(), SUMBER, on_call=lambda call: None)
    assert await tv.load()
    gigi = await service_id(client, code="poli-gigi")
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    await admin.directory_admin.change_service(gigi, ServiceChange(name="Poli Gigi dan Mulut"))
    with app.state.lsr.db.read() as session:
        row = session.scalars(select(QueueEventRow).where(QueueEventRow.type == "reconfigured")).one()
    heard = QueueEvent(id=row.id, type="reconfigured", facility_id=SUMBER, service_id=gigi,
                       service_date=row.service_date, display_number="", at=row.at)
    tv.apply(heard)
    tv.apply(heard)  # a burst reads once
    for _ in range(50):
        if any(t.service.name == "Poli Gigi dan Mulut" for t in tv.tiles):
            break
        await asyncio.sleep(0.02)
    assert {t.service.id: t.service.name for t in tv.tiles}[gigi] == "Poli Gigi dan Mulut"


async def test_disabling_a_service_someone_is_booked_for_says_how_many_and_what_to_do(make_client, client):  # type: ignore[no-untyped-def]
    gigi = await service_id(client, code="poli-gigi")
    for serial in (1, 2):
        await book(client, gigi, serial=serial, day=NEXT_MONDAY)
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    async with run_app(section_main(admin, nothing)) as app:
        await app.wait_for(lambda: app.exists(identifier=f"service-disable-{gigi}"))
        await app.click(identifier=f"service-disable-{gigi}")
        await app.wait_for(lambda: app.exists(text_contains="Masih ada 2 nomor antrean"))
        assert app.exists(text_contains="tutup layanan pada hari-hari itu lewat Pengumuman")
        assert not app.exists(text="Nonaktif")  # no service reads as disabled
    assert "poli-gigi" in {s.code for s in (await client.facilities.get(SUMBER)).services}
