"""Writing the audit trail: one row per staff action, in the action's own
transaction (if the action rolls back, so does its record, and the reverse)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from sqlalchemy.orm import Session

from api_client.models import TicketView
from server.audit.tables import AuditEventRow
from server.queues.tables import TicketRow
from server.staff.auth import Principal

Snapshot = Mapping[str, str | int | float | bool | None]


def record(
    session: Session,
    *,
    principal: Principal,
    action: str,
    subject: str,
    at: dt.datetime,
    facility_id: str | None = None,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
) -> None:
    """`before`/`after` hold ids, numbers and statuses only: no personal data."""
    session.add(AuditEventRow(
        at=at,
        actor=principal.name,
        role=principal.role.value,
        facility_id=facility_id if facility_id is not None else principal.facility_id,
        action=action,
        subject=subject,
        before=_json(before),
        after=_json(after),
    ))


def _json(snapshot: Snapshot | None) -> str | None:
    return None if snapshot is None else json.dumps(dict(snapshot), sort_keys=True)


def ticket_state(ticket: TicketRow | TicketView) -> dict[str, str | int | None]:
    """A ticket as the trail keeps it: ids, number, status, counter."""
    if isinstance(ticket, TicketView):
        return {"ticket_id": ticket.ticket_id, "service_id": ticket.service_id,
                "number": ticket.number, "status": ticket.status.value, "counter": ticket.counter}
    return {"ticket_id": ticket.id, "service_id": ticket.service_id, "number": ticket.number,
            "status": ticket.status, "counter": ticket.counter}
