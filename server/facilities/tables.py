"""Tables of the facility directory: facilities, services, hours, doctors, closures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, UtcDateTime


class FacilityRow(Base):
    __tablename__ = "facility"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    kecamatan: Mapped[str] = mapped_column(String(60), index=True)
    kecamatan_code: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    unconfirmed: Mapped[list[str]] = mapped_column(JSON, default=list)
    confirmed: Mapped[list[dict[str, str]] | None] = mapped_column(JSON, default=list)
    """The marks cleared: `{"field", "by", "at"}` each (server/facilities/edits.py)."""

    services: Mapped[list[ServiceRow]] = relationship(
        back_populates="facility", order_by="ServiceRow.id"
    )


class ServiceRow(Base):
    __tablename__ = "service"
    __table_args__ = (
        UniqueConstraint("facility_id", "code"),
        UniqueConstraint("facility_id", "prefix"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))
    prefix: Mapped[str] = mapped_column(String(2))
    online: Mapped[bool] = mapped_column(Boolean)
    walkin: Mapped[bool] = mapped_column(Boolean)
    quota_jkn: Mapped[int] = mapped_column(Integer)
    quota_non_jkn: Mapped[int] = mapped_column(Integer)
    quota_walkin: Mapped[int] = mapped_column(Integer)
    avg_service_minutes: Mapped[float] = mapped_column(Float)
    unconfirmed: Mapped[list[str]] = mapped_column(JSON, default=list)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Offered no more (no booking, no walk-in, not listed); its tickets stay."""

    facility: Mapped[FacilityRow] = relationship(back_populates="services")


class HoursRow(Base):
    """Opening hours on one weekday, for a facility or (when service_id is set) a service."""

    __tablename__ = "opening_hours"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), nullable=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens_minute: Mapped[int] = mapped_column(Integer)
    closes_minute: Mapped[int] = mapped_column(Integer)


class DoctorRow(Base):
    __tablename__ = "doctor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    unconfirmed: Mapped[list[str]] = mapped_column(JSON, default=list)
    sip: Mapped[str | None] = mapped_column(String(40), nullable=True)  # Surat Izin Praktik
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())  # False: retired


class DoctorScheduleRow(Base):
    __tablename__ = "doctor_schedule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    starts_minute: Mapped[int] = mapped_column(Integer)
    ends_minute: Mapped[int] = mapped_column(Integer)


class ClosureRow(Base):
    """A closed day: regional cuti bersama (facility_id NULL), one facility's closure, or
    one service's (service_id set: the only way a 24-hour UGD closes)."""

    __tablename__ = "closure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[str | None] = mapped_column(ForeignKey("facility.id"), nullable=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), nullable=True)
    service_date: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(200))
    announcement_id: Mapped[int | None] = mapped_column(
        ForeignKey("announcement.id"), nullable=True, index=True
    )  # the closure announcement that made it (withdrawing it removes the row)


class ServiceSettingRow(Base):
    """A service's quotas per weekday, average minutes and counters from `effective_from`
    on, until the next version's date (server/facilities/service_settings.py). The
    quotas are lists of 7 numbers, Monday first."""

    __tablename__ = "service_setting"
    __table_args__ = (UniqueConstraint("service_id", "effective_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    quota_jkn: Mapped[list[int]] = mapped_column(JSON)
    quota_non_jkn: Mapped[list[int]] = mapped_column(JSON)
    quota_walkin: Mapped[list[int]] = mapped_column(JSON)
    avg_service_minutes: Mapped[float] = mapped_column(Float)
    counters: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(64))
