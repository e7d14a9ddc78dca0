"""Who is at the counter: the patient of one ticket, opened for the staff serving it.

The ticket list a desk polls carries no personal data; the desk asks for the patient
of one ticket when it reaches the counter (`GET /tickets/{id}/patient`). Only a ticket
called or being served today is answered: the person is standing there, the officer
needs their name, age and payer. A ticket still waiting, or finished, or of another
day, is refused (`patient_not_at_counter`), so the route cannot be walked to read the
day's list of names. And only the account that called it to its counter (or recalled
it there last: a clerk taking over a counter mid-visit) sees the patient; a colleague
at the next counter, the facility's admin or Dinkes is refused
(`patient_at_other_counter`) unless they called it themselves: none of them is serving
that person.

The sealed name, birth date and BPJS number are opened here (`server.vault`): the one
place besides a person's own export. Every answer about an identified patient leaves
an audit row in the same transaction: who, which ticket, when; no personal data.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from api_client.identity import mask_bpjs, nik_birth_date
from api_client.models import ErrorCode, Lane, PatientAtDesk, Payer, PriorityReason, TicketStatus
from api_client.priority import age_on
from server.audit import trail
from server.clock import service_date_of
from server.errors import ApiProblem, not_found
from server.facilities.directory import Directory
from server.privacy.shared_nik import visits_with_nik_under_other_phone
from server.queue.rules import display_number
from server.queue.tables import TicketRow, VisitRow
from server.staff.auth import Principal
from server.vault import Vault

AT_COUNTER = (TicketStatus.called.value, TicketStatus.serving.value)


def patient_at_desk(
    *, session: Session, directory: Directory, vault: Vault, ticket_id: int, by: Principal,
    now: dt.datetime,
) -> PatientAtDesk:
    """The patient of ticket `ticket_id`, which must be at a counter today, called there
    by `by`. `by` has been allowed to serve its service (the router checks)."""
    ticket = session.get(TicketRow, ticket_id)
    if ticket is None:
        raise not_found(ErrorCode.ticket_not_found, ticket_id)
    if ticket.status not in AT_COUNTER or ticket.service_date != service_date_of(now):
        raise ApiProblem(
            409, ErrorCode.patient_not_at_counter,
            f"ticket {ticket_id} is {ticket.status} on {ticket.service_date}; its patient is "
            "shown only while it is called or being served today",
        )
    if ticket.called_by != by.name:
        raise ApiProblem(
            403, ErrorCode.patient_at_other_counter,
            f"ticket {ticket_id} was called to {ticket.counter!r} by another account; only who "
            "called it (or recalled it last) sees its patient",
        )
    visit = session.get(VisitRow, ticket.visit_id)
    assert visit is not None
    service = directory.services[ticket.service_id]
    identified = any((visit.patient_key, visit.name_sealed, visit.nik_sealed))
    birth_date = _birth_date(vault, visit, on=ticket.service_date)
    years, months = age_on(birth_date, ticket.service_date) if birth_date else (None, None)
    bpjs = vault.open(visit.bpjs_sealed, purpose="bpjs") if visit.bpjs_sealed else None
    if identified:
        trail.record(session=session, principal=by, action="view_patient", subject=f"ticket:{ticket.id}",
                     facility_id=service.facility_id, at=now, after=trail.ticket_state(ticket))
    return PatientAtDesk(
        ticket_id=ticket.id,
        display_number=display_number(service.prefix, ticket.number),
        booking_code=visit.booking_code,
        identified=identified,
        name=vault.open(visit.name_sealed, purpose="name") if visit.name_sealed else None,
        nik_masked=visit.nik_masked,
        age_years=years,
        age_months=months,
        payer=Payer(visit.payer) if visit.payer else None,
        bpjs_masked=mask_bpjs(bpjs) if bpjs else None,
        lane=Lane(ticket.lane),
        priority_reason=PriorityReason(ticket.priority_reason) if ticket.priority_reason else None,
        nik_with_other_phone=visit.id in visits_with_nik_under_other_phone(
            session=session, visit_ids={visit.id}),
        doctor_name=directory.roster.name_of(visit.doctor_id),
    )


def _birth_date(vault: Vault, visit: VisitRow, *, on: dt.date) -> dt.date | None:
    """As the patient gave it; for a walk-in who gave only a NIK, the one inside it."""
    if visit.birth_date_sealed:
        return dt.date.fromisoformat(vault.open(visit.birth_date_sealed, purpose="birth_date"))
    if visit.nik_sealed:
        try:
            return nik_birth_date(vault.open(visit.nik_sealed, purpose="nik"), today=on)[0]
        except ValueError:
            return None
    return None
