"""Signing in: the password checked behind a small gate, failures throttled per
address (server/staff/throttle.py), the admins' second factor (server/staff/totp.py),
a token in a new session.

Short steps, none holding a database transaction across the slow part: reserve the
attempt (the throttle's wait checked and a failure counted at once, so simultaneous
guesses cannot all get through before the first is counted) and read the account;
verify the argon2 hash in a worker thread, at most `LSR_LOGIN_CONCURRENCY` at a time
(a flood of sign-ins waits at the gate, off the event loop and off the thread pool,
instead of taking every core from the rest of the service); then give the reserved
failure back if the password was right. A wrong password, an unknown or a
deactivated username take the same path, the same time and the same answer. A wrong
one-time code counts as a failure of the address, and of the account's second
factor (which waits after a few: `throttle.refuse_codes_if_waiting`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api_client.models import ErrorCode, Role, TokenResponse, TotpConfirmed, TotpEnrolment
from server.audit.trail import Actor, record
from server.errors import ApiProblem
from server.staff.accounts import check_new_password, set_own_password
from server.staff.auth import Principal, issue_token
from server.staff.passwords import dummy_hash, hash_password, verify_password
from server.staff.sessions import start_session
from server.staff.tables import StaffAccountRow
from server.staff.throttle import (
    SECOND_FACTOR_FREE,
    ThrottleRule,
    count_code,
    count_failure,
    count_success,
    keys_for,
    refuse_codes_if_waiting,
    release_attempt,
    reserve_attempt,
    second_factor_key,
)
from server.staff.totp import code_is_good, confirm_enrolment, needs_totp, start_enrolment
from server.state import AppState
from session.rembang_clock import real_moment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignInAttempt:
    username: str
    password: str
    address: str


def wrong_credentials() -> ApiProblem:
    return ApiProblem(401, ErrorCode.invalid_credentials, "wrong username or password")


def password_change_required(username: str) -> ApiProblem:
    return ApiProblem(
        403, ErrorCode.password_change_required,
        f"the password of {username} was set by an operator and must be replaced before "
        "signing in: POST /auth/password with a new one",
    )


def password_changed_enrol_next(username: str) -> ApiProblem:
    """The new password is in force, but the admin has no authenticator app yet: no token
    until one is enrolled. Said so, lest a client think the change failed and try the
    old password again."""
    return ApiProblem(
        403, ErrorCode.password_changed_totp_enrolment_required,
        f"the password of {username} was changed (the new one is in force, the old one no "
        "longer works); it must sign in with an authenticator app: enrol one with "
        "POST /auth/totp/enrol using the new password, then confirm its first code",
    )


def throttle_rule(*, state: AppState) -> ThrottleRule:
    s = state.settings
    return ThrottleRule(pair_free=s.login_max_failures, first_delay=s.login_lockout_seconds,
                        username_free=s.login_username_max_failures,
                        address_free=s.login_address_max_failures)


async def login(
    *, state: AppState, attempt: SignInAttempt, totp_code: str | None, now: dt.datetime
) -> TokenResponse:
    """Password, then (an admin with an authenticator app) its code, then a token."""
    account_id = await authenticate(state=state, attempt=attempt, now=now)
    await run_in_threadpool(_refuse_one_time_password, state, account_id)
    await second_factor(state=state, attempt=attempt, account_id=account_id, code=totp_code, now=now)
    return await sign_in(state=state, account_id=account_id, now=now)


async def change_own_password(
    *, state: AppState, attempt: SignInAttempt, new_password: str, totp_code: str | None,
    now: dt.datetime,
) -> TokenResponse:
    """Prove the current (or one-time) password (and code), set the new one, sign in."""
    check_new_password(current=attempt.password, new=new_password)
    account_id = await authenticate(state=state, attempt=attempt, now=now)
    await second_factor(state=state, attempt=attempt, account_id=account_id, code=totp_code, now=now)
    async with state.sign_in_gate:
        new_hash = await run_in_threadpool(hash_password, new_password)
    await run_in_threadpool(_set_password, state, account_id, new_hash, now)
    try:
        return await sign_in(state=state, account_id=account_id, now=now)
    except ApiProblem as problem:
        if problem.detail.code != "totp_enrolment_required":
            raise
        raise password_changed_enrol_next(attempt.username) from None


async def enrol_totp(*, state: AppState, attempt: SignInAttempt, now: dt.datetime) -> TotpEnrolment:
    """A new authenticator secret for an account without one in force."""
    account_id = await authenticate(state=state, attempt=attempt, now=now)
    enrolment = await run_in_threadpool(_enrol, state, account_id)
    await proven(state=state, attempt=attempt, now=now)
    return enrolment


async def confirm_totp(
    *, state: AppState, attempt: SignInAttempt, code: str, now: dt.datetime
) -> TotpConfirmed:
    """The first code puts the secret in force: recovery codes, and a token."""
    account_id = await authenticate(state=state, attempt=attempt, now=now)
    codes = await run_in_threadpool(_confirm, state, account_id, code, now)
    if codes is None:
        await run_in_threadpool(_failed, state, attempt, now)
        raise wrong_code()
    await proven(state=state, attempt=attempt, now=now)
    token = await sign_in(state=state, account_id=account_id, now=now)
    return TotpConfirmed(recovery_codes=codes, token=token)


async def authenticate(*, state: AppState, attempt: SignInAttempt, now: dt.datetime) -> int:
    """The id of the active account whose password this is, or 401 (429 while waiting).
    The attempt counts as a failure before the password is checked; a right password
    gives that back, and clears the address's count only with the second factor
    (`second_factor`, `proven`)."""
    account_id, password_hash = await run_in_threadpool(_look_up, state, attempt, now)
    async with state.sign_in_gate:
        right = await run_in_threadpool(verify_password, attempt.password, password_hash)
    if not right or account_id is None:
        raise wrong_credentials()  # counted already
    await run_in_threadpool(_released, state, attempt)
    return account_id  # the address's count clears once the whole proof is in (`proven`)


async def second_factor(
    *, state: AppState, attempt: SignInAttempt, account_id: int, code: str | None, now: dt.datetime
) -> None:
    """Nothing for an account without an authenticator app; else its code, or 401."""
    good = await run_in_threadpool(_check_code, state, account_id, code, now)
    if good is False:
        await run_in_threadpool(_failed, state, attempt, now)
        raise wrong_code()
    await proven(state=state, attempt=attempt, now=now)


async def proven(*, state: AppState, attempt: SignInAttempt, now: dt.datetime) -> None:
    """Everything asked for was right: the address's failures clear, it is the account's own."""
    await run_in_threadpool(_succeeded, state, attempt, now)


async def sign_in(*, state: AppState, account_id: int, now: dt.datetime) -> TokenResponse:
    """A token in a new session; 403 while the password is a one-time one, or while an
    account that must use an authenticator app (an admin under `LSR_REQUIRE_TOTP`, or
    any account an administrator required it of) has none."""
    return await run_in_threadpool(_sign_in, state, account_id, now)


def wrong_code() -> ApiProblem:
    return ApiProblem(401, ErrorCode.totp_invalid, "the one-time code is wrong, expired or used already")


def _look_up(state: AppState, attempt: SignInAttempt, now: dt.datetime) -> tuple[int | None, str]:
    keys = keys_for(username=attempt.username, address=attempt.address, vault=state.vault)
    with state.db.write_transaction() as session:
        reserve_attempt(session=session, keys=keys, rule=throttle_rule(state=state), now=now)
        account = session.scalars(
            select(StaffAccountRow).where(StaffAccountRow.username == attempt.username)
        ).first()
        if account is None or not account.active:
            return None, dummy_hash()  # verified all the same: the same time as a wrong password
        return account.id, account.password_hash


def _failed(state: AppState, attempt: SignInAttempt, now: dt.datetime) -> None:
    keys = keys_for(username=attempt.username, address=attempt.address, vault=state.vault)
    with state.db.write_transaction() as session:
        count_failure(session=session, keys=keys, now=now)


def _released(state: AppState, attempt: SignInAttempt) -> None:
    keys = keys_for(username=attempt.username, address=attempt.address, vault=state.vault)
    with state.db.write_transaction() as session:
        release_attempt(session=session, keys=keys)


def _succeeded(state: AppState, attempt: SignInAttempt, now: dt.datetime) -> None:
    keys = keys_for(username=attempt.username, address=attempt.address, vault=state.vault)
    with state.db.write_transaction() as session:
        count_success(session=session, keys=keys, now=now)


def _account(session: Session, account_id: int, *, lock: bool = False) -> StaffAccountRow:
    """The active account; `lock`: its row locked until the transaction ends (PostgreSQL's
    FOR UPDATE; SQLite writes one at a time anyway)."""
    account = session.get(StaffAccountRow, account_id, with_for_update=lock)
    if account is None or not account.active:
        raise wrong_credentials()
    return account


def _refuse_one_time_password(state: AppState, account_id: int) -> None:
    with state.db.read() as session:
        account = _account(session, account_id)
        if account.password_change_required:
            raise password_change_required(account.username)


def _check_code(state: AppState, account_id: int, code: str | None, now: dt.datetime) -> bool | None:
    """Whether the code is good (None: the account has no app). The account is locked
    meanwhile, so one code (and its step, `totp_last_step`) is taken once, and the
    account's wrong codes are counted one after the other."""
    with state.db.write_transaction() as session:
        account = _account(session, account_id, lock=True)
        if not account.totp_enabled:
            return None
        if not code:
            raise ApiProblem(401, ErrorCode.totp_required,
                             "this account signs in with a one-time code from its authenticator "
                             "app (or a recovery code): send it as totp_code")
        key = second_factor_key(account.id, vault=state.vault)
        refuse_codes_if_waiting(session=session, key=key, rule=throttle_rule(state=state), now=now)
        good = code_is_good(session=session, account=account, code=code, vault=state.vault,
                            now=real_moment(state.clock, now))
        wrong = count_code(session=session, key=key, good=good, now=now)
        if wrong >= SECOND_FACTOR_FREE:
            _second_factor_held(session, account, wrong=wrong, now=now)
        return good


