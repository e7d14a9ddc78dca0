"""An announcement published, changed or withdrawn is heard by the open screens that show
it: a `reconfigured` event on every service it reaches (one service, a facility's, or,
for Dinkes, those of a kecamatan or of the whole regency), in its own transaction. The
facility page, the booking screen and the TV then read the facility again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.announcements.tables import AnnouncementRow
from server.facilities.service_settings import tell_screens
from server.facilities.tables import FacilityRow, ServiceRow


def tell_open_screens(*, session: Session, row: AnnouncementRow, now: dt.datetime) -> None:
    if row.facility_id is not None:
        facilities = [row.facility_id]
    else:
        reached = select(FacilityRow.id)
        if row.kecamatan:
            reached = reached.where(FacilityRow.kecamatan == row.kecamatan)
        facilities = list(session.scalars(reached.order_by(FacilityRow.id)))
    for facility_id in facilities:
        service_ids = [row.service_id] if row.service_id is not None else list(session.scalars(
            select(ServiceRow.id).where(ServiceRow.facility_id == facility_id).order_by(ServiceRow.id)
        ))
        tell_screens(session=session, facility_id=facility_id, service_ids=service_ids, now=now)
