"""A map of facilities with a marker each (flet-map).

Tiles come from OpenStreetMap and need the internet (components/map_tiles.py).
Offline (and in tests) every tile fails: a note says so, the markers still show on
the plain background, and the list beside the map keeps working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft
import flet_map as fm

from api_client.models import Facility
from components.map_location import Position
from components.map_tiles import REMBANG, use_map_tiles
from session.context import use_t

MAP_HEIGHT = 340


@ft.component
def FacilityMap(
    facilities: list[Facility], here: Position | None, on_open: Callable[[str], Any]
) -> ft.Control:
    _ = use_t().gettext
    tiles, attribution, tiles_note = use_map_tiles()
    markers = [
        fm.Marker(
            coordinates=fm.MapLatitudeLongitude(f.lat, f.lon),
            width=48,
            content=ft.Semantics(
                identifier=f"marker-{f.id}",
                label=f.name,
                button=True,
                content=ft.IconButton(
                    ft.Icons.LOCATION_ON,
                    icon_color=ft.Colors.PRIMARY,
                    icon_size=32,
                    on_click=lambda _e, fid=f.id: on_open(fid),
                ),
            ),
        )
        for f in facilities
    ]
    points = [m.coordinates for m in markers]
    if here is not None:
        markers.append(
            fm.Marker(
                coordinates=fm.MapLatitudeLongitude(here.lat, here.lon),
                content=ft.Icon(ft.Icons.MY_LOCATION, color=ft.Colors.TERTIARY,
                                semantics_label=_("Lokasi Anda")),
            )
        )
    fit = (
        fm.CameraFit(coordinates=points, padding=ft.Padding.all(40), max_zoom=14)
        if len(points) > 1 else None
    )
    the_map = fm.Map(
        height=MAP_HEIGHT,
        initial_center=points[0] if len(points) == 1 else REMBANG,
        initial_zoom=14 if len(points) == 1 else 10,
        initial_camera_fit=fit,
        layers=[tiles, fm.MarkerLayer(markers=markers), attribution],
    )
    notes: list[ft.Control] = [tiles_note] if tiles_note is not None else []
    if any("coordinates" in f.unconfirmed for f in facilities):
        notes.append(
            ft.Text(
                _("Letak di peta belum dikonfirmasi: pastikan alamatnya sebelum berangkat."),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
            )
        )
    return ft.Semantics(
        identifier="facility-map",
        label=_("Peta faskes"),
        content=ft.Column(
            [ft.Container(the_map, border_radius=12, clip_behavior=ft.ClipBehavior.HARD_EDGE), *notes],
            spacing=6,
        ),
    )
