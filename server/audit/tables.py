"""The audit trail of staff actions and of a person's privacy actions: append-only.

Who (the staff account and its role; for a person, "person" and the booking that
proved it, by visit id, in `subject`), what (the action and what it acted on, by
id), when, and the state before and after, as small JSON objects of ids, numbers
and statuses: never a name, NIK, phone or text a patient wrote. The database
itself refuses UPDATE, DELETE and TRUNCATE on this table (triggers of migration
0006), so not even the service's own role can rewrite history.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime


class AuditEventRow(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    facility_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(64), doc="what was acted on, e.g. 'ticket:12'")
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)
