"""Staff accounts and kiosk keys as an operator manages them (`python -m server.accounts`)
and as their owner changes a password (`POST /auth/password`).

Passwords set by an operator are one-time: random, shown once, and to be replaced at
the first sign-in. Kiosk keys are random, shown once; only their SHA-256 is kept.
Every change ends the account's open sign-in sessions where it should, and leaves an
audit row (who: the operator's login on the machine, or the account itself).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import ErrorCode, Role
from server.audit.trail import record
from server.errors import ApiProblem
from server.facilities.tables import FacilityRow
from server.seed.load import kiosk_key_hash
from server.staff.auth import Principal
from server.staff.passwords import hash_password
from server.staff.sessions import end_all_sessions
from server.staff.tables import KioskDeviceRow, StaffAccountRow
from server.staff.totp import remove_totp

MIN_PASSWORD_LENGTH = 12


class Refused(Exception):  # noqa: N818 - an operator's command refused, with the reason
    """What `python -m server.accounts` prints as "refused: …" (never answered over HTTP)."""
STAFF_ROLES = (Role.loket, Role.poli, Role.apotek, Role.admin)


@dataclass(frozen=True)
class OneTimePassword:
    username: str
    password: str  # shown once to the operator; only its hash is kept


@dataclass(frozen=True)
class IssuedKioskKey:
    device_id: int
    facility_id: str
    key: str  # shown once; only its SHA-256 is kept


def operator(name: str) -> Principal:
    """The person at the machine running the command, as the audit trail names them."""
    return Principal(name=f"operator:{name}"[:64], role=Role.admin, facility_id=None)


def create_first_dinkes(
    *, session: Session, username: str, now: dt.datetime, by: Principal
) -> OneTimePassword:
    """The first account of a system without demo data: Dinkes (admin of every facility).
    Refused once any active account other than a demo one exists."""
    existing = session.scalar(select(func.count()).select_from(StaffAccountRow).where(
        StaffAccountRow.active.is_(True), StaffAccountRow.demo.is_(False),
    ))
    if existing:
        raise Refused(
            f"{existing} active accounts exist already; the first Dinkes account is only for an "
            "empty system (use `create` instead)",
        )
    return create_account(session=session, username=username, role=Role.admin, facility_id=None,
                          now=now, by=by)


def create_account(
    *, session: Session, username: str, role: Role, facility_id: str | None, now: dt.datetime,
    by: Principal,
) -> OneTimePassword:
    """A new account with a one-time password. An admin without a facility is Dinkes;
    every other role belongs to one facility."""
    if role not in STAFF_ROLES:
        raise Refused(f"role must be one of {', '.join(STAFF_ROLES)}, got {role}")
    if facility_id is None and role is not Role.admin:
        raise Refused(f"a {role} account needs a facility; only an admin "
                         "(Dinkes) may have none")
    if facility_id is not None and session.get(FacilityRow, facility_id) is None:
        raise Refused(f"facility {facility_id!r} does not exist")
    if _find(session, username) is not None:
        raise Refused(f"an account named {username!r} exists already")
    password = _one_time_password()
    account = StaffAccountRow(
        username=username, password_hash=hash_password(password), role=role.value,
        facility_id=facility_id, active=True, password_change_required=True,
    )
    session.add(account)
    session.flush()
    record(session=session, principal=by, action="account.create", subject=f"staff:{account.id}", at=now,
           facility_id=facility_id, after={"role": role.value, "facility_id": facility_id})
    return OneTimePassword(username=username, password=password)


def reset_password(*, session: Session, username: str, now: dt.datetime, by: Principal) -> OneTimePassword:
    """A new one-time password; the account's open sessions end."""
    account = _account(session, username)
    before = {"password_change_required": account.password_change_required}
    password = _one_time_password()
    account.password_hash = hash_password(password)
    account.password_change_required = True
    ended = end_all_sessions(session=session, account_id=account.id, now=now)
    record(session=session, principal=by, action="account.reset_password", subject=f"staff:{account.id}",
           at=now, facility_id=account.facility_id, before=before,
           after={"password_change_required": True, "sessions_ended": ended})
    return OneTimePassword(username=username, password=password)


