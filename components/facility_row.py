"""One facility in the list: name, type and kecamatan, open or closed, distance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from api_client.models import Facility, FacilityType
from session.context import use_t
from session.i18n import Translator


def place_text(t: Translator, facility: Facility) -> str:
    """"Puskesmas di Kecamatan Lasem" / "Rumah sakit di Kecamatan Rembang"."""
    if facility.type is FacilityType.puskesmas:
        return t.gettext("Puskesmas di Kecamatan {kecamatan}").format(kecamatan=facility.kecamatan)
    return t.gettext("Rumah sakit di Kecamatan {kecamatan}").format(kecamatan=facility.kecamatan)


def distance_text(t: Translator, km: float) -> str:
    return t.gettext("{km} km dari Anda").format(km=t.format_number(round(km, 1)))


@ft.component
def OpenBadge(facility: Facility) -> ft.Control:
    """Open or closed now (the service's answer, holidays and closures included). Open
    only because of its 24-hour UGD (at night, on a holiday or cuti bersama, during a
    closure): say so, or people travel for the poli."""
    _ = use_t().gettext
    if not facility.open_now:
        label, bg, fg = _("Sedang tutup"), ft.Colors.SURFACE_CONTAINER_HIGHEST, ft.Colors.ON_SURFACE_VARIANT
    elif facility.only_emergency_now:
        label, bg, fg = (_("Hanya UGD yang buka"), ft.Colors.TERTIARY_CONTAINER,
                         ft.Colors.ON_TERTIARY_CONTAINER)
    else:
        label, bg, fg = _("Sedang buka"), ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER
    return ft.Container(
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        border_radius=12,
        bgcolor=bg,
        content=ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_LARGE, color=fg),
    )


@ft.component
def FacilityRow(facility: Facility, distance_km: float | None, on_open: Callable[[str], Any]) -> ft.Control:
    t = use_t()
    details: list[ft.Control] = [ft.Text(place_text(t, facility))]
    meta: list[ft.Control] = [OpenBadge(facility)]
    if distance_km is not None:
        meta.append(
            ft.Row(
                [ft.Icon(ft.Icons.NEAR_ME, size=16), ft.Text(distance_text(t, distance_km))],
                spacing=4,
                tight=True,
            )
        )
    details.append(ft.Row(meta, wrap=True, spacing=12, run_spacing=4))
    icon = ft.Icons.HEALTH_AND_SAFETY if facility.type is FacilityType.puskesmas else ft.Icons.LOCAL_HOSPITAL
    return ft.ListTile(
        key=facility.id,
        leading=ft.Icon(icon, color=ft.Colors.PRIMARY),
        title=ft.Text(facility.name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        subtitle=ft.Column(details, spacing=4, tight=True),
        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
        on_click=lambda: on_open(facility.id),
    )
