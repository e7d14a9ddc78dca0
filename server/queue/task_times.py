"""When a visit reached each BPJS Antrean task (1–7, 99; which step records which
task: `server.queue.rules`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from server.bpjs import outbox
from server.queue.tables import TaskTimeRow


def record_task(*, session: Session, visit_id: int, task_id: int, at: dt.datetime) -> None:
    """Record when the visit reached a BPJS task; the first time counts, and is what a
    bridged facility tells BPJS (`server.bpjs.outbox`)."""
    if session.get(TaskTimeRow, (visit_id, task_id)) is None:
        session.add(TaskTimeRow(visit_id=visit_id, task_id=task_id, recorded_at=at))
        outbox.enqueue(session, visit_id=visit_id, kind=outbox.Kind.task, task_id=task_id, at=at)
