"""visit: the closure announcement that cancelled it (`cancelled_by_announcement_id`), so
its ticket keeps saying why after the closure is withdrawn; NULL for older rows, whose
ticket still reads the facility's current closures

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 08:15:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_by_announcement_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_visit_cancelled_by_announcement_id', 'announcement', ['cancelled_by_announcement_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_constraint('fk_visit_cancelled_by_announcement_id', type_='foreignkey')
        batch_op.drop_column('cancelled_by_announcement_id')
