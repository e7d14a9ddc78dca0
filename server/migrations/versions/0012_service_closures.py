"""service closures: a closure (and its announcement) may name one service

A 24-hour UGD stays open through national holidays, cuti bersama and closures of its
facility; only a closure that names the service itself closes it.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-03 11:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ('closure', 'announcement'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('service_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(f'fk_{table}_service_id', 'service', ['service_id'], ['id'])


def downgrade() -> None:
    for table in ('closure', 'announcement'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_service_id', type_='foreignkey')
            batch_op.drop_column('service_id')
