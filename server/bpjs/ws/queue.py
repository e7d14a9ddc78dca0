"""What Mobile JKN asks of our queue, for both variants (RS and FKTP): take a number
(the same intake, quota, counter and group commit as the app, the kiosk and the desk),
read the queue, find a booking, cancel it, check it in. Refusals are `Refused` with
the message Mobile JKN shows (`server.bpjs.ws.messages`).
"""

from __future__ import annotations

import datetime as dt
import hmac
import uuid
from dataclasses import dataclass

from fastapi import Request
from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api_client.models import Booking, BpjsOutboxReason, ErrorBody, ErrorCode, TicketStatus
from server.bpjs import outbox
from server.bpjs.mapping import doctor_for_code, service_for_poli
from server.bpjs.tables import JknVisitRow, OutboxRow
from server.bpjs.ws import messages
from server.bpjs.ws.auth import Caller
from server.bpjs.ws.envelope import Refused
from server.clock import WIB, at_minute, service_date_of
from server.errors import ApiProblem
from server.facilities.directory import ServiceInfo
from server.idempotency import request_hash
from server.queue import bookings, intake
from server.queue.allocation import quota_left
from server.queue.answers import booking_view
from server.queue.events import now_calling
from server.queue.group_commit import GroupCommit, Order
from server.queue.intake import MobileJknRequest
from server.queue.tables import TicketRow, VisitRow

NOBODY_CALLED = "-"


@dataclass(frozen=True)
class Extras:
    """What a Mobile JKN booking carries beside the visit (`JknVisitRow`)."""

    kodedokter: int | None
    jampraktek: str | None
    jeniskunjungan: int | None
    nomorreferensi: str | None
    norm: str | None

    def row(self, visit_id: int) -> JknVisitRow:
        return JknVisitRow(visit_id=visit_id, kodedokter=self.kodedokter, jampraktek=self.jampraktek,
                           jeniskunjungan=self.jeniskunjungan, nomorreferensi=self.nomorreferensi,
                           norm=self.norm)

    def same_as(self, row: JknVisitRow | None) -> bool:
        return row is not None and (row.kodedokter, row.jampraktek, row.jeniskunjungan,
                                    row.nomorreferensi, row.norm) == (
            self.kodedokter, self.jampraktek, self.jeniskunjungan, self.nomorreferensi, self.norm)


@dataclass(frozen=True)
class Taken:
    booking: Booking
    service: ServiceInfo
    quotas: tuple[int, int, int, int]  # kuotajkn, sisakuotajkn, kuotanonjkn, sisakuotanonjkn
    now_calling: str


def service_of_poli(session: Session, caller: Caller, kodepoli: str) -> ServiceInfo:
    service_id = service_for_poli(session, caller.facility_id, kodepoli)
    service = caller.state.directory.services.get(service_id) if service_id is not None else None
    if service is None or service.facility_id != caller.facility_id:
        raise Refused(messages.poli_unknown(kodepoli, caller.state.directory.facilities[
            caller.facility_id].row.name))
    return service


async def take_number(
    request: Request, caller: Caller, *, kodepoli: str, day: dt.date, nik: str, card: str, phone: str,
    extras: Extras, body: BaseModel, path: str,
) -> Taken:
    """One number in the service's queue, or the same booking again for a retried
    identical request; a different request for a patient already booked that day at
    that poli (by any channel) is refused."""
    state = caller.state
    now = state.clock()
    with state.db.read() as session:
        service = service_of_poli(session, caller, kodepoli)
        doctor_id = (doctor_for_code(session, caller.facility_id, extras.kodedokter)
                     if extras.kodedokter is not None else None)
    data = MobileJknRequest(service_id=service.id, service_date=day, nik=nik, bpjs_number=card,
                            phone=phone, doctor_id=doctor_id)
    try:
        new: intake.NewVisit | ApiProblem = intake.create_mobile_jkn(
            directory=state.directory, data=data, now=now, vault=state.vault,
            days_ahead=state.settings.booking_days_ahead, rows_beside=lambda v: [extras.row(v)],
        )
    except ApiProblem as problem:
        raise Refused(messages.refusal(problem.detail, service, day)) from None
    # A fresh key: a retry is recognised by the patient's booking itself (below), not
    # by a stored answer, so that a refusal (quota full) is never replayed stale.
    order = Order(key=f"mjkn:{uuid.uuid4().hex}", fingerprint=request_hash(state.keyring, path, body),
                  now=now, new=new, directory=state.directory)
    group_commit: GroupCommit = request.app.state.group_commit
    try:
        answered = await group_commit.submit(order)
    except ApiProblem as problem:
        raise Refused(messages.refusal(problem.detail, service, day)) from None
    if answered.status == 201:
        booking = Booking.model_validate_json(answered.body)
    else:
        detail = ErrorBody.model_validate_json(answered.body).error
        if detail.code != ErrorCode.already_booked:
            raise Refused(messages.refusal(detail, service, day))
        booking = _same_booking(caller, data, extras)
    with state.db.read() as session:
        quotas = quota_left(session=session, service=service, days=[day])[day]
        calling = now_calling(session=session, service=service, day=day) or NOBODY_CALLED
    return Taken(booking=booking, service=service, quotas=quotas, now_calling=calling)


