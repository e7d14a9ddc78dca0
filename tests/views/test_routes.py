"""The route table: each face at its address; citizen screens stack on Beranda."""

from __future__ import annotations

import pytest

from tests.views.harness import run_app

pytestmark = pytest.mark.anyio

@pytest.mark.parametrize(
    ("route", "views"),
    [
        ("/staff", ["/staff"]),
        ("/display/pkm-sumber", ["/display/pkm-sumber"]),
        ("/pengaturan", ["/", "/pengaturan"]),
        ("/", ["/"]),
    ],
)
async def test_each_face_has_its_route_and_citizen_screens_stack_on_beranda(app_main, route, views):
    async with run_app(app_main, route=route) as app:
        await app.settle()
        assert [v.route for v in app.views] == views
