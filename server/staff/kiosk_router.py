"""Kiosk devices on the admin face (`/admin/kiosks`, admins of the facility and
Dinkes) and a kiosk's report of its own state (`/kiosk/status`, with its key)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api_client.models import KioskDevice, KioskEnrol, KioskEnrolment, KioskRename, KioskStatusReport
from server.deps import NowDep, PrincipalDep, RowId, StateDep
from server.errors import documented
from server.staff import kiosk_devices
from server.staff.asker import asker_transaction

router = APIRouter(tags=["kiosk devices"], responses=documented(401, 403, 404, 422))


@router.get("/admin/kiosks", response_model=list[KioskDevice])
def list_kiosks(
    principal: PrincipalDep, state: StateDep,
    facility_id: Annotated[str | None, Query(description="Dinkes: one facility; none: every one")] = None,
) -> list[KioskDevice]:
    """A facility's kiosks with when each was last seen and its printer as last reported.
    An admin sees their own facility's; Dinkes any one, or all."""
    with state.db.read() as session:
        return kiosk_devices.list_devices(session=session, principal=principal, facility_id=facility_id)


@router.post("/admin/kiosks", response_model=KioskEnrolment, status_code=201)
def enrol_kiosk(body: KioskEnrol, principal: PrincipalDep, state: StateDep, now: NowDep) -> KioskEnrolment:
    """A new kiosk and its key: in this answer only (the service keeps its hash)."""
    with asker_transaction(state.db, principal) as session:
        return kiosk_devices.enrol(
            session=session, principal=principal, facility_id=body.facility_id, name=body.name,
            known_facility=body.facility_id in state.directory.facilities, now=now,
        )


@router.patch("/admin/kiosks/{device_id}", response_model=KioskDevice, responses=documented(409))
def rename_kiosk(
    device_id: RowId, body: KioskRename, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> KioskDevice:
    with asker_transaction(state.db, principal) as session:
        return kiosk_devices.rename(session=session, principal=principal, device_id=device_id,
                                    name=body.name, now=now)


@router.post("/admin/kiosks/{device_id}/revoke", response_model=KioskDevice, responses=documented(409))
def revoke_kiosk(device_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep) -> KioskDevice:
    """Its key is refused from the next request on."""
    with asker_transaction(state.db, principal) as session:
        return kiosk_devices.revoke(session=session, principal=principal, device_id=device_id, now=now)


@router.post("/kiosk/status", status_code=204, response_class=Response)
def report_kiosk_status(
    body: KioskStatusReport, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> Response:
    """A kiosk reports its printer (`ok`, `paper_out`, `offline`, `none`), for the admin's list."""
    with asker_transaction(state.db, principal) as session:
        kiosk_devices.report_printer(session=session, principal=principal, printer=body.printer, now=now)
    return Response(status_code=204)
