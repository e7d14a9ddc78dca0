"""Faskes screens: the list of facilities and a facility's services, with a back stack."""

from __future__ import annotations

import flet as ft
import pytest

from tests.views.harness import run_app

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["sqlite"])
def database_url(request, sqlite_databases):  # type: ignore[no-untyped-def]
    return sqlite_databases.new()


async def test_the_list_shows_every_facility_and_opens_one_with_a_way_back(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/faskes") as app:
        await app.wait_for(lambda: app.exists(text="Puskesmas Sumber"))
        names = [t for t in app.texts() if t.startswith(("Puskesmas", "RS"))]
        assert len(names) == 20
        await app.click(text="Puskesmas Sumber")
        await app.wait_for(lambda: app.exists(text="Poli Umum"))
        assert [v.route for v in app.views] == ["/", "/faskes", "/faskes/pkm-sumber"]
        await app.back()
        assert app.route == "/faskes"
        assert len(app.find_all(ft.ListTile)) == 20
