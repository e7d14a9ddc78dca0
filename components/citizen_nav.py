"""The citizen app's bottom navigation: Beranda, Faskes, Tiket, Pengaturan.

It stands on the four top-level screens only (each a `Place`); the screens below them
(a facility, the booking, one ticket) have the app bar's back arrow instead, and the
whole height for the task at hand. "Ambil Nomor" is not a place: it is Beranda's
first action, a task that ends on a ticket.
"""

from __future__ import annotations

import enum

import flet as ft

from session.context import use_session
from session.theme import ICON_SIZE


class Place(enum.Enum):
    """A top-level place: its route is what the destination opens."""

    home = "/"
    facilities = "/faskes"
    tickets = "/tiket"
    preferences = "/pengaturan"


ICONS = {  # (icon, selected icon)
    Place.home: (ft.Icons.HOME_OUTLINED, ft.Icons.HOME),
    Place.facilities: (ft.Icons.LOCAL_HOSPITAL_OUTLINED, ft.Icons.LOCAL_HOSPITAL),
    Place.tickets: (ft.Icons.RECEIPT_LONG_OUTLINED, ft.Icons.RECEIPT_LONG),
    Place.preferences: (ft.Icons.SETTINGS_OUTLINED, ft.Icons.SETTINGS),
}


@ft.component
def CitizenNav(here: Place) -> ft.NavigationBar:
    session = use_session()
    t = session.t
    page = ft.context.page
    size = ICON_SIZE * session.prefs.text_scale  # the bar's own icon theme does not grow
    labels = {  # short: four share a 360-px phone at the largest text size
        Place.home: t.pgettext("navigasi", "Beranda"),
        Place.facilities: t.pgettext("navigasi", "Faskes"),
        Place.tickets: t.pgettext("navigasi", "Tiket"),
        Place.preferences: t.pgettext("navigasi", "Pengaturan"),
    }
    places = list(Place)

    def go(event: ft.Event[ft.NavigationBar]) -> None:
        chosen = places[event.control.selected_index]
        if chosen is not here:
            page.navigate(chosen.value)

    return ft.NavigationBar(
        selected_index=places.index(here),
        destinations=[
            ft.NavigationBarDestination(
                icon=ft.Icon(ICONS[place][0], size=size), selected_icon=ft.Icon(ICONS[place][1], size=size),
                label=labels[place],
                key=f"nav-{place.name}",
            )
            for place in places
        ],
        label_behavior=ft.NavigationBarLabelBehavior.ALWAYS_SHOW,
        on_change=go,
    )
