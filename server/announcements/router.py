"""Announcement routes: read (everyone); publish, preview, change and withdraw (the
facility's admin, or Dinkes: `manage_announcements`); close a queue early for today
(whoever serves that service); regency-wide ones (Dinkes only)."""

from __future__ import annotations

from fastapi import APIRouter

from api_client.models import (
    Announcement,
    AnnouncementChange,
    AnnouncementCreate,
    AnnouncementImpact,
    ClosedEarly,
    CloseEarly,
    RegionalAnnouncementCreate,
)
from server.announcements import changes, close_early, impact, regional, service
from server.deps import FacilityDep, NowDep, PrincipalDep, RowId, ServiceDep, StateDep
from server.errors import documented
from server.staff.asker import asker_transaction
from server.staff.permissions import Action, require, require_regional

router = APIRouter(tags=["announcements"], responses=documented(401, 403, 404, 422))


@router.get("/facilities/{facility_id}/announcements", response_model=list[Announcement])
def list_announcements(facility: FacilityDep, state: StateDep, now: NowDep) -> list[Announcement]:
    with state.db.read() as session:
        return service.current(session=session, facility_id=facility.row.id, now=now,
                               kecamatan=facility.row.kecamatan)


@router.get("/facilities/{facility_id}/announcements/managed", response_model=list[Announcement])
def managed_announcements(
    facility: FacilityDep, principal: PrincipalDep, state: StateDep, now: NowDep
) -> list[Announcement]:
    """For its admin: those valid today or later, withdrawn ones included."""
    require(principal, Action.manage_announcements, facility_id=facility.row.id)
    with state.db.read() as session:
        return service.managed(session=session, facility_id=facility.row.id, now=now)


