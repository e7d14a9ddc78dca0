"""visits by phone: an index for the limit on active bookings per phone

`server.bookings.limits` counts a phone's open visits of today or later inside the
allocating transaction; without an index that count reads the whole visit table.
Partial (open visits only), like the one-active-booking index on the NIK's key.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-03 08:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(
            'ix_visit_active_phone', ['phone_key', 'service_date'], unique=False,
            sqlite_where=sa.text('active = 1'), postgresql_where=sa.text('active'),
        )


def downgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_active_phone')
