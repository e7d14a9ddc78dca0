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
from collections.abc import Callable
from typing import Annotated

from fastapi import Header
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db import Database
from server.errors import ApiProblem
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


def request_hash(path: str, body: BaseModel) -> str:
    return hashlib.sha256(f"{path}\n{body.model_dump_json()}".encode()).hexdigest()


def run_idempotent(
    db: Database,
    *,
    key: str,
    fingerprint: str,
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
                key=key, request_hash=fingerprint, status_code=201, body="", created_at=now
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


def _replay(stored: IdempotencyRow, fingerprint: str) -> str:
    if stored.request_hash != fingerprint:
        raise ApiProblem(
            422, "idempotency_key_reused",
            "this Idempotency-Key was used for a different request; use a new key",
        )
    return stored.body
