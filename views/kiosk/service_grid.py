"""Step 1 of a walk-in: one tile per service that takes walk-ins. A closed or full
service says so on its tile and cannot be chosen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import flet as ft

from api_client.models import Service, ServiceKind
from session.context import use_t
from session.i18n import Translator
from views.kiosk.services import ServiceTile, TileState
from views.kiosk.style import KioskTile, line, screen, tap, title

ICONS_BY_CODE = {
    "loket": ft.Icons.DESK,
    "poli-umum": ft.Icons.MEDICAL_SERVICES,
    "poli-gigi": ft.Icons.SENTIMENT_SATISFIED,
    "kia-kb": ft.Icons.PREGNANT_WOMAN,
    "mtbs": ft.Icons.CHILD_CARE,
    "gizi": ft.Icons.RESTAURANT,
}
ICONS_BY_KIND = {
    ServiceKind.loket: ft.Icons.DESK,
    ServiceKind.poli: ft.Icons.MEDICAL_SERVICES,
    ServiceKind.lab: ft.Icons.SCIENCE,
    ServiceKind.apotek: ft.Icons.MEDICATION,
    ServiceKind.ugd: ft.Icons.EMERGENCY,
}


def service_icon(service: Service) -> ft.IconData:
    return ICONS_BY_CODE.get(service.code) or ICONS_BY_KIND[service.kind]


def tile_note(t: Translator, tile: ServiceTile) -> str:
    """"Buka · 12 orang menunggu", "Tutup · buka pukul 07.30", "Kuota hari ini penuh"."""
    if tile.state is TileState.full:
        return t.gettext("Kuota hari ini penuh")
    if tile.state is TileState.closed:
        if tile.opens:
            hour, minute = (int(part) for part in tile.opens.split(":"))
            return t.gettext("Tutup · buka pukul {time}").format(time=t.format_time(dt.time(hour, minute)))
        return t.gettext("Tutup")
    if tile.waiting is None:
        return t.gettext("Buka")
    if tile.waiting == 0:
        return t.gettext("Buka · belum ada antrean")
    return t.ngettext("Buka · {n} orang menunggu", "Buka · {n} orang menunggu", tile.waiting).format(
        n=t.format_number(tile.waiting))


@ft.component
def ServicesStep(
    tiles: list[ServiceTile], loaded: bool, on_choose: Callable[[ServiceTile], Any]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    if not loaded:
        grid: ft.Control = ft.ProgressRing(width=48, height=48, semantics_label=_("Memuat layanan…"))
    else:
        grid = ft.ResponsiveRow(
            [
                KioskTile(
                    tile.service.name, service_icon(tile.service), tap(on_choose, tile),
                    identifier=f"service-{tile.service.code}", note=tile_note(t, tile),
                    disabled=tile.state is not TileState.open, col={"xs": 6, "xl": 3},
                )
                for tile in tiles
            ],
            spacing=20, run_spacing=20,
        )
    return screen(
        title(_("Pilih layanan yang Anda tuju")),
        line(_("Sentuh salah satu kotak di bawah.")),
        grid,
    )
