"""The web app at `/`: the Flet app, served by this process, calling the API at
`/api` over loopback through `api_client` like every other face. Its files are
flet-web's, built once by `server.web_build` (versioned, brotli and gzip) and served
as nginx serves them (server/web_files.py): a first load of about 3.8 MB, not 14.5 MB."""

from __future__ import annotations

import flet_web.fastapi as flet_fastapi
from fastapi import FastAPI
from flet_web.fastapi.flet_static_files import FletStaticFiles
from starlette.routing import Mount

from server.browser_key_cookie import BrowserKeyCookie
from server.state import AppState
from server.web_memory import SessionMemory
from session import rembang_clock
from session.settings import AppSettings, near_turn_from_env
from views.app import main_for

_FLET_OWN_DOCS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def mount_web_app(root: FastAPI, state: AppState, memory: SessionMemory) -> None:
    """The Flet app's websocket at `/ws`, and the built files (their page has no inline
    script: the Content-Security-Policy needs no hash) in place of flet-web's own.
    `memory` hears of every web session that starts and ends (server/web_memory.py)."""
    from server.web_build import ensure_built
    from server.web_files import PrecompressedFiles

    site = ensure_built(state.settings.resolved_web_build_dir())
    if state.settings.demo_clock:  # the screens show the demo system's time, not the host's
        rembang_clock.follow(state.clock)
    web = flet_fastapi.app(
        main_for(AppSettings(api_url=state.settings.loopback_api_url, near_turn=near_turn_from_env()),
                 on_session_start=memory.session_started, on_session_end=memory.session_ended),
        session_timeout_seconds=state.settings.web_session_timeout_seconds,
    )
    web.router.routes = [
        r for r in web.router.routes
        if getattr(r, "path", None) not in _FLET_OWN_DOCS
        and not isinstance(getattr(r, "app", None), FletStaticFiles)
    ]
    web.router.routes.append(Mount("/", app=PrecompressedFiles(site)))
    root.mount("/", BrowserKeyCookie(web))