def deactivate(*, session: Session, username: str, now: dt.datetime, by: Principal) -> int:
    """The account can no longer sign in; its open sessions end. How many ended."""
    account = _account(session, username)
    account.active = False
    ended = end_all_sessions(session=session, account_id=account.id, now=now)
    record(session=session, principal=by, action="account.deactivate", subject=f"staff:{account.id}",
           at=now, facility_id=account.facility_id, before={"active": True},
           after={"active": False, "sessions_ended": ended})
    return ended


def reactivate(*, session: Session, username: str, now: dt.datetime, by: Principal) -> OneTimePassword:
    """The account signs in again, with a new one-time password to replace at once."""
    account = _account(session, username)
    password = _one_time_password()
    account.active = True
    account.password_hash = hash_password(password)
    account.password_change_required = True
    record(session=session, principal=by, action="account.reactivate", subject=f"staff:{account.id}",
           at=now, facility_id=account.facility_id, before={"active": False},
           after={"active": True, "password_change_required": True})
    return OneTimePassword(username=username, password=password)


def reset_totp(*, session: Session, username: str, now: dt.datetime, by: Principal) -> None:
    """A lost phone: the authenticator app and recovery codes go, open sessions end; the
    admin enrols again at the next sign-in."""
    account = _account(session, username)
    remove_totp(session=session, account=account)
    ended = end_all_sessions(session=session, account_id=account.id, now=now)
    record(session=session, principal=by, action="account.reset_totp", subject=f"staff:{account.id}",
           at=now, facility_id=account.facility_id, after={"sessions_ended": ended})


def check_new_password(*, current: str, new: str) -> None:
    """The rules a new password follows (the current one was just proven)."""
    if len(new) < MIN_PASSWORD_LENGTH:
        raise ApiProblem(
            422, ErrorCode.password_too_short,
            f"a new password needs at least {MIN_PASSWORD_LENGTH} characters, got {len(new)}",
        )
    if new == current:
        raise ApiProblem(422, ErrorCode.password_unchanged,
                         "the new password must differ from the current one")


def set_own_password(*, session: Session, account_id: int, password_hash: str, now: dt.datetime) -> None:
    """The owner's new password (proven with the current one, hashed already). Every
    session of the account ends: whoever else knew the old password is out."""
    account = session.get(StaffAccountRow, account_id)
    if account is None:
        raise ApiProblem(401, ErrorCode.invalid_credentials, "wrong username or password")
    account.password_hash = password_hash
    account.password_change_required = False
    ended = end_all_sessions(session=session, account_id=account.id, now=now)
    me = Principal(name=account.username, role=Role(account.role), facility_id=account.facility_id)
    record(session=session, principal=me, action="account.change_password",
           subject=f"staff:{account.id}", at=now, after={"sessions_ended": ended})


def issue_kiosk_key(
    *, session: Session, facility_id: str, name: str, now: dt.datetime, by: Principal
) -> IssuedKioskKey:
    if session.get(FacilityRow, facility_id) is None:
        raise Refused(f"facility {facility_id!r} does not exist")
    key = secrets.token_urlsafe(32)
    device = KioskDeviceRow(facility_id=facility_id, name=name[:60], key_hash=kiosk_key_hash(key),
                            active=True)
    session.add(device)
    session.flush()
    record(session=session, principal=by, action="kiosk_key.issue", subject=f"kiosk:{device.id}", at=now,
           facility_id=facility_id, after={"name": device.name})
    return IssuedKioskKey(device_id=device.id, facility_id=facility_id, key=key)


def revoke_kiosk_key(*, session: Session, device_id: int, now: dt.datetime, by: Principal) -> None:
    device = session.get(KioskDeviceRow, device_id)
    if device is None:
        raise Refused(f"kiosk device {device_id} does not exist")
    device.active = False
    record(session=session, principal=by, action="kiosk_key.revoke", subject=f"kiosk:{device.id}", at=now,
           facility_id=device.facility_id, before={"active": True}, after={"active": False})


def _find(session: Session, username: str) -> StaffAccountRow | None:
    return session.scalars(select(StaffAccountRow).where(StaffAccountRow.username == username)).first()


def _account(session: Session, username: str) -> StaffAccountRow:
    account = _find(session, username)
    if account is None:
        raise Refused(f"no staff account is named {username!r}")
    return account


def _one_time_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, 96 random bits
