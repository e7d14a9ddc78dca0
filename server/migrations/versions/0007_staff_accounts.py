"""staff accounts: demo marks, sessions that end

- `demo` on staff accounts and kiosk devices: the seeded demo credentials, so a
  start with demo off can disable them (server/staff/demo.py). Before this revision
  only the seed created accounts and keys, so the existing demo ones are recognised
  by their seeded names (`dinkes`, `<role>.<facility id>`) and kiosk key hashes.
- `staff_session`: one row per sign-in; a token names its row, and a sign-out, a
  password change or a deactivation ends it (server/staff/sessions.py).
- `password_change_required`: a password set by `python -m server.accounts` must be
  changed at the first sign-in.
- time-based one-time codes for admins: the sealed secret, whether it is in force,
  the last time step used; `staff_recovery_code` (keyed hashes, single use).
- `sign_in_failure` replaces the per-account lock (`failed_logins`, `locked_until`):
  failures per (username, address) and per username (server/staff/throttle.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:40:00.000000
"""
import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEMO_ROLES = ("loket", "poli", "apotek", "admin")


def upgrade() -> None:
    with op.batch_alter_table('staff_account') as batch:
        batch.add_column(sa.Column('demo', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column(
            'password_change_required', sa.Boolean(), nullable=False, server_default=sa.false()
        ))
        batch.add_column(sa.Column('totp_secret_sealed', sa.String(length=300), nullable=True))
        batch.add_column(sa.Column('totp_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
        batch.drop_column('failed_logins')
        batch.drop_column('locked_until')
    with op.batch_alter_table('kiosk_device') as batch:
        batch.add_column(sa.Column('demo', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table('staff_session',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('signed_in_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['staff_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_session_account_id', 'staff_session', ['account_id'])
    op.create_table('sign_in_failure',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('staff_recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['staff_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_recovery_code_account_id', 'staff_recovery_code', ['account_id'])
    _mark_seeded_demo_credentials()


def _mark_seeded_demo_credentials() -> None:
    bind = op.get_bind()
    facility_ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM facility"))]
    names = ["dinkes", *(f"{role}.{f}" for f in facility_ids for role in DEMO_ROLES)]
    hashes = [hashlib.sha256(f"demo-kiosk-{f}".encode()).hexdigest() for f in facility_ids]
    account = sa.table('staff_account', sa.column('username', sa.String), sa.column('demo', sa.Boolean))
    kiosk = sa.table('kiosk_device', sa.column('key_hash', sa.String), sa.column('demo', sa.Boolean))
    bind.execute(account.update().where(account.c.username.in_(names)).values(demo=True))
    bind.execute(kiosk.update().where(kiosk.c.key_hash.in_(hashes)).values(demo=True))


def downgrade() -> None:
    op.drop_table('sign_in_failure')
    op.drop_index('ix_staff_recovery_code_account_id', table_name='staff_recovery_code')
    op.drop_table('staff_recovery_code')
    op.drop_index('ix_staff_session_account_id', table_name='staff_session')
    op.drop_table('staff_session')
    with op.batch_alter_table('kiosk_device') as batch:
        batch.drop_column('demo')
    with op.batch_alter_table('staff_account') as batch:
        batch.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('locked_until', server.db.UtcDateTime(timezone=True), nullable=True))
        batch.drop_column('totp_last_step')
        batch.drop_column('totp_enabled')
        batch.drop_column('totp_secret_sealed')
        batch.drop_column('password_change_required')
        batch.drop_column('demo')
