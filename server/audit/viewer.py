"""Reading the audit trail: rows by facility, person (the staff username), action and
service dates (WIB), newest first, a page at a time or as one bounded CSV.

Who sees what is decided before (`permissions.facility_scope`): an admin their own
facility's rows, Dinkes every row or one facility's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from api_client.models import AuditEntry, AuditPage, ErrorCode
from server.audit.tables import AuditEventRow
from server.clock import WIB
from server.errors import field_problem
from server.spreadsheet_cells import csv_text

CSV_MAX_ROWS = 50_000  # a year of a busy puskesmas; more: narrow the dates
CSV_COLUMNS = ["at_wib", "actor", "role", "facility_id", "action", "subject", "before", "after"]


@dataclass(frozen=True)
class AuditFilter:
    facility_id: str | None  # None: every facility (Dinkes only)
    actor: str | None = None
    action: str | None = None
    date_from: dt.date | None = None  # service dates in WIB, both included
    date_to: dt.date | None = None


def _rows(which: AuditFilter) -> Select[AuditEventRow]:
    query = select(AuditEventRow)
    if which.facility_id is not None:
        query = query.where(AuditEventRow.facility_id == which.facility_id)
    if which.actor:
        query = query.where(AuditEventRow.actor == which.actor)
    if which.action:
        query = query.where(AuditEventRow.action == which.action)
    if which.date_from is not None:
        query = query.where(AuditEventRow.at >= _start_of(which.date_from))
    if which.date_to is not None:
        query = query.where(AuditEventRow.at < _start_of(which.date_to + dt.timedelta(days=1)))
    return query


def audit_page(*, session: Session, which: AuditFilter, page: int, page_size: int) -> AuditPage:
    query = _rows(which)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc())
        .offset((page - 1) * page_size).limit(page_size)
    )
    return AuditPage(entries=[entry(row) for row in rows], total=total, page=page, page_size=page_size)


def audit_actions(*, session: Session, facility_id: str | None) -> list[str]:
    """The actions the trail holds (for the filter's choices), in the scope asked for."""
    query = select(AuditEventRow.action).distinct()
    if facility_id is not None:
        query = query.where(AuditEventRow.facility_id == facility_id)
    return sorted(session.scalars(query))


def audit_csv(*, session: Session, which: AuditFilter) -> str:
    """Every matching row, newest first, times in WIB; refused past `CSV_MAX_ROWS`."""
    query = _rows(which)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if total > CSV_MAX_ROWS:
        raise field_problem(
            "from", ErrorCode.audit_export_too_large,
            f"an audit CSV holds at most {CSV_MAX_ROWS} rows, these filters match {total}",
            count=total, max=CSV_MAX_ROWS,
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in session.scalars(query.order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc())):
        writer.writerow([_cell(v) for v in (
            row.at.astimezone(WIB).isoformat(timespec="seconds"), row.actor, row.role,
            row.facility_id or "", row.action, row.subject, row.before or "", row.after or "",
        )])
    return out.getvalue()


def entry(row: AuditEventRow) -> AuditEntry:
    return AuditEntry(id=row.id, at=row.at, actor=row.actor, role=row.role, facility_id=row.facility_id,
                      action=row.action, subject=row.subject, before=_snapshot(row.before),
                      after=_snapshot(row.after))


def _snapshot(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


def _cell(value: str) -> str:
    """A spreadsheet must not run a cell as a formula (a username or name typed as `=…`)."""
    return csv_text(value)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=WIB)
