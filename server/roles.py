"""PostgreSQL: let the service run as a role of its own, which is neither the
owner of the tables nor a superuser, so the audit trail is out of its reach.

    DATABASE_URL=<the owner's URL> python -m server.roles grant lsr_service

Run it as the owner after the migrations (the first start, or `python -m server`
once with the owner's URL) and again after a release that adds tables. The service
role may read and write every table except the audit trail, where it may only add
rows: `audit_event`'s triggers refuse UPDATE, DELETE and TRUNCATE to everyone, and
only the owner could drop them (docs/deploy.md, "Database roles").
"""

from __future__ import annotations

import argparse
import re

from sqlalchemy import create_engine, text

from server.settings import Settings

APPEND_ONLY = ("audit_event",)
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant(owner_url: str, role: str) -> None:
    if not ROLE_NAME.match(role):
        raise SystemExit(f"not a plain role name: {role!r}")
    engine = create_engine(owner_url)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}" for table in APPEND_ONLY),
    ]
    try:
        with engine.begin() as connection:
            database = connection.execute(text("SELECT current_database()")).scalar_one()
            connection.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {role}'))
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m server.roles", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("grant", help="give the service role what it needs").add_argument("role")
    args = parser.parse_args()
    url = Settings().resolved_database_url()
    if url.startswith("sqlite"):
        raise SystemExit("SQLite has no roles: this is for PostgreSQL (DATABASE_URL)")
    grant(url, args.role)


if __name__ == "__main__":
    main()
