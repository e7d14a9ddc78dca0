"""Beranda's tickets: the soonest one leads, large (number, where, when, its live
status and the expected call time); any others follow as rows. Each opens its ticket.
What the device remembers is shown at once; the live state follows when the service
answers (offline, the remembered ticket stays)."""

from __future__ import annotations

import asyncio

import flet as ft

from api_client import ApiError
from api_client.models import Booking, TicketStatus
from components import facility_hours
from components.heading import Heading
from components.ticket_advice import call_time_words, people_ahead_words
from components.ticket_status import FINISHED, StatusChip
from session.context import navigate_to, use_client, use_t
from session.state import SavedTicket, Wallet


def active_tickets(wallet: Wallet) -> list[SavedTicket]:
    """Tickets for today or later, soonest first."""
    today = facility_hours.today_in_rembang()
    return sorted((t for t in wallet.tickets if t.day >= today), key=lambda t: t.service_date)


def _where_and_when(ticket: SavedTicket, day: str) -> list[ft.Control]:
    return [
        ft.Text(ticket.facility_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Text(ticket.service_name),
        ft.Text(day),
    ]


@ft.component
def LeadTicket(ticket: SavedTicket, live: Booking | None) -> ft.Control:
    """The next visit, first thing on Beranda."""
    t = use_t()
    _ = t.gettext
    page = ft.context.page
    number = live.ticket.display_number if live else ticket.display_number
    body: list[ft.Control] = [
        ft.Text(_("Tiket Anda"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Text(number, theme_style=ft.TextThemeStyle.DISPLAY_SMALL,
                weight=ft.FontWeight.BOLD, color=ft.Colors.PRIMARY),
        *_where_and_when(ticket, t.format_date(ticket.day, "full")),
    ]
    if live is not None:
        body.append(StatusChip(live.ticket))
        waiting = live.ticket.status in (TicketStatus.booked, TicketStatus.checked_in)
        if waiting and live.ticket.estimated_call_at is not None:
            body.append(ft.Text(
                _("Perkiraan dipanggil {time}").format(time=call_time_words(t, live.ticket)),
                weight=ft.FontWeight.BOLD))
            body.append(ft.Text(people_ahead_words(t, live.ticket.people_ahead)))
    body.append(ft.FilledButton(
        _("Buka tiket"), icon=ft.Icons.QR_CODE_2, width=float("inf"),
        on_click=navigate_to(page, f"/tiket/{ticket.booking_code}"),
    ))
    return ft.Semantics(
        identifier=f"active-ticket-{ticket.booking_code}",
        content=ft.Card(
            content=ft.Container(ft.Column(body, spacing=6, tight=True), padding=16),
        ),
    )


@ft.component
def TicketRow(ticket: SavedTicket, live: Booking | None) -> ft.Control:
    t = use_t()
    page = ft.context.page
    number = live.ticket.display_number if live else ticket.display_number
    details = _where_and_when(ticket, t.format_date(ticket.day, "full"))
    if live is not None:
        details.append(StatusChip(live.ticket))
    return ft.Semantics(
        identifier=f"active-ticket-{ticket.booking_code}",
        content=ft.Card(
            content=ft.ListTile(
                title=ft.Text(number, theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                              weight=ft.FontWeight.BOLD, color=ft.Colors.PRIMARY),
                subtitle=ft.Column(details, spacing=4, tight=True),
                trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                on_click=navigate_to(page, f"/tiket/{ticket.booking_code}"),
            ),
        ),
    )


@ft.component
def ActiveTickets(wallet: Wallet) -> ft.Control:
    """`wallet` is an argument so the list follows changes to it. Without an active
    ticket, a sentence on how it works: Beranda then leads with "Ambil Nomor"."""
    _ = use_t().gettext
    client = use_client()
    tickets = active_tickets(wallet)
    codes = tuple(t.booking_code for t in tickets)
    live, set_live = ft.use_state(dict[str, Booking]())

    async def refresh() -> None:
        async def get(code: str) -> Booking | None:
            try:
                return await client.bookings.get(code)
            except ApiError:  # offline or gone: keep what the device remembers
                return None

        found = await asyncio.gather(*(get(code) for code in codes))
        set_live({b.booking_code: b for b in found if b is not None})

    ft.use_effect(refresh, [codes])
    shown = [t for t in tickets
             if not (t.booking_code in live and live[t.booking_code].ticket.status in FINISHED)]
    if not shown:
        return ft.Text(_("Ambil nomor antrean dari rumah, lalu datang saat giliran Anda sudah dekat."))
    first, *others = shown
    body: list[ft.Control] = [LeadTicket(first, live.get(first.booking_code))]
    if others:
        body.append(Heading(_("Tiket aktif lainnya")))
        body += [TicketRow(t, live.get(t.booking_code)) for t in others]
    return ft.Column(body, spacing=8)
