"""desk channel: a walk-in issued by staff at the loket is channel "desk" (was "staff")

The console's own walk-in dialog issues them now; the dashboard's "Loket petugas".
Stored visits are rewritten, and so are the stored answers replayed for an
idempotency key (a replay must parse with the new contract).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 17:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VISITS = sa.text("UPDATE visit SET channel = :new WHERE channel = :old")
_ANSWERS = sa.text(
    "UPDATE idempotency_key SET body = REPLACE(body, :old_json, :new_json) WHERE body LIKE :like"
)


def _rename(old: str, new: str) -> None:
    bind = op.get_bind()
    bind.execute(_VISITS, {"old": old, "new": new})
    old_json, new_json = f'"channel":"{old}"', f'"channel":"{new}"'
    bind.execute(_ANSWERS, {"old_json": old_json, "new_json": new_json, "like": f"%{old_json}%"})


def upgrade() -> None:
    _rename('staff', 'desk')


def downgrade() -> None:
    _rename('desk', 'staff')
