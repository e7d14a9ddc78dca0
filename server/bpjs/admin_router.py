"""The BPJS page's routes (`manage_bpjs`: the facility's admin, or Dinkes for every
facility): read it, give or clear a service's `kodepoli` and a doctor's `kodedokter`,
turn the bridge on or off. Every answer is the whole page again, and none carries a
secret: only whether the credentials are there, and their variant."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api_client.models import (
    BpjsBridgeSwitch,
    BpjsDoctorCode,
    BpjsMessage,
    BpjsOutbox,
    BpjsOutboxState,
    BpjsPage,
    BpjsPoliCode,
    BpjsRetried,
)
from server.bpjs import admin, outbox_status
from server.deps import FacilityDep, NowDep, PrincipalDep, RowId, StateDep
from server.errors import documented
from server.staff.asker import asker_transaction
from server.staff.permissions import Action, require

router = APIRouter(tags=["bpjs"], responses=documented(401, 403, 404, 422))


@router.get("/facilities/{facility_id}/bpjs", response_model=BpjsPage)
def read_page(facility: FacilityDep, principal: PrincipalDep, state: StateDep) -> BpjsPage:
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    return _page(state, facility.row.id)


@router.put("/facilities/{facility_id}/bpjs/services/{service_id}", response_model=BpjsPage,
            responses=documented(409))
def map_poli(
    facility: FacilityDep, service_id: RowId, data: BpjsPoliCode, principal: PrincipalDep, state: StateDep,
    now: NowDep,
) -> BpjsPage:
    """The poli service's BPJS `kodepoli`; 409 `bpjs_poli_code_taken` (params: code,
    service) when another service of the facility has it."""
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        admin.map_poli(session=session, facility_id=facility.row.id, service_id=service_id,
                       kodepoli=data.kodepoli, now=now, by=principal)
    return _page(state, facility.row.id)


@router.delete("/facilities/{facility_id}/bpjs/services/{service_id}", response_model=BpjsPage,
               responses=documented(409))
def unmap_poli(
    facility: FacilityDep, service_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> BpjsPage:
    """Not the last code while the bridge is on (409 `bpjs_last_poli_code`)."""
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        admin.unmap_poli(session=session, facility_id=facility.row.id, service_id=service_id, now=now,
                         by=principal)
    return _page(state, facility.row.id)


@router.put("/facilities/{facility_id}/bpjs/doctors/{doctor_id}", response_model=BpjsPage,
            responses=documented(409))
def map_doctor(
    facility: FacilityDep, doctor_id: RowId, data: BpjsDoctorCode, principal: PrincipalDep, state: StateDep,
    now: NowDep,
) -> BpjsPage:
    """The doctor's BPJS `kodedokter`; 409 `bpjs_doctor_code_taken` (params: code,
    doctor) when another doctor of the facility has it, `doctor_retired` for a retired one."""
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        admin.map_doctor(session=session, facility_id=facility.row.id, doctor_id=doctor_id,
                         kodedokter=data.kodedokter, now=now, by=principal)
    return _page(state, facility.row.id)


@router.delete("/facilities/{facility_id}/bpjs/doctors/{doctor_id}", response_model=BpjsPage)
def unmap_doctor(
    facility: FacilityDep, doctor_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> BpjsPage:
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        admin.unmap_doctor(session=session, facility_id=facility.row.id, doctor_id=doctor_id, now=now,
                           by=principal)
    return _page(state, facility.row.id)


@router.post("/facilities/{facility_id}/bpjs/bridge", response_model=BpjsPage, responses=documented(409))
def switch_bridge(
    facility: FacilityDep, data: BpjsBridgeSwitch, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> BpjsPage:
    """On: refused (409) without credentials in the settings (`bpjs_credentials_missing`),
    with those of the other variant (`bpjs_variant_mismatch`), or with no service mapped
    (`bpjs_no_poli_mapped`). Off: at any time."""
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        admin.switch(session=session, facility_id=facility.row.id, enabled=data.enabled,
                     credentials=state.bpjs.get(facility.row.id), now=now, by=principal)
    return _page(state, facility.row.id)


def _page(state: StateDep, facility_id: str) -> BpjsPage:
    with state.db.read() as session:
        return admin.page(session=session, facility_id=facility_id, credentials=state.bpjs.get(facility_id))


@router.get("/facilities/{facility_id}/bpjs/outbox", response_model=BpjsOutbox)
def read_outbox(
    facility: FacilityDep, principal: PrincipalDep, state: StateDep,
    shown: Annotated[BpjsOutboxState, Query(alias="state")] = BpjsOutboxState.failed,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> BpjsOutbox:
    """What the facility tells BPJS: counts by state and the newest messages of one
    state (failed by default), with BPJS's answer. No personal data: booking codes."""
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    with state.db.read() as session:
        return outbox_status.status(session=session, facility_id=facility.row.id, state=shown, limit=limit)


@router.post("/facilities/{facility_id}/bpjs/outbox/{message_id}/retry", response_model=BpjsMessage)
def retry_message(
    facility: FacilityDep, message_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> BpjsMessage:
    """Send a failed (or waiting) message again now; a sent one stays sent. Audited."""
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        return outbox_status.retry_one(session=session, facility_id=facility.row.id,
                                       message_id=message_id, now=now, by=principal)


@router.post("/facilities/{facility_id}/bpjs/outbox/retry-failed", response_model=BpjsRetried)
def retry_failed_messages(
    facility: FacilityDep, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> BpjsRetried:
    """Every failed message of the facility again now (after mapping a poli, say). Audited."""
    require(principal, Action.manage_bpjs, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        return BpjsRetried(retried=outbox_status.retry_failed(
            session=session, facility_id=facility.row.id, now=now, by=principal))
