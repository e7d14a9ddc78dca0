"""The web app's page as flet-web serves it at `/`: its name, its assets folder, and
the patch of index.html (shared by the service, `server.web`, and the build of its
files, `server.web_build`)."""

from __future__ import annotations

import os
from pathlib import Path

from flet.controls.types import RouteUrlStrategy, WebRenderer
from flet_web import patch_index_html

ASSETS = Path(__file__).resolve().parents[1] / "assets"
APP_NAME = "Layanan Sehat Rembang"
APP_SHORT_NAME = "Sehat Rembang"
# The page's description and the installed app's (manifest.json): one text for every
# visitor, so in the service's language, as the name is.
APP_DESCRIPTION = "Ambil nomor antrean puskesmas dan rumah sakit di Kabupaten Rembang dari rumah."
WEBSOCKET_PATH = "/ws"


def patch_index(index: Path) -> None:
    """Patch flet-web's index.html as flet-web does when it serves the app at `/`
    (flet_web/fastapi/flet_static_files.py, with this module's options and our description)."""
    patch_index_html(
        str(index), base_href="/", websocket_endpoint_path=WEBSOCKET_PATH, app_name=APP_NAME,
        app_description=APP_DESCRIPTION,
        web_renderer=WebRenderer(os.getenv("FLET_WEB_RENDERER") or WebRenderer.AUTO.value),
        route_url_strategy=RouteUrlStrategy.PATH, no_cdn=True,
    )
