"""service settings with effective dates: a service's quotas per weekday, average
minutes and counters from a date on (`service_setting`), today's values backfilled as
each service's first version; a service can be disabled; a facility keeps who
confirmed which of its unconfirmed marks

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-03 23:00:00.000000
"""
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0018'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    setting = op.create_table(
        'service_setting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('quota_jkn', sa.JSON(), nullable=False),
        sa.Column('quota_non_jkn', sa.JSON(), nullable=False),
        sa.Column('quota_walkin', sa.JSON(), nullable=False),
        sa.Column('avg_service_minutes', sa.Float(), nullable=False),
        sa.Column('counters', sa.JSON(), nullable=False),
        sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['service_id'], ['service.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('service_id', 'effective_from'),
    )
    op.create_index('ix_service_setting_service_id', 'service_setting', ['service_id'], unique=False)
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed', sa.JSON(), nullable=True))
    # Today's values as each service's first version, in force since ever (1 Jan 2000):
    # the days already counted keep the quotas their counters hold.
    service = sa.table(
        'service', sa.column('id', sa.Integer()), sa.column('quota_jkn', sa.Integer()),
        sa.column('quota_non_jkn', sa.Integer()), sa.column('quota_walkin', sa.Integer()),
        sa.column('avg_service_minutes', sa.Float()),
    )
    rows = op.get_bind().execute(sa.select(service)).all()
    now = dt.datetime.now(dt.UTC)
    if rows:
        op.bulk_insert(setting, [
            {"service_id": r.id, "effective_from": dt.date(2000, 1, 1),
             "quota_jkn": [r.quota_jkn] * 7, "quota_non_jkn": [r.quota_non_jkn] * 7,
             "quota_walkin": [r.quota_walkin] * 7, "avg_service_minutes": r.avg_service_minutes,
             "counters": [], "created_at": now, "created_by": "migration-0018"}
            for r in rows
        ])


def downgrade() -> None:
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_column('confirmed')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('disabled')
    op.drop_index('ix_service_setting_service_id', table_name='service_setting')
    op.drop_table('service_setting')
