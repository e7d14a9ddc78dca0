"""Staff accounts as their administrators manage them in the admin face (`/admin`):
Dinkes every account, a facility's admin those of their facility (the rules:
server/staff/permissions.py). The changes themselves are server/staff/accounts.py's,
the ones the operator's command makes: a one-time password shown once, open sessions
ended, an audit row. This module adds who may, what a username looks like, and the
list with each account's last sign-in.

An account outside the asker's reach answers exactly as an unknown id does (404
`account_not_found`): the answer tells nothing about other facilities' accounts.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api_client.models import (
    ErrorCode,
    Role,
    StaffAccount,
    StaffAccountCreate,
    StaffAccountIssued,
)
from server.audit.trail import PERSON, record
from server.errors import ApiProblem, field_problem
from server.facilities.tables import FacilityRow
from server.staff import accounts
from server.staff.asker import lock_asker
from server.staff.auth import Principal
from server.staff.permissions import Action, allowed
from server.staff.roles import MAY
from server.staff.tables import StaffAccountRow, StaffSessionRow

USERNAME_MIN, USERNAME_MAX = 3, 40
USERNAME_CHARACTERS = re.compile(r"[a-z0-9][a-z0-9._-]*")
"""Lowercase letters and digits, then also '.', '-', '_' (`loket.pkm-sulang`): typed on
any keyboard, the same on every screen, never two accounts differing by case."""


def is_dinkes(principal: Principal) -> bool:
    return principal.role is Role.admin and principal.facility_id is None


def may_manage(principal: Principal, facility_id: str | None) -> bool:
    """Whether `principal` manages the accounts of `facility_id` (None: Dinkes accounts)."""
    if facility_id is None:
        return is_dinkes(principal) and principal.role in MAY[Action.manage_accounts]
    return allowed(principal, Action.manage_accounts, facility_id=facility_id)


def require_manager(principal: Principal) -> None:
    """403 for anyone who manages no accounts at all (counter staff, kiosks)."""
    if principal.role not in MAY[Action.manage_accounts]:
        raise ApiProblem(403, ErrorCode.forbidden,
                         f"{principal.role} of {principal.facility_id or 'Dinkes'} may not manage "
                         "staff accounts")


def require_facility(principal: Principal, facility_id: str | None) -> None:
    """403 unless `principal` manages the accounts of `facility_id` (None: Dinkes ones)."""
    require_manager(principal)
    if not may_manage(principal, facility_id):
        where = f"of {facility_id}" if facility_id else "of Dinkes"
        raise ApiProblem(403, ErrorCode.forbidden,
                         f"{principal.role} of {principal.facility_id or 'Dinkes'} may not manage "
                         f"the staff accounts {where}")


def list_accounts(*, session: Session, principal: Principal, facility_id: str | None) -> list[StaffAccount]:
    """Every account within reach (Dinkes: all, or those of `facility_id`; an admin: their
    facility's), by facility, role and username."""
    if facility_id is not None or not is_dinkes(principal):
        scope = facility_id if facility_id is not None else principal.facility_id
        require_facility(principal, scope)
    else:
        require_manager(principal)
        scope = None
    last = (
        select(StaffSessionRow.account_id, func.max(StaffSessionRow.signed_in_at).label("at"))
        .group_by(StaffSessionRow.account_id).subquery()
    )
    query = select(StaffAccountRow, last.c.at).outerjoin(last, last.c.account_id == StaffAccountRow.id)
    if scope is not None:
        query = query.where(StaffAccountRow.facility_id == scope)
    found = [view(row, at) for row, at in session.execute(query)]
    return sorted(found, key=lambda a: (a.facility_id or "", a.role != Role.admin, a.role, a.username))


def create(
    *, session: Session, principal: Principal, data: StaffAccountCreate, now: dt.datetime
) -> StaffAccountIssued:
    """A new account with a one-time password (shown once, replaced at the first sign-in)."""
    require_manager(principal)
    if data.role not in accounts.STAFF_ROLES:
        raise field_problem("role", ErrorCode.role_not_allowed,
                            f"role must be one of {', '.join(accounts.STAFF_ROLES)}, got {data.role}",
                            role=data.role.value)
    if data.facility_id is None and data.role is not Role.admin:
        raise field_problem("facility_id", ErrorCode.facility_required,
                            f"a {data.role} account needs a facility; only an admin (Dinkes) has none")
    require_facility(principal, data.facility_id)
    lock_asker(session, principal)
    if data.facility_id is not None and session.get(FacilityRow, data.facility_id) is None:
        raise field_problem("facility_id", ErrorCode.facility_not_found,
                            f"facility {data.facility_id!r} does not exist")
    username = check_username(data.username)
    taken = session.scalar(select(StaffAccountRow.id).where(StaffAccountRow.username == username))
    if taken or username == PERSON:  # "person": the audit trail's name for a citizen
        raise username_taken(username)
    try:
        issued = accounts.create_account(session=session, username=username, role=data.role,
                                         facility_id=data.facility_id, now=now, by=principal)
    except IntegrityError:  # the same name created meanwhile (PostgreSQL: both passed the check)
        raise username_taken(username) from None
    row = _by_username(session, username)
    return StaffAccountIssued(account=view(row, None), one_time_password=issued.password)


def deactivate(*, session: Session, principal: Principal, account_id: int, now: dt.datetime) -> StaffAccount:
    """It can no longer sign in, and its open sign-ins end at once (their tokens too)."""
    row = _changeable(session, principal, account_id, "deactivate")
    accounts.deactivate(session=session, username=row.username, now=now, by=principal)
    return view(row, _last_sign_in(session, row.id))


def reactivate(
    *, session: Session, principal: Principal, account_id: int, now: dt.datetime
) -> StaffAccountIssued:
    """A deactivated account signs in again (back from leave), with a new one-time
    password: whatever password it had before is not trusted again."""
    row = _changeable(session, principal, account_id, "reactivate", active=False)
    issued = accounts.reactivate(session=session, username=row.username, now=now, by=principal)
    return StaffAccountIssued(account=view(row, _last_sign_in(session, row.id)),
                              one_time_password=issued.password)


def reset_password(
    *, session: Session, principal: Principal, account_id: int, now: dt.datetime
) -> StaffAccountIssued:
    """A new one-time password (the old one stops, open sign-ins end)."""
    row = _changeable(session, principal, account_id, "reset the password of")
    issued = accounts.reset_password(session=session, username=row.username, now=now, by=principal)
    return StaffAccountIssued(account=view(row, _last_sign_in(session, row.id)),
                              one_time_password=issued.password)


def require_totp(
    *, session: Session, principal: Principal, account_id: int, required: bool, now: dt.datetime
) -> StaffAccount:
    """Require (or no longer require) an authenticator app: without one in force, the
    account's next sign-in enrols one before it gives a token. Open sign-ins go on.

    Only Dinkes lifts a requirement (403 `totp_lift_dinkes_only`): a facility's admin
    never undoes one Dinkes set, and nobody has to record who set which."""
    row = _changeable(session, principal, account_id, "change the sign-in rules of")
    if row.totp_required and not required and not is_dinkes(principal):
        raise ApiProblem(403, ErrorCode.totp_lift_dinkes_only,
                         f"only Dinkes lifts the authenticator app required of staff account {account_id}; "
                         f"{principal.role} of {principal.facility_id} may only require one")
    if row.totp_required != required:
        before = row.totp_required
        row.totp_required = required
        record(session=session, principal=principal, action="account.require_totp",
               subject=f"staff:{row.id}", at=now, facility_id=row.facility_id,
               before={"totp_required": before}, after={"totp_required": required})
    return view(row, _last_sign_in(session, row.id))


def username_taken(username: str) -> ApiProblem:
    return field_problem("username", ErrorCode.username_taken,
                         f"an account named {username!r} exists already", username=username)


def check_username(typed: str) -> str:
    """The username as it will be kept (trimmed), or a field problem naming the rule."""
    username = typed.strip()
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX:
        raise field_problem(
            "username", ErrorCode.username_length,
            f"a username has {USERNAME_MIN} to {USERNAME_MAX} characters, got {len(username)}",
            min=USERNAME_MIN, max=USERNAME_MAX, length=len(username),
        )
    if not USERNAME_CHARACTERS.fullmatch(username):
        raise field_problem(
            "username", ErrorCode.username_characters,
            f"a username has lowercase letters, digits, '.', '-' and '_' only, starting with a "
            f"letter or digit, got {username!r}",
        )
    return username


def view(row: StaffAccountRow, last_signed_in_at: dt.datetime | None) -> StaffAccount:
    return StaffAccount(
        id=row.id, username=row.username, role=Role(row.role), facility_id=row.facility_id,
        active=row.active, password_change_required=row.password_change_required,
        totp_enabled=row.totp_enabled, totp_required=row.totp_required,
        last_signed_in_at=last_signed_in_at,
    )


def _changeable(
    session: Session, principal: Principal, account_id: int, what: str, *, active: bool = True
) -> StaffAccountRow:
    """The account `account_id` within reach, not the asker's own, and active (or, with
    `active=False`, deactivated: to be reactivated).

    The asker's account is locked with it (in id order: two administrators changing
    each other wait for one another, never deadlock) and must still be active: a
    request that passed its sign-in check just before its account was deactivated
    changes nothing (two Dinkes deactivating each other at once leave one)."""
    require_manager(principal)
    locked = lock_asker(session, principal, with_account=account_id)
    row = next((r for r in locked if r.id == account_id), None)
    if row is None or not may_manage(principal, row.facility_id):
        raise ApiProblem(404, ErrorCode.account_not_found, f"no staff account {account_id}")
    if row.username == principal.name:
        raise ApiProblem(409, ErrorCode.own_account,
                         f"nobody may {what} their own account here (account {account_id}); "
                         "another administrator does it")
    if active and not row.active:
        raise ApiProblem(409, ErrorCode.account_inactive,
                         f"staff account {account_id} is deactivated already")
    if not active and row.active:
        raise ApiProblem(409, ErrorCode.account_active, f"staff account {account_id} is active already")
    return row


def _by_username(session: Session, username: str) -> StaffAccountRow:
    return session.scalars(select(StaffAccountRow).where(StaffAccountRow.username == username)).one()


def _last_sign_in(session: Session, account_id: int) -> dt.datetime | None:
    return session.scalar(select(func.max(StaffSessionRow.signed_in_at))
                          .where(StaffSessionRow.account_id == account_id))
