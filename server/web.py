"""The web app at `/`: the Flet app, served by this process, calling the API at
`/api` over loopback through `api_client` like every other face."""

from __future__ import annotations

from pathlib import Path

import flet_web.fastapi as flet_fastapi
from fastapi import FastAPI

from server.state import AppState
from views.app import main_for
from views.settings import AppSettings

ASSETS = Path(__file__).resolve().parents[1] / "assets"
APP_NAME = "Layanan Sehat Rembang"
APP_SHORT_NAME = "Sehat Rembang"
_FLET_OWN_DOCS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def mount_web_app(root: FastAPI, state: AppState) -> None:
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
