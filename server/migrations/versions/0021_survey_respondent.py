"""survey: the respondent's profile in the SKM report's categories (age group, sex,
education, job), each NULL when skipped

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 00:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (('age_group', 10), ('sex', 10), ('education', 10), ('job', 16))


def upgrade() -> None:
    with op.batch_alter_table('survey', schema=None) as batch_op:
        for name, length in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('survey', schema=None) as batch_op:
        for name, _length in reversed(COLUMNS):
            batch_op.drop_column(name)
