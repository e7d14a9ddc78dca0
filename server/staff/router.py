"""Staff sign-in, sign-out and password change."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api_client.models import (
    ErrorCode,
    LoginRequest,
    PasswordChange,
    StaffMe,
    TokenResponse,
    TotpConfirm,
    TotpConfirmed,
    TotpEnrolment,
)
from server.deps import NowDep, PrincipalDep, StateDep
from server.errors import ApiProblem, documented
from server.ratelimit import client_address
from server.staff import signin
from server.staff.auth import issue_token
from server.staff.roles import abilities
from server.staff.sessions import end_session
from server.staff.signin import SignInAttempt

router = APIRouter(tags=["staff"], responses=documented(401, 422, 429))


@router.post(
    "/auth/login", response_model=TokenResponse, responses=documented(403),
)
async def login(body: LoginRequest, request: Request, state: StateDep, now: NowDep) -> TokenResponse:
    """A short-lived token for the staff console. Wrong passwords from one address make
    that address wait, longer each time (never the account's owner elsewhere). A
    password set by an operator answers 403 `password_change_required`: replace it with
    `POST /auth/password` first. An admin with an authenticator app is asked for its
    code (401 `totp_required`, then again with `totp_code`); an admin who must have one
    and has none is led to enrol (403 `totp_enrolment_required`)."""
    return await signin.login(state=state, attempt=_attempt(body, request), totp_code=body.totp_code, now=now)


@router.post("/auth/password", response_model=TokenResponse, responses=documented(403))
async def new_password(body: PasswordChange, request: Request, state: StateDep, now: NowDep
                       ) -> TokenResponse:
    """Replace the password (a one-time one must be replaced before the first sign-in).
    Every open sign-in of the account ends; the answer is a token of a new one. An admin
    who must use an authenticator app and has none gets 403
    `password_changed_totp_enrolment_required`: the new password is in force, and the
    next step is `POST /auth/totp/enrol` with it."""
    return await signin.change_own_password(
        state=state, attempt=_attempt(body, request), new_password=body.new_password,
        totp_code=body.totp_code, now=now,
    )


@router.post("/auth/totp/enrol", response_model=TotpEnrolment, responses=documented(403, 409))
async def enrol_totp(body: LoginRequest, request: Request, state: StateDep, now: NowDep
                     ) -> TotpEnrolment:
    """A new authenticator secret (text and otpauth:// URI), proven by the password; in
    force once `POST /auth/totp/confirm` brings a first code."""
    return await signin.enrol_totp(state=state, attempt=_attempt(body, request), now=now)


@router.post("/auth/totp/confirm", response_model=TotpConfirmed, responses=documented(409))
async def confirm_totp(body: TotpConfirm, request: Request, state: StateDep, now: NowDep
                       ) -> TotpConfirmed:
    """The first code of the new secret: it is in force from now on. The answer holds
    ten recovery codes (shown once, each signs in once instead of a code) and a token."""
    return await signin.confirm_totp(state=state, attempt=_attempt(body, request), code=body.code, now=now)


def _attempt(body: LoginRequest | PasswordChange | TotpConfirm, request: Request) -> SignInAttempt:
    return SignInAttempt(username=body.username, password=body.password,
                         address=client_address(request))


@router.post("/auth/logout", status_code=204, response_class=Response)
def logout(principal: PrincipalDep, state: StateDep, now: NowDep) -> Response:
    """End this sign-in: its token and any refresh of it stop working at once."""
    if principal.session_id is None:
        raise ApiProblem(403, ErrorCode.forbidden, "a kiosk key is not a sign-in; revoke it instead")
    with state.db.write_transaction() as session:
        end_session(session=session, session_id=principal.session_id, now=now)
    return Response(status_code=204)


@router.get("/auth/me", response_model=StaffMe)
def me(principal: PrincipalDep) -> StaffMe:
    return StaffMe(
        username=principal.name, role=principal.role, facility_id=principal.facility_id,
        **abilities(principal.role).model_dump(),
    )


@router.post("/auth/refresh", response_model=TokenResponse)
def refresh(principal: PrincipalDep, state: StateDep, now: NowDep) -> TokenResponse:
    """A fresh token before this one expires, up to 12 hours after signing in."""
    if principal.is_kiosk:
        raise ApiProblem(403, ErrorCode.forbidden, "a kiosk key needs no refresh")
    return issue_token(
        principal, now=now, keyring=state.keyring, token_minutes=state.settings.token_minutes
    )
