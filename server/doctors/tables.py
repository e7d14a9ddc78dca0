"""A doctor's absence on one date ("dr. X cuti 12 Des"), and the announcement that
tells the patients booked that day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime


class DoctorAbsenceRow(Base):
    __tablename__ = "doctor_absence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id"), index=True)
    service_date: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(120))
    closes_service: Mapped[bool] = mapped_column()  # no other doctor that day: a closure
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcement.id"))
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    withdrawn_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
