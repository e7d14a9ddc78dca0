"""key generations

The key generations (server/keys/ring.py): generation 1, key id `v1`, holds the seal
and look-up keys used so far, so every sealed value opens unchanged. The idempotency
record keeps a keyed hash `<kid>:<hex>` from now on; the plain SHA-256 hashes of
request bodies (which hold personal data) kept so far are deleted with their records:
a retry across this upgrade counts as a new request.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:00:00.000000
"""
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    generations = op.create_table('key_generation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('secret_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('retired_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kid')
    )
    op.bulk_insert(generations, [
        {"id": 1, "kid": "v1", "state": "active", "secret_id": None,
         "created_at": dt.datetime.now(dt.UTC), "retired_at": None},
    ])
    op.execute("DELETE FROM idempotency_key")
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.alter_column('request_hash', existing_type=sa.String(length=64),
                              type_=sa.String(length=96), existing_nullable=False)


def downgrade() -> None:
    op.execute("DELETE FROM idempotency_key")
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.alter_column('request_hash', existing_type=sa.String(length=96),
                              type_=sa.String(length=64), existing_nullable=False)
    op.drop_table('key_generation')
