"""Who is asking, resolved for a request: a kiosk by its device key, a staff member by
a token whose sign-in session is still open; 401 for anyone else. The FastAPI
dependency that calls this is `server.deps.PrincipalDep`."""

from __future__ import annotations

import datetime as dt

from server.staff.auth import (
    Principal,
    principal_from_kiosk_key,
    principal_from_token,
    unauthorized,
)
from server.staff.sessions import check_session
from server.state import AppState


def resolve_principal(
    *, state: AppState, now: dt.datetime, authorization: str | None, kiosk_key: str | None
) -> Principal:
    """The kiosk of `kiosk_key`, or the staff member of a `Bearer` `authorization`."""
    if kiosk_key:
        with state.db.read() as session:
            return principal_from_kiosk_key(session=session, key=kiosk_key)
    if authorization and authorization.lower().startswith("bearer "):
        return staff_from_token(state=state, token=authorization[7:].strip(), now=now)
    raise unauthorized()


def staff_from_token(*, state: AppState, token: str, now: dt.datetime) -> Principal:
    """Who signed the token in, if the token is valid and its sign-in session still open."""
    principal = principal_from_token(token, keyring=state.keyring, now=now)
    return still_signed_in(state=state, principal=principal)


def still_signed_in(*, state: AppState, principal: Principal) -> Principal:
    """401 once the sign-in ended: signed out, password changed, account deactivated."""
    with state.db.read() as session:
        check_session(session=session, session_id=principal.session_id or "", username=principal.name)
    return principal
