"""The BPJS page of the admin face, as service functions: a facility's bridge (on or
off, who and when), whether the server holds its credentials (yes/no and the variant;
never a secret, never the cons-id), and the codes BPJS knows its polis and doctors by.

The rules:
- Only a poli service is a BPJS poli (`kodepoli`, from HFIS); a code names one
  service of a facility, a `kodedokter` one doctor (409 naming who has it).
- The bridge turns on only with credentials of the facility's variant in the settings
  (a puskesmas speaks Antrean FKTP, a hospital Antrean RS) and one service mapped
  (`blocked_by`); while it is on, the last poli code cannot be cleared. It turns off
  at any time.
- Every change leaves an audit row with the code before and after (codes are not
  personal data), in the change's own transaction.

The routes (`server/bpjs/admin_router.py`) check who asks; these functions check the
rest. A service or doctor of another facility answers as unknown (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api_client.models import (
    BpjsBridge,
    BpjsDoctor,
    BpjsPage,
    BpjsPoli,
    BpjsVariant,
    ErrorCode,
    FacilityType,
    FieldError,
    ServiceKind,
)
from server.audit import trail
from server.bpjs.credentials import FacilityCredentials
from server.bpjs.tables import BridgeRow, DoctorMapRow, PoliMapRow
from server.errors import ApiProblem, not_found
from server.facilities.tables import DoctorRow, FacilityRow, ServiceRow
from server.staff.auth import Principal

VARIANT_OF_TYPE = {FacilityType.puskesmas: BpjsVariant.fktp, FacilityType.rumah_sakit: BpjsVariant.rs}


def page(*, session: Session, facility_id: str, credentials: FacilityCredentials | None) -> BpjsPage:
    facility = session.get_one(FacilityRow, facility_id)
    codes = {r.service_id: r.kodepoli for r in session.scalars(
        select(PoliMapRow).where(PoliMapRow.facility_id == facility_id))}
    doctor_codes = {r.doctor_id: r.kodedokter for r in session.scalars(
        select(DoctorMapRow).where(DoctorMapRow.facility_id == facility_id))}
    services = session.scalars(select(ServiceRow).where(
        ServiceRow.facility_id == facility_id, ServiceRow.kind == ServiceKind.poli.value,
    ).order_by(ServiceRow.disabled, ServiceRow.id)).all()
    doctors = session.scalars(select(DoctorRow).where(DoctorRow.facility_id == facility_id)
                              .order_by(DoctorRow.active.desc(), DoctorRow.service_id, DoctorRow.name)).all()
    bridge = session.get(BridgeRow, facility_id)
    return BpjsPage(
        facility_id=facility_id,
        facility_type=FacilityType(facility.type),
        credentials=credentials is not None,
        variant=BpjsVariant(credentials.variant.value) if credentials else None,
        bridge=BpjsBridge(enabled=bridge.enabled, changed_at=bridge.changed_at, changed_by=bridge.changed_by)
        if bridge else BpjsBridge(enabled=False),
        blocked_by=blockers(session=session, facility=facility, credentials=credentials),
        services=[BpjsPoli(service_id=s.id, name=s.name, prefix=s.prefix, disabled=s.disabled,
                           kodepoli=codes.get(s.id)) for s in services],
        doctors=[BpjsDoctor(doctor_id=d.id, name=d.name, service_id=d.service_id, active=d.active,
                            kodedokter=doctor_codes.get(d.id)) for d in doctors],
    )


def blockers(*, session: Session, facility: FacilityRow, credentials: FacilityCredentials | None
             ) -> list[ErrorCode]:
    """Why the bridge cannot be turned on now; empty: it can."""
    found: list[ErrorCode] = []
    if credentials is None:
        found.append(ErrorCode.bpjs_credentials_missing)
    elif credentials.variant.value != VARIANT_OF_TYPE[FacilityType(facility.type)].value:
        found.append(ErrorCode.bpjs_variant_mismatch)
    if not _mapped_polis(session, facility.id):
        found.append(ErrorCode.bpjs_no_poli_mapped)
    return found


def switch(
    *, session: Session, facility_id: str, enabled: bool, credentials: FacilityCredentials | None,
    now: dt.datetime, by: Principal,
) -> None:
    """Turn the bridge on (409 with the first blocker's code) or off; no change, no row."""
    bridge = session.get(BridgeRow, facility_id)
    if enabled:
        found = blockers(session=session, facility=session.get_one(FacilityRow, facility_id),
                         credentials=credentials)
        if found:
            raise ApiProblem(409, found[0], f"the BPJS bridge of {facility_id} cannot be turned on: "
                             + ", ".join(found))
    was = bridge is not None and bridge.enabled
    if was == enabled:
        return
    if bridge is None:
        bridge = BridgeRow(facility_id=facility_id)
        session.add(bridge)
    bridge.enabled, bridge.changed_at, bridge.changed_by = enabled, now, by.name
    trail.record(session=session, principal=by, action="bpjs_bridge_on" if enabled else "bpjs_bridge_off",
                 subject=f"facility:{facility_id}", facility_id=facility_id, at=now,
                 before={"enabled": was}, after={"enabled": enabled})


def map_poli(
    *, session: Session, facility_id: str, service_id: int, kodepoli: str, now: dt.datetime, by: Principal,
) -> None:
    service = _service(session, facility_id, service_id)
    row = session.get(PoliMapRow, service.id)
    before = row.kodepoli if row else None
    if before == kodepoli:
        return
    holder = _poli_holder(session, facility_id, kodepoli, service.id)
    if holder is None and _collides(
        session, lambda: _write_poli(session, row, service.id, facility_id, kodepoli)
    ):
        holder = _poli_holder(session, facility_id, kodepoli, service.id)
        if holder is None:  # refused by the database, yet nobody has it: say so, write nothing
            raise ApiProblem(409, ErrorCode.bpjs_poli_code_taken, f"kodepoli {kodepoli} was refused")
    if holder is not None:
        raise _taken(ErrorCode.bpjs_poli_code_taken, "kodepoli", kodepoli,
                     f"kodepoli {kodepoli} is already the code of service {holder.id} at {facility_id}",
                     service=holder.name)
    trail.record(session=session, principal=by, action="bpjs_map_poli", subject=f"service:{service.id}",
                 facility_id=facility_id, at=now, before={"kodepoli": before}, after={"kodepoli": kodepoli})


def unmap_poli(
    *, session: Session, facility_id: str, service_id: int, now: dt.datetime, by: Principal,
) -> None:
    """Clear a service's code; not the last one while the bridge is on (409)."""
    service = _service(session, facility_id, service_id)
    row = session.get(PoliMapRow, service.id)
    if row is None:
        return
    bridge = session.get(BridgeRow, facility_id)
    if bridge is not None and bridge.enabled and _mapped_polis(session, facility_id) == 1:
        raise ApiProblem(409, ErrorCode.bpjs_last_poli_code,
                         f"service {service.id} has the last kodepoli of {facility_id} while its BPJS "
                         "bridge is on: turn the bridge off first")
    before = row.kodepoli
    session.delete(row)
    trail.record(session=session, principal=by, action="bpjs_unmap_poli", subject=f"service:{service.id}",
                 facility_id=facility_id, at=now, before={"kodepoli": before}, after={"kodepoli": None})


def map_doctor(
    *, session: Session, facility_id: str, doctor_id: int, kodedokter: int, now: dt.datetime, by: Principal,
) -> None:
    doctor = _doctor(session, facility_id, doctor_id)
    if not doctor.active:
        raise ApiProblem(409, ErrorCode.doctor_retired, f"doctor {doctor_id} is retired")
    row = session.get(DoctorMapRow, doctor.id)
    before = row.kodedokter if row else None
    if before == kodedokter:
        return
    holder = _doctor_holder(session, facility_id, kodedokter, doctor.id)
    if holder is None and _collides(
        session, lambda: _write_doctor(session, row, doctor.id, facility_id, kodedokter)
    ):
        holder = _doctor_holder(session, facility_id, kodedokter, doctor.id)
        if holder is None:  # refused by the database, yet nobody has it: say so, write nothing
            raise ApiProblem(409, ErrorCode.bpjs_doctor_code_taken, f"kodedokter {kodedokter} was refused")
    if holder is not None:
        raise _taken(ErrorCode.bpjs_doctor_code_taken, "kodedokter", str(kodedokter),
                     f"kodedokter {kodedokter} is already the code of doctor {holder.id} at {facility_id}",
                     doctor=holder.name)
    trail.record(session=session, principal=by, action="bpjs_map_doctor", subject=f"doctor:{doctor.id}",
                 facility_id=facility_id, at=now, before={"kodedokter": before},
                 after={"kodedokter": kodedokter})


def unmap_doctor(
    *, session: Session, facility_id: str, doctor_id: int, now: dt.datetime, by: Principal,
) -> None:
    doctor = _doctor(session, facility_id, doctor_id)
    row = session.get(DoctorMapRow, doctor.id)
    if row is None:
        return
    before = row.kodedokter
    session.delete(row)
    trail.record(session=session, principal=by, action="bpjs_unmap_doctor", subject=f"doctor:{doctor.id}",
                 facility_id=facility_id, at=now, before={"kodedokter": before}, after={"kodedokter": None})


def _service(session: Session, facility_id: str, service_id: int) -> ServiceRow:
    """A poli service of this facility; one of another facility answers as unknown."""
    row = session.get(ServiceRow, service_id)
    if row is None or row.facility_id != facility_id:
        raise not_found(ErrorCode.service_not_found, service_id)
    if row.kind != ServiceKind.poli.value:
        raise ApiProblem(422, ErrorCode.bpjs_not_poli,
                         f"service {service_id} is a {row.kind}, not a poli: only a poli has a kodepoli")
    return row


def _doctor(session: Session, facility_id: str, doctor_id: int) -> DoctorRow:
    row = session.get(DoctorRow, doctor_id)
    if row is None or row.facility_id != facility_id:
        raise not_found(ErrorCode.doctor_not_found, doctor_id)
    return row


def _mapped_polis(session: Session, facility_id: str) -> int:
    return session.scalar(select(func.count()).select_from(PoliMapRow)
                          .where(PoliMapRow.facility_id == facility_id)) or 0


def _taken(code: ErrorCode, field: str, value: str, message: str, **params: str) -> ApiProblem:
    return ApiProblem(409, code, message, fields=[FieldError(
        field=field, code=code, message=message, params={"code": value, **params})])


def _poli_holder(session: Session, facility_id: str, kodepoli: str, other_than: int) -> ServiceRow | None:
    return session.scalar(select(ServiceRow).join(PoliMapRow, PoliMapRow.service_id == ServiceRow.id).where(
        PoliMapRow.facility_id == facility_id, PoliMapRow.kodepoli == kodepoli,
        PoliMapRow.service_id != other_than))


def _doctor_holder(session: Session, facility_id: str, kodedokter: int, other_than: int) -> DoctorRow | None:
    return session.scalar(select(DoctorRow).join(DoctorMapRow, DoctorMapRow.doctor_id == DoctorRow.id).where(
        DoctorMapRow.facility_id == facility_id, DoctorMapRow.kodedokter == kodedokter,
        DoctorMapRow.doctor_id != other_than))


def _write_poli(session: Session, row: PoliMapRow | None, service_id: int, facility_id: str,
                kodepoli: str) -> None:
    if row is None:
        session.add(PoliMapRow(service_id=service_id, facility_id=facility_id, kodepoli=kodepoli))
    else:
        row.kodepoli = kodepoli


def _write_doctor(session: Session, row: DoctorMapRow | None, doctor_id: int, facility_id: str,
                  kodedokter: int) -> None:
    if row is None:
        session.add(DoctorMapRow(doctor_id=doctor_id, facility_id=facility_id, kodedokter=kodedokter))
    else:
        row.kodedokter = kodedokter


def _collides(session: Session, write: Callable[[], None]) -> bool:
    """`write` the code in a savepoint: True when the database's unique key refused it
    (another admin gave the same code a moment ago, after our look-up); the transaction
    goes on, so the caller can name who has it now. (The change is made inside the
    savepoint: `begin_nested` flushes what is pending first, outside it.)"""
    try:
        with session.begin_nested():
            write()
            session.flush()
    except IntegrityError:
        return True
    return False
