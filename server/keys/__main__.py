"""Key generations of the service's database (the one `python -m server` would open).

    python -m server.keys status             # generations, and values per key id
    python -m server.keys rotate [--batch N] [--settle-seconds S]

`rotate` runs beside the running service: it adds a key generation, waits until every
instance has read it (`--settle-seconds`, by default twice LSR_DIRECTORY_REFRESH_SECONDS
and a second), re-seals every sealed value in batches, and retires the old generation.
Run it again if it was interrupted: it finishes the rotation under way. To change the
secret itself, see docs/deploy.md ("Rotating the keys").
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import time

from server.db import Database
from server.keys.rotation import RotationBlocked, rotate, status
from server.settings import Settings


def _status(db: Database) -> None:
    with db.read() as session:
        found = status(session=session)
    print("key generations:", ", ".join(f"{kid} ({state})" for kid, state in found.generations))
    for kid, total in found.by_kid().items():
        print(f"  {kid}: {total} sealed values, {found.idempotency[kid]} idempotency records")
    for column, counts in found.sealed.items():
        shown = ", ".join(f"{kid} {n}" for kid, n in counts.items() if n)
        print(f"    {column}: {shown or 'none'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m server.keys", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("status", help="generations and how many values each key id holds")
    rotate_cmd = commands.add_parser("rotate", help="a new key generation; re-seal everything")
    rotate_cmd.add_argument("--batch", type=int, default=500, help="rows per transaction")
    rotate_cmd.add_argument("--settle-seconds", type=float, default=None,
                            help="how long every instance needs to read the generations again")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings()
    db = Database(settings.resolved_database_url())
    try:
        if args.command == "rotate":
            wait = (args.settle_seconds if args.settle_seconds is not None
                    else 2 * settings.directory_refresh_seconds + 1)

            def settle(step: str) -> None:
                if step != "batch":
                    print(f"{step}; waiting {wait:g} s for every instance to read the keys again")
                    time.sleep(wait)

            try:
                done = rotate(db=db, secrets=settings.resolved_secrets(), now=lambda: dt.datetime.now(dt.UTC),
                              settle=settle, batch=args.batch)
            except RotationBlocked as blocked:
                raise SystemExit(f"rotation stopped: {blocked}") from None
            print(f"rotated to {done.kid}: {done.resealed} rows re-sealed, "
                  f"retired {', '.join(done.retired) or 'none'}")
        _status(db)
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
