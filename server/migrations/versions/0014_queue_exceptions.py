"""queue exceptions: counter breaks, and skipped tickets returned to the waiting list

A counter's breaks (`counter_break`, one open break per service, day and counter);
the service day counts its calls (`service_day.calls_made`), the clock of a returned
ticket's place rule (`ticket.requeued_at`, `ticket.return_after_call`).

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-03 17:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'counter_break',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('service_date', sa.Date(), nullable=False),
        sa.Column('counter', sa.String(length=40), nullable=False),
        sa.Column('paused_at', server.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column('paused_by', sa.String(length=64), nullable=False),
        sa.Column('resumed_at', server.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column('resumed_by', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['service_id'], ['service.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'uq_counter_break_open', 'counter_break', ['service_id', 'service_date', 'counter'],
        unique=True, sqlite_where=sa.text('resumed_at IS NULL'),
        postgresql_where=sa.text('resumed_at IS NULL'),
    )
    with op.batch_alter_table('service_day', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calls_made', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requeued_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('return_after_call', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('return_after_call')
        batch_op.drop_column('requeued_at')
    with op.batch_alter_table('service_day', schema=None) as batch_op:
        batch_op.drop_column('calls_made')
    op.drop_index('uq_counter_break_open', table_name='counter_break')
    op.drop_table('counter_break')
