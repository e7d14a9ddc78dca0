"""The central service: the API at `/api` and (when asked) the web app at `/`."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from flet_web.fastapi import FastAPI as FletFastAPI

from server.api import API_PATH, create_api
from server.bpjs.credentials import load_credentials
from server.bpjs.outbox import purge_delivered
from server.bpjs.sender import Sender
from server.clock import Clock, system_clock
from server.db import Database
from server.events.bus import EventBus
from server.events.relay import event_relay
from server.facilities.directory import Directory
from server.facilities.refresh import directory_refresher
from server.idempotency import purge_expired
from server.keys.ring import load_keyring, record_secret
from server.migrate import upgrade
from server.observability import NO_TELEMETRY, install_observability
from server.periodic import Periodic
from server.queue.booking_fast_path import BookingFastPath
from server.ratelimit import RateLimiter
from server.security import SecurityHeaders
from server.seed.history import seed_demo_history
from server.seed.load import seed_if_empty
from server.settings import Settings
from server.staff.demo import apply_demo_setting
from server.staff.throttle import forget_stale, forget_stale_counts
from server.state import AppState
from server.vault import Vault
from server.web_memory import SessionMemory

log = logging.getLogger("server.app")
SIGN_IN_PURGE_SECONDS = 3600  # counts that stopped mattering (made-up usernames) go within the hour


def open_state(settings: Settings, *, clock: Clock = system_clock) -> AppState:
    """Connect, migrate, seed an empty database, make the demo credentials follow
    `settings.demo`, and load the directory."""
    bpjs = load_credentials(settings.bpjs_credentials_file)  # a bad file stops the start
    db = Database(
        settings.resolved_database_url(), sqlite_synchronous=settings.sqlite_synchronous
    )
    try:
        upgrade(db.engine)
        secrets = settings.resolved_secrets()
        with db.write_transaction() as session:
            seed_if_empty(session=session, demo=settings.demo)
            record_secret(session=session, secrets=secrets)
            switched = apply_demo_setting(session=session, demo=settings.demo)
            forget_stale(session=session, now=clock())
        if not settings.demo or switched.accounts or switched.kiosk_keys:
            log.info(switched.sentence(demo=settings.demo))
        with db.read() as session:
            directory = Directory.load(session)
            keyring = load_keyring(session=session, secrets=secrets)  # refuses a secret that opens nothing
        unknown = sorted(set(bpjs) - set(directory.facilities))
        if unknown:  # a typo: the facility meant shows "no credentials", its bridge stays off
            log.warning("LSR_BPJS_CREDENTIALS_FILE names facilities this service does not know: %s",
                        ", ".join(unknown))
        purge_expired(db, now=clock())
    except BaseException:
        db.dispose()
        raise
    return AppState(
        settings=settings, db=db, directory=directory, bus=EventBus(), clock=clock,
        secrets=secrets, limiter=RateLimiter(enabled=settings.rate_limits), vault=Vault(keyring),
        bpjs=bpjs,
    )


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, web: bool = False
) -> FastAPI:
    """`clock`: the service's time (tests set it); by default the real one, or the demo
    clock when `LSR_DEMO_CLOCK` asks for it."""
    settings = settings or Settings()
    state = open_state(settings, clock=clock or settings.clock())
    if web:  # the demo system; in-process test apps start from the seed alone
        seed_demo_history(state)
    relay = event_relay(state.db, state.bus)
    web_memory = SessionMemory() if web else None
    background: list[Periodic | Sender | SessionMemory] = [
        directory_refresher(state),
        Periodic("idempotency-purge", lambda: purge_expired(state.db, now=state.clock()),
                 every_seconds=24 * 3600),
        Periodic("sign-in-failure-purge", lambda: forget_stale_counts(db=state.db, now=state.clock()),
                 every_seconds=SIGN_IN_PURGE_SECONDS),
        Sender(state, every_seconds=settings.bpjs_send_seconds),  # idle without a bridge
        Periodic("bpjs-outbox-purge", lambda: purge_delivered(state.db, now=state.clock()),
                 every_seconds=24 * 3600),
        *([web_memory] if web_memory else []),
    ]
    # Flet's FastAPI runs the web sessions' manager in its lifespan (frees closed tabs).
    root: FastAPI = FletFastAPI(
        docs_url=None, redoc_url=None, openapi_url=None, telemetry=NO_TELEMETRY,
        on_startup=[*([relay.start] if relay else []), *(job.start for job in background)],
        on_shutdown=[*([relay.stop] if relay else []), *(job.stop for job in background),
                     state.db.dispose],
    )
    root.state.lsr = state
    api = create_api(state)
    # Innermost of the three: a booking answered early still gets the headers and the log.
    root.add_middleware(BookingFastPath, api=api, mount_path=API_PATH)
    root.add_middleware(SecurityHeaders)
    install_observability(root, state)
    root.mount(API_PATH, api)
    if web_memory:
        from server.web import mount_web_app

        root.state.metrics.web_sessions_held.set_function(lambda: web_memory.held)
        mount_web_app(root, state, web_memory)
    return root
