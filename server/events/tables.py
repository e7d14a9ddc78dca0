"""The live event log: every queue event, kept so a stream can resume after its
`Last-Event-ID`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime


class QueueEventRow(Base):
    """The live event log. Its id is the SSE `id:` and is global across instances."""

    __tablename__ = "queue_event"
    __table_args__ = (Index("ix_queue_event_facility", "facility_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[str] = mapped_column(String(64))
    service_id: Mapped[int] = mapped_column(Integer, index=True)
    service_date: Mapped[dt.date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(16))
    display_number: Mapped[str] = mapped_column(String(10))
    counter: Mapped[str | None] = mapped_column(String(40), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
