"""Our services and doctors as BPJS knows them
(poli and doctor codes, per facility). Read inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.bpjs.tables import DoctorMapRow, PoliMapRow


def service_for_poli(session: Session, facility_id: str, kodepoli: str) -> int | None:
    """Our service that BPJS's `kodepoli` means at this facility; None: not mapped."""
    return session.scalar(select(PoliMapRow.service_id).where(
        PoliMapRow.facility_id == facility_id, PoliMapRow.kodepoli == kodepoli))


def poli_of(session: Session, service_id: int) -> str | None:
    row = session.get(PoliMapRow, service_id)
    return row.kodepoli if row else None


def doctor_for_code(session: Session, facility_id: str, kodedokter: int) -> int | None:
    return session.scalar(select(DoctorMapRow.doctor_id).where(
        DoctorMapRow.facility_id == facility_id, DoctorMapRow.kodedokter == kodedokter))


def doctor_code_of(session: Session, doctor_id: int) -> int | None:
    row = session.get(DoctorMapRow, doctor_id)
    return row.kodedokter if row else None
