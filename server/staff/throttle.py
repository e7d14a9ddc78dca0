"""Sign-in throttling that cannot be turned into a lock-out weapon.

Failures are counted in the database (so every instance sees the same counts, and
each count is one atomic upsert) under keyed hashes (neither a username nor an
address is stored):

- per (username, client address): after `pair_free` failures, that address waits
  `first_delay` seconds, doubling with each further failure (at most an hour). A
  success from the address clears its count and marks the address as the
  account's own.
- per username across addresses, the softer limit: once `username_free` failures
  came from anywhere, an address that has itself failed for that username (and has
  never signed in to it) waits as its pair would after its next failure. An address
  that has not failed for the username, or that signed in to it before, is not
  touched: a stranger's hundred failures from elsewhere never keep a clerk out of
  her own account from her own desk. A crowd of addresses still gets one guess each.
- per client address across usernames: after `address_free` failures within
  `ADDRESS_WINDOW` (whatever the usernames), the address waits as a pair would. One
  address cannot try ever-new usernames and keep the password checks (argon2, behind
  the instance's small gate) busy for every clerk. Counted in the database like the
  others, so it holds across instances.
- per account, the second factor: after `SECOND_FACTOR_FREE` wrong one-time (or
  recovery) codes since the last right one, the account's codes wait, doubling. Only
  someone who knows the password gets that far, so no stranger can set it off.

An attempt is reserved before its password is checked (`reserve_attempt`: the wait
checked and one failure counted in one transaction, the rows locked), and given back
when the password was right (`release_attempt`): a burst of simultaneous guesses
from one address gets no more checks than its allowance.

A failure older than its window no longer counts. Unknown usernames are counted
like real ones: the answers (401, or 429 with `Retry-After`) say nothing about which
usernames exist. IPv6 addresses count by /64 (server/ratelimit.py `client_address`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from api_client.models import ErrorCode
from server.db import Database
from server.errors import ApiProblem
from server.staff.tables import SignInFailureRow
from server.vault import Vault

WINDOW = dt.timedelta(hours=24)
ADDRESS_WINDOW = dt.timedelta(hours=1)  # a busy office behind one address forgets soon
PAIR, USERNAME = "sign-in-failures-pair", "sign-in-failures-username"
ADDRESS, SECOND_FACTOR = "sign-in-failures-address", "sign-in-failures-second-factor"
SECOND_FACTOR_FREE = 5  # wrong codes of an account since its last right one
MAX_DELAY = dt.timedelta(hours=1)


@dataclass(frozen=True)
class ThrottleRule:
    pair_free: int  # failures from one address before it waits
    first_delay: int  # seconds, doubling per further failure
    username_free: int  # failures from anywhere before the softer limit
    address_free: int  # failures from one address, any usernames, before it waits

    def delay(self, failures: int, free: int | None = None) -> dt.timedelta:
        over = failures - (self.pair_free if free is None else free)
        if over < 0:
            return dt.timedelta(0)
        return min(dt.timedelta(seconds=self.first_delay * 2 ** min(over, 20)), MAX_DELAY)


@dataclass(frozen=True)
class Keys:
    pair: str
    username: str
    address: str

    @property
    def failing(self) -> tuple[str, ...]:
        """Every key a failure counts under, in one order (locks are taken in it)."""
        return tuple(sorted((self.pair, self.username, self.address)))


def keys_for(*, username: str, address: str, vault: Vault) -> Keys:
    """Keyed hashes (the vault's look-up key; after a key rotation the counts start again)."""
    return Keys(pair=vault.lookup_key(f"{username.lower()}|{address}", purpose=PAIR),
                username=vault.lookup_key(username.lower(), purpose=USERNAME),
                address=vault.lookup_key(address, purpose=ADDRESS))


def second_factor_key(account_id: int, *, vault: Vault) -> str:
    return vault.lookup_key(str(account_id), purpose=SECOND_FACTOR)


def reserve_attempt(*, session: Session, keys: Keys, rule: ThrottleRule, now: dt.datetime) -> None:
    """429 while the address must wait; else one failure counted now, before the
    password is checked (`release_attempt` gives it back when it was right). The
    rows are locked (PostgreSQL; SQLite writes one at a time anyway), so
    simultaneous attempts from one address are counted one after the other."""
    _lock(session, keys.failing)
    refuse_if_waiting(session=session, keys=keys, rule=rule, now=now)
    count_failure(session=session, keys=keys, now=now)


def release_attempt(*, session: Session, keys: Keys) -> None:
    """The password was right: the failure `reserve_attempt` counted is given back."""
    row = SignInFailureRow
    for key in keys.failing:  # one at a time, in the order every writer locks them in
        session.execute(update(row).where(row.key == key)
                        .values(failures=case((row.failures > 0, row.failures - 1), else_=0)))


def refuse_if_waiting(*, session: Session, keys: Keys, rule: ThrottleRule, now: dt.datetime) -> None:
    """429 with `Retry-After` while this address must wait before trying this username."""
    rows = {row.key: row for row in session.scalars(
        select(SignInFailureRow).where(SignInFailureRow.key.in_(keys.failing))
    )}
    pair, user, address = rows.get(keys.pair), rows.get(keys.username), rows.get(keys.address)
    wait = dt.timedelta(0)
    if pair is not None and pair.last_failure_at is not None:
        failures = _live(pair, now)
        known = pair.last_success_at is not None
        if not known and failures and _live(user, now) >= rule.username_free:
            failures = max(failures + 1, rule.pair_free)  # the softer limit: wait as after one more
        wait = pair.last_failure_at + rule.delay(failures) - now
    if address is not None and address.last_failure_at is not None:
        across = _live(address, now, window=ADDRESS_WINDOW)
        wait = max(wait, address.last_failure_at + rule.delay(across, rule.address_free) - now)
    if seconds := _seconds(wait):
        raise ApiProblem(429, ErrorCode.login_locked,
                         f"too many wrong sign-ins from this address; try again in {seconds} s",
                         headers={"Retry-After": str(seconds)})


def refuse_codes_if_waiting(*, session: Session, key: str, rule: ThrottleRule, now: dt.datetime) -> None:
    """429 while the account's second factor waits after too many wrong codes."""
    row = session.get(SignInFailureRow, key)
    if row is None or row.last_failure_at is None:
        return
    wait = row.last_failure_at + rule.delay(_live(row, now), SECOND_FACTOR_FREE) - now
    if seconds := _seconds(wait):
        raise ApiProblem(429, ErrorCode.totp_locked,
                         f"too many wrong one-time codes for this account; try again in {seconds} s",
                         headers={"Retry-After": str(seconds)})


def count_code(*, session: Session, key: str, good: bool, now: dt.datetime) -> int:
    """A right code clears the account's count; a wrong one adds to it. The count."""
    _upsert(session, key=key, now=now, success=good)
    row = session.get(SignInFailureRow, key, populate_existing=True)
    return 0 if row is None else _live(row, now)


def count_failure(*, session: Session, keys: Keys, now: dt.datetime) -> None:
    """One more failure under every key (atomic upserts; stale counts start again)."""
    for key in keys.failing:
        _upsert(session, key=key, now=now, window=ADDRESS_WINDOW if key == keys.address else WINDOW)


def count_success(*, session: Session, keys: Keys, now: dt.datetime) -> None:
    """The address signed in: its count clears and it is the account's own from now on."""
    _upsert(session, key=keys.pair, now=now, success=True)


def _seconds(wait: dt.timedelta) -> int:
    """Whole seconds to wait, rounded up (0: none)."""
    return int(wait.total_seconds()) + 1 if wait > dt.timedelta(0) else 0


def _lock(session: Session, keys: tuple[str, ...]) -> None:
    """Make sure each key has a row (a count of nothing), then lock them in order."""
    row = SignInFailureRow
    for key in keys:
        values: dict[str, Any] = {"key": key, "failures": 0, "last_failure_at": None,
                                  "last_success_at": None}
        if session.get_bind().dialect.name == "postgresql":
            session.execute(postgresql.insert(row).values(**values).on_conflict_do_nothing())
        else:
            session.execute(sqlite.insert(row).values(**values).on_conflict_do_nothing())
    session.execute(select(row.key).where(row.key.in_(keys)).order_by(row.key).with_for_update())


def _live(row: SignInFailureRow | None, now: dt.datetime, *, window: dt.timedelta = WINDOW) -> int:
    if row is None or row.last_failure_at is None or now - row.last_failure_at > window:
        return 0
    return row.failures


def _upsert(session: Session, *, key: str, now: dt.datetime, success: bool = False,
            window: dt.timedelta = WINDOW) -> None:
    """Insert the key's first count, or change it in place: one statement, atomic on
    both databases (`INSERT … ON CONFLICT DO UPDATE`), so instances never lose a count."""
    row = SignInFailureRow
    change: dict[str, Any]
    if success:
        first: dict[str, Any] = {"failures": 0, "last_failure_at": None, "last_success_at": now}
        change = first
    else:
        first = {"failures": 1, "last_failure_at": now, "last_success_at": None}
        stale = row.last_failure_at.is_(None) | (row.last_failure_at < now - window)
        change = {"failures": case((stale, 1), else_=row.failures + 1), "last_failure_at": now}
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(row).values(key=key, **first)
        session.execute(pg.on_conflict_do_update(index_elements=[row.key], set_=change))
    else:
        lite = sqlite.insert(row).values(key=key, **first)
        session.execute(lite.on_conflict_do_update(index_elements=[row.key], set_=change))


def forget_stale_counts(*, db: Database, now: dt.datetime) -> int:
    """`forget_stale` in a transaction of its own (the hourly job of server/app.py)."""
    with db.write_transaction() as session:
        return forget_stale(session=session, now=now)


def forget_stale(*, session: Session, now: dt.datetime) -> int:
    """Drop counts that no longer matter (no failure within the window, never a success);
    run at start and every hour (server/app.py). How many."""
    return len(session.scalars(delete(SignInFailureRow).where(
        SignInFailureRow.last_success_at.is_(None),
        (SignInFailureRow.last_failure_at.is_(None)) | (SignInFailureRow.last_failure_at < now - WINDOW),
    ).returning(SignInFailureRow.key)).all())
