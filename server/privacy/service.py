"""A person's rights over their data (UU 27/2022): an export, withdrawing consent, and
anonymisation.

Who the person is depends on how they proved it:

- with one booking code and the phone number it was made with (`person_by_booking`:
  a wrong code and a wrong phone answer alike), they are the visits that carry the
  keyed hashes of **both** that booking's NIK (`patient_key`) and its phone
  (`phone_key`). A NIK alone proves nothing: anyone can type someone else's NIK (its
  birth date is in it) into a booking made with their own phone, and must then see,
  withdraw or erase only what they booked themselves;
- Dinkes, who checks the KTP at a desk, finds every visit of a NIK on a written
  request (`person_by_nik`).

Anonymising erases the sealed fields, the masked copies and the keyed hashes of every
visit in scope, and the masked copies kept in replayable booking responses.
The visits themselves stay, with their numbers, dates, service, payer, tickets and
task times, so the statistics of the past do not change.

Every action answered leaves its audit row in its own transaction (`_audit`): who (the
staff account, or "person" and the proving booking's visit id), what, and how many
visits; never a code, NIK or phone. A Dinkes action names the person's written request
(`request_reference`); one that finds no visit for the NIK is recorded too
(`record_nobody_found`), with 0 visits.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api_client.models import (
    Anonymisation,
    Channel,
    ConsentWithdrawal,
    ErrorCode,
    Payer,
    PersonalDataExport,
    TicketStatus,
    VisitExport,
)
from server.audit import trail
from server.clock import service_date_of
from server.errors import ApiProblem
from server.facilities.directory import Directory
from server.idempotency import IdempotencyRow
from server.queue import bookings, intake
from server.queue.rules import display_number
from server.queue.tables import TicketRow, VisitRow
from server.staff.auth import Principal
from server.vault import Vault

SEALED = ("name", "nik", "bpjs", "phone", "birth_date")
ERASED = {
    **{f"{field}_sealed": None for field in SEALED},
    "name_masked": None, "nik_masked": None, "patient_key": None, "phone_key": None,
}


@dataclass(frozen=True)
class Person:
    """The visits a proof opens: those with a keyed hash of the NIK and, for a
    person's own proof, of the phone too (`phone_keys` None: every visit of the NIK,
    for Dinkes only). Several hashes of each only while the keys are rotated.
    `proof_visit_id` names the booking that proved it, for the audit trail."""

    patient_keys: tuple[str, ...]
    phone_keys: tuple[str, ...] | None = None
    proof_visit_id: int | None = None
    proof_facility_id: str | None = None


def person_by_booking(*, session: Session, vault: Vault, code: str, phone: str) -> Person:
    """The owner of a booking, proven by its code and the phone it was made with."""
    try:
        visit = bookings.find_visit(session=session, code=code)
    except ApiProblem:
        visit = None
    if visit is None or visit.patient_key is None or not bookings.phone_matches(vault, visit, phone):
        raise ApiProblem(404, ErrorCode.booking_not_found, "no booking with that code")
    if len(vault.keyring.lookup_kids) > 1 and visit.nik_sealed:  # a key rotation under way
        patient_keys = intake.patient_keys(vault, vault.open(visit.nik_sealed, purpose="nik"))
    else:
        patient_keys = (visit.patient_key,)
    return Person(
        patient_keys, phone_keys=intake.phone_keys(vault, phone),
        proof_visit_id=visit.id, proof_facility_id=visit.facility_id,
    )


def person_by_nik(*, session: Session, vault: Vault, nik: str) -> Person:
    person = Person(intake.patient_keys(vault, nik))
    if not _visits(session, person):
        raise ApiProblem(404, ErrorCode.person_not_found, "no visit is recorded for that NIK")
    return person


def _visits(session: Session, person: Person, *, for_update: bool = False) -> list[VisitRow]:
    query = select(VisitRow).where(VisitRow.patient_key.in_(person.patient_keys))
    if person.phone_keys is not None:
        query = query.where(VisitRow.phone_key.in_(person.phone_keys))
    query = query.order_by(VisitRow.id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return list(session.scalars(query))


def export(
    *, session: Session, directory: Directory, vault: Vault, person: Person, now: dt.datetime,
    by: Principal | None = None, request_reference: str | None = None,
) -> PersonalDataExport:
    """Every visit in the person's scope, at every facility, with their data opened. `by`:
    Dinkes answering `request_reference`; None: the person, by their own proof."""
    visits = []
    for visit in _visits(session, person):
        ticket = bookings.current_ticket(session=session, visit=visit)
        service = directory.services[ticket.service_id]
        opened = {
            field: vault.open(sealed, purpose=field) if sealed else None
            for field in SEALED
            for sealed in [getattr(visit, f"{field}_sealed")]
        }
        visits.append(VisitExport(
            booking_code=visit.booking_code,
            facility_id=visit.facility_id,
            facility_name=directory.facilities[visit.facility_id].row.name,
            service_id=service.id,
            service_name=service.name,
            service_date=visit.service_date,
            payer=Payer(visit.payer) if visit.payer else None,
            channel=Channel(visit.channel),
            display_number=display_number(service.prefix, ticket.number),
            status=TicketStatus(ticket.status),
            created_at=visit.created_at,
            checked_in_at=visit.checked_in_at,
            consent_version=visit.consent_version,
            consent_at=visit.consent_at,
            consent_withdrawn_at=visit.consent_withdrawn_at,
            name=opened["name"],
            nik=opened["nik"],
            bpjs_number=opened["bpjs"],
            phone=opened["phone"],
            birth_date=dt.date.fromisoformat(opened["birth_date"]) if opened["birth_date"] else None,
        ))
    _audit(session, what="export", person=person, visits=len(visits), by=by,
           request_reference=request_reference, now=now)
    return PersonalDataExport(exported_at=now, visits=visits)


def _cancel_future_bookings(
    *, session: Session, directory: Directory, visits: list[VisitRow], now: dt.datetime
) -> list[str]:
    """Bookings not yet checked in, for today or later: the person will not come
    under a consent they withdrew. Their numbers are never reused, as always."""
    today = service_date_of(now)
    cancelled = []
    for visit in visits:
        if not visit.active or visit.service_date < today:
            continue
        ticket = session.get(TicketRow, visit.current_ticket_id)
        if ticket is not None and ticket.status == TicketStatus.booked:
            bookings.cancel(session=session, directory=directory, code=visit.booking_code, now=now)
            cancelled.append(visit.booking_code)
    return cancelled


def withdraw_consent(
    *, session: Session, directory: Directory, person: Person, now: dt.datetime,
    by: Principal | None = None, request_reference: str | None = None,
) -> ConsentWithdrawal:
    """Record the withdrawal on every visit in scope (the first time counts) and
    cancel the future bookings."""
    visits = _visits(session, person, for_update=True)
    cancelled = _cancel_future_bookings(session=session, directory=directory, visits=visits, now=now)
    withdrawn = 0
    for visit in visits:
        if visit.consent_at is not None and visit.consent_withdrawn_at is None:
            visit.consent_withdrawn_at = now
            withdrawn += 1
    _audit(session, what="withdraw_consent", person=person, visits=withdrawn, by=by,
           request_reference=request_reference, now=now)
    return ConsentWithdrawal(withdrawn_at=now, visits=withdrawn, cancelled=cancelled)


def anonymise(
    *, session: Session, directory: Directory, person: Person, now: dt.datetime,
    by: Principal | None = None, request_reference: str | None = None,
) -> Anonymisation:
    """Erase the person from every visit in scope; the visits stay for statistics."""
    visits = _visits(session, person, for_update=True)
    cancelled = _cancel_future_bookings(session=session, directory=directory, visits=visits, now=now)
    for visit in visits:
        if visit.consent_at is not None and visit.consent_withdrawn_at is None:
            visit.consent_withdrawn_at = now
        for column, value in ERASED.items():
            setattr(visit, column, value)
        _forget_in_replays(session, visit.booking_code)
    _audit(session, what="anonymise", person=person, visits=len(visits), by=by,
           request_reference=request_reference, now=now)
    return Anonymisation(anonymised_at=now, visits=len(visits), cancelled=cancelled)


def record_nobody_found(
    *, session: Session, what: str, by: Principal, request_reference: str, now: dt.datetime
) -> None:
    """Dinkes looked a NIK up and found no visit: accounted for like any other look-up."""
    _audit(session, what=what, person=None, visits=0, by=by, request_reference=request_reference,
           now=now)


def _audit(
    session: Session, *, what: str, person: Person | None, visits: int, by: Principal | None,
    request_reference: str | None, now: dt.datetime,
) -> None:
    """The trail names no one: how many visits, never whose."""
    if by is not None:
        actor, subject = trail.Actor.staff(by), "person"
    else:
        assert person is not None and person.proof_visit_id is not None, "a person proves a booking"
        actor = trail.Actor.person(facility_id=person.proof_facility_id)
        subject = f"visit:{person.proof_visit_id}"
    after: dict[str, str | int] = {"visits": visits}
    if request_reference is not None:
        after["request_reference"] = request_reference
    trail.record(session=session, actor=actor, action=f"privacy_{what}", subject=subject, at=now, after=after)


def _forget_in_replays(session: Session, booking_code: str) -> None:
    """A stored booking response (replayed for its Idempotency-Key) holds the masked
    name and NIK: blank them, keep the rest so a replay still answers."""
    needle = f'"booking_code":"{booking_code}"'
    rows = session.scalars(select(IdempotencyRow).where(IdempotencyRow.body.contains(needle)))
    for row in rows:
        body = json.loads(row.body)
        body["patient_name_masked"] = body["nik_masked"] = None
        session.execute(
            update(IdempotencyRow).where(IdempotencyRow.key == row.key)
            .values(body=json.dumps(body, separators=(",", ":")))
        )
