"""A ticket's status in plain words, and the colours that go with it; and why a
booking was cancelled when its facility closed on its date."""

from __future__ import annotations

from typing import cast

import flet as ft

from api_client import ApiClient, ApiError
from api_client.models import Booking, ClosureCancellation, TicketStatus, TicketView
from session.context import use_t
from session.i18n import Translator

WAITING = frozenset({TicketStatus.booked, TicketStatus.checked_in})
LIVE = frozenset({*WAITING, TicketStatus.called, TicketStatus.serving})
FINISHED = frozenset(
    {TicketStatus.done, TicketStatus.cancelled, TicketStatus.no_show, TicketStatus.transferred}
)

CALLED_BG = "#FFB300"  # amber: seen at a glance, black text on it is 11:1 in both themes
CALLED_FG = "#000000"


def status_words(t: Translator, status: TicketStatus, counter: str | None = None) -> str:
    """What a ticket in `status` means to its holder; `counter`: where a called one goes."""
    _ = t.gettext
    match status:
        case TicketStatus.booked:
            return _("Terdaftar")
        case TicketStatus.checked_in:
            return _("Sudah check-in")
        case TicketStatus.called if counter:
            return _("Dipanggil — silakan menuju {counter}").format(counter=counter)
        case TicketStatus.called:
            return _("Dipanggil — silakan menuju petugas")
        case TicketStatus.serving:
            return _("Sedang dilayani")
        case TicketStatus.done:
            return _("Selesai")
        case TicketStatus.cancelled:
            return _("Dibatalkan")
        case TicketStatus.no_show:
            return _("Tidak hadir")
        case TicketStatus.transferred:
            return _("Dipindahkan ke layanan berikutnya")
    return str(status)


def status_icon(status: TicketStatus) -> ft.IconData:
    return {
        TicketStatus.booked: ft.Icons.EVENT_AVAILABLE,
        TicketStatus.checked_in: ft.Icons.HOW_TO_REG,
        TicketStatus.called: ft.Icons.NOTIFICATIONS_ACTIVE,
        TicketStatus.serving: ft.Icons.MEDICAL_SERVICES,
        TicketStatus.done: ft.Icons.CHECK_CIRCLE,
        TicketStatus.cancelled: ft.Icons.CANCEL,
        TicketStatus.no_show: ft.Icons.EVENT_BUSY,
        TicketStatus.transferred: ft.Icons.ARROW_FORWARD,
    }.get(status, ft.Icons.CONFIRMATION_NUMBER)


def status_colors(status: TicketStatus) -> tuple[str, str]:
    """(background, text) for the status chip."""
    if status is TicketStatus.called:
        return CALLED_BG, CALLED_FG
    if status in (TicketStatus.cancelled, TicketStatus.no_show):
        return ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER
    if status in LIVE:
        return ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER
    return ft.Colors.SURFACE_CONTAINER_HIGHEST, ft.Colors.ON_SURFACE


@ft.component
def StatusChip(ticket: TicketView) -> ft.Control:
    t = use_t()
    bg, fg = status_colors(ticket.status)
    return ft.Semantics(
        identifier="ticket-status",
        content=ft.Container(
            bgcolor=bg,
            border_radius=16,
            padding=ft.Padding.symmetric(horizontal=12, vertical=6),
            content=ft.Row(
                [
                    ft.Icon(status_icon(ticket.status), color=fg, size=20),
                    ft.Text(
                        status_words(t, ticket.status, ticket.counter), color=fg, weight=ft.FontWeight.BOLD,
                        theme_style=ft.TextThemeStyle.TITLE_SMALL, expand=True,
                    ),
                ],
                spacing=8,
            ),
        ),
    )


@ft.component
def ClosedDayNotice(client: ApiClient, booking: Booking) -> ft.Control:
    """A cancelled booking on a date its facility, or its service alone (closed early, no
    doctor that day), was announced closed: whose closure, the reason, and what to do (the
    ticket's own "Ambil nomor baru" leads there). The booking names the closure that
    cancelled it, withdrawn since or not; a booking cancelled before it did so is matched
    with the facility's current closures. Shows nothing for other cancellations."""
    t = use_t()
    _ = t.gettext
    matched, set_matched = ft.use_state(cast(ClosureCancellation | None, None))

    async def load() -> None:
        if booking.cancelled_by_closure is not None:
            return
        try:
            closures = await client.facilities.closures(booking.facility_id)
        except ApiError:
            return  # the status chip still says "Dibatalkan"
        found = next((c for c in closures if c.service_date == booking.service_date
                      and c.service_id in (None, booking.ticket.service_id)), None)
        set_matched(ClosureCancellation(reason=found.reason, service_id=found.service_id, withdrawn=False)
                    if found else None)

    ft.use_effect(load, [booking.booking_code, booking.ticket.status])
    closure = booking.cancelled_by_closure or matched
    if closure is None:
        return ft.Container(visible=False)
    reason = closure.reason
    if closure.withdrawn:
        closed = _("Dibatalkan karena penutupan: {reason}").format(reason=reason)
        what_now = _("Penutupan itu sudah dicabut, tetapi nomor yang sudah dibatalkan tetap batal. "
                     "Silakan ambil nomor baru bila masih perlu.")
    else:
        closed = (_("Faskes tutup pada tanggal ini: {reason}").format(reason=reason)
                  if closure.service_id is None else
                  _("{service} tutup pada tanggal ini: {reason}").format(
                      service=booking.ticket.service_name, reason=reason))
        what_now = _("Nomor Anda dibatalkan oleh faskes. Silakan pesan nomor untuk hari lain.")

    return ft.Semantics(
        identifier="closed-day", live_region=True,
        content=ft.Container(
            bgcolor=ft.Colors.ERROR_CONTAINER, border_radius=12, padding=16,
            content=ft.Column([
                ft.Row([
                    ft.Icon(ft.Icons.EVENT_BUSY, color=ft.Colors.ON_ERROR_CONTAINER),
                    ft.Text(closed,
                            color=ft.Colors.ON_ERROR_CONTAINER, weight=ft.FontWeight.BOLD,
                            theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True),
                ], spacing=8),
                ft.Text(what_now,
                        color=ft.Colors.ON_ERROR_CONTAINER, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ], spacing=12, horizontal_alignment=ft.CrossAxisAlignment.START),
        ),
    )
