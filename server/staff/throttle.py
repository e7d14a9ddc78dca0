"""Sign-in throttling that cannot be turned into a lock-out weapon.

Failures are counted in the database (so every instance sees the same counts, and
each count is one atomic upsert) under two keys, both keyed hashes (neither the
username nor the address is stored):

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

A failure older than `WINDOW` no longer counts. Unknown usernames are counted like
real ones: the answers (401, or 429 with `Retry-After`) say nothing about which
usernames exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.errors import ApiProblem
from server.staff.tables import SignInFailureRow
from server.vault import Vault

WINDOW = dt.timedelta(hours=24)
PAIR, USERNAME = "sign-in-failures-pair", "sign-in-failures-username"
MAX_DELAY = dt.timedelta(hours=1)


@dataclass(frozen=True)
class ThrottleRule:
    pair_free: int  # failures from one address before it waits
    first_delay: int  # seconds, doubling per further failure
    username_free: int  # failures from anywhere before the softer limit

    def delay(self, failures: int) -> dt.timedelta:
        over = failures - self.pair_free
        if over < 0:
            return dt.timedelta(0)
        return min(dt.timedelta(seconds=self.first_delay * 2 ** min(over, 20)), MAX_DELAY)


@dataclass(frozen=True)
class Keys:
    pair: str
    username: str


def keys_for(*, username: str, address: str, vault: Vault) -> Keys:
    """Keyed hashes (the vault's look-up key; after a key rotation the counts start again)."""
    return Keys(pair=vault.lookup_key(f"{username.lower()}|{address}", purpose=PAIR),
                username=vault.lookup_key(username.lower(), purpose=USERNAME))


def refuse_if_waiting(session: Session, *, keys: Keys, rule: ThrottleRule, now: dt.datetime) -> None:
    """429 with `Retry-After` while this address must wait before trying this username."""
    rows = {row.key: row for row in session.scalars(
        select(SignInFailureRow).where(SignInFailureRow.key.in_([keys.pair, keys.username]))
    )}
    pair, user = rows.get(keys.pair), rows.get(keys.username)
    if pair is None or pair.last_failure_at is None:
        return  # this address never failed for this username: nothing holds it back
    failures = _live(pair, now)
    known = pair.last_success_at is not None
    if not known and failures and _live(user, now) >= rule.username_free:
        failures = max(failures + 1, rule.pair_free)  # the softer limit: wait as after one more
    wait = pair.last_failure_at + rule.delay(failures) - now
    if wait > dt.timedelta(0):
        seconds = int(wait.total_seconds()) + 1
        raise ApiProblem(
            429, "login_locked",
            f"too many wrong sign-ins from this address; try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )


def count_failure(session: Session, *, keys: Keys, now: dt.datetime) -> None:
    """One more failure under both keys (atomic upserts; stale counts start again)."""
    for key in (keys.pair, keys.username):
        _upsert(session, key=key, now=now)


def count_success(session: Session, *, keys: Keys, now: dt.datetime) -> None:
    """The address signed in: its count clears and it is the account's own from now on."""
    _upsert(session, key=keys.pair, now=now, success=True)


def _live(row: SignInFailureRow | None, now: dt.datetime) -> int:
    if row is None or row.last_failure_at is None or now - row.last_failure_at > WINDOW:
        return 0
    return row.failures


def _upsert(session: Session, *, key: str, now: dt.datetime, success: bool = False) -> None:
    """Insert the key's first count, or change it in place: one statement, atomic on
    both databases (`INSERT … ON CONFLICT DO UPDATE`), so instances never lose a count."""
    row = SignInFailureRow
    change: dict[str, Any]
    if success:
        first: dict[str, Any] = {"failures": 0, "last_failure_at": None, "last_success_at": now}
        change = first
    else:
        first = {"failures": 1, "last_failure_at": now, "last_success_at": None}
        stale = row.last_failure_at.is_(None) | (row.last_failure_at < now - WINDOW)
        change = {"failures": case((stale, 1), else_=row.failures + 1), "last_failure_at": now}
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(row).values(key=key, **first)
        session.execute(pg.on_conflict_do_update(index_elements=[row.key], set_=change))
    else:
        lite = sqlite.insert(row).values(key=key, **first)
        session.execute(lite.on_conflict_do_update(index_elements=[row.key], set_=change))


def forget_stale(session: Session, *, now: dt.datetime) -> int:
    """Drop counts that no longer matter (no failure within the window, never a success);
    run at start. How many."""
    return len(session.scalars(delete(SignInFailureRow).where(
        SignInFailureRow.last_success_at.is_(None),
        (SignInFailureRow.last_failure_at.is_(None)) | (SignInFailureRow.last_failure_at < now - WINDOW),
    ).returning(SignInFailureRow.key)).all())
