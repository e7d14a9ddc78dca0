"""Group commit: concurrent requests for a number share one transaction (one fsync).

Every commit of a booking costs a WAL flush (PostgreSQL: an fsync, with the
counter row and the NOTIFY lock held through it) and a round of `BEGIN IMMEDIATE`
on SQLite. Under a rush that per-commit cost, not the booking itself, sets the
pace. So requests queue here; one drain task per event loop takes every request
waiting, runs them one after another in a single write transaction on a worker
thread, commits once, and only then answers each of them. Requests arriving
meanwhile form the next batch. With one request at a time this is an ordinary
transaction per booking.

Each request keeps its own answer, exactly as if it ran alone:

- `Idempotency-Key`: the keys are read at the start of the transaction; a key seen
  earlier in the same batch replays that answer (once the batch has committed);
  the same key with another body is `idempotency_key_reused`.
- A refusal (`already_booked`, `quota_full`, a phone or NIK over its limit, a bad
  request) is raised before the request has written anything that matters, so it
  leaves the batch intact and stores nothing (its key may be used again).
- Anything else (a unique index hit by another instance, a failed commit) rolls
  the whole batch back, and each of its requests is then run in a transaction of
  its own, by the single-request rules of `server.idempotency`.

Nobody is answered before the transaction holding their booking has committed, so
a confirmed booking survives `kill -9` as any committed transaction does.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import weakref
from dataclasses import dataclass, field

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api_client.models import Booking
from server.bookings.issue import QueueFacts
from server.bookings.limits import BookingLimits
from server.bookings.service import NewVisit, already_booked
from server.db import Database
from server.errors import ApiProblem
from server.facilities.directory import Directory
from server.idempotency import RequestHash, run_idempotent
from server.idempotency import _replay as replay
from server.queues.tables import IdempotencyRow

MAX_BATCH = 256
_keys: Table = IdempotencyRow.__table__  # type: ignore[assignment]
_NEW_KEYS = insert(_keys)
_KNOWN_KEYS = select(_keys.c.key, _keys.c.request_hash, _keys.c.body).where(
    _keys.c.key.in_(bindparam("keys", expanding=True))
)

Outcome = str | BaseException


@dataclass
class Order:
    """One request: its key, the hash of its body, and the checked visit (or the
    problem the check raised, answered only if the key does not replay)."""

    key: str
    fingerprint: RequestHash
    now: dt.datetime
    new: NewVisit | ApiProblem
    directory: Directory


@dataclass
class _Lane:
    pending: list[tuple[Order, asyncio.Future[str]]] = field(default_factory=list)
    drain: asyncio.Task[None] | None = None  # held: the loop keeps only a weak reference


class GroupCommit:
    def __init__(self, db: Database, limits: BookingLimits | None = None) -> None:
        self.db = db
        self.limits = limits  # phone and NIK limits (server.bookings.limits); None: none
        self._lanes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Lane] = (
            weakref.WeakKeyDictionary()
        )

    async def submit(self, order: Order) -> str:
        """The JSON body of the booking (new or replayed), once it has committed."""
        loop = asyncio.get_running_loop()
        lane = self._lanes.get(loop)
        if lane is None:
            lane = self._lanes[loop] = _Lane()
        future: asyncio.Future[str] = loop.create_future()
        lane.pending.append((order, future))
        if lane.drain is None:  # a context of its own: it serves every request, not this one
            lane.drain = loop.create_task(self._drain(lane), context=contextvars.Context())
        return await future

    async def _drain(self, lane: _Lane) -> None:
        try:
            while lane.pending:
                batch = lane.pending[:MAX_BATCH]
                del lane.pending[:MAX_BATCH]
                try:
                    outcomes = await asyncio.to_thread(self.commit, [o for o, _ in batch])
                except Exception as exc:  # noqa: BLE001 - handed to every waiter
                    outcomes = [exc] * len(batch)
                for (_, future), outcome in zip(batch, outcomes, strict=True):
                    if future.done():  # the client went away; its booking stands
                        continue
                    if isinstance(outcome, BaseException):
                        future.set_exception(outcome)
                    else:
                        future.set_result(outcome)
        finally:
            lane.drain = None

    def commit(self, orders: list[Order]) -> list[Outcome]:
        """Run `orders` in one transaction; if that fails, each in one of its own."""
        try:
            return self._together(orders)
        except Exception:  # noqa: BLE001 - every order is retried alone below
            return [self._alone(order) for order in orders]

    def _together(self, orders: list[Order]) -> list[Outcome]:
        # Per order: its outcome now, or ("admitted", i) for `allocate`'s i, or
        # ("same key", j) for the outcome of order j (its key, earlier in the batch).
        steps: list[Outcome | tuple[str, int]] = []
        with self.db.write_transaction() as session:
            known = {
                row.key: IdempotencyRow(key=row.key, request_hash=row.request_hash, body=row.body)
                for row in session.connection().execute(
                    _KNOWN_KEYS, {"keys": sorted({o.key for o in orders})}
                )
            }
            facts = QueueFacts(orders[0].directory, self.limits)
            facts.prefetch_active(session, [o.new for o in orders if isinstance(o.new, NewVisit)])
            first: dict[str, int] = {}  # key: the index of its first order in this batch
            for n, order in enumerate(orders):
                try:
                    if order.key in known:
                        steps.append(replay(known[order.key], order.fingerprint))
                    elif order.key in first:
                        earlier = orders[first[order.key]].fingerprint.stored
                        replay(IdempotencyRow(request_hash=earlier, body=""), order.fingerprint)
                        steps.append(("same key", first[order.key]))
                    else:
                        steps.append(("admitted", facts.admit(_checked(order))))
                        first[order.key] = n
                except ApiProblem as problem:
                    steps.append(problem)
            allocated = facts.allocate(session)
            bodies = [b.model_dump_json() for b in facts.finish(session)]
            outcomes: list[Outcome] = []
            for step in steps:
                if isinstance(step, tuple):
                    kind, index = step
                    if kind == "same key":
                        outcomes.append(outcomes[index])
                        continue
                    result = allocated[index]
                    step = result if isinstance(result, ApiProblem) else bodies[result]
                outcomes.append(step)
            stored = [
                {"key": orders[n].key, "request_hash": orders[n].fingerprint.stored, "status_code": 201,
                 "body": outcomes[n], "created_at": orders[n].now}
                for n in first.values() if isinstance(outcomes[n], str)
            ]
            if stored:
                session.connection().execute(_NEW_KEYS, stored)
        return outcomes

    def _alone(self, order: Order) -> Outcome:
        """One order in its own transaction, by the single-request rules of
        `run_idempotent` (another request with this key committed first: replay it;
        the patient's other booking won the race: `already_booked`)."""

        def create(session: Session) -> Booking:
            new = _checked(order)
            facts = QueueFacts(order.directory, self.limits)
            facts.prefetch_active(session, [new])
            facts.admit(new)
            result = facts.allocate(session)[0]
            if isinstance(result, ApiProblem):
                raise result
            return facts.finish(session)[result]

        try:
            return run_idempotent(
                self.db, key=order.key, fingerprint=order.fingerprint, now=order.now,
                create=create, on_conflict=one_active_conflict,
            )
        except Exception as exc:  # noqa: BLE001 - handed to the waiter
            return exc


def _checked(order: Order) -> NewVisit:
    if isinstance(order.new, ApiProblem):
        raise order.new
    return order.new


def one_active_conflict(exc: IntegrityError) -> ApiProblem | None:
    """The unique index on a patient's active visit, as the API's refusal."""
    text = str(exc.orig)
    if "uq_visit_one_active_per_patient" in text or "visit.patient_key" in text:
        return already_booked()
    return None
