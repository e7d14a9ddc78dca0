"""Tables of the BPJS bridge: which facilities are bridged, the poli and doctor
mappings, and the outbox of what is still to be told to BPJS."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime


class BridgeRow(Base):
    """A facility whose bridge an administrator turned on (or off again). Its
    credentials are in the settings, never here."""

    __tablename__ = "bpjs_bridge"

    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    changed_by: Mapped[str] = mapped_column(String(64))


class PoliMapRow(Base):
    """One of our services as a BPJS poli (`kodepoli`, the HFIS sub-specialty code)."""

    __tablename__ = "bpjs_poli"
    __table_args__ = (UniqueConstraint("facility_id", "kodepoli"),)

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), index=True)
    kodepoli: Mapped[str] = mapped_column(String(10))


class DoctorMapRow(Base):
    """One of our doctors as a BPJS doctor (`kodedokter`, from HFIS)."""

    __tablename__ = "bpjs_doctor"
    __table_args__ = (UniqueConstraint("facility_id", "kodedokter"),)

    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id"), primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), index=True)
    kodedokter: Mapped[int] = mapped_column(Integer)


class OutboxRow(Base):
    """One message to BPJS about one visit: its registration (`add`), one task time
    (`task`, with `task_id`) or its cancellation (`cancel`). Written in the transaction
    of what it reports, once (the unique key), and sent by `server.bpjs.outbox`. No
    personal data here: the sender reads it from the visit when it sends."""

    __tablename__ = "bpjs_outbox"
    __table_args__ = (
        UniqueConstraint("visit_id", "kind", "task_id"),
        Index("ix_bpjs_outbox_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    kind: Mapped[str] = mapped_column(String(8))
    task_id: Mapped[int] = mapped_column(Integer)
    """The BPJS task id (1–7, 99); 0 for `add` and `cancel`."""
    happened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(8))
    """`waiting`, `sent` or `failed` (BPJS refused it; an admin may retry)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    """An instance is sending it until then (two instances never send it at once)."""
    reason: Mapped[str | None] = mapped_column(String(24), nullable=True)
    """Why it waits, failed or was skipped when BPJS did not say (`BpjsOutboxReason`)."""
    last_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    last_message: Mapped[str | None] = mapped_column(String(300), nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class JknVisitRow(Base):
    """What a Mobile JKN booking carried beside the visit's own columns: the doctor's
    practice hours and the visit's kind and referral, as BPJS sent them."""

    __tablename__ = "bpjs_visit"

    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), primary_key=True)
    kodedokter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    jampraktek: Mapped[str | None] = mapped_column(String(11), nullable=True)
    jeniskunjungan: Mapped[int | None] = mapped_column(Integer, nullable=True)
    nomorreferensi: Mapped[str | None] = mapped_column(String(40), nullable=True)
    norm: Mapped[str | None] = mapped_column(String(20), nullable=True)
