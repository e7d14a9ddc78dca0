"""A request for a number, checked before any transaction: an online booking
(`create_booking`) or a walk-in at the kiosk or the loket (`create_walkin`), with its
personal data sealed. No database here; the number is issued in
`server.queue.issue`, inside a group commit (`server.queue.group_commit`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import cast

from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from api_client.identity import IdentityCode, check_birth_date_matches_nik, mask_nik, nik_birth_date
from api_client.models import (
    BookingCreate,
    Channel,
    ErrorCode,
    Lane,
    Payer,
    PriorityReason,
    ServiceKind,
    TicketStatus,
    WalkInCreate,
)
from api_client.priority import BALITA_UNDER_YEARS, LANSIA_FROM_YEARS, age_on, reason_fits
from server.clock import service_date_of
from server.errors import ApiProblem, field_problem, not_found
from server.facilities.directory import Directory, ServiceInfo
from server.queue.allocation import Pool
from server.queue.codes import new_booking_code
from server.queue.window import next_available, require_bookable_day
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

def _service(directory: Directory, service_id: int) -> ServiceInfo:
    service = directory.services.get(service_id)
    if service is None:
        raise not_found(ErrorCode.service_not_found, service_id)
    return service


def _check_lane(lane: Lane, reason: object | None) -> None:
    if lane is Lane.priority and reason is None:
        raise field_problem(
            "priority_reason", ErrorCode.priority_reason_required,
            "the priority lane needs a reason: lansia, ibu_hamil, balita or disabilitas",
        )


def _check_age_reason(reason: PriorityReason | None, birth_date: dt.date, day: dt.date) -> None:
    """Lansia and balita are known from the birth date: a booking that says so must
    bear it out (ibu hamil and disabilitas are the patient's word, as at the kiosk)."""
    if reason is not None and not reason_fits(reason, birth_date, day):
        years = age_on(birth_date, day)[0]
        raise field_problem(
            "priority_reason", ErrorCode.priority_age,
            f"{reason.value}: the patient is {years} on {day} (lansia from "
            f"{LANSIA_FROM_YEARS}, balita under {BALITA_UNDER_YEARS})",
            reason=reason.value, years=years,
        )


def already_booked() -> ApiProblem:
    return ApiProblem(
        409, ErrorCode.already_booked,
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
    # Rows written beside the visit in its transaction, given the visit's id (a Mobile
    # JKN booking's extras: server.bpjs.ws).
    rows_beside: Callable[[int], list[object]] | None = None

    @property
    def online(self) -> bool:
        """Booked ahead in the app or on the web (a walk-in has no payer)."""
        return self.payer is not None

    # What its booking's answer shows (`server.queue.answers.VisitFacts`).
    @property
    def booking_code(self) -> str:
        return cast(str, self.visit["booking_code"])

    @property
    def facility_id(self) -> str:
        return self.service.facility_id

    @property
    def channel(self) -> str:
        return cast(str, self.visit["channel"])

    @property
    def name_masked(self) -> str | None:
        return cast("str | None", self.visit.get("name_masked"))

    @property
    def nik_masked(self) -> str | None:
        return cast("str | None", self.visit.get("nik_masked"))

    @property
    def created_at(self) -> dt.datetime:
        return self.now

    @property
    def doctor_id(self) -> int | None:
        return cast("int | None", self.visit.get("doctor_id"))

    @property
    def checked_in_at(self) -> dt.datetime | None:
        return cast("dt.datetime | None", self.visit["checked_in_at"])

    def quota_full(self, session: Session, directory: Directory) -> ApiProblem:
        if self.payer is None:
            return ApiProblem(
                409, ErrorCode.quota_full,
                f"the walk-in quota of service {self.service.id} today is used up",
            )
        return ApiProblem(
            409, ErrorCode.quota_full,
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
    (`server.queue.issue`). `known_patient_keys` saves hashing the NIK twice."""
    service = _service(directory, data.service_id)
    if not service.online:
        raise field_problem(
            "service_id", ErrorCode.service_not_bookable, f"service {service.id} takes no online bookings"
        )
    require_bookable_day(directory, service, data.service_date, now=now, days_ahead=days_ahead)
    patient = data.patient
    if data.payer is Payer.jkn and not patient.bpjs_number:
        raise field_problem(
            "patient.bpjs_number", ErrorCode.bpjs_required, "a JKN booking needs the 13-digit BPJS number"
        )
    _check_birth_date(patient.nik, patient.birth_date)
    _check_lane(data.lane, data.priority_reason)
    _check_age_reason(data.priority_reason, patient.birth_date, data.service_date)
    if data.doctor_id is not None:
        directory.roster.require_bookable(doctor_id=data.doctor_id, service_id=service.id,
                                          day=data.service_date)
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
            "name_masked": mask_name(patient.name),
            "nik_masked": mask_nik(patient.nik),
            "consent_version": data.consent_version,
            "consent_at": now,
            "doctor_id": data.doctor_id,
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
            "service_id", ErrorCode.service_not_walkin, f"service {service.id} takes no walk-in numbers"
        )
    if not directory.service_open_at(service, now):
        raise ApiProblem(409, ErrorCode.service_closed, f"service {service.id} is not open now")
    _check_lane(data.lane, data.priority_reason)
    keys = patient_keys(vault, data.nik) if data.nik else (None,)
    return _new_visit(
        service=service, day=service_date_of(now), payer=None, channel=channel,
        lane=data.lane, reason=data.priority_reason, status=TicketStatus.checked_in, now=now,
        patient_aliases=keys[1:],
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

def mask_name(name: str | None) -> str | None:
    """`Siti Aminah` → `S*** A*****`: enough to recognise one's own booking."""
    if not name:
        return None
    return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())


def _check_birth_date(nik: str, birth_date: dt.date) -> None:
    try:
        check_birth_date_matches_nik(nik, birth_date)
    except PydanticCustomError as err:
        raise field_problem("patient.birth_date", IdentityCode(err.type), err.message()) from None


@dataclass(frozen=True)
class MobileJknRequest:
    """A number asked for in Mobile JKN (checked: NIK, card and phone normalized). No
    name and no birth date come with it: the NIK carries the birth date."""

    service_id: int
    service_date: dt.date
    nik: str
    bpjs_number: str
    phone: str
    doctor_id: int | None = None


def create_mobile_jkn(
    *,
    directory: Directory,
    data: MobileJknRequest,
    now: dt.datetime,
    vault: Vault,
    days_ahead: int,
    rows_beside: Callable[[int], list[object]] | None = None,
) -> NewVisit:
    """Check a Mobile JKN booking as an online JKN booking is checked (the same
    window, closures, doctor's sessions, quota and one-per-patient rule); the number
    comes from the same group commit (`server.queue.issue`)."""
    service = _service(directory, data.service_id)
    if not service.online:
        raise field_problem(
            "kodepoli", ErrorCode.service_not_bookable, f"service {service.id} takes no online bookings"
        )
    require_bookable_day(directory, service, data.service_date, now=now, days_ahead=days_ahead)
    if data.doctor_id is not None:
        directory.roster.require_bookable(doctor_id=data.doctor_id, service_id=service.id,
                                          day=data.service_date)
    birth_date, _ = nik_birth_date(data.nik, today=data.service_date)
    keys = patient_keys(vault, data.nik)
    new = _new_visit(
        service=service, day=data.service_date, payer=Payer.jkn, channel=Channel.mobile_jkn,
        lane=Lane.regular, reason=None, status=TicketStatus.booked, now=now,
        days_ahead=days_ahead, patient_aliases=keys[1:],
        personal={
            "patient_key": keys[0],
            "phone_key": phone_key(vault, data.phone),
            "nik_sealed": vault.seal(data.nik, purpose="nik"),
            "bpjs_sealed": vault.seal(data.bpjs_number, purpose="bpjs"),
            "phone_sealed": vault.seal(data.phone, purpose="phone"),
            "birth_date_sealed": vault.seal(birth_date.isoformat(), purpose="birth_date"),
            "nik_masked": mask_nik(data.nik),
            "consent_version": MOBILE_JKN_CONSENT,
            "consent_at": now,
            "doctor_id": data.doctor_id,
        },
    )
    return replace(new, rows_beside=rows_beside)


MOBILE_JKN_CONSENT = "mobile-jkn"
"""A Mobile JKN booking's consent: the patient gave it to BPJS in Mobile JKN."""
