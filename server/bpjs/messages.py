"""The body of each message to Antrol, built when it is sent from the visit as it is
then (the outbox keeps no personal data). RS and FKTP take different messages:

| outbox | RS (antreanrs) | FKTP (antreanfktp) |
|---|---|---|
| add | `antrean/add` | `antrean/add` |
| task 1–7 | `antrean/updatewaktu` | first arrival (1 or 3): `antrean/panggil` status 1 |
| task 99 | `antrean/updatewaktu` (no-show) | `antrean/panggil` status 2 (tidak hadir) |
| cancel | `antrean/batal` | `antrean/batal` |

FKTP takes no other task; a cancellation's task 99 goes as `batal` alone. A walk-in
who gave no NIK is not reported at all: BPJS takes no registration without one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import BpjsOutboxReason as Reason
from api_client.models import Payer, ServiceKind
from server.bpjs.credentials import Variant
from server.bpjs.mapping import doctor_code_of, poli_of
from server.bpjs.outbox import MOBILE_JKN, Kind
from server.bpjs.tables import DoctorMapRow, JknVisitRow, OutboxRow
from server.clock import WIB
from server.facilities.directory import Directory
from server.facilities.tables import DoctorRow, DoctorScheduleRow
from server.queue.rules import TASK_CANCELLED, display_number
from server.queue.tables import ServiceDayRow, TaskTimeRow, TicketRow, VisitRow
from server.vault import Vault

ARRIVALS = (1, 3)


@dataclass(frozen=True)
class Message:
    path: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Skip:
    """Nothing to send for this row, and why."""

    reason: Reason


class Unsendable(Exception):
    """The message cannot be built until an administrator acts (a service or doctor not
    mapped): the row fails with this reason and can be sent again from the status page."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


class NotYet(Exception):
    """Not to be sent yet: the visit has not reached a BPJS poli (a walk-in still at the
    loket). The row waits, and is tried again later."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def ms(at: dt.datetime) -> int:
    """BPJS's `waktu`: milliseconds since the epoch."""
    return int(at.timestamp() * 1000)


def message_for(
    session: Session, directory: Directory, vault: Vault, row: OutboxRow, variant: Variant,
    now: dt.datetime,
) -> Message | Skip:
    """Raises `Unsendable` (an administrator must act) or `NotYet` (wait)."""
    visit = session.get(VisitRow, row.visit_id)
    assert visit is not None, f"outbox row {row.id} names no visit"
    kind = Kind(row.kind)
    if visit.nik_sealed is None and visit.channel != MOBILE_JKN:
        return Skip(Reason.no_nik)
    try:
        poli = _visit_poli(session, directory, visit)
    except NotYet:
        if visit.service_date < now.astimezone(WIB).date():
            return Skip(Reason.never_reached_poli)
        raise
    if kind is Kind.cancel:
        return _cancel(vault, visit, poli, variant)
    if kind is Kind.add:
        return _add(session, directory, vault, visit, poli, variant)
    return _task(session, vault, visit, poli, variant, row)


@dataclass(frozen=True)
class _Poli:
    service_id: int
    kodepoli: str


def _task(
    session: Session, vault: Vault, visit: VisitRow, poli: _Poli, variant: Variant, row: OutboxRow
) -> Message | Skip:
    cancelled = row.task_id == TASK_CANCELLED and session.scalar(
        select(OutboxRow.id).where(OutboxRow.visit_id == visit.id, OutboxRow.kind == Kind.cancel.value))
    if cancelled:
        return Skip(Reason.sent_as_cancel)
    if variant is Variant.rs:
        return Message("antrean/updatewaktu", {
            "kodebooking": visit.booking_code, "taskid": row.task_id, "waktu": ms(row.happened_at),
        })
    if row.task_id in ARRIVALS:
        first = session.scalar(select(TaskTimeRow.task_id).where(
            TaskTimeRow.visit_id == visit.id, TaskTimeRow.task_id.in_(ARRIVALS),
        ).order_by(TaskTimeRow.recorded_at, TaskTimeRow.task_id).limit(1))
        if first == row.task_id:
            return _fktp_call(vault, visit, poli, status=1, at=row.happened_at)
    if row.task_id == TASK_CANCELLED:
        return _fktp_call(vault, visit, poli, status=2, at=row.happened_at)
    return Skip(Reason.not_reported)


def _fktp_call(vault: Vault, visit: VisitRow, poli: _Poli, *, status: int, at: dt.datetime) -> Message:
    return Message("antrean/panggil", {
        "tanggalperiksa": visit.service_date.isoformat(), "kodepoli": poli.kodepoli,
        "nomorkartu": _open(vault, visit.bpjs_sealed, "bpjs"), "status": status, "waktu": ms(at),
    })


def _cancel(vault: Vault, visit: VisitRow, poli: _Poli, variant: Variant) -> Message:
    if variant is Variant.rs:
        return Message("antrean/batal", {"kodebooking": visit.booking_code,
                                         "keterangan": "Dibatalkan di Layanan Sehat Rembang"})
    return Message("antrean/batal", {
        "tanggalperiksa": visit.service_date.isoformat(), "kodepoli": poli.kodepoli,
        "nomorkartu": _open(vault, visit.bpjs_sealed, "bpjs"),
        "alasan": "Dibatalkan di Layanan Sehat Rembang",
    })


