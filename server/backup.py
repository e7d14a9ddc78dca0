"""Back up and restore the service's database, while it runs.

    python -m server.backup create  <file>      # SQLite: a consistent copy; PostgreSQL: pg_dump
    python -m server.backup restore <file>      # into the configured database (service stopped)
    python -m server.backup count   [<file>]    # rows per table, to compare the two

The database is the one the service would open: `DATABASE_URL`, else the SQLite file
under `LSR_DATA_DIR` (server/settings.py).

- SQLite: `VACUUM INTO` writes a consistent snapshot from one read transaction;
  writers in WAL mode go on meanwhile (nothing waits for the backup, the backup
  waits for nobody). Restore copies the file beside the database, checks it, and
  renames it into place, removing the old WAL files; run it with the service stopped.
- PostgreSQL: `pg_dump --format=custom` (a consistent snapshot too) and
  `pg_restore --clean --if-exists --no-owner --single-transaction`.

The personal data in a backup is sealed with the service's secret (server/vault.py):
a backup is readable only with the same `LSR_SECRET_KEY` (or the data folder's
`secret.key`). Keep the secret apart from the backups, and both safe: see
docs/deploy.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from server.settings import Settings


def _tool(name: str) -> str:
    """PostgreSQL's client tool (Debian's wrapper picks the installed version)."""
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} not found: install PostgreSQL's client (apt-get install postgresql-client)")
    return path


def _libpq_url(url: str) -> str:
    """`postgresql+psycopg://…` → `postgresql://…` for pg_dump and pg_restore."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def create(url: str, target: Path) -> None:
    target = target.resolve()
    if target.exists():
        raise SystemExit(f"{target} exists already; choose a new name")
    source = _sqlite_path(url)
    if source is not None:
        with sqlite3.connect(source, timeout=30) as connection:
            connection.execute("VACUUM INTO ?", (str(target),))
        connection.close()
        return
    subprocess.run(  # noqa: S603 - PostgreSQL's own tool
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}",
         f"--dbname={_libpq_url(url)}"],
        check=True,
    )


def restore(url: str, backup: Path) -> None:
    backup = backup.resolve()
    if not backup.is_file():
        raise SystemExit(f"no backup at {backup}")
    database = _sqlite_path(url)
    if database is not None:
        with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as check:
            verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.close()
        if verdict != "ok":
            raise SystemExit(f"{backup} is damaged: {verdict}")
        database.parent.mkdir(parents=True, exist_ok=True)
        incoming = database.with_name(database.name + ".restoring")
        shutil.copyfile(backup, incoming)
        with incoming.open("rb") as f:
            os.fsync(f.fileno())
        for leftover in (database.with_name(database.name + suffix) for suffix in ("-wal", "-shm")):
            leftover.unlink(missing_ok=True)
        incoming.replace(database)
        return
    subprocess.run(  # noqa: S603 - PostgreSQL's own tool
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         f"--dbname={_libpq_url(url)}", str(backup)],
        check=True,
    )


def count(url: str) -> dict[str, int]:
    """Rows per table: what a restore must give back."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {
                table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()  # noqa: S608 - names from the catalog
                for table in tables
            }
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m server.backup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, about in (("create", "back up the running service's database"),
                        ("restore", "restore into the configured database (service stopped)")):
        commands.add_parser(name, help=about).add_argument("file", type=Path)
    counting = commands.add_parser("count", help="rows per table of the database, or of a SQLite backup")
    counting.add_argument("file", type=Path, nargs="?")
    args = parser.parse_args(argv)
    url = Settings().resolved_database_url()
    if args.command == "create":
        create(url, args.file)
    elif args.command == "restore":
        restore(url, args.file)
    else:
        print(json.dumps(count(f"sqlite:///{args.file.resolve()}" if args.file else url), indent=2))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
