"""Many rows in one statement (`server.bulk`): on PostgreSQL through arrays, on SQLite
through the driver's executemany with the ids read from SQLite's rowids; the same rows
and ids either way."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Table, delete, select
from sqlalchemy.exc import DataError

from server.bulk import insert_rows, update_rows
from server.events.tables import QueueEventRow

_event: Table = QueueEventRow.__table__  # type: ignore[assignment]
AT = dt.datetime(2026, 12, 7, 1, 30, tzinfo=dt.UTC)


@pytest.fixture
def db(app):  # type: ignore[no-untyped-def]
    return app.state.lsr.db


def _events(n: int) -> list[dict[str, object]]:
    return [{"facility_id": "pkm-sumber", "service_id": 2, "service_date": AT.date(),
             "type": "issued", "display_number": f"A{i:03d}", "counter": None,
             "at": AT + dt.timedelta(seconds=i)} for i in range(n)]


def test_the_ids_come_back_in_the_order_of_the_rows(db):  # type: ignore[no-untyped-def]
    rows = _events(300)  # a column all None (counter) too
    with db.write_transaction() as session:
        ids = insert_rows(session.connection(), _event, rows, returning_ids=True)
    assert len(ids) == 300
    with db.read() as session:
        stored = dict(session.execute(select(QueueEventRow.id, QueueEventRow.display_number)).all())
        assert [stored[i] for i in ids] == [r["display_number"] for r in rows]
        moments = session.scalars(select(QueueEventRow.at).order_by(QueueEventRow.id)).all()
        assert moments == [r["at"] for r in rows]  # stored in UTC, read back aware


def test_the_ids_are_the_new_rows_after_the_newest_row_was_deleted(db):  # type: ignore[no-untyped-def]
    """SQLite reuses the deleted largest id: the ids come from the rows written, not
    from a count kept on the side."""
    with db.write_transaction() as session:
        first = insert_rows(session.connection(), _event, _events(3), returning_ids=True)
        session.execute(delete(QueueEventRow).where(QueueEventRow.id == first[-1]))
    rows = _events(5)
    for n, row in enumerate(rows):
        row["display_number"] = f"B{n:03d}"
    with db.write_transaction() as session:
        ids = insert_rows(session.connection(), _event, rows, returning_ids=True)
    with db.read() as session:
        stored = dict(session.execute(select(QueueEventRow.id, QueueEventRow.display_number)).all())
    assert [stored[i] for i in ids] == ["B000", "B001", "B002", "B003", "B004"]
    assert len(stored) == 7


def test_rows_updated_by_their_key(db):  # type: ignore[no-untyped-def]
    with db.write_transaction() as session:
        ids = insert_rows(session.connection(), _event, _events(3), returning_ids=True)
        update_rows(session.connection(), _event, [
            {"id": ids[0], "counter": "Loket 1"}, {"id": ids[2], "counter": "Loket 2"}], key="id")
    with db.read() as session:
        counters = session.execute(select(QueueEventRow.id, QueueEventRow.counter)
                                   .order_by(QueueEventRow.id)).all()
    assert [tuple(c) for c in counters] == [(ids[0], "Loket 1"), (ids[1], None), (ids[2], "Loket 2")]


def test_a_naive_moment_is_refused_as_by_the_orm(db):  # type: ignore[no-untyped-def]
    rows = _events(2)
    rows[1]["at"] = dt.datetime(2026, 12, 7, 8, 30)  # noqa: DTZ001 - the mistake tested
    with pytest.raises(Exception, match="naive datetime refused"), db.write_transaction() as session:
        insert_rows(session.connection(), _event, rows)


def test_nothing_to_write_writes_nothing(db):  # type: ignore[no-untyped-def]
    with db.write_transaction() as session:
        assert insert_rows(session.connection(), _event, [], returning_ids=True) == []
        update_rows(session.connection(), _event, [], key="id")


def test_a_value_longer_than_its_column_is_refused_not_cut(db):  # type: ignore[no-untyped-def]
    """PostgreSQL: `display_number` holds 10 characters; an explicit cast to its type
    would cut 11 to 10 in silence (a sealed value cut so would never open again)."""
    if db.is_sqlite:
        pytest.skip("SQLite keeps a string of any length in any column")
    rows = _events(1)
    rows[0]["display_number"] = "A" * 11
    with pytest.raises(DataError, match="too long"), db.write_transaction() as session:
        insert_rows(session.connection(), _event, rows)
    with pytest.raises(DataError, match="too long"), db.write_transaction() as session:
        ids = insert_rows(session.connection(), _event, _events(1), returning_ids=True)
        update_rows(session.connection(), _event, [{"id": ids[0], "counter": "L" * 41}], key="id")
