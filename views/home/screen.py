"""Beranda: the service's header, the next visit's ticket first (when there is one),
"Ambil Nomor" as the one big action, then the announcements of the facilities the
user follows or has a ticket at. The other places (Faskes, Tiket, Pengaturan) are in
the bottom navigation, not repeated here as tiles; a complaint is a quieter action at
the end."""

from __future__ import annotations

import flet as ft

from components import facility_hours
from components.citizen_nav import CitizenNav, Place
from components.offline_banner import OfflineBanner
from components.secondary_button import SecondaryButton
from session.context import navigate_to, use_session
from session.i18n import N_
from session.state import Preferences, Wallet
from views.home.active_tickets import ActiveTickets, active_tickets
from views.home.announcement_feed import AnnouncementFeed
from views.home.booking_reminder import BookingReminders
from views.home.brand_header import BrandHeader


def greeting(hour: int) -> str:
    if hour < 11:
        return N_("Selamat pagi")
    if hour < 15:
        return N_("Selamat siang")
    if hour < 18:
        return N_("Selamat sore")
    return N_("Selamat malam")


@ft.component
def Announcements(prefs: Preferences, wallet: Wallet) -> ft.Control:
    """Re-renders when the followed facilities or the tickets change."""
    ticket_facilities = tuple(t.facility_id for t in active_tickets(wallet))
    return AnnouncementFeed(tuple(prefs.followed), ticket_facilities)


@ft.component
def BookAction() -> ft.Control:
    session = use_session()
    _ = session.t.gettext
    page = ft.context.page
    return ft.Semantics(
        identifier="action-book",
        content=ft.FilledButton(
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.CONFIRMATION_NUMBER, color=ft.Colors.ON_PRIMARY,
                            size=28 * session.prefs.text_scale),
                    ft.Text(_("Ambil Nomor"), theme_style=ft.TextThemeStyle.TITLE_LARGE,
                            weight=ft.FontWeight.BOLD, color=ft.Colors.ON_PRIMARY),
                ],
                alignment=ft.MainAxisAlignment.CENTER,
                spacing=12,
                wrap=True,
            ),
            width=float("inf"),
            style=ft.ButtonStyle(shape=ft.RoundedRectangleBorder(radius=16),
                                 padding=ft.Padding.symmetric(horizontal=16, vertical=20)),
            on_click=navigate_to(page, "/ambil"),
        ),
    )


@ft.component
def HomeView() -> ft.View:
    session = use_session()
    _ = session.t.gettext
    page = ft.context.page
    body: list[ft.Control] = [
        BrandHeader(),
        OfflineBanner(session.deps.connectivity),
        ft.Text(_(greeting(facility_hours.now_in_rembang().hour)),
                theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
        BookingReminders(session.wallet),
        ActiveTickets(session.wallet),
        BookAction(),
        Announcements(session.prefs, session.wallet),
        SecondaryButton("action-complaint", _("Sampaikan pengaduan"), ft.Icons.FEEDBACK_OUTLINED,
                        navigate_to(page, "/pengaduan")),
    ]
    return ft.View(
        route="/",
        padding=0,
        navigation_bar=CitizenNav(Place.home),
        controls=[
            ft.SafeArea(ft.ListView(
                controls=[ft.Container(ft.Column(body, spacing=20), padding=16)],
                expand=True,
            ), expand=True)
        ],
    )
