"""The JSON API: a FastAPI sub-app mounted at `/api` (schema at `/api/openapi.json`,
Swagger UI at `/api/docs` unless `LSR_API_DOCS=false`)."""

from __future__ import annotations

from fastapi import FastAPI

from server.announcements.router import router as announcements
from server.api_docs import install_api_docs
from server.audit.router import router as audit
from server.bpjs.admin_router import router as bpjs_admin
from server.bpjs.ws import WS_PATH, create_ws_app
from server.complaints.router import router as complaints
from server.dashboard.router import router as dashboard
from server.doctors.router import router as doctors
from server.errors import install_error_handlers
from server.events.router import router as events
from server.facilities.admin_router import router as directory_admin
from server.facilities.router import router as facilities
from server.feedback.router import router as feedback
from server.observability import NO_TELEMETRY
from server.privacy.router import router as privacy
from server.queue.booking_router import router as bookings
from server.queue.group_commit import GroupCommit
from server.queue.limits import BookingLimits
from server.queue.router import router as queues
from server.reports.router import router as reports
from server.staff.admin_router import router as admin_accounts
from server.staff.kiosk_router import router as kiosk_devices
from server.staff.kiosk_seen import KioskSeen
from server.staff.router import router as staff
from server.state import AppState
from server.voice.router import router as voice

API_PATH = "/api"


def create_api(state: AppState) -> FastAPI:
    api = FastAPI(
        title="Layanan Sehat Rembang API",
        version="1",
        description="Facilities, bookings and live queues of the puskesmas and hospitals "
        "of Kabupaten Rembang. Errors are `{\"error\": {\"code\", \"message\", …}}`.",
        docs_url=None,  # ours (server/api_docs.py): FastAPI's loads Swagger UI from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
        telemetry=NO_TELEMETRY,
    )
    api.state.lsr = state
    api.state.group_commit = GroupCommit(  # bookings share transactions
        state.db, BookingLimits(per_phone=state.settings.max_active_bookings_per_phone,
                                per_nik=state.settings.max_active_bookings_per_nik),
        bus=state.bus,
    )
    install_error_handlers(api)
    # BPJS's calls for Mobile JKN: their own envelope, the same queue (server/bpjs/ws).
    api.mount(WS_PATH, create_ws_app(state, api.state.group_commit))
    api.add_middleware(KioskSeen, db=state.db, sightings=state.kiosk_sightings, clock=state.clock)
    if state.settings.api_docs:
        install_api_docs(api, mount_path=API_PATH)

    @api.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    for router in (
        facilities, announcements, bookings, queues, events, staff, voice, feedback, complaints,
        dashboard, privacy, directory_admin, admin_accounts, kiosk_devices, audit, doctors,
        reports, bpjs_admin,
    ):
        api.include_router(router)
    return api
