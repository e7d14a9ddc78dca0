"""ticket: `revision`, raised by a trigger on every update of the row (0 when
inserted), and an index (service, day, revision) to sum a day's revisions: how the
issuing transaction knows that nobody changed a day's tickets since it last read
them (`server.queue.day_orders`)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 09:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0025'
down_revision: str | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRES_UP = [
    """CREATE FUNCTION ticket_next_revision() RETURNS trigger AS $$
       BEGIN NEW.revision := OLD.revision + 1; RETURN NEW; END
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ticket_revision BEFORE UPDATE ON ticket
       FOR EACH ROW EXECUTE FUNCTION ticket_next_revision()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS ticket_revision ON ticket",
    "DROP FUNCTION IF EXISTS ticket_next_revision()",
]
# SQLite has no BEFORE trigger that changes NEW: the row is updated once more, after,
# unless the statement itself raised the revision (recursive triggers are off anyway).
SQLITE_UP = [
    """CREATE TRIGGER ticket_revision AFTER UPDATE ON ticket
       FOR EACH ROW WHEN NEW.revision <= OLD.revision
       BEGIN UPDATE ticket SET revision = OLD.revision + 1 WHERE id = NEW.id; END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS ticket_revision"]


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        # A plain '0' (not a SQL expression): SQLite adds the column in place, no table copy.
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_ticket_revision', ['service_id', 'service_date', 'revision'], unique=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_UP if postgres else SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_DOWN if postgres else SQLITE_DOWN:
        op.execute(statement)
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_revision')
        batch_op.drop_column('revision')