def _same_booking(caller: Caller, data: MobileJknRequest, extras: Extras) -> Booking:
    """The patient's active booking at this poli that day, if it is this very request
    made before (Mobile JKN, same card, phone, doctor, hours, referral); else refused."""
    state = caller.state
    keys = intake.patient_keys(state.vault, data.nik)
    with state.db.read() as session:
        visit = session.scalars(select(VisitRow).where(
            VisitRow.patient_key.in_(keys), VisitRow.service_id == data.service_id,
            VisitRow.service_date == data.service_date, VisitRow.active)).first()
        if (visit is None or visit.channel != "mobile_jkn" or visit.doctor_id != data.doctor_id
                or not bookings.phone_matches(state.vault, visit, data.phone)
                or not _card_matches(caller, visit, data.bpjs_number)
                or not extras.same_as(session.get(JknVisitRow, visit.id))):
            service = state.directory.services[data.service_id]
            raise Refused(messages.duplicate(service.name, data.service_date))
        return booking_view(session=session, directory=state.directory, visit=visit,
                            ticket=bookings.current_ticket(session=session, visit=visit), now=state.clock())


def _card_matches(caller: Caller, visit: VisitRow, card: str) -> bool:
    if visit.bpjs_sealed is None:
        return False
    stored = caller.state.vault.open(visit.bpjs_sealed, purpose="bpjs")
    return hmac.compare_digest(stored.encode(), card.encode())


def estimate_ms(taken_or_booking: Booking, service: ServiceInfo) -> int:
    """estimasidilayani: our estimate of the call (server.queue.estimate), in Unix ms;
    without one (every counter on a break), the service's opening that day."""
    at = taken_or_booking.ticket.estimated_call_at
    if at is None:
        day = taken_or_booking.service_date
        opens, _ = service.hours.get(day.weekday(), (0, 0))
        at = at_minute(day, opens)
    return int(at.timestamp() * 1000)


@dataclass(frozen=True)
class Status:
    service: ServiceInfo
    total: int
    waiting: int
    now_calling: str
    quotas: tuple[int, int, int, int]


def status(caller: Caller, *, kodepoli: str, day: dt.date) -> Status:
    """The poli's queue that day: numbers issued (not cancelled), not called yet, the
    number called now, the quotas."""
    state = caller.state
    with state.db.read() as session:
        service = service_of_poli(session, caller, kodepoli)
        counts = dict(session.execute(
            select(TicketRow.status, func.count())
            .where((TicketRow.service_id == service.id) & (TicketRow.service_date == day))
            .group_by(TicketRow.status)).all())
        calling = now_calling(session=session, service=service, day=day) or NOBODY_CALLED
        quotas = quota_left(session=session, service=service, days=[day])[day]
    total = sum(n for s, n in counts.items() if s != TicketStatus.cancelled)
    waiting = counts.get(TicketStatus.booked, 0) + counts.get(TicketStatus.checked_in, 0)
    return Status(service=service, total=total, waiting=waiting, now_calling=calling, quotas=quotas)


@dataclass(frozen=True)
class Place:
    """A Mobile JKN booking's place in its queue."""

    booking: Booking
    service: ServiceInfo
    now_calling: str
    waiting_seconds: int


def _visit_of(session: Session, caller: Caller, code: str, *, for_update: bool = False) -> VisitRow:
    """A Mobile JKN booking of this facility by its code: BPJS knows no other codes."""
    try:
        visit = bookings.find_visit(session=session, code=code, for_update=for_update)
    except ApiProblem:
        raise Refused(messages.code_unknown()) from None
    if visit.facility_id != caller.facility_id or visit.channel != "mobile_jkn":
        raise Refused(messages.code_unknown())
    return visit


def place(caller: Caller, code: str) -> Place:
    state = caller.state
    now = state.clock()
    with state.db.read() as session:
        visit = _visit_of(session, caller, code)
        return _place(session, caller, visit, now)


