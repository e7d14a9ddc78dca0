"""a booking's chosen doctor: `visit.doctor_id` (NULL: any doctor)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 20:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('doctor_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_visit_doctor_id_doctor', 'doctor', ['doctor_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_constraint('fk_visit_doctor_id_doctor', type_='foreignkey')
        batch_op.drop_column('doctor_id')
