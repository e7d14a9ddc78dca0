"""What a patient can do with a ticket: say they arrived (from near the facility, by
the phone's location; else the kiosk or the loket), keep it on this device, cancel it
(after a confirmation)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiConnectionError, ApiError
from api_client.models import Booking, ErrorCode, TicketStatus
from components.map_location import LocationUnavailable, current_position
from components.message_line import message_line
from components.ticket_status import LIVE, WAITING
from session.context import save_wallet, use_session
from session.i18n import error_message
from session.state import Wallet
from session.typed import use_state_from


def _button_style() -> ft.ButtonStyle:
    """Vertical padding makes the touch target at least 48 px, at any text size."""
    return ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=20, vertical=16))


@ft.component
def TicketActions(
    booking: Booking, wallet: Wallet, *, today: dt.date, on_changed: Callable[[Booking], None]
) -> ft.Control:
    """``wallet`` is an argument so that keeping the ticket re-renders this."""
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    page = ft.context.page
    busy, set_busy = ft.use_state(False)
    error, set_error = ft.use_state("")
    arrived, set_arrived = ft.use_state(False)  # checked in from this screen just now
    outbox = session.deps.outbox
    queued, set_queued = use_state_from(lambda: outbox is not None and any(
        p.kind == "cancel" and p.payload["booking_code"] == booking.booking_code
        for p in outbox.pending()
    ))
    ticket = booking.ticket
    code = booking.booking_code

    async def run(
        action: Callable[[], Awaitable[Booking]], *, offline: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        """``offline``: what to do instead when the service cannot be reached."""
        set_busy(True)
        set_error("")
        try:
            changed = await action()
        except ApiConnectionError as exc:
            if offline is None:
                set_error(error_message(t, exc.code))
            else:
                await offline()
        except ApiError as exc:
            set_error(error_message(t, exc.code))
        else:
            on_changed(changed)
            if any(s.booking_code == code for s in wallet.tickets):
                wallet.keep_ticket(changed)
                await save_wallet(session)
        finally:
            set_busy(False)

    async def check_in() -> None:
        """Only near the facility: the phone's location goes with the request. Without
        one (no permission, no fix in time, a browser without it) the person is sent to
        the kiosk or the loket, and nothing is sent."""
        set_busy(True)
        set_error("")
        try:
            here = await current_position()
        except LocationUnavailable:
            set_error(error_message(t, ErrorCode.check_in_location_required))
            set_busy(False)
            return

        async def arrive() -> Booking:
            changed = await client.bookings.check_in(code, lat=here.lat, lon=here.lon)
            set_arrived(True)
            return changed

        await run(arrive)

    async def save() -> None:
        wallet.keep_ticket(booking)
        await save_wallet(session)

    async def cancel_later() -> None:
        """The outbox keeps it (its key made now, when the user confirmed) and sends
        it when the service is reached again."""
        assert outbox is not None
        await asyncio.to_thread(outbox.cancel, code)
        set_queued(True)

    async def confirm_cancel() -> None:
        page.pop_dialog()
        await run(lambda: client.bookings.cancel(code), offline=cancel_later if outbox else None)

    def ask_cancel() -> None:
        page.show_dialog(ft.AlertDialog(
            modal=True,
            title=ft.Text(_("Batalkan nomor {number}?").format(number=ticket.display_number)),
            content=ft.Text(_(
                "Nomor yang dibatalkan tidak bisa dipakai lagi. "
                "Jika ingin datang, Anda harus mendaftar ulang."
            )),
            actions=[
                ft.TextButton(_("Tidak"), on_click=lambda: page.pop_dialog()),
                ft.Semantics(
                    identifier="confirm-cancel",
                    content=ft.FilledButton(
                        _("Ya, batalkan"), on_click=confirm_cancel,
                        style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR),
                    ),
                ),
            ],
        ))

    saved = any(s.booking_code == code for s in wallet.tickets)
    can_check_in = ticket.status is TicketStatus.booked and booking.service_date == today
    can_cancel = ticket.status in WAITING and booking.service_date >= today and not queued
    buttons: list[ft.Control] = []
    if can_check_in:
        buttons.append(ft.Semantics(identifier="check-in", content=ft.FilledButton(
            _("Saya sudah sampai"), icon=ft.Icons.HOW_TO_REG, on_click=check_in,
            disabled=busy, style=_button_style(),
        )))
    if arrived and ticket.status is TicketStatus.checked_in:  # where the button was
        buttons.append(message_line(
            _("Kedatangan Anda sudah tercatat. Silakan tunggu nomor Anda dipanggil."),
            identifier="checked-in-here",
        ))
    if not saved and ticket.status in LIVE:
        buttons.append(ft.Semantics(identifier="save-ticket", content=ft.Button(
            _("Simpan ke Tiket Saya"), icon=ft.Icons.BOOKMARK_ADD, on_click=save,
            disabled=busy, style=_button_style(),
        )))
    if can_cancel:
        buttons.append(ft.Semantics(identifier="cancel-ticket", content=ft.OutlinedButton(
            _("Batalkan antrean"), icon=ft.Icons.CANCEL, on_click=ask_cancel,
            disabled=busy, style=_button_style(),
        )))
    if ticket.status in (TicketStatus.cancelled, TicketStatus.no_show):
        again = f"/faskes/{booking.facility_id}/pesan/{ticket.service_id}"
        buttons.append(ft.Semantics(identifier="book-again", content=ft.OutlinedButton(
            _("Ambil nomor baru"), icon=ft.Icons.ADD, on_click=lambda: page.navigate(again),
            style=_button_style(),
        )))
    if queued and ticket.status in WAITING:
        buttons.append(message_line(
            _("Pembatalan akan dikirim saat koneksi kembali."), identifier="cancel-queued"
        ))
    if error:  # right under "Saya sudah sampai" when there is one: where the eyes are
        buttons.insert(1 if can_check_in else len(buttons),
                       message_line(error, identifier="ticket-error", error=True))
    return ft.Column(buttons, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