def _place(session: Session, caller: Caller, visit: VisitRow, now: dt.datetime) -> Place:
    directory = caller.state.directory
    ticket = bookings.current_ticket(session=session, visit=visit)
    if ticket.status == TicketStatus.cancelled:
        raise Refused(messages.already_cancelled())
    booking = booking_view(session=session, directory=directory, visit=visit, ticket=ticket, now=now)
    service = directory.services[ticket.service_id]
    calling = now_calling(session=session, service=service, day=ticket.service_date) or NOBODY_CALLED
    at = booking.ticket.estimated_call_at
    seconds = max(0, int((at - now).total_seconds())) if at is not None else 0
    return Place(booking=booking, service=service, now_calling=calling, waiting_seconds=seconds)


def find_by_card(session: Session, caller: Caller, *, service: ServiceInfo, day: dt.date,
                 card: str) -> VisitRow | None:
    """FKTP: the patient's Mobile JKN booking at the poli that day, by card number (the
    card is sealed, so the day's Mobile JKN bookings of the poli are opened in turn;
    the active one first)."""
    visits = session.scalars(select(VisitRow).where(
        VisitRow.facility_id == caller.facility_id, VisitRow.service_id == service.id,
        VisitRow.service_date == day, VisitRow.channel == "mobile_jkn",
    ).order_by(VisitRow.active.desc(), VisitRow.id.desc())).all()
    return next((v for v in visits if _card_matches(caller, v, card)), None)


def place_by_card(caller: Caller, *, kodepoli: str, day: dt.date, card: str) -> Place:
    state = caller.state
    with state.db.read() as session:
        service = service_of_poli(session, caller, kodepoli)
        visit = find_by_card(session, caller, service=service, day=day, card=card)
        if visit is None:
            raise Refused(messages.no_booking_for_card())
        return _place(session, caller, visit, state.clock())


def cancel(caller: Caller, *, code: str | None = None, kodepoli: str | None = None,
           day: dt.date | None = None, card: str | None = None) -> None:
    """Cancel before check-in, for today or later (by code, RS; by card, poli and
    date, FKTP). A retried cancel answers as the first did."""
    state = caller.state
    now = state.clock()
    with state.db.write_transaction() as session:
        if code is not None:
            visit = _visit_of(session, caller, code, for_update=True)
        else:
            assert kodepoli is not None and day is not None and card is not None
            service = service_of_poli(session, caller, kodepoli)
            found = find_by_card(session, caller, service=service, day=day, card=card)
            if found is None:
                raise Refused(messages.no_booking_for_card())
            visit = found
        ticket = bookings.current_ticket(session=session, visit=visit)
        if ticket.status == TicketStatus.cancelled:
            return
        if ticket.status != TicketStatus.booked:
            raise Refused(messages.cannot_cancel_arrived())
        if visit.service_date < service_date_of(now):
            raise Refused(messages.cannot_cancel_past(visit.service_date))
        bookings.cancel(session=session, directory=state.directory, code=visit.booking_code, now=now)
        _not_told_back(session, visit.id)


def _not_told_back(session: Session, visit_id: int) -> None:
    """BPJS asked for this cancellation: the outbox need not tell BPJS about it again
    (its `antrean/batal` would be refused as already cancelled, and wait for an admin)."""
    session.execute(update(OutboxRow).where(
        OutboxRow.visit_id == visit_id, OutboxRow.kind == outbox.Kind.cancel.value,
        OutboxRow.state == outbox.State.waiting.value,
    ).values(state=outbox.State.skipped.value, reason=BpjsOutboxReason.cancelled_by_bpjs.value))


def check_in(caller: Caller, *, code: str, waktu_ms: int) -> None:
    """The patient checked in (at BPJS's kiosk or in Mobile JKN): as at our desk, the
    ticket joins the call order and task 3 (1 at a new-patient loket) is recorded at
    our clock's time. `waktu` is BPJS's time, kept out of our record (a drifting
    clock must not reorder the queue); it must be today's."""
    state = caller.state
    now = state.clock()
    said = dt.datetime.fromtimestamp(waktu_ms / 1000, dt.UTC)
    if said.astimezone(WIB).date() != service_date_of(now):
        raise Refused(messages.check_in_time_wrong())
    with state.db.write_transaction() as session:
        visit = _visit_of(session, caller, code, for_update=True)
        try:
            bookings.check_in(session=session, directory=state.directory, code=visit.booking_code,
                              now=now, facility_id=caller.facility_id)
        except ApiProblem as problem:
            raise Refused(messages.check_in_refused(problem.detail, visit.service_date)) from None
