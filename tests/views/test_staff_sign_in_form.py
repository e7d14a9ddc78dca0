"""The sign-in form of the staff faces, in-process: nothing around it scrolls but the
form's own column (with the view scrolling around it, Flutter web took the focus from
the autofocused username field: tests/browser/test_staff_sign_in_browser.py), and the
face scrolls again once someone is signed in."""

from __future__ import annotations

import flet as ft
import pytest

from tests.views.harness import iter_controls, run_app
from tests.views.test_staff_console import sign_in

pytestmark = pytest.mark.anyio


def form_column(app) -> ft.Column:  # type: ignore[no-untyped-def]
    username = app.find(ft.TextField, label="Nama pengguna")
    return next(c for c in iter_controls(app.top_view) if isinstance(c, ft.Column)
                and c.scroll is not None and username in list(iter_controls(c)))


@pytest.mark.parametrize(("route", "signed_in"),
                         [("/staff", "service-ugd"), ("/dashboard", "dashboard-channels")])
async def test_only_the_form_scrolls_until_someone_is_signed_in(app_main, route, signed_in):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route=route) as app:
        await app.wait_for(lambda: app.exists(ft.TextField, label="Nama pengguna"))
        username = app.find(ft.TextField, label="Nama pengguna")
        assert username.autofocus
        assert app.top_view.scroll is None
        assert form_column(app).scroll == ft.ScrollMode.AUTO
        await sign_in(app, "admin.pkm-lasem" if route == "/dashboard" else "poli.pkm-lasem")
        await app.wait_for(lambda: app.exists(identifier=signed_in))
        assert app.top_view.scroll == ft.ScrollMode.AUTO
