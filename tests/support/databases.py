"""Fresh databases for tests, fast: migrate and seed once into a template, then copy.

SQLite: the template file is copied. PostgreSQL (`TEST_DATABASE_URL`): each test
gets `CREATE DATABASE … TEMPLATE lsr_template`.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from server.db import Database
from server.migrate import upgrade
from server.seed.load import seed_if_empty

PG_URL = os.environ.get("TEST_DATABASE_URL")
# One template per test run (its process): several runs on one cluster (CI beside a
# developer's run of one file, several work trees) each drop and make their own, and
# never the template another run is copying from. Named after the test database too.
TEMPLATE_DB = f"{make_url(PG_URL).database}_template_{os.getpid()}" if PG_URL else "lsr_template"


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
        with self.admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"))
            c.execute(text(f"CREATE DATABASE {TEMPLATE_DB}"))
        _prepare(self.url.set(database=TEMPLATE_DB).render_as_string(hide_password=False))
        self.created: list[str] = []

    def new(self) -> str:
        name = f"lsr_t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}"))
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def close(self) -> None:
        with self.admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"))
        self.admin.dispose()
