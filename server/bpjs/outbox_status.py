"""The outbox as an administrator reads it (the BPJS page's "Kiriman ke BPJS"): how
many messages are sent, waiting, failed or skipped, the messages of one state with
BPJS's answer, and sending failed ones again (audited)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import (
    BpjsMessage,
    BpjsOutbox,
    BpjsOutboxKind,
    BpjsOutboxReason,
    BpjsOutboxState,
    ErrorCode,
)
from server.audit import trail
from server.bpjs.sender import retry
from server.bpjs.tables import OutboxRow
from server.errors import not_found
from server.queue.tables import VisitRow
from server.staff.auth import Principal


def status(*, session: Session, facility_id: str, state: BpjsOutboxState, limit: int) -> BpjsOutbox:
    counts = dict.fromkeys(BpjsOutboxState, 0)
    for name, count in session.execute(
        select(OutboxRow.state, func.count()).where(OutboxRow.facility_id == facility_id)
        .group_by(OutboxRow.state)
    ):
        counts[BpjsOutboxState(name)] = count
    rows = session.execute(
        select(OutboxRow, VisitRow.booking_code).join(VisitRow, VisitRow.id == OutboxRow.visit_id)
        .where(OutboxRow.facility_id == facility_id, OutboxRow.state == state.value)
        .order_by(OutboxRow.happened_at.desc(), OutboxRow.id.desc()).limit(limit)
    ).all()
    return BpjsOutbox(
        counts=counts,
        oldest_waiting_at=session.scalar(select(func.min(OutboxRow.happened_at)).where(
            OutboxRow.facility_id == facility_id, OutboxRow.state == BpjsOutboxState.waiting.value)),
        last_sent_at=session.scalar(select(func.max(OutboxRow.sent_at)).where(
            OutboxRow.facility_id == facility_id)),
        messages=[_message(row, code) for row, code in rows],
    )


def retry_one(*, session: Session, facility_id: str, message_id: int, now: dt.datetime,
              by: Principal) -> BpjsMessage:
    """A failed (or waiting) message is due again now; a sent one stays sent."""
    row = session.get(OutboxRow, message_id)
    if row is None or row.facility_id != facility_id:
        raise not_found(ErrorCode.bpjs_message_not_found, message_id)
    before = row.state
    retry(session, row.id, now)
    trail.record(session=session, principal=by, action="bpjs_retry", subject=f"bpjs_message:{row.id}",
                 facility_id=facility_id, at=now, before={"state": before}, after={"state": row.state})
    code = session.scalar(select(VisitRow.booking_code).where(VisitRow.id == row.visit_id))
    return _message(row, code or "")


def retry_failed(*, session: Session, facility_id: str, now: dt.datetime, by: Principal) -> int:
    """Every failed message of the facility due again now (after mapping a poli, say)."""
    ids = list(session.scalars(select(OutboxRow.id).where(
        OutboxRow.facility_id == facility_id, OutboxRow.state == BpjsOutboxState.failed.value)))
    for row_id in ids:
        retry(session, row_id, now)
    if ids:
        trail.record(session=session, principal=by, action="bpjs_retry_failed",
                     subject=f"facility:{facility_id}", facility_id=facility_id, at=now,
                     before={"failed": len(ids)}, after={"failed": 0})
    return len(ids)


def _message(row: OutboxRow, booking_code: str) -> BpjsMessage:
    kind = BpjsOutboxKind(row.kind)
    waiting = row.state == BpjsOutboxState.waiting.value
    return BpjsMessage(
        id=row.id, booking_code=booking_code, kind=kind,
        task_id=row.task_id if kind is BpjsOutboxKind.task else None,
        state=BpjsOutboxState(row.state), happened_at=row.happened_at, attempts=row.attempts,
        next_attempt_at=row.next_attempt_at if waiting else None, sent_at=row.sent_at,
        reason=BpjsOutboxReason(row.reason) if row.reason else None,
        last_code=row.last_code, last_message=row.last_message,
    )
