"""Complaint routes: send one (anyone), follow it by its tracking code (whoever holds
the code), handle it (loket and admin staff of the facility; Dinkes everywhere).

Sending is limited per client (`COMPLAINT_PER_CLIENT`), reading by code like a
booking look-up (`LOOKUP_PER_CLIENT`), so codes cannot be guessed in bulk.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api_client.models import (
    Complaint,
    ComplaintCreate,
    ComplaintForStaff,
    ComplaintReply,
    ComplaintStatus,
    ComplaintStatusChange,
)
from server.complaints import service as complaints
from server.deps import NowDep, PrincipalDep, StateDep
from server.errors import documented
from server.idempotency import IdempotencyKey, request_hash, run_idempotent
from server.ratelimit import COMPLAINT_PER_CLIENT, LOOKUP_PER_CLIENT, client_address
from server.staff.auth import Principal
from server.staff.permissions import Action, require

router = APIRouter(tags=["complaints"], responses=documented(401, 403, 404, 409, 422, 429))

TrackingCode = Annotated[str, Path(min_length=1, max_length=40)]


@router.post("/complaints", response_model=Complaint, status_code=201)
def send_complaint(
    data: ComplaintCreate, idempotency_key: IdempotencyKey, request: Request, state: StateDep,
    now: NowDep,
) -> Response:
    """A complaint about a facility. Answer: its tracking code; keep it to follow up."""
    state.limiter.hit(COMPLAINT_PER_CLIENT, client_address(request))
    return run_idempotent(
        state.db, key=idempotency_key, fingerprint=request_hash(state.keyring, "/complaints", data), now=now,
        create=lambda session: complaints.create(
            session=session, directory=state.directory, vault=state.vault, data=data, now=now
        ),
    ).response()


@router.get("/complaints/{code}", response_model=Complaint)
def read_complaint(
    code: TrackingCode, request: Request, state: StateDep, now: NowDep
) -> Complaint:
    """Status, replies and dates; advice to turn to SP4N-LAPOR! once overdue."""
    with state.db.read() as session:
        state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
        row = complaints.by_code(session=session, code=code)
        return complaints.view(session=session, directory=state.directory, row=row, now=now)


# ------------------------------------------------------------------- staff


@router.get("/staff/complaints", response_model=list[ComplaintForStaff])
def list_complaints(
    principal: PrincipalDep, state: StateDep, now: NowDep,
    facility_id: Annotated[str | None, Query(max_length=64)] = None,
    status: ComplaintStatus | None = None,
) -> list[ComplaintForStaff]:
    """The complaints of the staff member's facility (Dinkes: one facility, or all)."""
    with state.db.read() as session:
        facility = facility_id or principal.facility_id  # None: Dinkes asking for all
        require(principal, Action.view_complaints, facility_id=facility or "")
        return complaints.listed(
            session=session, directory=state.directory, facility_id=facility, status=status, now=now
        )


def _handled(
    complaint_id: int, principal: Principal, state: StateDep, now: NowDep,
    change: ComplaintReply | ComplaintStatusChange,
) -> ComplaintForStaff:
    with state.db.write_transaction() as session:
        row = complaints.by_id(session=session, complaint_id=complaint_id)
        require(principal, Action.handle_complaints, facility_id=row.facility_id)
        if isinstance(change, ComplaintReply):
            complaints.reply(
                session=session, row=row, text=change.reply, status=change.status, by=principal, now=now
            )
        else:
            complaints.change_status(session=session, row=row, status=change.status, by=principal, now=now)
        return complaints.staff_view(session=session, directory=state.directory, row=row, now=now)


@router.get("/staff/complaints/{complaint_id}", response_model=ComplaintForStaff)
def open_complaint(
    complaint_id: Annotated[int, Path()], principal: PrincipalDep, 
    state: StateDep, now: NowDep,
) -> ComplaintForStaff:
    with state.db.read() as session:
        row = complaints.by_id(session=session, complaint_id=complaint_id)
        require(principal, Action.view_complaints, facility_id=row.facility_id)
        return complaints.staff_view(session=session, directory=state.directory, row=row, now=now)


@router.post("/staff/complaints/{complaint_id}/replies", response_model=ComplaintForStaff)
def reply_to_complaint(
    complaint_id: Annotated[int, Path()], data: ComplaintReply, principal: PrincipalDep,
    state: StateDep, now: NowDep,
) -> ComplaintForStaff:
    """A reply the person sees with their code; optionally also a new status."""
    return _handled(complaint_id, principal, state, now, data)


@router.post("/staff/complaints/{complaint_id}/status", response_model=ComplaintForStaff)
def change_complaint_status(
    complaint_id: Annotated[int, Path()], data: ComplaintStatusChange, principal: PrincipalDep,
    state: StateDep, now: NowDep,
) -> ComplaintForStaff:
    """Forward only (diterima → diproses → selesai); selesai after a reply."""
    return _handled(complaint_id, principal, state, now, data)
