"""Bookings and walk-ins: checking a request for a number (`create_booking`,
`create_walkin`: no database), reading a visit by code, checking in and cancelling.
The number itself is issued in `server.bookings.issue`, inside a group commit
(`server.bookings.group_commit`).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from pydantic_core import PydanticCustomError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.identity import check_birth_date_matches_nik, mask_nik
from api_client.models import (
    Booking,
    BookingCreate,
    Channel,
    Lane,
    Payer,
    SelfCheckIn,
    ServiceKind,
    TicketStatus,
    WalkInCreate,
)
from server.audit import trail
from server.bookings.arrival import ArrivalRule, require_near
from server.bookings.codes import new_booking_code, normalize_booking_code
from server.bookings.window import next_available, require_bookable_day
from server.clock import WIB, service_date_of
from server.errors import ApiProblem, field_problem, not_found
from server.facilities.directory import Directory, ServiceInfo
from server.queues.allocation import Pool, release_quota
from server.queues.events import record_event
from server.queues.rules import TASK_CANCELLED, task_on_arrival
from server.queues.tables import TaskTimeRow, TicketRow, VisitRow
from server.queues.tickets import ticket_view
from server.staff.auth import Principal
from server.vault import Vault


def patient_key(vault: Vault, nik: str) -> str:
    """A keyed hash of the NIK: finds a patient's bookings without storing the NIK."""
    return vault.lookup_key(nik, purpose="nik")


def patient_keys(vault: Vault, nik: str) -> tuple[str, ...]:
    """The NIK's keyed hash under every key a visit may carry (several only while the
    keys are rotated), the active key's first."""
    return vault.lookup_keys(nik, purpose="nik")


def phone_key(vault: Vault, phone: str) -> str:
    return vault.lookup_key(phone, purpose="phone")


def phone_keys(vault: Vault, phone: str) -> tuple[str, ...]:
    return vault.lookup_keys(phone, purpose="phone")


def record_task(*, session: Session, visit_id: int, task_id: int, at: dt.datetime) -> None:
    """Record when the visit reached a BPJS task; the first time counts."""
    if session.get(TaskTimeRow, (visit_id, task_id)) is None:
        session.add(TaskTimeRow(visit_id=visit_id, task_id=task_id, recorded_at=at))


def _service(directory: Directory, service_id: int) -> ServiceInfo:
    service = directory.services.get(service_id)
    if service is None:
        raise not_found("service", service_id)
    return service


def _check_lane(lane: Lane, reason: object | None) -> None:
    if lane is Lane.priority and reason is None:
        raise field_problem(
            "priority_reason", "priority_reason_required",
            "the priority lane needs a reason: lansia, ibu_hamil, balita or disabilitas",
        )


def already_booked() -> ApiProblem:
    return ApiProblem(
        409, "already_booked",
        "this patient already has an active booking for this service on this date",
    )


@dataclass(frozen=True)
class NewVisit:
    """A checked request for a number with its personal data already sealed: all the
    allocating transaction needs, so the work done while holding the counter is small.
    `visit` holds the visit row's columns (no id, no current ticket yet)."""

    service: ServiceInfo
    service_date: dt.date
    pool: Pool | None
    payer: Payer | None
    lane: Lane
    priority_reason: str | None
    status: TicketStatus
    now: dt.datetime
    visit: dict[str, object]
    days_ahead: int | None = None  # online bookings: the window for `next_available`
    # The patient's hash under the other key generations still looked up (a key
    # rotation under way): their earlier visits may carry one of these.
    patient_aliases: tuple[str, ...] = ()

    @property
    def online(self) -> bool:
        """Booked ahead in the app or on the web (a walk-in has no payer)."""
        return self.payer is not None

    def quota_full(self, session: Session, directory: Directory) -> ApiProblem:
        if self.payer is None:
            return ApiProblem(
                409, "quota_full",
                f"the walk-in quota of service {self.service.id} today is used up",
            )
        return ApiProblem(
            409, "quota_full",
            f"the {self.pool} quota of service {self.service.id} on {self.service_date} "
            "is used up",
            next_available=next_available(
                session=session, directory=directory, service=self.service, payer=self.payer,
                after=self.service_date,
                now=self.now, days_ahead=self.days_ahead or 0,
            ),
        )


