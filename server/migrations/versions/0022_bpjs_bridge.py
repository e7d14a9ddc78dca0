"""bpjs bridge: bridged facilities, poli and doctor mappings, the outbox to Antrol and
what a Mobile JKN booking carried (server/bpjs/tables.py)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 04:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from server.db import UtcDateTime

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'bpjs_bridge',
        sa.Column('facility_id', sa.String(length=64), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('changed_at', UtcDateTime(timezone=True), nullable=False),
        sa.Column('changed_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['facility_id'], ['facility.id']),
        sa.PrimaryKeyConstraint('facility_id'),
    )
    op.create_table(
        'bpjs_poli',
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('facility_id', sa.String(length=64), nullable=False),
        sa.Column('kodepoli', sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['facility_id'], ['facility.id']),
        sa.ForeignKeyConstraint(['service_id'], ['service.id']),
        sa.PrimaryKeyConstraint('service_id'),
        sa.UniqueConstraint('facility_id', 'kodepoli'),
    )
    op.create_index('ix_bpjs_poli_facility_id', 'bpjs_poli', ['facility_id'])
    op.create_table(
        'bpjs_doctor',
        sa.Column('doctor_id', sa.Integer(), nullable=False),
        sa.Column('facility_id', sa.String(length=64), nullable=False),
        sa.Column('kodedokter', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['doctor_id'], ['doctor.id']),
        sa.ForeignKeyConstraint(['facility_id'], ['facility.id']),
        sa.PrimaryKeyConstraint('doctor_id'),
        sa.UniqueConstraint('facility_id', 'kodedokter'),
    )
    op.create_index('ix_bpjs_doctor_facility_id', 'bpjs_doctor', ['facility_id'])
    op.create_table(
        'bpjs_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('facility_id', sa.String(length=64), nullable=False),
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('happened_at', UtcDateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=8), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', UtcDateTime(timezone=True), nullable=False),
        sa.Column('claimed_until', UtcDateTime(timezone=True), nullable=True),
        sa.Column('last_code', sa.String(length=10), nullable=True),
        sa.Column('last_message', sa.String(length=300), nullable=True),
        sa.Column('sent_at', UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['facility_id'], ['facility.id']),
        sa.ForeignKeyConstraint(['visit_id'], ['visit.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('visit_id', 'kind', 'task_id'),
    )
    op.create_index('ix_bpjs_outbox_due', 'bpjs_outbox', ['state', 'next_attempt_at'])
    op.create_index('ix_bpjs_outbox_facility_id', 'bpjs_outbox', ['facility_id'])
    op.create_table(
        'bpjs_visit',
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('kodedokter', sa.Integer(), nullable=True),
        sa.Column('jampraktek', sa.String(length=11), nullable=True),
        sa.Column('jeniskunjungan', sa.Integer(), nullable=True),
        sa.Column('nomorreferensi', sa.String(length=40), nullable=True),
        sa.Column('norm', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(['visit_id'], ['visit.id']),
        sa.PrimaryKeyConstraint('visit_id'),
    )


def downgrade() -> None:
    op.drop_table('bpjs_visit')
    op.drop_index('ix_bpjs_outbox_facility_id', table_name='bpjs_outbox')
    op.drop_index('ix_bpjs_outbox_due', table_name='bpjs_outbox')
    op.drop_table('bpjs_outbox')
    op.drop_index('ix_bpjs_doctor_facility_id', table_name='bpjs_doctor')
    op.drop_table('bpjs_doctor')
    op.drop_index('ix_bpjs_poli_facility_id', table_name='bpjs_poli')
    op.drop_table('bpjs_poli')
    op.drop_table('bpjs_bridge')
