"""Staff accounts, their sign-in sessions, and kiosk devices."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime


class StaffAccountRow(Base):
    __tablename__ = "staff_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    facility_id: Mapped[str | None] = mapped_column(ForeignKey("facility.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set by `python -m server.accounts` with a one-time password: sign-in then asks
    # for a new one (`POST /auth/password`) before it gives a token.
    password_change_required: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # Time-based one-time codes (server/staff/totp.py): the secret sealed (server/vault.py),
    # in force once confirmed by a first code; the last time step used (no code twice).
    totp_secret_sealed: Mapped[str | None] = mapped_column(String(300), nullable=True)
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Set by an administrator (server/staff/admin_accounts.py): without an authenticator
    # app in force, the next sign-in enrols one before it gives a token (any role).
    totp_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class StaffSessionRow(Base):
    """One sign-in. Its tokens (and their refreshes) name it; once ended, they all stop."""

    __tablename__ = "staff_session"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id"), index=True)
    signed_in_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class RecoveryCodeRow(Base):
    """A single-use code that stands in for the authenticator app: its keyed hash only."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class SignInFailureRow(Base):
    """Failed sign-ins under one key: a keyed hash of (username, address), of the
    username alone, of the address alone, or of an account's second factor
    (server/staff/throttle.py). Updated by atomic upserts."""

    __tablename__ = "sign_in_failure"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class KioskDeviceRow(Base):
    """A kiosk's credential: the SHA-256 of a random key (the key itself is never stored)."""

    __tablename__ = "kiosk_device"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"))
    name: Mapped[str] = mapped_column(String(60))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The admin face's kiosk list (server/staff/kiosk_devices.py): when it was enrolled,
    # its last request with its key (written at most once a minute), and its printer as
    # it last reported it (`POST /kiosk/status`: ok, paper_out, offline, none).
    enrolled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    printer_status: Mapped[str | None] = mapped_column(String(12), nullable=True)
    printer_status_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