@router.post(
    "/facilities/{facility_id}/announcements", response_model=Announcement, status_code=201
)
def publish_announcement(
    facility: FacilityDep, data: AnnouncementCreate, principal: PrincipalDep, state: StateDep,
    now: NowDep,
) -> Announcement:
    """Publish for this facility. A closure closes booking on its dates at once and
    cancels the bookings already made for them."""
    require(principal, Action.manage_announcements, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        published = service.publish(
            session=session, facility_id=facility.row.id, data=data, now=now, by=principal,
            directory=state.directory,
        )
    state.reload_directory()
    return published


@router.post("/facilities/{facility_id}/announcements/preview", response_model=AnnouncementImpact)
def preview_announcement(
    facility: FacilityDep, data: AnnouncementCreate, principal: PrincipalDep, state: StateDep,
    now: NowDep,
) -> AnnouncementImpact:
    """What publishing `data` would do (who would be told), without publishing."""
    require(principal, Action.manage_announcements, facility_id=facility.row.id)
    with state.db.read() as session:
        return impact.of_publish(
            session=session, directory=state.directory, facility_id=facility.row.id, data=data, now=now
        )


@router.put(
    "/facilities/{facility_id}/announcements/{announcement_id}", response_model=Announcement,
    responses=documented(409),
)
def change_announcement(
    facility: FacilityDep, announcement_id: RowId, data: AnnouncementChange, principal: PrincipalDep,
    state: StateDep, now: NowDep,
) -> Announcement:
    """New dates, title or body. A closure closes its new days (cancelling their
    bookings) and reopens the days it no longer covers."""
    require(principal, Action.manage_announcements, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        changed = changes.change(
            session=session, directory=state.directory, facility_id=facility.row.id,
            announcement_id=announcement_id, data=data, now=now, by=principal,
        )
    state.reload_directory()
    return changed


@router.post(
    "/facilities/{facility_id}/announcements/{announcement_id}/preview",
    response_model=AnnouncementImpact, responses=documented(409),
)
def preview_change(
    facility: FacilityDep, announcement_id: RowId, data: AnnouncementChange, principal: PrincipalDep,
    state: StateDep, now: NowDep,
) -> AnnouncementImpact:
    require(principal, Action.manage_announcements, facility_id=facility.row.id)
    with state.db.read() as session:
        return impact.of_change(
            session=session, directory=state.directory, facility_id=facility.row.id,
            announcement_id=announcement_id, data=data, now=now,
        )


@router.post(
    "/facilities/{facility_id}/announcements/{announcement_id}/withdraw",
    response_model=Announcement, responses=documented(409),
)
def withdraw_announcement(
    facility: FacilityDep, announcement_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> Announcement:
    """No longer shown; a closure's days from today on reopen. The bookings it
    cancelled stay cancelled."""
    require(principal, Action.manage_announcements, facility_id=facility.row.id)
    with asker_transaction(state.db, principal) as session:
        withdrawn = changes.withdraw(
            session=session, facility_id=facility.row.id, announcement_id=announcement_id, now=now,
            by=principal,
        )
    state.reload_directory()
    return withdrawn


@router.post(
    "/facilities/{facility_id}/announcements/{announcement_id}/withdraw/preview",
    response_model=AnnouncementImpact, responses=documented(409),
)
def preview_withdrawal(
    facility: FacilityDep, announcement_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> AnnouncementImpact:
    require(principal, Action.manage_announcements, facility_id=facility.row.id)
    with state.db.read() as session:
        return impact.of_withdrawal(
            session=session, directory=state.directory, facility_id=facility.row.id,
            announcement_id=announcement_id, now=now,
        )


@router.post(
    "/services/{service_id}/close-early", response_model=ClosedEarly, status_code=201,
    responses=documented(409),
)
def close_queue_early(
    svc: ServiceDep, data: CloseEarly, principal: PrincipalDep, state: StateDep, now: NowDep
) -> ClosedEarly:
    """Close this service for the rest of today: the bookings of today not yet checked
    in are cancelled with `reason`; those checked in are still served."""
    require(principal, Action.serve, facility_id=svc.facility_id, kind=svc.kind)
    with asker_transaction(state.db, principal) as session:
        closure = close_early.close_early(
            session=session, directory=state.directory, service=svc, reason=data.reason, now=now,
            by=principal,
        )
    state.reload_directory()
    return closure


@router.post(
    "/services/{service_id}/close-early/preview", response_model=AnnouncementImpact,
    responses=documented(409),
)
def preview_closing_early(
    svc: ServiceDep, principal: PrincipalDep, state: StateDep, now: NowDep
) -> AnnouncementImpact:
    require(principal, Action.serve, facility_id=svc.facility_id, kind=svc.kind)
    close_early.require_open_today(state.directory, svc, now)
    with state.db.read() as session:
        return impact.of_closing_early(session=session, service=svc, now=now)


@router.get("/announcements/regional/managed", response_model=list[Announcement])
def managed_regional(principal: PrincipalDep, state: StateDep, now: NowDep) -> list[Announcement]:
    """For Dinkes: the regency-wide ones valid today or later, withdrawn ones included."""
    require_regional(principal)
    with state.db.read() as session:
        return regional.managed(session=session, now=now)


@router.post("/announcements/regional", response_model=Announcement, status_code=201)
def publish_regional(
    data: RegionalAnnouncementCreate, principal: PrincipalDep, state: StateDep, now: NowDep
) -> Announcement:
    """For every facility, or one `kecamatan`'s. A closure closes every service but the
    UGD on its dates and cancels the bookings already made for them."""
    require_regional(principal)
    with asker_transaction(state.db, principal) as session:
        published = regional.publish(session=session, directory=state.directory, data=data, now=now,
                                     by=principal)
    state.reload_directory()
    return published


@router.post("/announcements/regional/preview", response_model=AnnouncementImpact)
def preview_regional(
    data: RegionalAnnouncementCreate, principal: PrincipalDep, state: StateDep, now: NowDep
) -> AnnouncementImpact:
    """What publishing it would do: the bookings a closure would cancel, per service and
    date, at every facility it covers. Nothing is written."""
    require_regional(principal)
    with state.db.read() as session:
        return impact.of_regional(session=session, directory=state.directory, data=data, now=now)


@router.post("/announcements/regional/{announcement_id}/withdraw", response_model=Announcement,
             responses=documented(409))
def withdraw_regional(
    announcement_id: RowId, principal: PrincipalDep, state: StateDep, now: NowDep
) -> Announcement:
    require_regional(principal)
    with asker_transaction(state.db, principal) as session:
        withdrawn = regional.withdraw(session=session, announcement_id=announcement_id, now=now, by=principal)
    state.reload_directory()
    return withdrawn
