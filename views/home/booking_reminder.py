"""Reminders on Beranda, in the app: a booking today ("Hari ini: Poli Umum, Puskesmas
Lasem, nomor A-012, perkiraan 08.10–08.40"), any time that day while the ticket is
still only booked, and the evening before, from 17:00 WIB ("Besok: …").

Self-contained: Beranda shows `BookingReminders(wallet)` and nothing else (one face
uses it, so it lives in the home wing, not components/: tests/domain/test_floors.py). It reads the
tickets kept on this device, the time in Rembang (session/rembang_clock.py), and each
due booking's state from the service, or, with no signal, what the device kept of it
(session/offline_cache.py); a ticket whose state is unknown is still reminded of.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from enum import Enum

import flet as ft

from api_client import ApiError
from api_client.models import Booking, TicketStatus
from components.ticket_advice import call_time_words
from session import rembang_clock
from session.context import Session, use_session, use_t
from session.i18n import Translator
from session.offline_cache import kept_ticket
from session.state import SavedTicket, Wallet
from session.typed import use_state_from

EVENING = dt.time(17, 0)  # from then on, tomorrow's bookings are reminded of


class Due(Enum):
    today = "today"
    tomorrow = "tomorrow"


def due(service_date: dt.date, now: dt.datetime) -> Due | None:
    """Whether a booking on ``service_date`` is reminded of at ``now`` (WIB)."""
    if service_date == now.date():
        return Due.today
    if service_date == now.date() + dt.timedelta(days=1) and now.time() >= EVENING:
        return Due.tomorrow
    return None


def reminder_words(t: Translator, saved: SavedTicket, booking: Booking | None, when: Due) -> str:
    _ = t.gettext
    ticket = booking.ticket if booking else None
    values = {
        "service": ticket.service_name if ticket else saved.service_name,
        "facility": booking.facility_name if booking else saved.facility_name,
        "number": ticket.display_number if ticket else saved.display_number,
    }
    if ticket is not None and ticket.estimated_call_at is not None:
        values["time"] = call_time_words(t, ticket)
        words = (
            _("Hari ini: {service}, {facility}, nomor {number}, perkiraan {time}")
            if when is Due.today
            else _("Besok: {service}, {facility}, nomor {number}, perkiraan {time}")
        )
    else:
        words = (
            _("Hari ini: {service}, {facility}, nomor {number}")
            if when is Due.today else _("Besok: {service}, {facility}, nomor {number}")
        )
    return words.format(**values)


async def latest(session: Session, code: str) -> Booking | None:
    """The booking as the service has it; with no answer, as this device kept it."""
    try:
        return await session.deps.client.bookings.get(code)
    except ApiError:
        if not session.deps.keeps_tickets:
            return None
        earlier = await kept_ticket(session.deps.storage, code)
        return earlier[0] if earlier else None


@ft.component
def BookingReminder(saved: SavedTicket, booking: Booking | None, when: Due) -> ft.Control:
    t = use_t()
    page = ft.context.page
    return ft.Semantics(
        identifier=f"booking-reminder-{saved.booking_code}",
        container=True,
        content=ft.Card(
            bgcolor=ft.Colors.PRIMARY_CONTAINER,
            content=ft.ListTile(
                leading=ft.Icon(ft.Icons.ALARM, color=ft.Colors.ON_PRIMARY_CONTAINER, size=32),
                title=ft.Text(reminder_words(t, saved, booking, when),
                              color=ft.Colors.ON_PRIMARY_CONTAINER,
                              theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT, color=ft.Colors.ON_PRIMARY_CONTAINER),
                on_click=lambda: page.navigate(f"/tiket/{saved.booking_code}"),
            ),
        ),
    )


Found = dict[str, Booking | None]
"""Each due booking's state by its code; None where neither the service nor the device
could say."""


def not_read_yet() -> Found | None:
    return None


@ft.component
def BookingReminders(wallet: Wallet) -> ft.Control:
    """``wallet`` is an argument so the reminders follow changes to it."""
    session = use_session()
    now = rembang_clock.now()
    reminded = [(s, when) for s in wallet.tickets if (when := due(s.day, now)) is not None]
    codes = tuple(s.booking_code for s, _when in reminded)
    found, set_found = use_state_from(not_read_yet)

    async def read() -> None:
        bookings = await asyncio.gather(*(latest(session, code) for code in codes))
        set_found(dict(zip(codes, bookings, strict=True)))

    ft.use_effect(read, [codes])
    if found is None:  # not yet read: a cancelled ticket must not flash its reminder
        return ft.Container(visible=False)
    shown = [
        BookingReminder(s, found.get(s.booking_code), when)
        for s, when in sorted(reminded, key=lambda r: r[0].service_date)
        # still only booked: not once arrived, called, done or cancelled
        if (b := found.get(s.booking_code)) is None or b.ticket.status is TicketStatus.booked
    ]
    # Named once read, shown or not, so a test can tell "read, nothing due" from "not yet".
    return ft.Semantics(identifier="booking-reminders", visible=bool(shown),
                        content=ft.Column(shown, spacing=8))
