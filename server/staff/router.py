"""Staff sign-in."""

from __future__ import annotations

from fastapi import APIRouter

from api_client.models import LoginRequest, StaffMe, TokenResponse
from server.errors import ApiProblem, documented
from server.staff.auth import issue_token
from server.staff.auth import login as check_login
from server.state import NowDep, PrincipalDep, StateDep

router = APIRouter(tags=["staff"], responses=documented(401, 422, 429))


@router.post(
    "/auth/login", response_model=TokenResponse,
)
def login(body: LoginRequest, state: StateDep, now: NowDep) -> TokenResponse:
    """A short-lived token for the staff console. Repeated wrong passwords lock the account."""
    settings = state.settings
    with state.db.write_transaction() as session:
        try:
            return check_login(
                session, username=body.username, password=body.password, now=now,
                keyring=state.keyring, token_minutes=settings.token_minutes,
                max_failures=settings.login_max_failures,
                lockout_seconds=settings.login_lockout_seconds,
            )
        except Exception:
            session.commit()  # keep the failure count even though the request fails
            raise


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
        principal, now=now, keyring=state.keyring, token_minutes=state.settings.token_minutes
    )
