"""The background of a map of facilities (flet-map): OpenStreetMap tiles and their
attribution, and a note once a tile fails to load.

Tiles need the internet. Offline (and in tests) every tile fails:
`TileLayer.on_image_error` turns the note on, and the markers still show on the
plain background.
"""

from __future__ import annotations

import flet as ft
import flet_map as fm

from session.context import use_t

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
APP_ID = "id.go.rembangkab.layanansehat"
REMBANG = fm.MapLatitudeLongitude(-6.75, 111.45)


def use_map_tiles() -> tuple[fm.TileLayer, fm.SimpleAttribution, ft.Control | None]:
    """The tile layer, the attribution (the map's last layer), and the note to show
    under the map once a tile failed (None until then). A hook: call it in a component."""
    _ = use_t().gettext
    failed, set_failed = ft.use_state(False)

    def tile_failed() -> None:
        if not failed:
            set_failed(True)

    note = ft.Text(
        _("Gambar peta tidak bisa dimuat (mungkin sedang offline). Lokasi faskes tetap ditandai."),
        theme_style=ft.TextThemeStyle.BODY_SMALL,
    ) if failed else None
    return (
        fm.TileLayer(url_template=TILES, user_agent_package_name=APP_ID, on_image_error=tile_failed),
        fm.SimpleAttribution(text="OpenStreetMap"),
        note,
    )
