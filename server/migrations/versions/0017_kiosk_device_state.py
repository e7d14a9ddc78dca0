"""kiosk device state: when a kiosk was enrolled, when it was last seen, and its
printer as it last reported it (the admin face's kiosk list). `enrolled_at` of
kiosks enrolled before is taken from their `kiosk_key.issue` audit row, where there
is one.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-03 23:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL_ENROLLED_AT = """
UPDATE kiosk_device SET enrolled_at = (
    SELECT min(audit_event.at) FROM audit_event
    WHERE audit_event.action = 'kiosk_key.issue'
      AND audit_event.subject = 'kiosk:' || CAST(kiosk_device.id AS VARCHAR(20))
)
"""


def upgrade() -> None:
    with op.batch_alter_table('kiosk_device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enrolled_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_seen_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('printer_status', sa.String(length=12), nullable=True))
        batch_op.add_column(
            sa.Column('printer_status_at', server.db.UtcDateTime(timezone=True), nullable=True)
        )
    op.execute(BACKFILL_ENROLLED_AT)


def downgrade() -> None:
    with op.batch_alter_table('kiosk_device', schema=None) as batch_op:
        batch_op.drop_column('printer_status_at')
        batch_op.drop_column('printer_status')
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('enrolled_at')
