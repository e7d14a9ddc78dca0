"""Tiket Saya: the tickets kept on this device (active, then past), each opening its
live ticket; and "Cari tiket saya" for someone whose booking was made elsewhere.

Active tickets (today or later, not finished) are re-read from the service on
open; if it cannot be reached, the list shows what the device kept.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient, ApiConnectionError, ApiError
from api_client.models import Booking
from components.citizen_nav import CitizenNav, Place
from components.facility_states import RetryButton
from components.heading import Heading
from components.offline_banner import OfflineBanner
from components.ticket_advice import device_today
from session.context import save_wallet, use_session
from session.state import SavedTicket, Wallet
from session.typed import keyed
from views.tickets.lookup import TicketLookupForm
from views.tickets.ticket_list import ListedTicket, TicketTile, split_tickets


async def latest_bookings(
    client: ApiClient, saved: list[SavedTicket], today: dt.date
) -> tuple[dict[str, Booking], bool]:
    """The current state of the tickets not yet past, and whether any could not be read
    for want of a connection."""
    upcoming = [s.booking_code for s in saved if s.day >= today]
    answers = await asyncio.gather(
        *(client.bookings.get(code) for code in upcoming), return_exceptions=True
    )
    latest = {code: a for code, a in zip(upcoming, answers, strict=True) if isinstance(a, Booking)}
    for answer in answers:
        if isinstance(answer, BaseException) and not isinstance(answer, ApiError):
            raise answer
    offline = any(isinstance(a, ApiConnectionError) for a in answers)
    return latest, offline


@ft.component
def WalletTickets(wallet: Wallet) -> ft.Control:
    """``wallet`` is an argument so that every change to it re-renders the list."""
    session = use_session()
    t = session.t
    _ = t.gettext
    page = ft.context.page
    latest, set_latest = ft.use_state(dict[str, Booking]())
    offline, set_offline = ft.use_state(False)
    today = device_today()
    codes = tuple(s.booking_code for s in wallet.tickets)
    # This view stays under an open ticket: refresh when it is on top again.
    on_top = ft.use_route_location().rstrip("/") == "/tiket"

    async def refresh() -> None:
        if not on_top:
            return
        found, unreachable = await latest_bookings(session.deps.client, wallet.tickets, today)
        set_latest(found)
        set_offline(unreachable)

    ft.use_effect(refresh, [codes, on_top])

    def remover(code: str) -> Callable[[], Awaitable[None]]:
        async def remove() -> None:
            wallet.forget_ticket(code)
            await save_wallet(session)
        return remove

    active, past = split_tickets(wallet.tickets, latest, today)

    def tile(item: ListedTicket, removable: bool) -> ft.Control:
        code = item.code
        return keyed(code, TicketTile)(
            item,
            on_open=lambda: page.navigate(f"/tiket/{code}"),
            on_remove=remover(code) if removable else None,
        )

    controls: list[ft.Control] = []
    if offline:
        controls.append(ft.Semantics(identifier="offline-notice", content=ft.Text(
            _("Tidak tersambung — status terbaru belum bisa dimuat."), color=ft.Colors.ERROR,
        )))
        controls.append(ft.Row([RetryButton(refresh)]))
    if not wallet.tickets:
        controls.append(ft.Text(
            _("Belum ada tiket tersimpan di perangkat ini. Tiket yang Anda ambil atau temukan "
              "di bawah akan muncul di sini."),
            theme_style=ft.TextThemeStyle.BODY_LARGE,
        ))
    if active:
        controls.append(_heading(_("Tiket aktif")))
        controls += [tile(item, removable=False) for item in active]
    if past:
        controls.append(_heading(_("Tiket sebelumnya")))
        controls += [tile(item, removable=True) for item in past]
    return ft.Column(controls, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def _heading(text: str) -> ft.Control:
    return ft.Container(Heading(text), padding=ft.Padding.only(top=8))


@ft.component
def MyTicketsView() -> ft.View:
    session = use_session()
    _ = session.t.gettext
    page = ft.context.page

    async def keep_and_open(booking: Booking) -> None:
        session.wallet.keep_ticket(booking)
        await save_wallet(session)
        await page.push_route(f"/tiket/{booking.booking_code}")

    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Tiket Saya"))),
        navigation_bar=CitizenNav(Place.tickets),
        scroll=ft.ScrollMode.AUTO,
        padding=16,
        controls=[ft.SafeArea(content=ft.Column(
            [
                OfflineBanner(session.deps.connectivity),
                WalletTickets(session.wallet),
                ft.Divider(height=32),
                TicketLookupForm(keep_and_open),
            ],
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        ))],
    )
