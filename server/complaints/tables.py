"""Complaints (pengaduan) and their history of replies and status changes.

The contact is optional and given only with consent: sealed (server.vault) beside a
masked copy, never stored in the clear. The history is append-only: a reply or a
status change adds a row, nothing is edited.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime


class ComplaintRow(Base):
    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10))
    contact_consent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    contact_name_sealed: Mapped[str | None] = mapped_column(String(300), nullable=True)
    contact_phone_sealed: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contact_name_masked: Mapped[str | None] = mapped_column(String(100), nullable=True)
    contact_phone_masked: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    respond_by: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)


class ComplaintUpdateRow(Base):
    __tablename__ = "complaint_update"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    status: Mapped[str | None] = mapped_column(String(12), nullable=True)
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)
    by: Mapped[str] = mapped_column(String(64))
