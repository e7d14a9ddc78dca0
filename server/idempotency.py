"""`Idempotency-Key` for creating requests: a retry gets the first answer, byte for byte.

The rule (docs/deploy.md, "Retries and `Idempotency-Key`"):

- Stored: every answer that decided the request, with its status: 201 (what was
  created) and 409 (a rule of the queue said no: `quota_full`, `already_booked`, a
  phone or NIK at its limit, `survey_already_given`, ...). The record is written in
  the transaction that decided, so a booking and its record commit together or not
  at all; a 409 is recorded once its transaction has rolled back. Any later request
  with the key, on any worker or instance, gets that status and body unchanged for
  48 hours (`KEPT_FOR`), even if the quota has room again or the dates in
  `next_available` have moved on. A request that is neither has no record.
- Not stored, because they decided nothing and the same request may succeed later:
  401/403/404 (who asks, for what), 422 (the request itself is wrong; the same key
  with another body is `idempotency_key_reused`), 429 (too many requests: try after
  `Retry-After`), 5xx (nothing was committed). A retry is then a new attempt.
- In flight: a request whose key another transaction holds waits for that
  transaction (a transaction-scoped advisory lock per key on PostgreSQL, taken before
  anything else; on SQLite the one writer at a time), then replays its answer, or,
  when that one stored nothing, decides for itself. No request answers before the
  first decision of its key has committed, so two copies of one request racing into
  two workers never get two answers.
- After a person's data is erased (`server.privacy`), their stored answers are replayed
  with the name and NIK blanked: the one change a record ever sees.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Header, Response
from pydantic import BaseModel
from sqlalchemy import Integer, String, Table, bindparam, delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from api_client.models import ErrorBody, ErrorCode
from server.bulk import insert_rows
from server.db import Base, Database, UtcDateTime
from server.errors import ApiProblem
from server.keys.ring import Keyring, Purpose, UnknownKey

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9_.:\-]+$",
        description=(
            "a fresh random key per intended action (e.g. a UUID); reuse it to retry. "
            "For 48 hours a request with this key gets the first answer that decided it "
            "(201, or 409 such as `quota_full`), status and body unchanged; 401, 403, 404, "
            "422, 429 and 5xx are not kept and a retry is a new attempt; a copy sent while "
            "the first is still being decided waits for it"
        ),
    ),
]


KEPT_FOR = dt.timedelta(hours=48)
DECIDED = frozenset({201, 409})  # the statuses kept and replayed (see above)

# PostgreSQL advisory locks in the two-int4 space (apart from the phone and NIK locks
# of server.queue.limits, which use single bigints): this class, the key's hash.
_LOCK_CLASS = 0x4C5352  # "LSR"
_LOCK = text(
    "SELECT pg_advisory_xact_lock(CAST(:space AS integer), k) "
    "FROM unnest(CAST(:keys AS integer[])) AS k"
)


@dataclass(frozen=True)
class Answer:
    """An answer as it goes out: its status and its JSON body."""

    status: int
    body: str

    @property
    def decided(self) -> bool:
        return self.status in DECIDED

    @classmethod
    def created(cls, body: BaseModel) -> Answer:
        return cls(201, body.model_dump_json())

    @classmethod
    def refused(cls, problem: ApiProblem) -> Answer:
        return cls(problem.status, ErrorBody(error=problem.detail).model_dump_json())

    def response(self) -> Response:
        return Response(content=self.body, status_code=self.status, media_type="application/json")


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

    def check_same(self, stored: str) -> None:
        """Refuse this request if the key was used for another one."""
        if not self.matches(stored):
            raise ApiProblem(
                422, ErrorCode.idempotency_key_reused,
                "this Idempotency-Key was used for a different request; use a new key",
            )


def request_hash(keyring: Keyring, path: str, body: BaseModel) -> RequestHash:
    return RequestHash(keyring, f"{path}\n{body.model_dump_json()}".encode())


class IdempotencyRow(Base):
    """A decided create request and its answer, replayed for the same key."""

    __tablename__ = "idempotency_key"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(96))  # `<kid>:<HMAC>` (RequestHash)
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(String)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

    def replay(self, fingerprint: RequestHash) -> Answer:
        """The stored answer, for the request that made it; `idempotency_key_reused`
        for another one."""
        fingerprint.check_same(self.request_hash)
        return Answer(self.status_code, self.body)

    @classmethod
    def of(cls, key: str, fingerprint: RequestHash, answer: Answer, now: dt.datetime) -> IdempotencyRow:
        """The record of `answer`, the decision of the request with `key`."""
        return cls(**new_record(key, fingerprint, answer, now))


_keys: Table = IdempotencyRow.__table__  # type: ignore[assignment]
_KNOWN_RECORDS = select(_keys.c.key, _keys.c.request_hash, _keys.c.status_code, _keys.c.body).where(
    _keys.c.key.in_(bindparam("keys", expanding=True))
)


def known_records(*, session: Session, keys: list[str]) -> dict[str, IdempotencyRow]:
    """The records of these keys, in one statement (a group commit's batch; lock the
    keys first, `lock_keys`)."""
    return {
        row.key: IdempotencyRow(key=row.key, request_hash=row.request_hash,
                                status_code=row.status_code, body=row.body)
        for row in session.connection().execute(_KNOWN_RECORDS, {"keys": keys})
    }


def new_record(key: str, fingerprint: RequestHash, answer: Answer, now: dt.datetime) -> dict[str, Any]:
    """The values of the record of `answer`, the decision of the request with `key`:
    for `store_records` as they are (no ORM object: a group commit's batch writes
    hundreds), for one request as `IdempotencyRow.of`."""
    return {"key": key, "request_hash": fingerprint.stored, "status_code": answer.status,
            "body": answer.body, "created_at": now}


def store_records(*, session: Session, records: list[dict[str, Any]]) -> None:
    """Write these new records (`new_record`) in one statement (a group commit's batch)."""
    if records:
        insert_rows(session.connection(), _keys, records)


def purge_expired(db: Database, *, now: dt.datetime) -> int:
    """Delete the records older than 48 hours; how many there were."""
    with db.write_transaction() as session:
        result = session.execute(
            delete(IdempotencyRow).where(IdempotencyRow.created_at < now - KEPT_FOR)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def lock_keys(*, session: Session, keys: Iterable[str]) -> None:
    """Hold these keys until the transaction ends, before anything else it locks
    (PostgreSQL; on SQLite the write transaction is already the only one). All in one
    statement, in sorted order: two transactions never wait on each other in a circle.
    Two keys sharing a lock number only wait for each other, nothing more."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    numbers = sorted({_lock_number(k) for k in keys})
    if numbers:
        connection.execute(_LOCK, {"space": _LOCK_CLASS, "keys": numbers})


def _lock_number(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big", signed=True)


def run_idempotent(
    db: Database,
    *,
    key: str,
    fingerprint: RequestHash,
    now: dt.datetime,
    create: Callable[[Session], BaseModel],
    on_conflict: Callable[[IntegrityError], ApiProblem | None] = lambda _e: None,
) -> Answer:
    """Run `create` once per key: its answer, stored if it decided; or the stored one.
    An `ApiProblem` that decides nothing (not 409) is raised, and nothing is stored."""
    with db.read() as session:
        stored = session.get(IdempotencyRow, key)
        if stored is not None:
            return stored.replay(fingerprint)
    try:
        with db.write_transaction() as session:
            lock_keys(session=session, keys=[key])
            stored = session.get(IdempotencyRow, key)
            if stored is not None:
                return stored.replay(fingerprint)
            answer = Answer.created(create(session))
            session.add(IdempotencyRow.of(key, fingerprint, answer, now))
            session.flush()
            return answer
    except IntegrityError as exc:
        if "idempotency_key" in str(exc.orig):  # a writer that did not lock the key
            with db.read() as session:
                stored = session.get(IdempotencyRow, key)
                assert stored is not None, "the conflicting request committed its key"
                return stored.replay(fingerprint)
        problem = on_conflict(exc)
        if problem is None:
            raise
    except ApiProblem as raised:
        if raised.detail.code == "idempotency_key_reused":
            raise
        problem = raised
    return keep_refusal(db, key=key, fingerprint=fingerprint, now=now, problem=problem)


def keep_refusal(
    db: Database, *, key: str, fingerprint: RequestHash, now: dt.datetime, problem: ApiProblem
) -> Answer:
    """Store a refusal that decided (409) once the transaction that refused has rolled
    back; raise one that did not. If another request with the key decided meanwhile
    (the key's lock was let go with the rollback), its answer is the one."""
    answer = Answer.refused(problem)
    if not answer.decided:
        raise problem
    with db.write_transaction() as session:
        lock_keys(session=session, keys=[key])
        stored = session.get(IdempotencyRow, key)
        if stored is not None:
            return stored.replay(fingerprint)
        session.add(IdempotencyRow.of(key, fingerprint, answer, now))
    return answer
