"""announcement withdrawal: who withdrew an announcement and when; each closed day
knows the closure announcement that made it (withdrawing or changing it reopens those
days)

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-03 17:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by', sa.String(length=64), nullable=True))
    with op.batch_alter_table('closure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announcement_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_closure_announcement_id', 'announcement', ['announcement_id'], ['id']
        )
        batch_op.create_index('ix_closure_announcement_id', ['announcement_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('closure', schema=None) as batch_op:
        batch_op.drop_index('ix_closure_announcement_id')
        batch_op.drop_constraint('fk_closure_announcement_id', type_='foreignkey')
        batch_op.drop_column('announcement_id')
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_by')
        batch_op.drop_column('withdrawn_at')
