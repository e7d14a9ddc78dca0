"""Writing the audit trail: one row per staff action, and per privacy action of a
person, in the action's own transaction (if the action rolls back, so does its
record, and the reverse)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from api_client.models import Role, TicketView
from server.audit.tables import AuditEventRow
from server.queue.tables import TicketRow
from server.staff.auth import Principal

Snapshot = Mapping[str, str | int | float | bool | None]


PERSON = "person"  # the actor of a citizen's own action; no staff account has this name
DINKES = "dinkes"  # the role the trail names for an admin of no single facility (Dinkes)


@dataclass(frozen=True)
class Actor:
    """Who acted, as the trail names them: a staff account (`Actor.staff`), or a person
    who proved a booking with its code and phone (`Actor.person`): "person", and the
    row's subject says which booking proved it, by visit id. Never a name, NIK, phone
    or booking code."""

    name: str
    role: str
    facility_id: str | None = None

    @classmethod
    def staff(cls, principal: Principal) -> Actor:
        """A facility admin and Dinkes share the role `admin`; the trail tells them apart
        (the row's facility is what was acted on, so it cannot)."""
        dinkes = principal.role is Role.admin and principal.facility_id is None
        return cls(principal.name, DINKES if dinkes else principal.role.value, principal.facility_id)

    @classmethod
    def person(cls, *, facility_id: str | None = None) -> Actor:
        return cls(PERSON, PERSON, facility_id)


def record(
    *, session: Session,
    principal: Principal | None = None,
    actor: Actor | None = None,
    action: str,
    subject: str,
    at: dt.datetime,
    facility_id: str | None = None,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
) -> None:
    """Who: a staff `principal`, or an `actor` (exactly one). `before`/`after` hold ids,
    numbers and statuses only: no personal data."""
    if principal is not None and actor is not None:
        raise TypeError("trail.record takes a principal or an actor, not both")
    if actor is None:
        if principal is None:
            raise TypeError("trail.record needs who acted: a principal or an actor")
        actor = Actor.staff(principal)
    session.add(AuditEventRow(
        at=at,
        actor=actor.name,
        role=actor.role,
        facility_id=facility_id if facility_id is not None else actor.facility_id,
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
