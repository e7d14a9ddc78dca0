"""Time-based one-time codes (RFC 6238, pyotp) for admins: Dinkes and facility admins.

Enrolment: a new secret, sealed at rest (server/vault.py), shown once as text and as
an otpauth:// URI (the app draws it as a QR code with segno); in force only once a
first code from the person's app confirms it. Then ten recovery codes, shown once and
kept as keyed hashes, each good for one sign-in instead of a code. A code is checked
against the service's clock (the real time under a demo clock, `LSR_DEMO_CLOCK`: the
app on the admin's phone knows no other), one time step either side, and never accepted twice
(the last step used is kept).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

import pyotp
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api_client.models import Role, TotpEnrolment
from server.staff.tables import RecoveryCodeRow, StaffAccountRow
from server.vault import Vault

ISSUER = "Layanan Sehat Rembang"
TOTP_ROLES = frozenset({Role.admin})
RECOVERY_CODES = 10
SEALED_AS = "staff-totp-secret"
HASHED_AS = "staff-recovery-code"
_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L: read off paper and typed


def needs_totp(account: StaffAccountRow) -> bool:
    return Role(account.role) in TOTP_ROLES


def start_enrolment(account: StaffAccountRow, *, vault: Vault) -> TotpEnrolment:
    """A new secret, pending until confirmed (a second start replaces the first)."""
    secret = pyotp.random_base32()
    account.totp_secret_sealed = vault.seal(secret, purpose=SEALED_AS)
    account.totp_enabled = False
    account.totp_last_step = None
    uri = pyotp.TOTP(secret).provisioning_uri(name=account.username, issuer_name=ISSUER)
    return TotpEnrolment(secret=secret, otpauth_uri=uri)


def confirm_enrolment(
    *, session: Session, account: StaffAccountRow, code: str, vault: Vault, now: dt.datetime
) -> list[str] | None:
    """Put the pending secret in force if `code` is right; the recovery codes (shown
    once), or None for a wrong code."""
    if account.totp_secret_sealed is None or not _totp_matches(account, code, vault=vault, now=now):
        return None
    account.totp_enabled = True
    session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.account_id == account.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    for code_text in codes:
        session.add(RecoveryCodeRow(account_id=account.id, code_hash=_hash(code_text, vault)))
    return codes


def code_is_good(
    *, session: Session, account: StaffAccountRow, code: str, vault: Vault, now: dt.datetime
) -> bool:
    """A current code of the account's app, or one of its unused recovery codes (then used)."""
    typed = code.strip().replace(" ", "")
    if typed.isdigit():
        return _totp_matches(account, typed, vault=vault, now=now)
    wanted = _hashes(typed, vault)
    for row in session.scalars(select(RecoveryCodeRow).where(
        RecoveryCodeRow.account_id == account.id, RecoveryCodeRow.used_at.is_(None),
    ).with_for_update()):
        if any(hmac.compare_digest(row.code_hash, one) for one in wanted):
            row.used_at = now
            return True
    return False


def remove_totp(*, session: Session, account: StaffAccountRow) -> None:
    """A lost phone: the account enrols again at its next sign-in."""
    account.totp_secret_sealed = None
    account.totp_enabled = False
    account.totp_last_step = None
    session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.account_id == account.id))


def _totp_matches(account: StaffAccountRow, code: str, *, vault: Vault, now: dt.datetime) -> bool:
    if account.totp_secret_sealed is None or len(code) != 6:
        return False
    totp = pyotp.TOTP(vault.open(account.totp_secret_sealed, purpose=SEALED_AS))
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if account.totp_last_step is not None and step <= account.totp_last_step:
            continue  # used already (or older than a code used already)
        if hmac.compare_digest(totp.generate_otp(step), code):
            account.totp_last_step = step
            return True
    return False


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _normal(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def _hash(code: str, vault: Vault) -> str:
    return vault.lookup_key(_normal(code), purpose=HASHED_AS)


def _hashes(code: str, vault: Vault) -> tuple[str, ...]:
    """Under every key generation whose secret is configured: a recovery code cannot be
    hashed again by a key rotation (only its hash is kept), so one made before a rotation
    stays good as long as the secret it was made under is set (changing the secret
    itself ends them: `python -m server.accounts reset-totp`)."""
    kids = [kid for kid, generation in vault.keyring.generations.items() if generation.keys]
    return tuple(vault.lookup_key(_normal(code), purpose=HASHED_AS, kid=kid) for kid in kids)
