"""The web app at `/`: the Flet app, served by this process, calling the API at
`/api` over loopback through `api_client` like every other face."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import flet_web.fastapi as flet_fastapi
from fastapi import FastAPI
from flet.controls.types import RouteUrlStrategy, WebRenderer
from flet_web import get_package_web_dir, patch_index_html

from server.security import inline_script_hashes
from server.state import AppState
from views import rembang_clock
from views.app import main_for
from views.settings import AppSettings

ASSETS = Path(__file__).resolve().parents[1] / "assets"
APP_NAME = "Layanan Sehat Rembang"
APP_SHORT_NAME = "Sehat Rembang"
WEBSOCKET_PATH = "/ws"
_FLET_OWN_DOCS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def patch_index(index: Path) -> None:
    """Patch flet-web's index.html as flet-web does when it serves the app at `/`
    (flet_web/fastapi/flet_static_files.py, with this module's options)."""
    patch_index_html(
        str(index), base_href="/", websocket_endpoint_path=WEBSOCKET_PATH, app_name=APP_NAME,
        web_renderer=WebRenderer(os.getenv("FLET_WEB_RENDERER") or WebRenderer.AUTO.value),
        route_url_strategy=RouteUrlStrategy.PATH, no_cdn=True,
    )


def served_index_html() -> str:
    """The page this process serves at `/` (and every route of the app)."""
    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder) / "index.html"
        shutil.copyfile(Path(get_package_web_dir()) / "index.html", index)
        patch_index(index)
        return index.read_text(encoding="utf-8")


def web_script_hashes() -> list[str]:
    """The hashes the Content-Security-Policy allows the page's inline scripts by."""
    return inline_script_hashes(served_index_html())


def mount_web_app(root: FastAPI, state: AppState) -> None:
    if state.settings.demo_clock:  # the screens show the demo system's time, not the host's
        rembang_clock.follow(state.clock)
    web = flet_fastapi.app(
        main_for(AppSettings(api_url=state.settings.loopback_api_url)),
        assets_dir=str(ASSETS),
        no_cdn=True,
        session_timeout_seconds=state.settings.web_session_timeout_seconds,
        app_name=APP_NAME,
        app_short_name=APP_SHORT_NAME,
    )
    web.router.routes = [
        r for r in web.router.routes if getattr(r, "path", None) not in _FLET_OWN_DOCS
    ]
    root.mount("/", web)