def _second_factor_held(session: Session, account: StaffAccountRow, *, wrong: int, now: dt.datetime
                        ) -> None:
    """The alert: someone who knows the password is guessing the codes."""
    log.warning("staff account %s: %d wrong one-time codes since the last right one; its "
                "codes wait (the password is known to whoever sends them)", account.id, wrong)
    record(session=session, actor=Actor(account.username, account.role, account.facility_id),
           action="account.second_factor_held", subject=f"staff:{account.id}", at=now,
           after={"wrong_codes": wrong})


def _set_password(state: AppState, account_id: int, password_hash: str, now: dt.datetime) -> None:
    with state.db.write_transaction() as session:
        set_own_password(session=session, account_id=account_id, password_hash=password_hash, now=now)


def _enrol(state: AppState, account_id: int) -> TotpEnrolment:
    with state.db.write_transaction() as session:
        account = _account(session, account_id)
        if account.password_change_required:
            raise password_change_required(account.username)
        if account.totp_enabled:
            raise ApiProblem(409, ErrorCode.totp_already_enabled,
                             f"{account.username} has an authenticator app already; an operator "
                             "resets it (python -m server.accounts reset-totp) when it is lost")
        return start_enrolment(account, vault=state.vault)


def _confirm(state: AppState, account_id: int, code: str, now: dt.datetime) -> list[str] | None:
    with state.db.write_transaction() as session:
        account = _account(session, account_id)
        if account.totp_enabled or account.totp_secret_sealed is None:
            raise ApiProblem(409, ErrorCode.totp_not_pending,
                             f"{account.username} has no authenticator secret waiting for its first "
                             "code: POST /auth/totp/enrol first")
        return confirm_enrolment(session=session, account=account, code=code, vault=state.vault,
                                 now=real_moment(state.clock, now))


def _sign_in(state: AppState, account_id: int, now: dt.datetime) -> TokenResponse:
    with state.db.write_transaction() as session:
        account = _account(session, account_id)
        if account.password_change_required:
            raise password_change_required(account.username)
        must_have_app = (state.settings.totp_required and needs_totp(account)) or account.totp_required
        if must_have_app and not account.totp_enabled:
            raise ApiProblem(
                403, ErrorCode.totp_enrolment_required,
                f"{account.username} must sign in with an authenticator app: enrol one with "
                "POST /auth/totp/enrol, then confirm its first code",
            )
        row = start_session(session=session, account=account, now=now)
        principal = Principal(
            name=account.username, role=Role(account.role), facility_id=account.facility_id,
            signed_in_at=now, session_id=row.id,
        )
        return issue_token(principal, now=now, keyring=state.keyring,
                           token_minutes=state.settings.token_minutes)