def create_booking(
    *,
    directory: Directory,
    data: BookingCreate,
    now: dt.datetime,
    vault: Vault,
    days_ahead: int,
    known_patient_keys: tuple[str, ...] | None = None,
) -> NewVisit:
    """Check an online booking and seal its personal data; the number comes later
    (`server.bookings.issue`). `known_patient_keys` saves hashing the NIK twice."""
    service = _service(directory, data.service_id)
    if not service.online:
        raise field_problem(
            "service_id", "service_not_bookable", f"service {service.id} takes no online bookings"
        )
    require_bookable_day(directory, service, data.service_date, now=now, days_ahead=days_ahead)
    patient = data.patient
    if data.payer is Payer.jkn and not patient.bpjs_number:
        raise field_problem(
            "patient.bpjs_number", "bpjs_required", "a JKN booking needs the 13-digit BPJS number"
        )
    _check_birth_date(patient.nik, patient.birth_date)
    _check_lane(data.lane, data.priority_reason)
    keys = known_patient_keys or patient_keys(vault, patient.nik)
    return _new_visit(
        service=service, day=data.service_date, payer=data.payer, channel=data.channel,
        lane=data.lane, reason=data.priority_reason, status=TicketStatus.booked, now=now,
        days_ahead=days_ahead, patient_aliases=keys[1:],
        personal={
            "patient_key": keys[0],
            "phone_key": phone_key(vault, patient.phone),
            "name_sealed": vault.seal(patient.name, purpose="name"),
            "nik_sealed": vault.seal(patient.nik, purpose="nik"),
            "bpjs_sealed": (
                vault.seal(patient.bpjs_number, purpose="bpjs")
                if data.payer is Payer.jkn and patient.bpjs_number else None
            ),
            "phone_sealed": vault.seal(patient.phone, purpose="phone"),
            "birth_date_sealed": vault.seal(patient.birth_date.isoformat(), purpose="birth_date"),
            "name_masked": _mask_name(patient.name),
            "nik_masked": mask_nik(patient.nik),
            "consent_version": data.consent_version,
            "consent_at": now,
        },
    )


def create_walkin(
    *,
    directory: Directory,
    data: WalkInCreate,
    channel: Channel,
    now: dt.datetime,
    vault: Vault,
) -> NewVisit:
    """Check a same-day number at the kiosk or the loket; identity is optional."""
    service = _service(directory, data.service_id)
    if not service.walkin:
        raise field_problem(
            "service_id", "service_not_walkin", f"service {service.id} takes no walk-in numbers"
        )
    if not directory.service_open_at(service, now):
        raise ApiProblem(409, "service_closed", f"service {service.id} is not open now")
    _check_lane(data.lane, data.priority_reason)
    keys = patient_keys(vault, data.nik) if data.nik else (None,)
    return _new_visit(
        service=service, day=service_date_of(now), payer=None, channel=channel,
        lane=data.lane, reason=data.priority_reason, status=TicketStatus.checked_in, now=now,
        patient_aliases=keys[1:],  # type: ignore[arg-type]
        personal={
            "patient_key": keys[0],
            "nik_sealed": vault.seal(data.nik, purpose="nik") if data.nik else None,
            "nik_masked": mask_nik(data.nik) if data.nik else None,
        },
    )


def _new_visit(
    *,
    service: ServiceInfo,
    day: dt.date,
    payer: Payer | None,
    channel: Channel,
    lane: Lane,
    reason: object | None,
    status: TicketStatus,
    now: dt.datetime,
    personal: dict[str, object],
    days_ahead: int | None = None,
    patient_aliases: tuple[str, ...] = (),
) -> NewVisit:
    """The one shape of a new visit, online or walk-in. An emergency (UGD) walk-in is
    never turned away for a quota: it takes a number outside every pool."""
    pool: Pool | None
    if payer is not None:
        pool = "jkn" if payer is Payer.jkn else "non_jkn"
    else:
        pool = None if service.kind is ServiceKind.ugd else "walkin"
    visit: dict[str, object] = {
        "booking_code": new_booking_code(),
        "facility_id": service.facility_id,
        "service_id": service.id,
        "service_date": day,
        "payer": payer.value if payer else None,
        "channel": channel.value,
        "active": True,
        "created_at": now,
        "checked_in_at": now if status is TicketStatus.checked_in else None,
        **personal,
    }
    return NewVisit(
        service=service, service_date=day, pool=pool, payer=payer, lane=lane,
        priority_reason=getattr(reason, "value", None), status=status, now=now, visit=visit,
        days_ahead=days_ahead, patient_aliases=patient_aliases,
    )


def booking_view(
    *, session: Session, directory: Directory, visit: VisitRow, ticket: TicketRow, now: dt.datetime
) -> Booking:
    facility = directory.facilities[visit.facility_id].row
    return Booking(
        booking_code=visit.booking_code,
        facility_id=visit.facility_id,
        facility_name=facility.name,
        service_date=visit.service_date,
        payer=Payer(visit.payer) if visit.payer else None,
        channel=Channel(visit.channel),
        ticket=ticket_view(session=session, directory=directory, ticket=ticket, now=now),
        patient_name_masked=visit.name_masked,
        nik_masked=visit.nik_masked,
        created_at=visit.created_at,
        checked_in_at=visit.checked_in_at,
    )


def _mask_name(name: str | None) -> str | None:
    """`Siti Aminah` → `S*** A*****`: enough to recognise one's own booking."""
    if not name:
        return None
    return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())


def _check_birth_date(nik: str, birth_date: dt.date) -> None:
    try:
        check_birth_date_matches_nik(nik, birth_date)
    except PydanticCustomError as err:
        raise field_problem("patient.birth_date", err.type, err.message()) from None


# ------------------------------------------------------------------- by code


