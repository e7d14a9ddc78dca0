"""Who may call a facility's web service: BPJS, with the username and password the
facility gave it (`x-username`, `x-password`) exchanged for a short token, then
`x-token` + `x-username` on every call.

The token is a JWT signed with the service's keyring (`bpjs-ws-token` key, its
generation in the `kid` header, as staff tokens are), scoped to one facility (`fac`)
and its username, for `TOKEN_MINUTES`; times are checked against the service's clock.
A new password in the settings ends the tokens issued before (`pwd`, a keyed mark);
so does turning the bridge off (a token from before its last switch stays refused
when it is on again).
Wrong passwords are limited per facility and client address
(`server.ratelimit.BPJS_WS_WRONG_PASSWORD`), checked before the password is.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Annotated

import jwt
from fastapi import Depends, Header, Path, Request

from server.bpjs.credentials import FacilityCredentials
from server.bpjs.tables import BridgeRow
from server.bpjs.ws.envelope import Refused
from server.keys.ring import Purpose
from server.ratelimit import BPJS_WS_WRONG_PASSWORD, client_address
from server.staff.auth import ALGORITHM, signing_key
from server.state import AppState

TOKEN_MINUTES = 60
TOKEN_TYPE = "bpjs-ws"  # noqa: S105 - a label, not a password

NOT_ACTIVE = "Layanan antrean Mobile JKN belum aktif di fasilitas ini"
WRONG_CREDENTIALS = "Username atau password tidak sesuai"
BAD_TOKEN = "Token tidak valid"  # noqa: S105 - a message
EXPIRED_TOKEN = "Token sudah kedaluwarsa; minta token baru"  # noqa: S105 - a message

FacilityId = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$")]
HeaderText = Annotated[str | None, Header(max_length=1000)]


@dataclass(frozen=True)
class Caller:
    """BPJS, signed in for one bridged facility."""

    facility_id: str
    credentials: FacilityCredentials
    state: AppState


def bridged(request: Request, facility_id: str) -> tuple[AppState, FacilityCredentials, dt.datetime]:
    """The facility's credentials and when its bridge was last turned on, if it is on;
    otherwise the same refusal for an unknown facility, one without credentials and
    one turned off."""
    state: AppState = request.app.state.lsr
    credentials = state.bpjs.get(facility_id)
    if credentials is None or facility_id not in state.directory.facilities:
        raise Refused(NOT_ACTIVE)
    with state.db.read() as session:
        row = session.get(BridgeRow, facility_id)
        if row is None or not row.enabled:
            raise Refused(NOT_ACTIVE)
        on_since = row.changed_at
    return state, credentials, on_since


def issue_token(request: Request, facility_id: str, username: str | None, password: str | None) -> str:
    state, credentials, _ = bridged(request, facility_id)
    who = f"{facility_id}|{client_address(request)}"
    state.limiter.check(BPJS_WS_WRONG_PASSWORD, who)
    # Both compared in full, in constant time, whatever the first one gave.
    same_user = hmac.compare_digest((username or "").encode(), credentials.ws_username.encode())
    same_password = hmac.compare_digest(
        (password or "").encode(), credentials.ws_password.get_secret_value().encode())
    if not (same_user and same_password):
        state.limiter.hit(BPJS_WS_WRONG_PASSWORD, who)
        raise Refused(WRONG_CREDENTIALS)
    now = state.clock()
    kid, key = state.keyring.active_key(Purpose.bpjs_ws_token)
    return jwt.encode(
        {"typ": TOKEN_TYPE, "fac": facility_id, "sub": credentials.ws_username,
         "pwd": _password_mark(key, credentials),
         "iat": int(now.timestamp()),
         "exp": int((now + dt.timedelta(minutes=TOKEN_MINUTES)).timestamp())},
        key, algorithm=ALGORITHM, headers={"kid": kid},
    )


def caller(
    request: Request,
    facility_id: FacilityId,
    x_token: HeaderText = None,
    x_username: HeaderText = None,
) -> Caller:
    """The dependency of every call but the token's."""
    state, credentials, on_since = bridged(request, facility_id)
    if not x_token or not x_username:
        raise Refused(BAD_TOKEN)
    try:
        claims = jwt.decode(
            x_token, signing_key(state.keyring, Purpose.bpjs_ws_token, x_token),
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                     "require": ["exp", "iat", "fac", "sub", "typ", "pwd"]},
        )
    except jwt.PyJWTError:
        raise Refused(BAD_TOKEN) from None
    if claims["typ"] != TOKEN_TYPE or claims["fac"] != facility_id:
        raise Refused(BAD_TOKEN)
    if not (hmac.compare_digest(str(claims["sub"]).encode(), x_username.encode())
            and hmac.compare_digest(x_username.encode(), credentials.ws_username.encode())):
        raise Refused(BAD_TOKEN)
    key = signing_key(state.keyring, Purpose.bpjs_ws_token, x_token)
    if not hmac.compare_digest(str(claims["pwd"]), _password_mark(key, credentials)):
        raise Refused(BAD_TOKEN)  # the password was changed since: sign in again
    if int(claims["iat"]) < int(on_since.timestamp()):
        raise Refused(BAD_TOKEN)  # issued before the bridge was turned off and on again
    if int(claims["exp"]) <= state.clock().timestamp():
        raise Refused(EXPIRED_TOKEN)
    return Caller(facility_id=facility_id, credentials=credentials, state=state)


def _password_mark(key: bytes, credentials: FacilityCredentials) -> str:
    """A keyed mark of the password the token was issued for (not the password, nor a
    plain hash of it): a new password in the settings ends every token issued before."""
    mac = hmac.new(key, b"bpjs-ws-password\0" + credentials.ws_password.get_secret_value().encode(),
                   "sha256")
    return mac.hexdigest()[:32]


CallerDep = Annotated[Caller, Depends(caller)]
