"""Lacak pengaduan: type a tracking code and open it. The service reads it forgivingly
(case, dashes, O for 0), so here only the spaces go."""

from __future__ import annotations

from typing import cast

import flet as ft

from api_client.models import ErrorCode
from components.heading import Heading
from session.context import use_t
from session.i18n import error_message
from session.typed import use_ref

CODE_MAX = 40


@ft.component
def ComplaintLookup() -> ft.Control:
    t = use_t()
    _ = t.gettext
    page = ft.context.page
    typed = use_ref(lambda: "")
    error, set_error = ft.use_state(cast(str | None, None))
    value, set_value = ft.use_state("")

    def change(text: str) -> None:
        typed.current = text
        set_value(text)
        set_error(None)

    def track() -> None:
        code = "".join(typed.current.split()).upper()
        if not code:
            set_error(error_message(t, "missing"))
            return
        if len(code) > CODE_MAX or not code.replace("-", "").isalnum():
            set_error(error_message(t, ErrorCode.complaint_not_found))
            return
        page.navigate(f"/pengaduan/{code}")

    return ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH, controls=[
        Heading(_("Lacak pengaduan")),
        ft.Semantics(identifier="track-code", content=ft.TextField(
            label=_("Kode pengaduan"), value=value, max_length=CODE_MAX, error=error,
            helper=_("Contoh: K7QD-2M9F-XH3TA"), helper_max_lines=2,  # beside the counter: one line cut it
            capitalization=ft.TextCapitalization.CHARACTERS,
            on_change=lambda e: change(e.control.value), on_submit=lambda: track(),
        )),
        ft.Semantics(identifier="track-open", content=ft.OutlinedButton(
            _("Lacak"), icon=ft.Icons.SEARCH, on_click=track,
        )),
    ])