def find_visit(*, session: Session, code: str, for_update: bool = False) -> VisitRow:
    canonical = normalize_booking_code(code)
    if canonical is None:
        raise ApiProblem(404, "booking_not_found", "no booking with that code")
    query = select(VisitRow).where(VisitRow.booking_code == canonical)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    visit = session.scalars(query).first()
    if visit is None:
        raise ApiProblem(404, "booking_not_found", "no booking with that code")
    return visit


def current_ticket(*, session: Session, visit: VisitRow) -> TicketRow:
    ticket = session.get(TicketRow, visit.current_ticket_id)
    assert ticket is not None, f"visit {visit.id} has no current ticket"
    return ticket


def lookup(
    *, session: Session, directory: Directory, vault: Vault, code: str, phone: str,
    now: dt.datetime,
) -> Booking:
    """A booking by code and the phone it was made with: for someone on a new device.
    A wrong phone answers exactly like an unknown code."""
    visit = find_visit(session=session, code=code)
    if not phone_matches(vault, visit, phone):
        raise ApiProblem(404, "booking_not_found", "no booking with that code")
    return booking_view(session=session, directory=directory, visit=visit,
                        ticket=current_ticket(session=session, visit=visit), now=now)


def phone_matches(vault: Vault, visit: VisitRow, phone: str) -> bool:
    """Whether `phone` is the one the visit was booked with (under any key a visit may
    carry while the keys are rotated)."""
    stored = visit.phone_key
    return stored is not None and any(
        hmac.compare_digest(stored, given) for given in phone_keys(vault, phone)
    )


def get_booking(*, session: Session, directory: Directory, code: str, now: dt.datetime) -> Booking:
    visit = find_visit(session=session, code=code)
    return booking_view(session=session, directory=directory, visit=visit,
                        ticket=current_ticket(session=session, visit=visit), now=now)


def check_in(
    *, session: Session,
    directory: Directory,
    code: str,
    now: dt.datetime,
    facility_id: str | None = None,
    arrival: tuple[SelfCheckIn | None, ArrivalRule] | None = None,
) -> Booking:
    """Confirm the patient arrived. `facility_id` is the kiosk's or staff member's own;
    `arrival` is where the phone of a self check-in is, and the rule it must meet."""
    visit = find_visit(session=session, code=code, for_update=True)
    ticket = current_ticket(session=session, visit=visit)
    if facility_id is not None and visit.facility_id != facility_id:
        raise ApiProblem(
            409, "wrong_facility",
            f"this booking is for {directory.facilities[visit.facility_id].row.name}",
        )
    if ticket.status == TicketStatus.cancelled:
        raise ApiProblem(409, "booking_cancelled", "this booking was cancelled")
    if ticket.status != TicketStatus.booked:
        raise ApiProblem(409, "already_checked_in", "this booking has already been checked in")
    today = service_date_of(now)
    if visit.service_date != today:
        code_ = "booking_in_future" if visit.service_date > today else "booking_expired"
        raise ApiProblem(
            409, code_, f"this booking is for {visit.service_date.isoformat()}, not today"
        )
    if arrival is not None:
        where, rule = arrival
        require_near(directory.facilities[visit.facility_id].row, where, rule)
    service = directory.services[ticket.service_id]
    ticket.status = TicketStatus.checked_in.value
    ticket.checked_in_at = now
    visit.checked_in_at = now
    record_task(session=session, visit_id=visit.id, task_id=task_on_arrival(service.kind), at=now)
    record_event(session=session, service=service, ticket=ticket, type="checked_in", at=now)
    return booking_view(session=session, directory=directory, visit=visit, ticket=ticket, now=now)


def cancel(
    *, session: Session, directory: Directory, code: str, now: dt.datetime, by: Principal | None = None
) -> Booking:
    """Cancel the visit before it is called: by the person holding its code, or by staff
    (`by`, e.g. the admin whose closure covers its date), whose action is audited."""
    visit = find_visit(session=session, code=code, for_update=True)
    ticket = current_ticket(session=session, visit=visit)
    if ticket.status == TicketStatus.cancelled:
        # cancelling twice is fine
        return booking_view(session=session, directory=directory, visit=visit, ticket=ticket, now=now)
    if ticket.status not in (TicketStatus.booked, TicketStatus.checked_in):
        raise ApiProblem(
            409, "cannot_cancel", f"a ticket that is {ticket.status} can no longer be cancelled"
        )
    service = directory.services[ticket.service_id]
    was = trail.ticket_state(ticket)
    ticket.status = TicketStatus.cancelled.value
    ticket.finished_at = now
    visit.active = False
    if visit.payer and ticket.service_date >= now.astimezone(WIB).date():
        release_quota(session=session, service_id=service.id, day=ticket.service_date, pool=visit.payer)  # type: ignore[arg-type]
    record_task(session=session, visit_id=visit.id, task_id=TASK_CANCELLED, at=now)
    record_event(session=session, service=service, ticket=ticket, type="cancelled", at=now)
    if by is not None:
        trail.record(session=session, principal=by, action="cancel", subject=f"ticket:{ticket.id}",
                     facility_id=service.facility_id, at=now, before=was, after=trail.ticket_state(ticket))
    return booking_view(session=session, directory=directory, visit=visit, ticket=ticket, now=now)