def _add(
    session: Session, directory: Directory, vault: Vault, visit: VisitRow, poli: _Poli, variant: Variant
) -> Message:
    service = directory.services[poli.service_id]
    ticket = session.scalar(select(TicketRow).where(
        TicketRow.visit_id == visit.id, TicketRow.service_id == poli.service_id,
    ).order_by(TicketRow.id).limit(1))
    assert ticket is not None, f"visit {visit.id} has no ticket"
    doctor = _doctor(session, visit, poli.service_id)
    day = session.get(ServiceDayRow, (poli.service_id, visit.service_date))
    jkn = visit.payer == Payer.jkn.value
    setting = service.setting_on(visit.service_date)
    opens = service.hours.get(visit.service_date.weekday())
    start = dt.datetime.combine(visit.service_date, dt.time(0), WIB) + dt.timedelta(
        minutes=(opens[0] if opens else 0) + (ticket.number - 1) * setting.avg_service_minutes)
    body: dict[str, Any] = {
        "kodebooking": visit.booking_code,
        "jenispasien": "JKN" if jkn else "NON JKN",
        "nomorkartu": _open(vault, visit.bpjs_sealed, "bpjs") if jkn else "",
        "nik": _open(vault, visit.nik_sealed, "nik"),
        "nohp": _open(vault, visit.phone_sealed, "phone"),
        "kodepoli": poli.kodepoli,
        "namapoli": service.name,
        "pasienbaru": 0,
        "norm": "",
        "tanggalperiksa": visit.service_date.isoformat(),
        "kodedokter": doctor.code,
        "namadokter": doctor.name,
        "jampraktek": doctor.hours,
        "jeniskunjungan": 1,
        "nomorreferensi": "",
        "nomorantrean": display_number(service.prefix, ticket.number),
        "angkaantrean": ticket.number,
        "estimasidilayani": ms(max(start, ticket.issued_at)),
        "sisakuotajkn": (day.quota_jkn - day.used_jkn) if day else 0,
        "kuotajkn": day.quota_jkn if day else 0,
        "sisakuotanonjkn": (day.quota_non_jkn - day.used_non_jkn) if day else 0,
        "kuotanonjkn": day.quota_non_jkn if day else 0,
        "keterangan": "Peserta harap datang 30 menit sebelum jam praktek.",
    }
    if variant is Variant.fktp:  # FKTP's add has no referral, quotas or estimate
        for key in ("jenispasien", "pasienbaru", "jeniskunjungan", "nomorreferensi",
                    "estimasidilayani", "sisakuotajkn", "kuotajkn", "sisakuotanonjkn",
                    "kuotanonjkn", "kodebooking"):
            body.pop(key)
    return Message("antrean/add", body)


@dataclass(frozen=True)
class _Doctor:
    code: int
    name: str
    hours: str


def _doctor(session: Session, visit: VisitRow, service_id: int) -> _Doctor:
    """The booking's doctor, or the first mapped doctor of the service with a session
    that weekday; BPJS needs one (`kodedokter`, `jampraktek`)."""
    extra = session.get(JknVisitRow, visit.id)
    weekday = visit.service_date.weekday()
    candidates = [visit.doctor_id] if visit.doctor_id is not None else list(session.scalars(
        select(DoctorRow.id).join(DoctorMapRow, DoctorMapRow.doctor_id == DoctorRow.id)
        .join(DoctorScheduleRow, DoctorScheduleRow.doctor_id == DoctorRow.id)
        .where(DoctorRow.service_id == service_id, DoctorRow.active,
               DoctorScheduleRow.weekday == weekday)
        .order_by(DoctorRow.id)))
    for doctor_id in candidates:
        code = doctor_code_of(session, doctor_id)
        row = session.get(DoctorRow, doctor_id)
        if code is None or row is None:
            continue
        session_ = session.scalar(select(DoctorScheduleRow).where(
            DoctorScheduleRow.doctor_id == doctor_id, DoctorScheduleRow.weekday == weekday)
            .order_by(DoctorScheduleRow.starts_minute).limit(1))
        hours = (extra.jampraktek if extra and extra.jampraktek else
                 f"{_hhmm(session_.starts_minute)}-{_hhmm(session_.ends_minute)}" if session_ else "")
        return _Doctor(code=code, name=row.name, hours=hours)
    raise Unsendable(Reason.doctor_not_mapped)


def _visit_poli(session: Session, directory: Directory, visit: VisitRow) -> _Poli:
    """The BPJS poli of the visit: the first of its services (in the order it reached
    them) mapped to a `kodepoli`. A visit still at the loket (or at the UGD) has none
    yet (`NotYet`); one at a poli the administrators did not map cannot be sent."""
    service_ids = list(session.scalars(select(TicketRow.service_id).where(
        TicketRow.visit_id == visit.id).order_by(TicketRow.id)))
    for service_id in service_ids:
        kodepoli = poli_of(session, service_id)
        if kodepoli is not None:
            return _Poli(service_id, kodepoli)
    if any(directory.services[s].kind is ServiceKind.poli for s in service_ids):
        raise Unsendable(Reason.poli_not_mapped)
    raise NotYet(Reason.waiting_for_poli)


def _open(vault: Vault, sealed: str | None, purpose: str) -> str:
    return vault.open(sealed, purpose=purpose) if sealed else ""


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
