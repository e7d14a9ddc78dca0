"""Kiosk devices as a facility's admin (or Dinkes) manages them on the admin face:
list with their state, enrol (a key shown once), rename, revoke; and what a kiosk
reports about itself (its printer).

Enrolling and revoking reuse `server.staff.accounts` (the operator's command does the
same), so a key is made, hashed and audited in one place. A device of another
facility is answered like an unknown one (404 `kiosk_not_found`): an admin learns
nothing about other facilities' devices by trying ids.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import ErrorCode, KioskDevice, KioskEnrolment, PrinterState, StaffAction
from server.audit.trail import record
from server.errors import ApiProblem, field_problem, not_found
from server.staff import accounts
from server.staff.auth import Principal
from server.staff.permissions import facility_scope, require
from server.staff.roles import MAY
from server.staff.tables import KioskDeviceRow


def device_view(row: KioskDeviceRow) -> KioskDevice:
    return KioskDevice(
        device_id=row.id, facility_id=row.facility_id, name=row.name, active=row.active,
        enrolled_at=row.enrolled_at, last_seen_at=row.last_seen_at,
        printer=PrinterState(row.printer_status) if row.printer_status else None,
        printer_reported_at=row.printer_status_at,
    )


def list_devices(*, session: Session, principal: Principal, facility_id: str | None) -> list[KioskDevice]:
    """A facility's kiosks (an admin: their own; Dinkes: the one asked for, or all),
    active ones first, then by name."""
    scope = facility_scope(principal, StaffAction.manage_kiosks, facility_id=facility_id)
    query = select(KioskDeviceRow)
    if scope is not None:
        query = query.where(KioskDeviceRow.facility_id == scope)
    rows = session.scalars(query.order_by(
        KioskDeviceRow.active.desc(), KioskDeviceRow.facility_id, KioskDeviceRow.name, KioskDeviceRow.id,
    ))
    return [device_view(row) for row in rows]


def enrol(
    *, session: Session, principal: Principal, facility_id: str, name: str, known_facility: bool,
    now: dt.datetime,
) -> KioskEnrolment:
    """A new kiosk of `facility_id` and its key, shown once (only its hash is kept)."""
    require(principal, StaffAction.manage_kiosks, facility_id=facility_id)
    if not known_facility:
        raise not_found(ErrorCode.facility_not_found, facility_id)
    _check_name_free(session, facility_id=facility_id, name=name, device_id=None)
    issued = accounts.issue_kiosk_key(session=session, facility_id=facility_id, name=name, now=now,
                                      by=principal)
    device = session.get(KioskDeviceRow, issued.device_id)
    assert device is not None
    device.enrolled_at = now
    return KioskEnrolment(device=device_view(device), key=issued.key,
                          setup_text=setup_text(facility_id=facility_id, key=issued.key))


def rename(
    *, session: Session, principal: Principal, device_id: int, name: str, now: dt.datetime,
) -> KioskDevice:
    device = _device(session, principal, device_id)
    if not device.active:
        raise ApiProblem(409, ErrorCode.kiosk_revoked, f"kiosk {device_id} is revoked; it keeps its name")
    if device.name != name:
        _check_name_free(session, facility_id=device.facility_id, name=name, device_id=device.id)
        record(session=session, principal=principal, action="kiosk.rename", subject=f"kiosk:{device.id}",
               at=now, facility_id=device.facility_id, before={"name": device.name}, after={"name": name})
        device.name = name
    return device_view(device)


def revoke(*, session: Session, principal: Principal, device_id: int, now: dt.datetime) -> KioskDevice:
    """The key stops working with the next request (every request looks the key up)."""
    device = _device(session, principal, device_id)
    if not device.active:
        raise ApiProblem(409, ErrorCode.kiosk_revoked, f"kiosk {device_id} is revoked already")
    accounts.revoke_kiosk_key(session=session, device_id=device.id, now=now, by=principal)
    return device_view(device)


def report_printer(
    *, session: Session, principal: Principal, printer: PrinterState, now: dt.datetime,
) -> None:
    """A kiosk tells the state of its own printer (staff have no printer to report)."""
    if principal.device_id is None:
        raise ApiProblem(403, ErrorCode.forbidden,
                         f"{principal.role} is not a kiosk; only a kiosk reports its printer")
    device = session.get(KioskDeviceRow, principal.device_id)
    if device is None or not device.active:
        raise ApiProblem(401, ErrorCode.unauthorized, "unknown kiosk key")
    device.printer_status = printer.value
    device.printer_status_at = now


def setup_text(*, facility_id: str, key: str) -> str:
    """The kiosk PC's key file (docs/kiosk.md: `/etc/lsr-kiosk.key`, read by its
    systemd unit), as the QR code holds it: the kiosk's scanner types it in."""
    return f"LSR_KIOSK_FACILITY={facility_id}\nLSR_KIOSK_KEY={key}\n"


def _device(session: Session, principal: Principal, device_id: int) -> KioskDeviceRow:
    """The device, if the principal's facility (or Dinkes) has it; 404 otherwise,
    the same answer as for an id nobody has. Whoever manages no kiosks at all (counter
    staff, a kiosk) is refused (403) before any device is looked up: the same answer
    for every id, so trying ids tells them nothing."""
    if principal.role not in MAY[StaffAction.manage_kiosks]:
        raise ApiProblem(403, ErrorCode.forbidden,
                         f"{principal.role} of {principal.facility_id or 'Dinkes'} may not "
                         f"{StaffAction.manage_kiosks}")
    device = session.get(KioskDeviceRow, device_id)
    if device is None or principal.facility_id not in (None, device.facility_id):
        raise not_found(ErrorCode.kiosk_not_found, device_id)
    require(principal, StaffAction.manage_kiosks, facility_id=device.facility_id)
    return device


def _check_name_free(session: Session, *, facility_id: str, name: str, device_id: int | None) -> None:
    """Two active kiosks of one facility never share a name (the list tells them apart)."""
    taken = session.scalar(select(func.count()).select_from(KioskDeviceRow).where(
        KioskDeviceRow.facility_id == facility_id, KioskDeviceRow.active.is_(True),
        func.lower(KioskDeviceRow.name) == name.lower(),
        KioskDeviceRow.id != (device_id if device_id is not None else -1),
    ))
    if taken:
        raise field_problem("name", ErrorCode.kiosk_name_taken,
                            f"an active kiosk of {facility_id} is named {name!r} already", name=name)
