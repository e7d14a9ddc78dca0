"""Who is asking: staff (a short-lived signed token) or a kiosk (its device key).

Staff send `Authorization: Bearer <token>` from `POST /auth/login`; a kiosk sends
`X-Kiosk-Key: <key>`. What each may do is in `server.staff.permissions`. A token
names its sign-in session (`sid`), checked on every request (server/staff/sessions.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jwt
from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import ErrorCode, Role, TokenResponse
from server.errors import ApiProblem
from server.keys.ring import Keyring, Purpose, UnknownKey
from server.seed.load import kiosk_key_hash
from server.staff.roles import abilities
from server.staff.sessions import MAX_SIGN_IN
from server.staff.tables import KioskDeviceRow

ALGORITHM = "HS256"


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role
    facility_id: str | None  # None: Dinkes, every facility
    signed_in_at: dt.datetime | None = None
    session_id: str | None = None  # the sign-in session of a staff token; None for a kiosk
    device_id: int | None = None  # the kiosk device of a kiosk key; None for staff

    @property
    def is_kiosk(self) -> bool:
        return self.role is Role.kiosk


def unauthorized(message: str = "sign in first") -> ApiProblem:
    return ApiProblem(401, ErrorCode.unauthorized, message, headers={"WWW-Authenticate": "Bearer"})


def issue_token(
    principal: Principal, *, now: dt.datetime, keyring: Keyring, token_minutes: int
) -> TokenResponse:
    """A token for `token_minutes`, never past the end of the sign-in's shift, signed
    with the active staff-token key (its key id in the `kid` header)."""
    signed_in_at = principal.signed_in_at or now
    if now - signed_in_at >= MAX_SIGN_IN:
        raise unauthorized("the shift's sign-in has ended; sign in again")
    expires = min(now + dt.timedelta(minutes=token_minutes), signed_in_at + MAX_SIGN_IN)
    kid, key = keyring.active_key(Purpose.staff_token)
    token = jwt.encode(
        {
            "sub": principal.name,
            "role": principal.role.value,
            "fac": principal.facility_id,
            "iat": int(now.timestamp()),
            "auth_time": int(signed_in_at.timestamp()),
            "exp": int(expires.timestamp()),
            "sid": principal.session_id,
        },
        key,
        algorithm=ALGORITHM,
        headers={"kid": kid},
    )
    return TokenResponse(
        access_token=token,
        expires_at=expires,
        role=principal.role,
        facility_id=principal.facility_id,
        username=principal.name,
        **abilities(principal.role).model_dump(),
    )


def signing_key(keyring: Keyring, purpose: Purpose, token: str) -> bytes:
    """The key a token names in its `kid` header: a token signed before a key rotation
    stays valid until it expires, as long as its generation's secret is configured."""
    kid = jwt.get_unverified_header(token).get("kid")
    if not isinstance(kid, str):
        raise jwt.InvalidTokenError("no kid")
    try:
        return keyring.key(purpose, kid)
    except UnknownKey:
        raise jwt.InvalidTokenError("unknown kid") from None


def principal_from_token(token: str, *, keyring: Keyring, now: dt.datetime) -> Principal:
    try:
        # Times are checked against the service's clock below, not the library's.
        claims = jwt.decode(
            token, signing_key(keyring, Purpose.staff_token, token), algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                     "require": ["exp", "sub", "role", "sid"]},
        )
    except jwt.PyJWTError:
        raise unauthorized("the sign-in token is not valid") from None
    if int(claims.get("exp", 0)) <= now.timestamp():
        raise unauthorized("the sign-in has expired; sign in again")
    try:
        return Principal(
            name=claims["sub"], role=Role(claims["role"]), facility_id=claims["fac"],
            signed_in_at=dt.datetime.fromtimestamp(int(claims["auth_time"]), dt.UTC),
            session_id=str(claims["sid"]),
        )
    except (KeyError, ValueError):
        raise unauthorized("the sign-in token is not valid") from None


def principal_from_kiosk_key(*, session: Session, key: str) -> Principal:
    device = session.scalars(
        select(KioskDeviceRow).where(KioskDeviceRow.key_hash == kiosk_key_hash(key))
    ).first()
    if device is None or not device.active:
        raise unauthorized("unknown kiosk key")
    return Principal(name=f"kiosk:{device.id}", role=Role.kiosk, facility_id=device.facility_id,
                     device_id=device.id)
