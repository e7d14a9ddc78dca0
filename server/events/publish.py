"""The queue events a transaction recorded go out on the bus once it commits; a
rollback drops them (nobody hears of a step that did not happen)."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from server.db import Database
from server.events.bus import EventBus
from server.events.outbox import take_pending


def publish_on_commit(db: Database, bus: EventBus) -> None:
    """Wire `db`'s sessions to `bus`: once per app, when its state is built."""

    def publish(session: Session) -> None:
        bus.publish(take_pending(session=session))

    def drop(session: Session) -> None:
        take_pending(session=session)

    event.listen(db.sessions, "after_commit", publish)
    event.listen(db.sessions, "after_rollback", drop)
