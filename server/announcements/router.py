"""Announcement routes: read (everyone), publish (admin of the facility, or Dinkes)."""

from __future__ import annotations

from fastapi import APIRouter

from api_client.models import Announcement, AnnouncementCreate, ErrorCode, Role
from server.announcements import service
from server.deps import FacilityDep, NowDep, PrincipalDep, StateDep
from server.errors import ApiProblem, documented

router = APIRouter(tags=["announcements"], responses=documented(401, 403, 404, 422))


@router.get("/facilities/{facility_id}/announcements", response_model=list[Announcement])
def list_announcements(facility: FacilityDep, state: StateDep, now: NowDep) -> list[Announcement]:
    with state.db.read() as session:
        return service.current(session=session, facility_id=facility.row.id, now=now)


@router.post(
    "/facilities/{facility_id}/announcements", response_model=Announcement, status_code=201
)
def publish_announcement(
    facility: FacilityDep, data: AnnouncementCreate, principal: PrincipalDep, state: StateDep,
    now: NowDep,
) -> Announcement:
    """Publish for this facility. A closure closes booking on its dates at once and
    cancels the bookings already made for them."""
    if principal.role is not Role.admin or principal.facility_id not in (None, facility.row.id):
        raise ApiProblem(403, ErrorCode.forbidden, f"only an admin of {facility.row.id} may publish")
    with state.db.write_transaction() as session:
        published = service.publish(
            session=session, facility_id=facility.row.id, data=data, now=now, by=principal,
            directory=state.directory,
        )
    state.reload_directory()
    return published
