"""Staff sign-in, sign-out and password change."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api_client.models import LoginRequest, PasswordChange, StaffMe, TokenResponse
from server.errors import ApiProblem, documented
from server.staff.accounts import change_password
from server.staff.auth import authenticate, issue_token, sign_in
from server.staff.auth import login as check_login
from server.staff.sessions import end_session
from server.state import NowDep, PrincipalDep, StateDep

router = APIRouter(tags=["staff"], responses=documented(401, 422, 429))


@router.post(
    "/auth/login", response_model=TokenResponse, responses=documented(403),
)
def login(body: LoginRequest, state: StateDep, now: NowDep) -> TokenResponse:
    """A short-lived token for the staff console. Repeated wrong passwords lock the account.
    A password set by an operator answers 403 `password_change_required`: replace it
    with `POST /auth/password` first."""
    settings = state.settings
    with state.db.write_transaction() as session:
        try:
            return check_login(
                session, username=body.username, password=body.password, now=now,
                secret=state.secret, token_minutes=settings.token_minutes,
                max_failures=settings.login_max_failures,
                lockout_seconds=settings.login_lockout_seconds,
            )
        except Exception:
            session.commit()  # keep the failure count even though the request fails
            raise


@router.post("/auth/password", response_model=TokenResponse)
def new_password(body: PasswordChange, state: StateDep, now: NowDep) -> TokenResponse:
    """Replace the password (a one-time one must be replaced before the first sign-in).
    Every open sign-in of the account ends; the answer is a token of a new one."""
    settings = state.settings
    with state.db.write_transaction() as session:
        try:
            account = authenticate(
                session, username=body.username, password=body.password, now=now,
                max_failures=settings.login_max_failures,
                lockout_seconds=settings.login_lockout_seconds,
            )
        except ApiProblem:
            session.commit()  # keep the failure count even though the request fails
            raise
        change_password(session, account=account, new_password=body.new_password, now=now)
        return sign_in(session, account=account, now=now, secret=state.secret,
                       token_minutes=settings.token_minutes)


@router.post("/auth/logout", status_code=204, response_class=Response)
def logout(principal: PrincipalDep, state: StateDep, now: NowDep) -> Response:
    """End this sign-in: its token and any refresh of it stop working at once."""
    if principal.session_id is None:
        raise ApiProblem(403, "forbidden", "a kiosk key is not a sign-in; revoke it instead")
    with state.db.write_transaction() as session:
        end_session(session, session_id=principal.session_id, now=now)
    return Response(status_code=204)


@router.get("/auth/me", response_model=StaffMe)
def me(principal: PrincipalDep) -> StaffMe:
    return StaffMe(
        username=principal.name, role=principal.role, facility_id=principal.facility_id
    )


@router.post("/auth/refresh", response_model=TokenResponse)
def refresh(principal: PrincipalDep, state: StateDep, now: NowDep) -> TokenResponse:
    """A fresh token before this one expires, up to 12 hours after signing in."""
    if principal.is_kiosk:
        raise ApiProblem(403, "forbidden", "a kiosk key needs no refresh")
    return issue_token(
        principal, now=now, secret=state.secret, token_minutes=state.settings.token_minutes
    )
