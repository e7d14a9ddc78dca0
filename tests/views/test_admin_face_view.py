"""The admin face (`/admin`) as a whole: which sections an account is offered, and the
console's announcements reached from it. In-process against the real service at Monday
30 November 2026, 08:00 WIB."""

from __future__ import annotations

import flet as ft
import pytest

from tests.views.harness import run_app
from tests.views.test_staff_console import sign_in

pytestmark = pytest.mark.anyio
SULANG = "pkm-sulang"
EVERY_SECTION = ["Akun petugas", "Direktori faskes", "Dokter", "Pengumuman", "Kiosk", "Jejak audit"]


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
