"""Signing in: the password checked behind a small gate, failures throttled per
address (server/staff/throttle.py), a token in a new session.

Three short steps, none holding a database transaction across the slow part:
read the throttle and the account; verify the argon2 hash in a worker thread, at
most `LSR_LOGIN_CONCURRENCY` at a time (a flood of sign-ins waits at the gate,
off the event loop and off the thread pool, instead of taking every core from the
rest of the service); then write the outcome. A wrong password, an unknown or a
deactivated username take the same path, the same time and the same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from api_client.models import Role, TokenResponse
from server.errors import ApiProblem
from server.staff.accounts import check_new_password, set_own_password
from server.staff.auth import Principal, issue_token
from server.staff.passwords import dummy_hash, hash_password, verify_password
from server.staff.sessions import start_session
from server.staff.tables import StaffAccountRow
from server.staff.throttle import (
    Keys,
    ThrottleRule,
    count_failure,
    count_success,
    keys_for,
    refuse_if_waiting,
)
from server.state import AppState


@dataclass(frozen=True)
class SignInAttempt:
    username: str
    password: str
    address: str


def wrong_credentials() -> ApiProblem:
    return ApiProblem(401, "invalid_credentials", "wrong username or password")


def password_change_required(username: str) -> ApiProblem:
    return ApiProblem(
        403, "password_change_required",
        f"the password of {username} was set by an operator and must be replaced before "
        "signing in: POST /auth/password with a new one",
    )


def throttle_rule(state: AppState) -> ThrottleRule:
    s = state.settings
    return ThrottleRule(pair_free=s.login_max_failures, first_delay=s.login_lockout_seconds,
                        username_free=s.login_username_max_failures)


async def authenticate(state: AppState, attempt: SignInAttempt, *, now: dt.datetime) -> int:
    """The id of the active account whose password this is, or 401 (429 while waiting)."""
    keys = keys_for(username=attempt.username, address=attempt.address, secret=state.secret)
    account_id, password_hash = await run_in_threadpool(_look_up, state, attempt, keys, now)
    async with state.sign_in_gate:
        right = await run_in_threadpool(verify_password, attempt.password, password_hash)
    if not right or account_id is None:
        await run_in_threadpool(_failed, state, keys, now)
        raise wrong_credentials()
    await run_in_threadpool(_succeeded, state, keys, now)
    return account_id


async def change_own_password(
    state: AppState, attempt: SignInAttempt, *, new_password: str, now: dt.datetime
) -> TokenResponse:
    """Prove the current (or one-time) password, set the new one, sign in with it."""
    check_new_password(current=attempt.password, new=new_password)
    account_id = await authenticate(state, attempt, now=now)
    async with state.sign_in_gate:
        new_hash = await run_in_threadpool(hash_password, new_password)
    await run_in_threadpool(_set_password, state, account_id, new_hash, now)
    return await sign_in(state, account_id=account_id, now=now)


async def sign_in(state: AppState, *, account_id: int, now: dt.datetime) -> TokenResponse:
    """A token in a new session; 403 while the password is still a one-time one."""
    return await run_in_threadpool(_sign_in, state, account_id, now)


def _look_up(state: AppState, attempt: SignInAttempt, keys: Keys, now: dt.datetime
             ) -> tuple[int | None, str]:
    with state.db.read() as session:
        refuse_if_waiting(session, keys=keys, rule=throttle_rule(state), now=now)
        account = session.scalars(
            select(StaffAccountRow).where(StaffAccountRow.username == attempt.username)
        ).first()
        if account is None or not account.active:
            return None, dummy_hash()  # verified all the same: the same time as a wrong password
        return account.id, account.password_hash


def _set_password(state: AppState, account_id: int, password_hash: str, now: dt.datetime) -> None:
    with state.db.write_transaction() as session:
        set_own_password(session, account_id=account_id, password_hash=password_hash, now=now)


def _failed(state: AppState, keys: Keys, now: dt.datetime) -> None:
    with state.db.write_transaction() as session:
        count_failure(session, keys=keys, now=now)


def _succeeded(state: AppState, keys: Keys, now: dt.datetime) -> None:
    with state.db.write_transaction() as session:
        count_success(session, keys=keys, now=now)


def _sign_in(state: AppState, account_id: int, now: dt.datetime) -> TokenResponse:
    with state.db.write_transaction() as session:
        account = session.get(StaffAccountRow, account_id)
        if account is None or not account.active:
            raise wrong_credentials()
        if account.password_change_required:
            raise password_change_required(account.username)
        row = start_session(session, account=account, now=now)
        principal = Principal(
            name=account.username, role=Role(account.role), facility_id=account.facility_id,
            signed_in_at=now, session_id=row.id,
        )
        return issue_token(principal, now=now, secret=state.secret,
                           token_minutes=state.settings.token_minutes)
