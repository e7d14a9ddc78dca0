"""The migrations build exactly the tables the code declares: a column or index added
to a model without its migration (or the other way round) fails here, not in an
office's database."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.migrate import upgrade
from server.tables import metadata


def test_the_migrated_schema_is_the_declared_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'lsr.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
