"""Check-in of an online booking: scan its QR (a USB scanner types the code and
Enter into the focused field) or type the booking code on the keypad."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from session.context import use_t
from views.kiosk.keypad import CodeKeypad
from views.kiosk.style import BIG, HALF, INK, PRIMARY, SMALL, KioskButton, line, tap, title


@ft.component
def CheckinStep(
    code: str,
    attempt: int,
    busy: bool,
    on_submit: Callable[[str], Any],
    on_typed: Callable[[str], Any],
    on_focus: Callable[[bool], Any],
    on_key: Callable[[str], Any],
    on_backspace: Callable[[], Any],
    on_clear: Callable[[], Any],
    on_send: Callable[[], Any],
    cleared: bool = False,
    on_restore: Callable[[], Any] | None = None,
) -> ft.Control:
    """`on_typed` hears what the scanner or a keyboard typed into the field without
    re-rendering it (a fast scanner would otherwise race its own echo); the keypad
    sets `code`. A new `attempt` gives a fresh, empty field."""
    _ = use_t().gettext

    async def submit(e: ft.Event[ft.TextField]) -> None:
        await tap(on_submit, e.control.value or "")()

    field = ft.Semantics(
        identifier="checkin-code",
        content=ft.TextField(
            key=f"checkin-code-{attempt}",
            label=_("Kode booking"),
            value=code,
            autofocus=True,
            text_size=44,
            text_style=ft.TextStyle(weight=ft.FontWeight.BOLD, letter_spacing=4, color=INK),
            label_style=ft.TextStyle(size=SMALL),
            text_align=ft.TextAlign.CENTER,
            capitalization=ft.TextCapitalization.CHARACTERS,
            border={
                ft.ControlState.DEFAULT: ft.OutlineInputBorder(
                    side=ft.BorderSide(4, INK), border_radius=16),
                ft.ControlState.FOCUSED: ft.OutlineInputBorder(
                    side=ft.BorderSide(6, PRIMARY), border_radius=16),
            },
            content_padding=ft.Padding.symmetric(horizontal=16, vertical=24),
            on_change=lambda e: on_typed(e.control.value or ""),
            on_submit=submit,
            on_focus=lambda: on_focus(True),
            on_blur=lambda: on_focus(False),
            read_only=busy,
        ),
    )
    scanner_hint = ft.Row(
        [ft.Icon(ft.Icons.QR_CODE_SCANNER, size=64, color=PRIMARY),
         ft.Text(_("Arahkan kode QR di layar HP atau kertas Anda ke alat pemindai."),
                 size=BIG - 4, weight=ft.FontWeight.BOLD, expand=True)],
        spacing=16,
    )
    about: list[ft.Control] = [
        title(_("Check-in Pendaftaran Online")),
        scanner_hint,
        line(_("Atau ketik kode booking (13 huruf dan angka) dengan tombol di bawah.")),
        field,
    ]
    entry: list[ft.Control] = [
        CodeKeypad(on_key, on_backspace, on_clear, len(code), cleared, on_restore),
        KioskButton(_("Check-in"), ft.Icons.HOW_TO_REG, on_send, identifier="checkin-send",
                    disabled=busy),
    ]
    if busy:
        entry.append(ft.ProgressRing(width=48, semantics_label=_("Memeriksa kode…")))
    # Portrait: one column. Landscape: scanner and field on the left, the keypad on the right.
    return ft.ResponsiveRow(
        [ft.Column(about, spacing=18, col=HALF, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
         ft.Column(entry, spacing=18, col=HALF, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)],
        spacing=40, run_spacing=24,
    )
