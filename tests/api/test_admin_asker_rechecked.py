"""An administrator deactivated by Dinkes while their request is already past its
sign-in check changes nothing: every admin write checks its asker again inside its own
transaction (server/staff/asker.py), as the account actions do. The race is made
certain by letting the sign-in check pass (as it did, just before the deactivation);
the write must still answer 401 and leave nothing behind. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from api_client import ApiClient, Unauthorized
from api_client.models import (
    AnnouncementCreate,
    AnnouncementKind,
    DoctorAbsenceIn,
    ServiceChange,
    ServiceSettingsChange,
)
from server.audit.tables import AuditEventRow
from tests.api.helpers import SUMBER, service_id

pytestmark = pytest.mark.anyio
WEDNESDAY = dt.date(2026, 12, 2)


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.staff.login(username, "rembang-demo")
    return client


def actions(app) -> list[str]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return [r.action for r in session.scalars(select(AuditEventRow).order_by(AuditEventRow.id))]


async def test_a_deactivated_admin_whose_sign_in_check_already_passed_changes_nothing(  # type: ignore[no-untyped-def]
    app, make_client, client, monkeypatch
):
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    dinkes = await signed_in(make_client, "dinkes")
    gigi = await service_id(client, code="poli-gigi")
    doctor = next(d for d in await admin.doctors.managed(SUMBER) if d.service_id == gigi)
    umum = await service_id(client, code="poli-umum")
    accounts = await dinkes.accounts.list(facility_id=SUMBER)
    target = next(a for a in accounts if a.username == f"admin.{SUMBER}")
    await dinkes.accounts.deactivate(target.id)
    # the admin's requests below passed their sign-in check before the deactivation
    monkeypatch.setattr("server.staff.principal.still_signed_in",
                        lambda *, state, principal: principal)  # noqa: ARG005
    before = actions(app)
    settings = ServiceSettingsChange(effective_from=dt.date(2026, 12, 7), quota_jkn=[1] * 7,
                                     quota_non_jkn=[1] * 7, quota_walkin=[1] * 7, avg_service_minutes=5)
    attempts = {
        "enrol a kiosk": admin.kiosks.enrol(SUMBER, name="Kiosk curian"),
        "change a quota": admin.directory_admin.change_settings(umum, settings),
        "change a service": admin.directory_admin.change_service(umum, ServiceChange(disabled=True)),
        "record an absence": admin.doctors.mark_absent(
            SUMBER, doctor.id, DoctorAbsenceIn(service_date=WEDNESDAY, reason="Cuti")),
        "publish a closure": admin.staff.publish_announcement(SUMBER, AnnouncementCreate(
            kind=AnnouncementKind.closure, title="Palsu", body="x", valid_from=WEDNESDAY,
            valid_until=WEDNESDAY)),
    }
    for what, attempt in attempts.items():
        with pytest.raises(Unauthorized):
            await attempt
            pytest.fail(f"a deactivated admin could {what}")
    assert actions(app) == before  # nothing written, nothing audited
    assert "Kiosk curian" not in {d.name for d in await dinkes.kiosks.list(facility_id=SUMBER)}
    assert umum in {s.id for s in (await client.facilities.get(SUMBER)).services}  # not disabled
    assert WEDNESDAY not in {c.service_date for c in await client.facilities.closures(SUMBER)}



async def test_a_deactivated_dinkes_officer_whose_check_passed_reads_nobodys_data(  # type: ignore[no-untyped-def]
    app, make_client, monkeypatch
):
    from api_client.models import Role
    from tests.api.helpers import book, nik_for

    await book(make_client(), await service_id(make_client(), code="poli-umum"))
    dinkes = await signed_in(make_client, "dinkes")
    issued = await dinkes.accounts.create(username="dinkes.dua", role=Role.admin, facility_id=None)
    second = make_client()
    await second.staff.change_password("dinkes.dua", issued.one_time_password, "kopi-rembang-pagi-42")
    await dinkes.accounts.deactivate(issued.account.id)
    monkeypatch.setattr("server.staff.principal.still_signed_in",
                        lambda *, state, principal: principal)  # noqa: ARG005
    before = actions(app)
    with pytest.raises(Unauthorized):
        await second.privacy.export_by_nik(nik_for(1), request_reference="SR/2026/200")
    assert actions(app) == before  # not even a "nobody found" row
