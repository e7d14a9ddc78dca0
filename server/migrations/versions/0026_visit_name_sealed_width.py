"""visit.name_sealed: 400 characters. A name of 100 letters, each two bytes in UTF-8 (the
accented Latin letters of a KTP), seals to ~308 characters: over the 300 it had, so
PostgreSQL refused the booking (SQLite keeps any length; its table is rebuilt, as for
any change of a column there)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 17:45:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0026'
down_revision: str | None = '0025'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.alter_column('name_sealed', type_=sa.String(400), existing_type=sa.String(300),
                              existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.alter_column('name_sealed', type_=sa.String(300), existing_type=sa.String(400),
                              existing_nullable=True)
