"""What every request needs, built once per app, and the FastAPI dependencies
that hand it out (typed aliases, as in the FastAPI template)."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import event

from api_client.models import ErrorCode
from server.clock import Clock
from server.db import Database
from server.errors import not_found
from server.events.bus import EventBus
from server.events.outbox import take_pending
from server.facilities.directory import Directory, FacilityInfo, ServiceInfo
from server.keys.ring import Keyring, Secrets, load_keyring
from server.ratelimit import RateLimiter
from server.settings import Settings
from server.staff.auth import (
    Principal,
    principal_from_kiosk_key,
    principal_from_token,
    unauthorized,
)
from server.staff.sessions import check_session
from server.vault import Vault


@dataclass
class AppState:
    settings: Settings
    db: Database
    directory: Directory
    bus: EventBus
    clock: Clock
    secrets: Secrets
    limiter: RateLimiter
    vault: Vault  # holds the keyring: replaced whole when the key generations are read again
    # Password hashing (argon2) at most `login_concurrency` at a time: server/staff/signin.py
    sign_in_gate: asyncio.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self.sign_in_gate = asyncio.Semaphore(self.settings.login_concurrency)
        event.listen(self.db.sessions, "after_commit", self._publish)
        event.listen(self.db.sessions, "after_rollback", take_pending)

    def _publish(self, session: object) -> None:
        self.bus.publish(take_pending(session))  # type: ignore[arg-type]

    @property
    def keyring(self) -> Keyring:
        return self.vault.keyring

    def reload_directory(self) -> None:
        with self.db.read() as session:
            self.directory = Directory.load(session)

    def reload_keys(self) -> None:
        """Read the key generations again (a rotation under way elsewhere)."""
        with self.db.read() as session:
            keyring = load_keyring(session, self.secrets)
        if keyring.generations != self.keyring.generations:
            self.vault = Vault(keyring)


def get_state(request: Request) -> AppState:
    return request.app.state.lsr  # type: ignore[no-any-return]


StateDep = Annotated[AppState, Depends(get_state)]


def get_now(state: StateDep) -> dt.datetime:
    return state.clock()


NowDep = Annotated[dt.datetime, Depends(get_now)]


def get_service(service_id: int, state: StateDep) -> ServiceInfo:
    service = state.directory.services.get(service_id)
    if service is None:
        raise not_found(ErrorCode.service_not_found, service_id)
    return service


ServiceDep = Annotated[ServiceInfo, Depends(get_service)]


def get_facility(facility_id: str, state: StateDep) -> FacilityInfo:
    facility = state.directory.facilities.get(facility_id)
    if facility is None:
        raise not_found(ErrorCode.facility_not_found, facility_id)
    return facility


FacilityDep = Annotated[FacilityInfo, Depends(get_facility)]


def get_principal(
    state: StateDep,
    now: NowDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_kiosk_key: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    """The signed-in staff member (whose sign-in session is still open) or kiosk; 401
    for anyone else."""
    if x_kiosk_key:
        with state.db.read() as session:
            return principal_from_kiosk_key(session, x_kiosk_key)
    if authorization and authorization.lower().startswith("bearer "):
        return staff_from_token(state, authorization[7:].strip(), now=now)
    raise unauthorized()


def staff_from_token(state: AppState, token: str, *, now: dt.datetime) -> Principal:
    """Who signed the token in, if the token is valid and its sign-in session still open."""
    principal = principal_from_token(token, keyring=state.keyring, now=now)
    return still_signed_in(state, principal)


def still_signed_in(state: AppState, principal: Principal) -> Principal:
    """401 once the sign-in ended: signed out, password changed, account deactivated."""
    with state.db.read() as session:
        check_session(session, session_id=principal.session_id or "", username=principal.name)
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
