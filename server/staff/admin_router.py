"""Staff accounts in the admin face: list (with the last sign-in), create, deactivate,
reset the password, require an authenticator app. Dinkes manages every account, a
facility's admin those of their facility (server/staff/admin_accounts.py). A one-time
password is in the answer once and nowhere else (not stored, not logged, not audited)."""

from __future__ import annotations

from fastapi import APIRouter

from api_client.models import StaffAccount, StaffAccountCreate, StaffAccountIssued, TotpRequirement
from server.deps import NowDep, PrincipalDep, RowId, StateDep
from server.errors import documented
from server.staff import admin_accounts

router = APIRouter(prefix="/admin", tags=["admin"], responses=documented(401, 403, 422))


@router.get("/accounts", response_model=list[StaffAccount])
def list_accounts(
    principal: PrincipalDep, state: StateDep, facility_id: str | None = None
) -> list[StaffAccount]:
    """Dinkes: every account, or those of `facility_id`; an admin: their facility's."""
    with state.db.read() as session:
        return admin_accounts.list_accounts(session=session, principal=principal, facility_id=facility_id)


@router.post("/accounts", response_model=StaffAccountIssued, status_code=201)
def create_account(
    data: StaffAccountCreate, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffAccountIssued:
    """A new account and its one-time password, shown this once: the account replaces it
    at its first sign-in. An admin creates loket, poli, apotek and admin accounts of
    their facility; Dinkes any, Dinkes accounts (an admin of no facility) included."""
    with state.db.write_transaction() as session:
        return admin_accounts.create(session=session, principal=principal, data=data, now=now)


@router.post("/accounts/{account_id}/deactivate", response_model=StaffAccount,
             responses=documented(404, 409))
def deactivate_account(
    account_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffAccount:
    """It can no longer sign in; its open sign-ins and their tokens end at once."""
    with state.db.write_transaction() as session:
        return admin_accounts.deactivate(session=session, principal=principal, account_id=account_id,
                                         now=now)


@router.post("/accounts/{account_id}/reset-password", response_model=StaffAccountIssued,
             responses=documented(404, 409))
def reset_password(
    account_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffAccountIssued:
    """A new one-time password, shown this once; the old password and open sign-ins end."""
    with state.db.write_transaction() as session:
        return admin_accounts.reset_password(session=session, principal=principal,
                                             account_id=account_id, now=now)


@router.post("/accounts/{account_id}/reactivate", response_model=StaffAccountIssued,
             responses=documented(404, 409))
def reactivate_account(
    account_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffAccountIssued:
    """A deactivated account signs in again, with a new one-time password shown this once."""
    with state.db.write_transaction() as session:
        return admin_accounts.reactivate(session=session, principal=principal, account_id=account_id,
                                         now=now)


@router.put("/accounts/{account_id}/totp-required", response_model=StaffAccount,
            responses=documented(404, 409))
def require_totp(
    account_id: RowId, data: TotpRequirement, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffAccount:
    """Without an authenticator app in force, the account's next sign-in enrols one."""
    with state.db.write_transaction() as session:
        return admin_accounts.require_totp(session=session, principal=principal, account_id=account_id,
                                           required=data.required, now=now)
