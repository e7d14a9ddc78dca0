"""`Idempotency-Key` for creating requests: a replay gets the identical response.

The key row is inserted in the same transaction as what it creates, so a
booking and its key commit together or not at all. Concurrent requests with
one key: one creates, the others wait on the key's row and replay. The same key
with another body (or on another path) is refused with `idempotency_key_reused`.
Failed requests store nothing: their key may be used again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Header
from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db import Database
from server.errors import ApiProblem
from server.keys.ring import Keyring, Purpose, UnknownKey
from server.queues.tables import IdempotencyRow

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9_.:\-]+$",
        description="a fresh random key per intended action (e.g. a UUID); reuse it to retry",
    ),
]


KEPT_FOR = dt.timedelta(hours=48)


@dataclass(frozen=True)
class RequestHash:
    """A request, as the idempotency record recognises it."""

    keyring: Keyring
    message: bytes

    def under(self, kid: str) -> str:
        key = self.keyring.key(Purpose.idempotency, kid)
        return f"{kid}:{hmac.new(key, self.message, hashlib.sha256).hexdigest()}"

    @property
    def stored(self) -> str:
        """What a new record keeps: the hash under the active key."""
        return self.under(self.keyring.active.kid)

    def matches(self, stored: str) -> bool:
        """Whether a record was made by this same request (under any key still known)."""
        kid, sep, _ = stored.partition(":")
        try:
            return bool(sep) and hmac.compare_digest(self.under(kid), stored)
        except UnknownKey:
            return False


def request_hash(keyring: Keyring, path: str, body: BaseModel) -> RequestHash:
    return RequestHash(keyring, f"{path}\n{body.model_dump_json()}".encode())


def purge_expired(db: Database, *, now: dt.datetime) -> int:
    """Delete the records older than 48 hours; how many there were."""
    with db.write_transaction() as session:
        result = session.execute(
            delete(IdempotencyRow).where(IdempotencyRow.created_at < now - KEPT_FOR)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def run_idempotent(
    db: Database,
    *,
    key: str,
    fingerprint: RequestHash,
    now: dt.datetime,
    create: Callable[[Session], BaseModel],
    on_conflict: Callable[[IntegrityError], ApiProblem | None] = lambda _e: None,
) -> str:
    """Run `create` once per key and return the JSON body (stored or replayed)."""
    with db.read() as session:
        stored = session.get(IdempotencyRow, key)
        if stored is not None:
            return _replay(stored, fingerprint)
    try:
        with db.write_transaction() as session:
            row = IdempotencyRow(
                key=key, request_hash=fingerprint.stored, status_code=201, body="",
                created_at=now,
            )
            session.add(row)
            session.flush()
            row.body = create(session).model_dump_json()
            return row.body
    except IntegrityError as exc:
        if "idempotency_key" not in str(exc.orig):
            problem = on_conflict(exc)
            if problem is not None:
                raise problem from None
            raise
    with db.read() as session:
        stored = session.get(IdempotencyRow, key)
        assert stored is not None, "the conflicting request committed its key"
        return _replay(stored, fingerprint)


def _replay(stored: IdempotencyRow, fingerprint: RequestHash) -> str:
    if not fingerprint.matches(stored.request_hash):
        raise ApiProblem(
            422, "idempotency_key_reused",
            "this Idempotency-Key was used for a different request; use a new key",
        )
    return stored.body
