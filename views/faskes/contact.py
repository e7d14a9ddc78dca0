"""Where a facility is and how to reach it: address, phone, a call and directions.

Fields listed in `facility.unconfirmed` carry a "belum dikonfirmasi" mark: the seed
data has not been checked by Dinkes yet, and people should know before they travel.
"""

from __future__ import annotations

import flet as ft

from api_client.models import Facility
from session.context import use_t

DIRECTIONS = "https://www.google.com/maps/dir/?api=1&destination={lat},{lon}"


def directions_url(facility: Facility) -> str:
    return DIRECTIONS.format(lat=facility.lat, lon=facility.lon)


def phone_shown(phone: str) -> str:
    """`+62295701011` → `(0295) 701011`; anything else as it is."""
    if phone.startswith("+62295"):
        return f"(0295) {phone[6:]}"
    if phone.startswith("+62"):
        return "0" + phone[3:]
    return phone


@ft.component
def Unconfirmed() -> ft.Control:
    _ = use_t().gettext
    return ft.Row(
        [
            ft.Icon(ft.Icons.INFO_OUTLINE, size=16, color=ft.Colors.TERTIARY),
            ft.Text(_("belum dikonfirmasi"), theme_style=ft.TextThemeStyle.LABEL_MEDIUM,
                    color=ft.Colors.TERTIARY, italic=True),
        ],
        spacing=4,
        tight=True,
    )


@ft.component
def Labelled(icon: ft.IconData, label: str, value: str, unconfirmed: bool) -> ft.Control:
    parts: list[ft.Control] = [
        ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_LARGE),
        # Selectable text reaches a screen reader as an empty text box: the label reads it.
        ft.Semantics(label=value, exclude_semantics=True, content=ft.Text(value, selectable=True)),
    ]
    if unconfirmed:
        parts.append(Unconfirmed())
    return ft.Row(
        [ft.Icon(icon, color=ft.Colors.PRIMARY), ft.Column(parts, spacing=2, expand=True)],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


@ft.component
def FacilityContact(facility: Facility) -> ft.Control:
    _ = use_t().gettext
    unconfirmed = set(facility.unconfirmed)

    async def call() -> None:
        await ft.UrlLauncher().launch_url(f"tel:{facility.phone}")

    async def directions() -> None:
        await ft.UrlLauncher().launch_url(directions_url(facility))

    buttons: list[ft.Control] = [
        ft.Semantics(
            identifier="call-facility",
            content=ft.FilledTonalButton(_("Telepon"), icon=ft.Icons.PHONE, on_click=call),
        ),
        ft.Semantics(
            identifier="directions",
            content=ft.FilledTonalButton(_("Petunjuk arah"), icon=ft.Icons.DIRECTIONS,
                                         on_click=directions),
        ),
    ]
    rows: list[ft.Control] = [
        Labelled(ft.Icons.PLACE, _("Alamat"), facility.address, "address" in unconfirmed),
        Labelled(ft.Icons.PHONE, _("Nomor telepon"), phone_shown(facility.phone),
                 "phone" in unconfirmed),
        ft.Row(buttons, wrap=True, spacing=12, run_spacing=8),
    ]
    if "coordinates" in unconfirmed:
        rows.append(ft.Text(_("Titik lokasi untuk petunjuk arah belum dikonfirmasi."),
                            theme_style=ft.TextThemeStyle.BODY_SMALL))
    return ft.Column(rows, spacing=12)
