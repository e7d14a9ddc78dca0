"""Tiket Saya as a list: the tickets this device keeps, active ones first, each with
its latest status when the service could be asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from api_client.models import Booking
from components.ticket_status import LIVE, status_colors, status_words
from session.context import use_t
from session.state import SavedTicket


@dataclass(frozen=True)
class ListedTicket:
    saved: SavedTicket
    latest: Booking | None
    """The booking as the service reported it just now (None: not asked, or no answer)."""

    @property
    def code(self) -> str:
        return self.saved.booking_code

    def is_active(self, today: dt.date) -> bool:
        if self.saved.day < today:
            return False
        return self.latest is None or self.latest.ticket.status in LIVE


def split_tickets(
    saved: list[SavedTicket], latest: dict[str, Booking], today: dt.date
) -> tuple[list[ListedTicket], list[ListedTicket]]:
    """(active, past): active soonest first, past most recent first."""
    listed = [ListedTicket(s, latest.get(s.booking_code)) for s in saved]
    active = sorted((x for x in listed if x.is_active(today)), key=lambda x: x.saved.service_date)
    past = sorted(
        (x for x in listed if not x.is_active(today)),
        key=lambda x: x.saved.service_date, reverse=True,
    )
    return active, past


@ft.component
def TicketTile(
    item: ListedTicket,
    *,
    on_open: Callable[[], object],
    on_remove: Callable[[], object] | None = None,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    saved = item.saved
    ticket = item.latest.ticket if item.latest else None
    number = ticket.display_number if ticket else saved.display_number
    service = ticket.service_name if ticket else saved.service_name
    lines = [saved.facility_name, t.format_date(saved.day, "full")]
    status: list[ft.Control] = []
    if ticket is not None:
        bg, fg = status_colors(ticket.status)
        status.append(ft.Container(
            bgcolor=bg, border_radius=12,
            padding=ft.Padding.symmetric(horizontal=8, vertical=2),
            content=ft.Text(status_words(t, ticket.status, ticket.counter), color=fg,
                            theme_style=ft.TextThemeStyle.LABEL_LARGE),
        ))
    trailing = None
    if on_remove is not None:
        # The name is the icon's: a tooltip would land on the Semantics around the
        # button (a named group holding an unnamed button). With the number, two
        # tickets' buttons are told apart.
        name = _("Hapus tiket {number} dari daftar").format(number=number)
        trailing = ft.Semantics(
            identifier=f"remove-{saved.booking_code}",
            content=ft.IconButton(ft.Icon(ft.Icons.DELETE_OUTLINE, semantics_label=name), on_click=on_remove),
        )
    return ft.Semantics(
        identifier=f"ticket-{saved.booking_code}",
        # The number above the service, not beside the lines: at the largest text a
        # leading number and the remove button left the lines too narrow ("Puskesm/as").
        content=ft.Card(content=ft.ListTile(
            title=ft.Column(tight=True, spacing=2, controls=[
                ft.Text(number, weight=ft.FontWeight.BOLD, theme_style=ft.TextThemeStyle.TITLE_LARGE,
                        color=ft.Colors.ON_SURFACE_VARIANT if on_remove else ft.Colors.PRIMARY),
                ft.Text(service, weight=ft.FontWeight.BOLD),
            ]),
            subtitle=ft.Column(
                [*(ft.Text(line) for line in lines), *status], spacing=4, tight=True,
            ),
            trailing=trailing,
            is_three_line=True,
            on_click=on_open,
        )),
    )
