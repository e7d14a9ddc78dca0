"""Sign-in sessions: one row per sign-in, named by its tokens (claim `sid`).

A token is worth something only while its session is open and its account active:
every staff request checks both (`check_session`), so a sign-out, a password change
or a deactivation ends the tokens at once, refreshes included.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from api_client.models import ErrorCode
from server.errors import ApiProblem
from server.staff.tables import StaffAccountRow, StaffSessionRow

MAX_SIGN_IN = dt.timedelta(hours=12)  # a shift; then the password is asked again


def ended() -> ApiProblem:
    return ApiProblem(
        401, ErrorCode.unauthorized, "this sign-in has ended (signed out, password changed or account "
        "deactivated); sign in again", headers={"WWW-Authenticate": "Bearer"},
    )


def start_session(*, session: Session, account: StaffAccountRow, now: dt.datetime) -> StaffSessionRow:
    """A new session for `account`; its sessions older than a shift are forgotten."""
    session.execute(delete(StaffSessionRow).where(
        StaffSessionRow.account_id == account.id, StaffSessionRow.signed_in_at < now - MAX_SIGN_IN,
    ))
    row = StaffSessionRow(id=secrets.token_hex(16), account_id=account.id, signed_in_at=now)
    session.add(row)
    session.flush()
    return row


def end_session(*, session: Session, session_id: str, now: dt.datetime) -> None:
    session.execute(update(StaffSessionRow).where(
        StaffSessionRow.id == session_id, StaffSessionRow.ended_at.is_(None),
    ).values(ended_at=now))


def end_all_sessions(*, session: Session, account_id: int, now: dt.datetime) -> int:
    """End every open session of the account; how many were open."""
    return len(session.scalars(update(StaffSessionRow).where(
        StaffSessionRow.account_id == account_id, StaffSessionRow.ended_at.is_(None),
    ).values(ended_at=now).returning(StaffSessionRow.id)).all())


def check_session(*, session: Session, session_id: str, username: str) -> StaffSessionRow:
    """The open session of an active account named `username`, or 401."""
    found = session.execute(
        select(StaffSessionRow, StaffAccountRow)
        .join(StaffAccountRow, StaffAccountRow.id == StaffSessionRow.account_id)
        .where(StaffSessionRow.id == session_id)
    ).first()
    if found is None:
        raise ended()
    row, account = found
    if row.ended_at is not None or not account.active or account.username != username:
        raise ended()
    return row
