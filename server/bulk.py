"""Many rows in one statement whose text never changes, on PostgreSQL: one array per
column (`unnest`), whatever the number of rows.

SQLAlchemy's many-row INSERT writes one `VALUES (…)` group per row, so its text
grows with the batch; psycopg then parses every such text again (it caches only
statements under 4 KB and 50 parameters) and PostgreSQL plans it again. Under a
booking rush that parsing alone was 12 % of a worker's interpreter time
(docs/benchmarks.md). With arrays the text is the same for 1 row or 256: psycopg
converts it once, and PostgreSQL prepares it once per connection. The arrays go in
binary (`%(name)b`): psycopg writes a text array by escaping every element, 10 to 20
times slower (150 µs against 9 µs for 50 sealed values).

On SQLite the rows go in through one prepared `INSERT … VALUES (?, …)` run for each row
by the driver (executemany, in C). SQLAlchemy's own executemany with `RETURNING`, in
the rows' order, runs one statement per row there (SQLite does not promise the order of
`RETURNING`): 8 % of the booking route's CPU. The new ids are read instead as SQLite
assigns them: the writer holds the database, and a table whose `id` is its rowid gives
each new row the largest rowid so far plus one, so the batch's ids are the `n` up to
`last_insert_rowid()`, in the rows' order (tests/api/test_bulk.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite

Row = Mapping[str, object]

_POSTGRESQL = postgresql.dialect()  # type: ignore[no-untyped-call]
_SQLITE = sqlite.dialect()


def insert_rows(connection: Connection, table: Table, rows: Sequence[Row], *,
                returning_ids: bool = False) -> list[int]:
    """Insert `rows` (every one with the same keys) in one statement; with
    `returning_ids`, the new rows' `id`s in the order of `rows`."""
    if not rows:
        return []
    names = tuple(rows[0])
    if connection.dialect.name != "postgresql":
        connection.exec_driver_sql(_values_insert(table, names), _tuples(table, names, rows))
        if not returning_ids:
            return []
        last: int = connection.exec_driver_sql("SELECT last_insert_rowid()").scalar_one()
        return list(range(last - len(rows) + 1, last + 1))
    sql = _unnest_insert(table, names, returning_ids)
    result = connection.exec_driver_sql(sql, _arrays(table, names, rows))
    # The ids come from the table's sequence as the rows are inserted, in the order
    # the SELECT gives them (`ord`): ascending ids are the rows' order (the same
    # reasoning as SQLAlchemy's own sorting of RETURNING by an autoincrement key).
    return sorted(result.scalars().all()) if returning_ids else []


def update_rows(connection: Connection, table: Table, rows: Sequence[Row], *, key: str) -> None:
    """`UPDATE table SET … WHERE key = row[key]` for every row (same keys in each)."""
    if not rows:
        return
    names = tuple(rows[0])
    if connection.dialect.name != "postgresql":
        # Parameters named apart from the columns: SQLAlchemy would add a parameter
        # named like a column to the SET clause.
        connection.execute(_portable_update(table, names, key),
                           [{f"_{n}": v for n, v in row.items()} for row in rows])
        return
    connection.exec_driver_sql(_unnest_update(table, names, key), _arrays(table, names, rows))


def _arrays(table: Table, names: tuple[str, ...], rows: Sequence[Row],
            dialect: Dialect = _POSTGRESQL) -> dict[str, list[Any]]:
    """The rows' values column by column, as `dialect`'s driver takes them."""
    out: dict[str, list[Any]] = {}
    for name in names:
        process = _bind_processor(table.c[name], dialect)
        values = [row[name] for row in rows]
        out[name] = [process(v) for v in values] if process else values
    return out


def _tuples(table: Table, names: tuple[str, ...], rows: Sequence[Row]) -> list[tuple[Any, ...]]:
    # Column by column, then zipped into rows: no generator per row.
    return list(zip(*_arrays(table, names, rows, _SQLITE).values(), strict=True))


@cache
def _bind_processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    return column.type.bind_processor(dialect)  # UtcDateTime: refuses a naive moment


@cache
def _array_type(column: Column[Any]) -> str:
    """The column's type without its length (`VARCHAR(300)` → `VARCHAR[]`): an explicit
    cast to `VARCHAR(300)` would cut a longer value without a word, where the insert's
    own assignment to the column refuses it (value too long), as the ORM's does."""
    return f"{_LENGTH.sub('', column.type.compile(dialect=_POSTGRESQL))}[]"


_LENGTH = re.compile(r"\(\d+\)")


def _unnest(table: Table, names: tuple[str, ...]) -> str:
    arrays = ", ".join(f"%({n})b::{_array_type(table.c[n])}" for n in names)
    return f"unnest({arrays}) WITH ORDINALITY AS u({', '.join(names)}, ord)"


@cache
def _unnest_insert(table: Table, names: tuple[str, ...], returning_ids: bool) -> str:
    columns = ", ".join(names)
    # Names from the tables' own definitions, never from a request.
    sql = (f"INSERT INTO {table.name} ({columns}) SELECT {columns} "  # noqa: S608
           f"FROM {_unnest(table, names)} ORDER BY ord")
    return sql + " RETURNING id" if returning_ids else sql


@cache
def _unnest_update(table: Table, names: tuple[str, ...], key: str) -> str:
    values = ", ".join(f"{n} = u.{n}" for n in names if n != key)
    return (f"UPDATE {table.name} SET {values} FROM {_unnest(table, names)} "  # noqa: S608
            f"WHERE {table.name}.{key} = u.{key}")


@cache
def _values_insert(table: Table, names: tuple[str, ...]) -> str:
    # Names from the tables' own definitions, never from a request.
    return (f"INSERT INTO {table.name} ({', '.join(names)}) "  # noqa: S608
            f"VALUES ({', '.join('?' for _ in names)})")


@cache
def _portable_update(table: Table, names: tuple[str, ...], key: str) -> Any:
    return update(table).where(table.c[key] == bindparam(f"_{key}")).values(
        {n: bindparam(f"_{n}") for n in names if n != key})
