"""bpjs outbox: why a message is waiting, failed or skipped when BPJS did not say
(`reason`, a code the admin face words: poli_not_mapped, no_nik, unreachable, …)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 04:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('bpjs_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('bpjs_outbox', schema=None) as batch_op:
        batch_op.drop_column('reason')
