"""The web service BPJS calls for Mobile JKN (WS RS for hospitals, WS FKTP for
puskesmas): its own small app, mounted under the API at `/bpjs`, so that a facility's
base URL for BPJS is `https://…/api/bpjs/{facility_id}/` (docs/bpjs.md, "Mobile JKN
calls us"). Every answer is in BPJS's envelope (`server.bpjs.ws.envelope`); a
Mobile JKN booking lands in the same queue as the app's, the kiosk's and the desk's
(`server.bpjs.ws.queue`)."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp

from server.bpjs.ws.envelope import BodyLimit, install_envelope
from server.bpjs.ws.routes import router
from server.observability import NO_TELEMETRY
from server.queue.group_commit import GroupCommit
from server.state import AppState

WS_PATH = "/bpjs"


def create_ws_app(state: AppState, group_commit: GroupCommit) -> ASGIApp:
    """The sub-app; it shares the API's state and group commit (one counter, one
    batch of bookings for every channel)."""
    app = FastAPI(title="BPJS Antrean web service", docs_url=None, redoc_url=None, openapi_url=None,
                  telemetry=NO_TELEMETRY)
    app.state.lsr = state
    app.state.group_commit = group_commit
    install_envelope(app)
    app.include_router(router)
    return BodyLimit(app)
