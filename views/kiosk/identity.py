"""Step 3 of a walk-in: the NIK, optional, on an on-screen number keypad.

The NIK stays in memory for this one request: it is never logged and never
written to the kiosk's disk, and an idle reset wipes a half-typed one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from session.context import use_t
from session.i18n import error_message
from views.kiosk.flow import NIK_LENGTH, Problem
from views.kiosk.keypad import NumberKeypad
from views.kiosk.style import ERROR, HALF, INK, MUTED, PAPER, SMALL, KioskButton, line, title


def grouped(digits: str) -> str:
    """``3317014506900001`` → ``3317 0145 0690 0001`` (easier to check against the KTP)."""
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


@ft.component
def IdentityStep(
    nik: str,
    problem: Problem | None,
    busy: bool,
    on_key: Callable[[str], Any],
    on_backspace: Callable[[], Any],
    on_clear: Callable[[], Any],
    on_skip: Callable[[], Any],
    on_next: Callable[[], Any],
    cleared: bool = False,
    on_restore: Callable[[], Any] | None = None,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    shown = grouped(nik) if nik else _("Belum diisi")
    field = ft.Semantics(
        identifier="nik-value",
        label=_("NIK"),
        value=shown,
        live_region=True,
        content=ft.Container(
            content=ft.Text(shown, size=48 if nik else 32, weight=ft.FontWeight.BOLD,
                            color=INK if nik else MUTED, text_align=ft.TextAlign.CENTER),
            alignment=ft.Alignment.CENTER,
            height=112,  # the same empty or full: the keys below never move
            bgcolor=PAPER,
            border=ft.Border.all(4, ERROR if problem else INK),
            border_radius=16,
            padding=ft.Padding.symmetric(horizontal=16, vertical=20),
        ),
    )
    about: list[ft.Control] = [
        title(_("NIK pasien (boleh dilewati)")),
        line(_("NIK adalah 16 angka di KTP atau Kartu Keluarga. Tanpa NIK pun Anda tetap dapat nomor.")),
        field,
        ft.Text(t.ngettext("{n} dari 16 angka", "{n} dari 16 angka", len(nik)).format(n=len(nik)),
                size=SMALL, color=MUTED, text_align=ft.TextAlign.CENTER),
    ]
    if problem:
        about.append(ft.Semantics(identifier="nik-error", live_region=True, content=ft.Row(
            [ft.Icon(ft.Icons.ERROR_OUTLINE, color=ERROR, size=36),
             ft.Text(error_message(t, problem.code, problem.params), size=SMALL + 2, color=ERROR,
                     weight=ft.FontWeight.BOLD, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )))
    entry: list[ft.Control] = [
        NumberKeypad(on_key, on_backspace, on_clear, len(nik), cleared, on_restore),
        ft.ResponsiveRow(
            [
                KioskButton(_("Lewati, tanpa NIK"), ft.Icons.SKIP_NEXT, on_skip, identifier="nik-skip",
                            primary=False, disabled=busy, col={"xs": 12, "md": 6}),
                KioskButton(_("Ambil nomor"), ft.Icons.CONFIRMATION_NUMBER, on_next,
                            identifier="nik-next", disabled=busy or len(nik) < NIK_LENGTH,
                            col={"xs": 12, "md": 6}),
            ],
            spacing=20, run_spacing=20,
        ),
    ]
    if busy:
        entry.append(ft.ProgressRing(width=48, semantics_label=_("Mengambil nomor…")))
    # Portrait: one column. Landscape: what to type on the left, the keypad on the right.
    return ft.ResponsiveRow(
        [ft.Column(about, spacing=18, col=HALF, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
         ft.Column(entry, spacing=18, col=HALF, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)],
        spacing=40, run_spacing=24,
    )
