"""What the patient's ticket says about the day's exceptions at the counter: a number
returned to the waiting list after a no-show (its place: called after the next two
calls), and counters on a break (no estimate while every one of them is)."""

from __future__ import annotations

import flet as ft

from api_client.models import QueueState, TicketStatus, TicketView
from components.ticket_status import WAITING
from session.i18n import Translator


def queue_exception_rows(t: Translator, ticket: TicketView, queue: QueueState | None) -> list[ft.Control]:
    """Today's lines about a returned ticket and the breaks (none when nothing applies)."""
    if ticket.status not in WAITING:
        return []
    rows: list[ft.Control] = []
    if ticket.requeued_calls_left is not None and ticket.status is TicketStatus.checked_in:
        n = ticket.requeued_calls_left
        text = t.ngettext(
            "Nomor Anda sudah dikembalikan ke antrean: dipanggil setelah {n} panggilan lagi.",
            "Nomor Anda sudah dikembalikan ke antrean: dipanggil setelah {n} panggilan lagi.", n,
        ).format(n=t.format_number(n))
        if n <= 0:
            text = t.gettext("Nomor Anda sudah dikembalikan ke antrean dan dipanggil berikutnya.")
        rows.append(ft.Semantics(identifier="requeued-place", content=ft.Text(
            text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)))
    if queue is not None and queue.paused_counters and queue.waiting_seconds is None:
        rows.append(ft.Semantics(identifier="counters-paused", content=ft.Text(
            t.gettext("Semua petugas layanan ini sedang istirahat. Perkiraan waktu dipanggil muncul lagi "
                      "setelah mereka kembali melayani."),
            theme_style=ft.TextThemeStyle.BODY_LARGE)))
    return rows
