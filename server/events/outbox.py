"""Queue events recorded in a transaction wait in its session until it ends, and go
out to the live bus once, and only if, it commits.

On SQLite (one process) the app's `after_commit` hook publishes them to the bus
(`take_pending`). On PostgreSQL they are sent with NOTIFY just before the commit,
all of a transaction's events in as few payloads as fit (`server.events.relay.notify`):
NOTIFY takes a lock that serialises committing transactions, so a group commit of
many bookings pays for it once, and events still reach other instances when, and
only when, the transaction commits.
"""

from __future__ import annotations

from sqlalchemy import Table, event
from sqlalchemy.orm import Session

from api_client.models import QueueEvent
from server.bulk import insert_rows
from server.events.relay import notify
from server.events.tables import QueueEventRow

PENDING = "lsr_pending_events"

_event: Table = QueueEventRow.__table__  # type: ignore[assignment]
_LIVE_ONLY = ("now_calling", "waiting")


def hold(*, session: Session, events: list[QueueEvent]) -> None:
    """Publish these (stored) events when the session's transaction commits."""
    session.info.setdefault(PENDING, []).extend(events)


def record_events(*, session: Session, events: list[dict[str, object]]) -> list[QueueEvent]:
    """Store many events in one statement (ids in order) and hold them like one
    event. Each dict holds the row's columns plus `now_calling` and `waiting`."""
    rows = [{k: v for k, v in e.items() if k not in _LIVE_ONLY} for e in events]
    ids = insert_rows(session.connection(), _event, rows, returning_ids=True)
    out = [QueueEvent.model_validate({**e, "id": i}) for e, i in zip(events, ids, strict=True)]
    hold(session=session, events=out)
    return out


@event.listens_for(Session, "before_commit")
def _notify_before_commit(session: Session) -> None:
    """PostgreSQL: hand this transaction's events to NOTIFY (delivered on commit)."""
    if PENDING in session.info and session.get_bind().dialect.name == "postgresql":
        notify(session=session, events=take_pending(session=session))


def take_pending(*, session: Session) -> list[QueueEvent]:
    """The events held in this session, handed over once (publish, or drop on rollback)."""
    events: list[QueueEvent] = session.info.pop(PENDING, [])
    return events
