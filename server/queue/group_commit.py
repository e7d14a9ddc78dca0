"""Group commit: concurrent requests for a number share one transaction (one fsync).

Every commit of a booking costs a WAL flush (PostgreSQL: an fsync, with the
counter row and the NOTIFY lock held through it) and a round of `BEGIN IMMEDIATE`
on SQLite. Under a rush that per-commit cost, not the booking itself, sets the
pace. So requests queue here; one drain task per event loop takes every request
waiting, runs them one after another in a single write transaction, commits once,
and only then answers each of them. Requests arriving meanwhile form the next batch.
With one request at a time this is an ordinary transaction per booking. The
transaction runs on a worker thread, or on SQLite (one process, no fsync at commit)
in the event loop itself while no other writer holds the database (`GroupCommit._run`).

Each request keeps its own answer, exactly as if it ran alone:

- `Idempotency-Key` (the rule: `server.idempotency`): the transaction first locks
  every key of the batch (PostgreSQL), so a copy of a request that another worker is
  deciding waits for it; then it reads the keys, and a stored one replays. A key seen
  earlier in the same batch gets that answer (once the batch has committed); the
  same key with another body is `idempotency_key_reused`.
- A refusal (`already_booked`, `quota_full`, a phone or NIK over its limit, a bad
  request) is decided before the request has written anything that matters, so it
  leaves the batch intact. A 409 is stored with the batch's keys like a booking;
  the others (422, 429) store nothing and their key may be used again.
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

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api_client.models import Booking
from server.db import Database, WriterBusy
from server.errors import ApiProblem
from server.events.bus import EventBus
from server.facilities.directory import Directory
from server.idempotency import (
    Answer,
    RequestHash,
    known_records,
    lock_keys,
    new_record,
    run_idempotent,
    store_records,
)
from server.queue.day_orders import DayOrders
from server.queue.intake import NewVisit, already_booked
from server.queue.issue import QueueFacts
from server.queue.limits import BookingLimits

MAX_BATCH = 256

Outcome = Answer | BaseException


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
    pending: list[tuple[Order, asyncio.Future[Answer]]] = field(default_factory=list)
    drain: asyncio.Task[None] | None = None  # held: the loop keeps only a weak reference


class GroupCommit:
    def __init__(self, db: Database, limits: BookingLimits | None = None, *, bus: EventBus) -> None:
        self.db = db
        self.limits = limits  # phone and NIK limits (server.queue.limits); None: none
        self.bus = bus  # where the commits' events go (`_in_loop`)
        self.day_orders = DayOrders()  # the days' lanes between transactions
        self._lanes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Lane] = (
            weakref.WeakKeyDictionary()
        )

    async def submit(self, order: Order) -> Answer:
        """The answer (a booking or a 409 refusal, new or replayed), once it has
        committed; a refusal that decided nothing (422, 429) is raised."""
        loop = asyncio.get_running_loop()
        lane = self._lanes.get(loop)
        if lane is None:
            lane = self._lanes[loop] = _Lane()
        future: asyncio.Future[Answer] = loop.create_future()
        lane.pending.append((order, future))
        if lane.drain is None:  # a context of its own: it serves every request, not this one
            lane.drain = loop.create_task(self._drain(lane), context=contextvars.Context())
        return await future

    async def _drain(self, lane: _Lane) -> None:
        try:
            while lane.pending:
                if self._in_loop():  # between two batches run in the loop: a turn for the rest
                    await asyncio.sleep(0)
                batch = lane.pending[:MAX_BATCH]
                del lane.pending[:MAX_BATCH]
                try:
                    outcomes = await self._run([o for o, _ in batch])
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

    async def _run(self, orders: list[Order]) -> list[Outcome]:
        """`commit` on a worker thread, or in the event loop itself (`_in_loop`) when no
        other writer holds the database.

        With the batch on a thread, the loop (reading, checking and answering
        requests) and the thread take turns at the one interpreter lock, and each
        waits for the other: under a rush of 1,000 bookings a second this doubled
        the latency (docs/benchmarks.md). SQLite's WAL checkpoint, due every thousand
        pages or so, would wait for the disk in a commit: it runs on a thread first
        (`Database.checkpoint`), the loop answering meanwhile. When another writer
        holds the database (a staff action on a thread, another process), the batch
        goes to a thread and waits there; if the batch fails, its requests are run
        alone there too."""
        if self._in_loop():
            if self.db.checkpoint_due():  # its sync off the loop, before this batch's commit
                await asyncio.to_thread(self.db.checkpoint)
            try:
                return self._together(orders, wait=False)
            except WriterBusy:
                pass
            except Exception:  # noqa: BLE001 - every order is retried alone below
                return await asyncio.to_thread(self._each_alone, orders)
        return await asyncio.to_thread(self.commit, orders)

    def _in_loop(self) -> bool:
        """Whether a batch may run in the event loop: nothing in it waits on anything
        but this machine's memory and disk. So SQLite only, without an fsync at each
        commit (`Database.local_commits`; PostgreSQL's round trips and lock waits stay
        off the loop), and with the events kept in this process: a relay to other
        workers (`server.events.local_relay`) sends them at the commit to sockets only
        their loops read, this one's too, and would wait for them with this loop stuck."""
        return self.db.local_commits and self.bus.outbox is None

    def commit(self, orders: list[Order]) -> list[Outcome]:
        """Run `orders` in one transaction; if that fails, each in one of its own."""
        try:
            return self._together(orders)
        except Exception:  # noqa: BLE001 - every order is retried alone below
            return self._each_alone(orders)

    def _each_alone(self, orders: list[Order]) -> list[Outcome]:
        return [self._alone(order) for order in orders]

    def _together(self, orders: list[Order], *, wait: bool = True) -> list[Outcome]:
        # Per order: its outcome now, or ("admitted", i) for `allocate`'s i, or
        # ("same key", j) for the outcome of order j (its key, earlier in the batch).
        steps: list[Outcome | tuple[str, int]] = []
        keys = sorted({o.key for o in orders})
        with self.db.write_transaction(wait=wait) as session:
            lock_keys(session=session, keys=keys)  # first: a copy in flight elsewhere decides, then we read
            known = known_records(session=session, keys=keys)
            facts = QueueFacts(orders[0].directory, self.limits, self.day_orders)
            facts.prefetch_active(session, [o.new for o in orders if isinstance(o.new, NewVisit)])
            first: dict[str, int] = {}  # key: the index of its deciding order in this batch
            for n, order in enumerate(orders):
                try:
                    if order.key in known:
                        steps.append(known[order.key].replay(order.fingerprint))
                    elif order.key in first:
                        order.fingerprint.check_same(orders[first[order.key]].fingerprint.stored)
                        steps.append(("same key", first[order.key]))
                    else:
                        steps.append(("admitted", facts.admit(_checked(order))))
                        first[order.key] = n
                except ApiProblem as problem:
                    refused = Answer.refused(problem)
                    if refused.decided and order.key not in known and order.key not in first:
                        first[order.key] = n
                        steps.append(refused)
                    else:
                        steps.append(problem)
            allocated = facts.allocate(session)
            bodies = [Answer.created(b) for b in facts.finish(session)]
            outcomes: list[Outcome] = []
            for step in steps:
                if isinstance(step, tuple):
                    kind, index = step
                    if kind == "same key":
                        outcomes.append(outcomes[index])
                        continue
                    result = allocated[index]
                    step = Answer.refused(result) if isinstance(result, ApiProblem) else bodies[result]
                outcomes.append(step)
            store_records(session=session, records=[
                new_record(orders[n].key, orders[n].fingerprint, answer, orders[n].now)
                for n in first.values()
                if isinstance(answer := outcomes[n], Answer) and answer.decided
            ])
        facts.keep_days()  # committed
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
