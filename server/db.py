"""Database engine and sessions: SQLite (embedded, WAL) or PostgreSQL (psycopg 3).

Writes that allocate numbers run in `write_transaction`: on SQLite it takes a
process-wide lock, then an exclusive `flock` on a lock file beside the database
(so the worker processes of `python -m server --workers N` queue too), and
`BEGIN IMMEDIATE`: concurrent writers wait their turn and are woken at once
instead of sleeping in SQLite's busy handler (1, 2, 5, 10… ms naps). What runs in
`after_commit` still holds both locks, so it happens in commit order across
processes (the live-event relay relies on that). On PostgreSQL it is a plain
transaction and row locks do the ordering.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

try:
    import fcntl
except ImportError:  # Windows: one process, the thread lock alone
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator


class Base(DeclarativeBase):
    pass


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware moment, stored in UTC on every backend, returned aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime refused: {value!r}")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


T = TypeVar("T")

WAL_AUTOCHECKPOINT_PAGES = 1_000
"""SQLite's default `wal_autocheckpoint`, left as it is: the commit that brings the WAL
to this many pages copies them into the database file and syncs it."""
CHECKPOINT_AHEAD_PAGES = 800
"""`Database.checkpoint_due` from here: a batch of bookings writes far fewer pages than
the 200 left before SQLite's own checkpoint would run in its commit."""

READS_ONLY = "reads_only"
"""`Session.info` key: a session of `Database.read`, which writes nothing."""


class WriterBusy(Exception):
    """Another writer holds the SQLite database (`Database.write_transaction(wait=False)`)."""


class PerDatabase(Generic[T]):
    """One `T` per database (engine) of this process: what a process keeps in memory
    about a database's rows, never shared with another database's."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._of: weakref.WeakKeyDictionary[Engine, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def of(self, session: Session) -> T:
        engine = session.get_bind()
        assert isinstance(engine, Engine)
        with self._lock:
            kept = self._of.get(engine)
            if kept is None:
                kept = self._of[engine] = self._factory()
            return kept


class Database:
    """One engine, a session factory and the write discipline for its backend."""

    def __init__(self, url: str, *, sqlite_synchronous: str = "NORMAL") -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.engine = _sqlite_engine(url, sqlite_synchronous)
        else:
            self.engine = create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = threading.Lock() if self.is_sqlite else None
        self.local_commits = self.is_sqlite and sqlite_synchronous.upper() in ("NORMAL", "OFF")
        """A commit is local work: SQLite in WAL mode, no fsync at commit (a checkpoint,
        every thousand pages or so, still syncs)."""
        self.sqlite_file = _sqlite_file(url) if self.is_sqlite else None
        self._lock_path = f"{self.sqlite_file}.write-lock" if self.sqlite_file else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            session.info[READS_ONLY] = True  # what it sees is committed (server.queue.day_orders)
            yield session

    @contextmanager
    def write_transaction(self, *, wait: bool = True) -> Iterator[Session]:
        """A transaction that commits on success and rolls back on any error.

        SQLite has one writer at a time (this process's threads, then its processes:
        a lock file); `wait=False` raises `WriterBusy` at once, before anything is
        read, when another holds it, instead of waiting (an event loop that must not
        block: `server.queue.group_commit`). PostgreSQL has no such lock."""
        if self._write_lock is None:
            with self.sessions.begin() as session:
                yield session
            return
        if not self._write_lock.acquire(blocking=wait):
            raise WriterBusy
        try:
            with self._between_processes(wait=wait), self.sessions() as session:
                session.connection(execution_options={"sqlite_begin": "BEGIN IMMEDIATE"})
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        finally:
            self._write_lock.release()

    @contextmanager
    def _between_processes(self, *, wait: bool) -> Iterator[None]:
        """The lock file is opened per transaction (~10 µs): closing it releases the
        lock even if this process dies, and nothing stays open to leak."""
        if self._lock_path is None or fcntl is None:
            yield
            return
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise WriterBusy from None
            yield
        finally:
            os.close(fd)

    def checkpoint_due(self) -> bool:
        """Whether the SQLite WAL is close to `WAL_AUTOCHECKPOINT_PAGES`: the next
        commits would copy it back and sync the file, 15–35 ms on this project's
        machines (bench/loop_stalls.py). False for PostgreSQL or in memory."""
        return (self.wal_frames() or 0) >= CHECKPOINT_AHEAD_PAGES

    def wal_frames(self) -> int | None:
        """The frames (pages) in SQLite's WAL since it last started again: `mxFrame`
        of the WAL index's header (https://www.sqlite.org/walformat.html, native
        byte order); None for PostgreSQL, in memory, or before the first write."""
        if self.sqlite_file is None:
            return None
        try:
            with open(f"{self.sqlite_file}-shm", "rb", buffering=0) as shm:
                header = shm.read(20)
        except OSError:
            return None
        return int(struct.unpack_from("=I", header, 16)[0]) if len(header) == 20 else None

    def checkpoint(self) -> None:
        """Copy the WAL into the database file now, holding the writers' lock (so it
        copies every frame and the next commit starts the WAL again): for a caller
        that must not wait for the disk itself (`server.queue.group_commit`)."""
        if self._write_lock is None:
            return
        with self._write_lock, self._between_processes(wait=True):
            connection = self.engine.raw_connection()
            try:
                connection.driver_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                connection.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_file(url: str) -> str | None:
    """The database file of a SQLite URL; None for an in-memory database."""
    path = url.split("///", 1)[1] if "///" in url else ""
    if not path or path.startswith(":memory:"):
        return None
    return path.split("?", 1)[0]


def _sqlite_engine(url: str, synchronous: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        # Deferred BEGIN for reads; BEGIN IMMEDIATE when write_transaction asks.
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine
