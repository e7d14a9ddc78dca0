"""The number, big: after a walk-in or a check-in, while the ticket prints.

If the printer fails (off, unreachable, out of paper, none), the number is still
issued: the screen says so and sends the patient to the loket with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from components.lanes import lane_label
from components.printing import PrintStatus
from components.ticket_advice import call_time_words
from session.context import use_t
from views.kiosk.flow import Journey, Result
from views.kiosk.style import (
    BIG,
    BODY,
    ERROR,
    INK,
    NUMBER,
    OK,
    PAPER,
    PRIMARY,
    KioskButton,
    line,
    screen,
    title,
)


def _print_status(result: Result, messages: dict[PrintStatus, str]) -> ft.Control:
    status = result.printing
    if status is PrintStatus.failed:
        icon, color = ft.Icons.PRINT_DISABLED, ERROR
    elif status is PrintStatus.printed:
        icon, color = ft.Icons.PRINT, OK
    else:
        icon, color = ft.Icons.HOURGLASS_TOP, PRIMARY
    return ft.Semantics(
        identifier=f"print-{status.value}",
        live_region=True,
        content=ft.Container(
            content=ft.Row(
                [ft.Icon(icon, size=64, color=color),
                 ft.Text(messages[status], size=BODY + 2, weight=ft.FontWeight.BOLD, color=color,
                         expand=True)],
                spacing=16,
            ),
            border=ft.Border.all(4, color),
            border_radius=20,
            padding=20,
        ),
    )


@ft.component
def ResultScreen(
    result: Result, on_reprint: Callable[[], Any], on_done: Callable[[], Any]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    ticket = result.booking.ticket
    heading = (
        _("Kedatangan Anda sudah tercatat") if result.journey is Journey.checkin
        else _("Ini nomor antrean Anda")
    )
    details = [ticket.service_name, lane_label(t, ticket.lane, result.reason)]
    if ticket.estimated_call_at:
        details.append(_("Perkiraan dipanggil {time}").format(time=call_time_words(t, ticket)))
    details.append(t.ngettext("{n} orang di depan Anda", "{n} orang di depan Anda",
                              ticket.people_ahead).format(n=t.format_number(ticket.people_ahead)))
    messages = {
        PrintStatus.printing: _("Tiket sedang dicetak…"),
        PrintStatus.printed: _("Silakan ambil tiket Anda di bawah layar ini."),
        PrintStatus.failed: _(
            "Tiket tidak bisa dicetak, tetapi nomor Anda sudah tercatat. Ingat nomor ini, "
            "lalu tunjukkan atau sebutkan ke petugas loket pendaftaran."
        ),
    }
    reprint_label = _("Cetak ulang") if result.printed_once else _("Coba cetak lagi")
    return screen(
        ft.Row(
            [ft.Icon(ft.Icons.CHECK_CIRCLE, size=56, color=OK), title(heading)],
            alignment=ft.MainAxisAlignment.CENTER, wrap=True, spacing=12,
        ),
        ft.Semantics(
            identifier="kiosk-number",
            label=_("Nomor antrean"),
            content=ft.Container(
                content=ft.Text(ticket.display_number, size=NUMBER, weight=ft.FontWeight.BOLD,
                                color=PAPER, text_align=ft.TextAlign.CENTER),
                bgcolor=PRIMARY,
                border_radius=28,
                padding=ft.Padding.symmetric(horizontal=24, vertical=8),
                alignment=ft.Alignment.CENTER,
            ),
        ),
        ft.Column([line(text, size=BIG if i == 0 else BODY, bold=i == 0, color=INK)
                   for i, text in enumerate(details)],
                  spacing=6, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
        _print_status(result, messages),
        ft.ResponsiveRow(
            [
                KioskButton(reprint_label, ft.Icons.PRINT, on_reprint, identifier="kiosk-reprint",
                            primary=False, disabled=result.printing is PrintStatus.printing,
                            col={"xs": 12, "md": 6}),
                KioskButton(_("Selesai"), ft.Icons.DONE, on_done, identifier="kiosk-done",
                            col={"xs": 12, "md": 6}),
            ],
            spacing=20, run_spacing=20,
        ),
        spacing=22,
    )
