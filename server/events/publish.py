"""The queue events a transaction recorded go out on the bus once it commits; a
rollback drops them (nobody hears of a step that did not happen)."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from server.db import Database
from server.events.bus import EventBus
from server.events.outbox import take_pending

BUS = "lsr.bus"
"""`Session.info` key: the bus a session of this app publishes to."""


def publish_on_commit(db: Database, bus: EventBus) -> None:
    """Wire `db`'s sessions to `bus`: once per app, when its state is built.

    The bus rides in each session's `info`, and the listeners below are module-level
    functions on `Session` itself. A listener closed over the bus and attached to the
    app's own sessionmaker would never be freed: SQLAlchemy keeps it in a weak
    dictionary keyed by the sessionmaker's Session subclass, and through the bus it
    would hold that very key (every app built in a process, the tests' thousands too,
    stayed alive)."""
    db.sessions.configure(info={**db.sessions.kw.get("info", {}), BUS: bus})


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    bus: EventBus | None = session.info.get(BUS)
    if bus is not None:
        bus.publish(take_pending(session=session))


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    if BUS in session.info:
        take_pending(session=session)
