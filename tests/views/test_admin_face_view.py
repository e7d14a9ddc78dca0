"""The admin face (`/admin`) as a whole: which sections an account is offered, and the
console's announcements reached from it. In-process against the real service at Monday
30 November 2026, 08:00 WIB."""

from __future__ import annotations

import datetime as dt

import flet as ft
import pytest

from api_client import ApiClient
from api_client.models import TicketStatus
from tests.api.helpers import book, service_id
from tests.views.harness import run_app
from tests.views.test_staff_console import shown, sign_in

pytestmark = pytest.mark.anyio
SULANG = "pkm-sulang"
EVERY_SECTION = ["Akun petugas", "Direktori faskes", "Dokter", "Pengumuman", "Kiosk", "BPJS", "Jejak audit"]


async def test_an_admin_is_offered_every_section_of_their_facility(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/admin") as app:
        await sign_in(app, f"admin.{SULANG}")
        await app.wait_for(lambda: app.exists(ft.NavigationRail))
        rail = app.find(ft.NavigationRail)
        assert [d.label for d in rail.destinations] == EVERY_SECTION


async def test_on_a_phone_the_announcements_of_the_console_are_one_choice_away(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/admin", width=360, height=740) as app:
        await sign_in(app, f"admin.{SULANG}")
        await app.wait_for(lambda: app.exists(ft.Dropdown, label="Bagian"))
        menu = app.find(ft.Dropdown, label="Bagian")
        assert [o.text for o in menu.options] == EVERY_SECTION
        await app.trigger(menu, "select", "announcements", props={"value": "announcements"})
        await app.wait_for(lambda: app.exists(identifier="announcement-new"))


async def test_dinkes_closes_one_kecamatan_after_seeing_whom_it_cancels(app_main, client, make_client):  # type: ignore[no-untyped-def]
    """A flood in Sedan, tomorrow (Tuesday 1 December): the one booking there is named
    before publishing, cancelled after; withdrawing asks once more."""
    sedan = await service_id(client, "pkm-sedan", "poli-umum")
    booked = await book(client, sedan, serial=7, day=dt.date(2026, 12, 1))
    async with run_app(app_main, route="/admin") as app:
        await sign_in(app, "dinkes")
        await app.wait_for(lambda: app.exists(ft.NavigationRail))
        labels = [d.label for d in app.find(ft.NavigationRail).destinations]
        assert labels == [*EVERY_SECTION[:4], "Pengumuman kabupaten", *EVERY_SECTION[4:]]
        rail = app.find(ft.NavigationRail)
        await app.trigger(rail, "change", "4", props={"selected_index": 4})
        await app.wait_for(lambda: app.exists(identifier="regional-new"))
        await app.click(identifier="regional-new")
        await app.wait_for(lambda: app.exists(identifier="regional-where"))
        where = app.find(ft.Dropdown, label="Untuk")
        await app.trigger(where, "select", "Sedan", props={"value": "Sedan"})
        await app.fill(app.find(ft.TextField, label="Judul"), "Banjir di Sedan")
        await app.fill(app.find(ft.TextField, label="Isi pengumuman"), "Pelayanan dialihkan.")
        await app.wait_for(lambda: not app.find(identifier="regional-preview").content.disabled)
        await app.click(identifier="regional-preview")
        await app.wait_for(lambda: app.exists(identifier="regional-impact"))
        assert shown(app, "regional-impact") == (
            "Selasa, 01 Desember 2026: 1 booking dibatalkan dan pasiennya diberi tahu")
        assert (await client.bookings.get(booked.booking_code)).ticket.status is TicketStatus.booked
        await app.click(identifier="regional-publish")
        await app.wait_for(lambda: app.exists(identifier="regional-done"))
        assert (await client.bookings.get(booked.booking_code)).ticket.status is TicketStatus.cancelled
        [published] = await (await dinkes(make_client)).announcements.regional()
        assert (published.title, published.kecamatan) == ("Banjir di Sedan", "Sedan")
        withdraw = f"regional-withdraw-{published.id}"
        await app.click(identifier=withdraw)  # asks first
        await app.wait_for(lambda: "Ya, cabut pengumuman" in shown(app, withdraw))
        assert (await (await dinkes(make_client)).announcements.regional())[0].withdrawn_at is None
        await app.click(identifier=withdraw)
        await app.wait_for(lambda: shown(app, "regional-done").startswith("Pengumuman kabupaten dicabut."))
        assert (await (await dinkes(make_client)).announcements.regional())[0].withdrawn_at is not None


async def test_an_admin_of_a_facility_is_not_offered_the_regency(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/admin") as app:
        await sign_in(app, f"admin.{SULANG}")
        await app.wait_for(lambda: app.exists(ft.NavigationRail))
        assert "Pengumuman kabupaten" not in [d.label for d in app.find(ft.NavigationRail).destinations]


async def dinkes(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    officer = make_client()
    await officer.staff.login("dinkes", "rembang-demo")
    return officer
