"""Where the queue is: the banner when the number is called, the number now being
called, people ahead and when to come, and a notice when the connection is lost."""

from __future__ import annotations

import datetime as dt

import flet as ft

from api_client.models import Booking, QueueState, TicketStatus
from components.ticket_advice import advice_words, people_ahead_words, wide_range_words
from components.ticket_status import CALLED_BG, CALLED_FG, WAITING
from session.context import use_t
from views.tickets.queue_exceptions import queue_exception_rows


@ft.component
def CalledBanner(booking: Booking) -> ft.Control:
    """Unmissable: a bright block at the top, announced by screen readers."""
    t = use_t()
    _ = t.gettext
    ticket = booking.ticket
    where = (
        _("Silakan menuju {counter}.").format(counter=ticket.counter)
        if ticket.counter else _("Silakan menuju petugas.")
    )
    return ft.Semantics(
        identifier="called-banner",
        live_region=True,
        container=True,
        content=ft.Container(
            bgcolor=CALLED_BG,
            border_radius=12,
            padding=16,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.NOTIFICATIONS_ACTIVE, color=CALLED_FG, size=40),
                    ft.Column(
                        [
                            ft.Text(
                                _("Nomor Anda dipanggil!"), color=CALLED_FG,
                                theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                                weight=ft.FontWeight.BOLD,
                            ),
                            ft.Text(where, color=CALLED_FG,
                                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                        ],
                        spacing=4,
                        expand=True,
                    ),
                ],
                spacing=12,
            ),
        ),
    )


@ft.component
def OfflineNotice() -> ft.Control:
    t = use_t()
    return ft.Semantics(
        identifier="offline-notice",
        live_region=True,
        content=ft.Container(
            bgcolor=ft.Colors.ERROR_CONTAINER,
            border_radius=8,
            padding=12,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.CLOUD_OFF, color=ft.Colors.ON_ERROR_CONTAINER),
                    ft.Text(
                        t.gettext("Tidak tersambung — mencoba lagi…"),
                        color=ft.Colors.ON_ERROR_CONTAINER, expand=True,
                    ),
                ],
            ),
        ),
    )


@ft.component
def QueueProgress(
    booking: Booking,
    queue: QueueState | None,
    *,
    today: dt.date,
    opens: dt.time | None,
) -> ft.Control:
    """Now calling (on the day), people ahead and when to come (while waiting)."""
    t = use_t()
    _ = t.gettext
    ticket = booking.ticket
    rows: list[ft.Control] = []
    if booking.service_date == today and queue is not None and ticket.status in WAITING:
        calling = (
            _("Sekarang dipanggil: {number}").format(number=queue.now_calling)
            if queue.now_calling else _("Belum ada nomor yang dipanggil.")
        )
        rows.append(ft.Semantics(
            identifier="now-calling",
            content=ft.Text(calling, theme_style=ft.TextThemeStyle.TITLE_LARGE,
                            weight=ft.FontWeight.BOLD),
        ))
    if ticket.status in WAITING and booking.service_date >= today:
        rows.append(ft.Semantics(
            identifier="people-ahead",
            content=ft.Text(people_ahead_words(t, ticket.people_ahead),
                            theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ))
    rows += queue_exception_rows(t, ticket, queue if booking.service_date == today else None)
    advice = advice_words(t, ticket, today=today, opens=opens)
    if advice:
        rows.append(ft.Semantics(
            identifier="come-at",
            content=ft.Text(advice, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ))
        wide = wide_range_words(t, ticket)
        if wide:
            rows.append(ft.Semantics(
                identifier="estimate-wide",
                content=ft.Text(wide, theme_style=ft.TextThemeStyle.BODY_MEDIUM),
            ))
        rows.append(ft.Text(
            _("Perkiraan ini bisa berubah. Pantau halaman ini untuk nomor yang sedang dipanggil."),
            theme_style=ft.TextThemeStyle.BODY_SMALL,
        ))
    if ticket.status is TicketStatus.cancelled:
        rows.append(ft.Text(
            _("Tiket ini sudah dibatalkan. Nomornya tidak berlaku lagi."),
            theme_style=ft.TextThemeStyle.TITLE_MEDIUM, color=ft.Colors.ERROR,
        ))
    if ticket.status in WAITING and booking.service_date < today:
        rows.append(ft.Text(_("Tanggal layanan tiket ini sudah lewat."),
                            theme_style=ft.TextThemeStyle.TITLE_MEDIUM))
    if not rows:
        return ft.Container(visible=False)
    return ft.Container(
        padding=ft.Padding.symmetric(horizontal=4, vertical=8),
        content=ft.Column(rows, spacing=8),
    )
