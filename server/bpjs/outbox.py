"""What is still to be told to BPJS, written in the same transaction as what it reports
(a number issued, a task time, a cancellation): nothing is lost when the process dies
right after, and each message is written once (`OutboxRow`'s unique key). Only for
bridged facilities; sending is `server.bpjs.sender`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.bpjs.tables import BridgeRow, OutboxRow
from server.db import Database
from server.queue.tables import VisitRow

MOBILE_JKN = "mobile_jkn"  # the channel of a number taken through Mobile JKN (server.bpjs.ws)


class Kind(StrEnum):
    add = "add"  # antrean/add: a registration made outside Mobile JKN
    task = "task"  # antrean/updatewaktu (RS) or antrean/panggil (FKTP)
    cancel = "cancel"  # antrean/batal


class State(StrEnum):
    waiting = "waiting"
    sent = "sent"
    failed = "failed"  # BPJS refused it (its message kept); an admin may send it again
    skipped = "skipped"  # nothing to send for it (e.g. a task FKTP does not take)


_BRIDGED = select(BridgeRow.facility_id).where(BridgeRow.enabled)


def bridged_facilities(session: Session) -> frozenset[str]:
    # Through the connection: the ORM's execution cost ~10 % of a small booking batch.
    return frozenset(session.connection().execute(_BRIDGED).scalars())


def _row(facility_id: str, visit_id: int, kind: Kind, task_id: int, at: dt.datetime) -> OutboxRow:
    return OutboxRow(
        facility_id=facility_id, visit_id=visit_id, kind=kind.value, task_id=task_id,
        happened_at=at, state=State.waiting.value, attempts=0, next_attempt_at=at,
    )


def enqueue(session: Session, *, visit_id: int, kind: Kind, at: dt.datetime, task_id: int = 0) -> None:
    """Tell BPJS about this visit, if its facility is bridged (one read when it is not)."""
    facility_id = session.scalar(
        select(VisitRow.facility_id)
        .join(BridgeRow, BridgeRow.facility_id == VisitRow.facility_id)
        .where(VisitRow.id == visit_id, BridgeRow.enabled)
    )
    if facility_id is not None:
        session.add(_row(facility_id, visit_id, kind, task_id, at))


@dataclass(frozen=True)
class Issued:
    """A number just issued (`server.queue.issue`): its visit and, for a walk-in, the
    task its arrival recorded."""

    visit_id: int
    facility_id: str
    channel: str
    at: dt.datetime
    arrival_task: int | None


def enqueue_issued(session: Session, issued: Iterable[Issued], *, bridged: frozenset[str]) -> None:
    """The registrations of a group commit: `add` for every number not taken through
    Mobile JKN (BPJS made those itself), and the arrival's task of a walk-in.
    `bridged`: `bridged_facilities`, read by the caller before it locked the day's
    counter (not one more round trip while it holds it)."""
    for i in issued:
        if i.facility_id not in bridged:
            continue
        if i.channel != MOBILE_JKN:
            session.add(_row(i.facility_id, i.visit_id, Kind.add, 0, i.at))
        if i.arrival_task is not None:
            session.add(_row(i.facility_id, i.visit_id, Kind.task, i.arrival_task, i.at))


KEEP_DELIVERED = dt.timedelta(days=30)


def purge_delivered(db: Database, *, now: dt.datetime) -> int:
    """Forget messages sent or skipped more than `KEEP_DELIVERED` ago (the status page
    shows recent ones; failed and waiting ones stay until they are sent)."""
    with db.write_transaction() as session:
        result = session.execute(delete(OutboxRow).where(
            OutboxRow.state.in_((State.sent.value, State.skipped.value)),
            OutboxRow.happened_at < now - KEEP_DELIVERED,
        ))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
