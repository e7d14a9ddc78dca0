"""Fresh databases for tests, fast: migrate and seed once into a template, then copy.

SQLite: the template file is copied. PostgreSQL (`TEST_DATABASE_URL`): each test
gets `CREATE DATABASE … TEMPLATE` a template of its own set (`PostgresDatabases`).
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from server.db import Database
from server.migrate import upgrade
from server.seed.load import seed_if_empty

PG_URL = os.environ.get("TEST_DATABASE_URL")
AHEAD = 2
"""PostgreSQL copies kept ready."""


def _prepare(url: str) -> None:
    db = Database(url)
    upgrade(db.engine)
    with db.write_transaction() as session:
        seed_if_empty(session=session, demo=True)
    db.dispose()


class SqliteDatabases:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.template = root / "template.db"
        _prepare(f"sqlite:///{self.template}")

    def new(self) -> str:
        path = self.root / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"


class PostgresDatabases:
    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(
            self.url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=None
        )
        # A template of its own: several test runs on one cluster (CI beside a developer's
        # run of one file, several work trees), or several sets in one run, never drop or
        # copy each other's (a template migrated by another branch's code, or dropped
        # while copied from, failed every PostgreSQL test of the other run).
        self.template = f"{self.url.database}_template_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with self.admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {self.template}"))
        _prepare(self.url.set(database=self.template).render_as_string(hide_password=False))
        self.created: set[str] = set()
        # A copy takes about half a second of PostgreSQL's time, most of each test's
        # setup; made ahead on a thread while the test before runs (test_bookings'
        # PostgreSQL half: 20.9 s → 15.6 s).
        self.ready: queue.Queue[str] = queue.Queue(maxsize=AHEAD)
        self.closing = threading.Event()
        self.maker = threading.Thread(target=self._make_ahead, name="pg-copies", daemon=True)
        self.maker.start()

    def _copy(self) -> str:
        name = f"lsr_t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name} TEMPLATE {self.template}"))
        self.created.add(name)
        return name

    def _make_ahead(self) -> None:
        while not self.closing.is_set():
            name = self._copy()
            while not self.closing.is_set():
                try:
                    self.ready.put(name, timeout=0.2)
                    break
                except queue.Full:
                    continue

    def new(self) -> str:
        """A fresh copy of the template, made ahead (or now, should the maker have died)."""
        try:
            name = self.ready.get(timeout=30 if self.maker.is_alive() else 0)
        except queue.Empty:
            name = self._copy()
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self.created.discard(name or "")
        with self.admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def close(self) -> None:
        self.closing.set()
        self.maker.join(timeout=30)
        with self.admin.connect() as c:
            for name in list(self.created):  # the ones made ahead and never used
                c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            c.execute(text(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)"))
        self.admin.dispose()
