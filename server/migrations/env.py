"""Alembic environment: migrations run from `server.migrate`, never from a CLI config."""

from __future__ import annotations

from alembic import context

from server.tables import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
