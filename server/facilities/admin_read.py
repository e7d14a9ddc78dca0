"""The directory as its admin sees it: the facility, who confirmed which marks, every
service (disabled ones too) with its settings in force today and those ahead."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import FacilityAdmin, MarkConfirmed, ServiceAdmin, ServiceKind
from server.clock import service_date_of
from server.facilities.directory import Directory
from server.facilities.service_settings import version_of, versions_ahead
from server.facilities.tables import FacilityRow, ServiceRow, ServiceSettingRow


def facility_admin(
    *, session: Session, directory: Directory, facility_id: str, now: dt.datetime
) -> FacilityAdmin:
    row = session.get_one(FacilityRow, facility_id)
    services = session.scalars(select(ServiceRow).where(ServiceRow.facility_id == facility_id)
                               .order_by(ServiceRow.id)).all()
    return FacilityAdmin(
        facility=directory.facility(facility_id, now),
        confirmed=[MarkConfirmed.model_validate(c) for c in row.confirmed or []],
        services=[service_admin(session=session, directory=directory, row=s, now=now) for s in services],
    )


def service_admin(
    *, session: Session, directory: Directory, row: ServiceRow, now: dt.datetime
) -> ServiceAdmin:
    today = service_date_of(now)
    rows = session.scalars(select(ServiceSettingRow).where(ServiceSettingRow.service_id == row.id)
                           .order_by(ServiceSettingRow.effective_from)).all()
    settings = versions_ahead(rows, today)
    if not settings or settings[0].effective_from > today:
        # Not changed since the seed: the service row's own quotas hold until the first version.
        info = directory.services.get(row.id)
        if info is not None:
            settings = [version_of(info.setting_on(today)), *settings]
    return ServiceAdmin(
        id=row.id, facility_id=row.facility_id, code=row.code, name=row.name, kind=ServiceKind(row.kind),
        prefix=row.prefix, online=row.online, walkin=row.walkin, disabled=row.disabled, settings=settings,
    )
