"""Beranda: a greeting, four big actions, the user's active tickets (with their live
status) and the announcements of the facilities they follow or have a ticket at."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import flet as ft

from api_client import ApiError
from api_client.models import Booking
from components import facility_hours
from components.offline_banner import OfflineBanner
from components.ticket_status import FINISHED, StatusChip
from session.context import navigate_to, use_client, use_session, use_t
from session.i18n import APP_NAME, N_
from session.state import Preferences, SavedTicket, Wallet
from views.home.announcement_feed import AnnouncementFeed
from views.home.booking_reminder import BookingReminders

ACTIONS = (  # (label, icon, route, identifier)
    (N_("Ambil Nomor"), ft.Icons.CONFIRMATION_NUMBER, "/ambil", "action-book"),
    (N_("Cari Faskes"), ft.Icons.LOCAL_HOSPITAL, "/faskes", "action-find"),
    (N_("Tiket Saya"), ft.Icons.RECEIPT_LONG, "/tiket", "action-tickets"),
    (N_("Pengaturan"), ft.Icons.SETTINGS, "/pengaturan", "action-settings"),
    (N_("Pengaduan"), ft.Icons.FEEDBACK, "/pengaduan", "action-complaint"),
)


def greeting(hour: int) -> str:
    if hour < 11:
        return N_("Selamat pagi")
    if hour < 15:
        return N_("Selamat siang")
    if hour < 18:
        return N_("Selamat sore")
    return N_("Selamat malam")


def active_tickets(wallet: Wallet) -> list[SavedTicket]:
    """Tickets for today or later, soonest first."""
    today = facility_hours.today_in_rembang()
    return sorted((t for t in wallet.tickets if t.day >= today), key=lambda t: t.service_date)


@ft.component
def ActionTile(label: str, icon: ft.IconData, identifier: str, on_click: Callable[[], Any]) -> ft.Control:
    return ft.Container(
        col={"xs": 6},
        content=ft.Semantics(
            identifier=identifier,
            content=ft.FilledTonalButton(
                content=ft.Column(
                    [
                        ft.Icon(icon, size=40),
                        ft.Text(label, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER),
                    ],
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    spacing=8,
                    tight=True,
                ),
                width=float("inf"),
                style=ft.ButtonStyle(
                    shape=ft.RoundedRectangleBorder(radius=16),
                    padding=ft.Padding.symmetric(horizontal=8, vertical=20),
                ),
                on_click=on_click,
            ),
        ),
    )


@ft.component
def TicketTile(ticket: SavedTicket, live: Booking | None) -> ft.Control:
    t = use_t()
    page = ft.context.page
    number = live.ticket.display_number if live else ticket.display_number
    details: list[ft.Control] = [
        ft.Text(ticket.facility_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Text(ticket.service_name),
        ft.Text(t.format_date(ticket.day, "full")),
    ]
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
                on_click=lambda: page.navigate(f"/tiket/{ticket.booking_code}"),
            ),
        ),
    )


@ft.component
def ActiveTickets(wallet: Wallet) -> ft.Control:
    """`wallet` is an argument so the list follows changes to it."""
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
    body: list[ft.Control] = [
        ft.Semantics(header=True, content=ft.Text(
            _("Tiket aktif"), theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD)),
    ]
    if shown:
        body += [TicketTile(t, live.get(t.booking_code)) for t in shown]
    else:
        body.append(ft.Text(_("Belum ada tiket aktif. Ambil nomor antrean di puskesmas atau "
                              "rumah sakit tujuan Anda.")))
    return ft.Column(body, spacing=8)


@ft.component
def Announcements(prefs: Preferences, wallet: Wallet) -> ft.Control:
    """Re-renders when the followed facilities or the tickets change."""
    ticket_facilities = tuple(t.facility_id for t in active_tickets(wallet))
    return AnnouncementFeed(tuple(prefs.followed), ticket_facilities)


@ft.component
def HomeView() -> ft.View:
    session = use_session()
    _ = session.t.gettext
    page = ft.context.page
    top: list[ft.Control] = [
        OfflineBanner(session.deps.connectivity),
        ft.Text(_(greeting(facility_hours.now_in_rembang().hour)),
                theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
        ft.Text(_("Ambil nomor antrean dari rumah, lalu datang saat giliran Anda sudah dekat.")),
        BookingReminders(session.wallet),
        ft.ResponsiveRow(
            [
                ActionTile(_(label), icon, identifier, navigate_to(page, route))
                for label, icon, route, identifier in ACTIONS
            ],
            spacing=12,
            run_spacing=12,
        ),
    ]
    return ft.View(
        route="/",
        appbar=ft.AppBar(title=ft.Text(APP_NAME)),
        padding=0,
        controls=[
            ft.ListView(
                controls=[
                    ft.Container(
                        ft.Column(
                            [
                                *top,
                                ActiveTickets(session.wallet),
                                Announcements(session.prefs, session.wallet),
                            ],
                            spacing=20,
                        ),
                        padding=16,
                    )
                ],
                expand=True,
            )
        ],
    )
