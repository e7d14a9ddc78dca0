"""Tables of the queue: the per-day counters, visits, tickets and task times (the
live event log is the events domain's, `server.events.tables`).

A *visit* carries the booking code and the patient; it follows the patient from
loket to poli to apotek. Each stop is a *ticket* with its own number in that
service's sequence for the day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime


class ServiceDayRow(Base):
    """One service on one date: its number sequence and what is left of its quotas."""

    __tablename__ = "service_day"

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    service_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
    quota_jkn: Mapped[int] = mapped_column(Integer)
    quota_non_jkn: Mapped[int] = mapped_column(Integer)
    quota_walkin: Mapped[int] = mapped_column(Integer)
    used_jkn: Mapped[int] = mapped_column(Integer, default=0)
    used_non_jkn: Mapped[int] = mapped_column(Integer, default=0)
    used_walkin: Mapped[int] = mapped_column(Integer, default=0)
    priority_streak: Mapped[int] = mapped_column(Integer, default=0)
    calls_made: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Numbers called today at any counter (call next, call a number): the clock of the
    place rule of a ticket returned to the waiting list (`server.queue.rules`)."""


class VisitRow(Base):
    __tablename__ = "visit"
    __table_args__ = (
        Index(
            "uq_visit_one_active_per_patient",
            "patient_key",
            "service_id",
            "service_date",
            unique=True,
            sqlite_where=text("active = 1"),
            postgresql_where=text("active"),
        ),
        Index(  # the limit on active bookings per phone (server.queue.limits)
            "ix_visit_active_phone",
            "phone_key",
            "service_date",
            sqlite_where=text("active = 1"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_code: Mapped[str] = mapped_column(String(16), unique=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facility.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    service_date: Mapped[dt.date] = mapped_column(Date)
    payer: Mapped[str | None] = mapped_column(String(10), nullable=True)
    channel: Mapped[str] = mapped_column(String(10))
    # Personal data: sealed (server.vault), masked copies for screens, keyed hashes
    # for look-ups. Never stored in the clear.
    patient_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    phone_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    name_sealed: Mapped[str | None] = mapped_column(String(400), nullable=True)  # 100 two-byte letters: ~308
    nik_sealed: Mapped[str | None] = mapped_column(String(200), nullable=True)
    bpjs_sealed: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone_sealed: Mapped[str | None] = mapped_column(String(200), nullable=True)
    birth_date_sealed: Mapped[str | None] = mapped_column(String(200), nullable=True)
    name_masked: Mapped[str | None] = mapped_column(String(100), nullable=True)
    nik_masked: Mapped[str | None] = mapped_column(String(16), nullable=True)
    consent_version: Mapped[str | None] = mapped_column(String(40), nullable=True)
    consent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    consent_withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    current_ticket_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    doctor_id: Mapped[int | None] = mapped_column(ForeignKey("doctor.id"), nullable=True)
    """The doctor the patient chose when booking online; NULL: any doctor."""
    cancelled_by_announcement_id: Mapped[int | None] = mapped_column(
        ForeignKey("announcement.id"), nullable=True)
    """The closure announcement that cancelled the visit (its reason stays on the ticket
    even once the closure is withdrawn); NULL: not cancelled by a closure."""


class TicketRow(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("service_id", "service_date", "number"),
        Index("ix_ticket_queue", "service_id", "service_date", "status"),
        Index("ix_ticket_revision", "service_id", "service_date", "revision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    service_date: Mapped[dt.date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    lane: Mapped[str] = mapped_column(String(10))
    priority_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    status: Mapped[str] = mapped_column(String(12))
    counter: Mapped[str | None] = mapped_column(String(40), nullable=True)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    serving_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    called_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    requeued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    return_after_call: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """A skipped ticket returned to the waiting list: it is called once the service
    day's `calls_made` reaches this (`server.queue.rules.REQUEUE_AFTER_CALLS` later)."""
    revision: Mapped[int] = mapped_column(Integer, server_default=text("0"),
                                          server_onupdate=FetchedValue(), deferred=True)
    """0 when inserted, one more on every update of the row (a database trigger,
    migration 0025): the sum over a day's tickets changes whenever any of them does
    (`server.queue.day_orders`). Never written by the service itself."""


class TaskTimeRow(Base):
    """When a visit reached a BPJS Antrean task (1–7, 99). First time only."""

    __tablename__ = "task_time"

    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), primary_key=True)
    task_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class CounterBreakRow(Base):
    """One break of one counter of a service (a counter is the name the officer gave
    their post: "Loket 1", "Ruang 2"). Open while `resumed_at` is empty; at most one
    open break per counter."""

    __tablename__ = "counter_break"
    __table_args__ = (
        Index(
            "uq_counter_break_open", "service_id", "service_date", "counter", unique=True,
            sqlite_where=text("resumed_at IS NULL"),
            postgresql_where=text("resumed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    service_date: Mapped[dt.date] = mapped_column(Date)
    counter: Mapped[str] = mapped_column(String(40))
    paused_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    paused_by: Mapped[str] = mapped_column(String(64))
    resumed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    resumed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
