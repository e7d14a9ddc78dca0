"""doctors and regional announcements: a doctor's SIP and whether they still practise
(retired doctors are kept for history), their absences on a date, and announcements
for the whole regency or one kecamatan (no facility)

Revision ID: 0019
Revises: 0015
Create Date: 2026-12-03 23:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0019'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('doctor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sip', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.alter_column('facility_id', existing_type=sa.String(length=64), nullable=True)
        batch_op.add_column(sa.Column('kecamatan', sa.String(length=60), nullable=True))
    op.create_table(
        'doctor_absence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('doctor_id', sa.Integer(), nullable=False),
        sa.Column('service_date', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=120), nullable=False),
        sa.Column('closes_service', sa.Boolean(), nullable=False),
        sa.Column('announcement_id', sa.Integer(), nullable=False),
        sa.Column('cancelled', sa.Integer(), nullable=False),
        sa.Column('created_at', server.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.Column('withdrawn_at', server.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column('withdrawn_by', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['announcement_id'], ['announcement.id'], ),
        sa.ForeignKeyConstraint(['doctor_id'], ['doctor.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('doctor_absence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_doctor_absence_doctor_id'), ['doctor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_doctor_absence_service_date'), ['service_date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('doctor_absence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_doctor_absence_service_date'))
        batch_op.drop_index(batch_op.f('ix_doctor_absence_doctor_id'))
    op.drop_table('doctor_absence')
    op.execute("DELETE FROM closure WHERE announcement_id IN "
               "(SELECT id FROM announcement WHERE facility_id IS NULL)")
    op.execute("DELETE FROM announcement WHERE facility_id IS NULL")
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.drop_column('kecamatan')
        batch_op.alter_column('facility_id', existing_type=sa.String(length=64), nullable=False)
    with op.batch_alter_table('doctor', schema=None) as batch_op:
        batch_op.drop_column('active')
        batch_op.drop_column('sip')
