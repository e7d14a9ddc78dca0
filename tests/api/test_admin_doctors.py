"""A facility's doctors kept by its admin (or Dinkes): added with a SIP and weekly
sessions, edited, retired; sessions that overlap or end before they start are refused
with a field message; citizens see the practising doctors whose names are checked,
never a seed placeholder or a retired doctor; every change is audited without the
name; an admin of another facility is told the doctor does not exist."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from api_client import ApiClient, Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from api_client.models import DoctorIn, DoctorWeekSession
from server.audit.tables import AuditEventRow
from tests.api.helpers import SUMBER, service_id

pytestmark = pytest.mark.anyio

MONDAY, TUESDAY = dt.date(2026, 11, 30), dt.date(2026, 12, 1)
REVERSED = "doctor_session_reversed"


def doctor(sid: int, name: str = "dr. Ani Setyowati", **changes: object) -> DoctorIn:
    values: dict[str, object] = {
        "name": name, "sip": "503/123/SIP/2025", "service_id": sid,
        "sessions": [DoctorWeekSession(weekday=0, starts="07:30", ends="12:00"),
                     DoctorWeekSession(weekday=2, starts="08:00", ends="11:00")],
    }
    return DoctorIn.model_validate(values | changes)


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(username, "rembang-demo")
    return staff


async def test_an_added_doctor_practises_on_their_days_and_citizens_see_them(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    added = await admin.doctors.add(SUMBER, doctor(umum))
    assert added.active and added.sip == "503/123/SIP/2025" and added.unconfirmed == []
    monday = await client.facilities.doctors(SUMBER, date=MONDAY)
    assert [(d.doctor_name, d.starts, d.ends) for d in monday] == [("dr. Ani Setyowati", "07:30", "12:00")]
    assert await client.facilities.doctors(SUMBER, date=TUESDAY) == []
    week = await client.doctors.of_service(umum)
    assert [d.service_date for d in week] == [MONDAY, dt.date(2026, 12, 2), dt.date(2026, 12, 7)]
    assert {d.doctor_name for d in week} == {"dr. Ani Setyowati"}
    assert added.id in {d.id for d in await admin.doctors.managed(SUMBER)}


async def test_seed_placeholders_are_kept_for_the_admin_but_never_shown_to_citizens(
    client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    admin = await signed_in(make_client, "admin.pkm-sumber")
    managed = await admin.doctors.managed(SUMBER)
    placeholders = [d for d in managed if "name" in d.unconfirmed]
    assert placeholders and any(d.name == "dr. (contoh 1)" for d in placeholders)
    assert await client.facilities.doctors(SUMBER, date=MONDAY) == []
    # Once the admin writes the real name, the mark goes and citizens see the doctor.
    first = next(d for d in placeholders if d.name == "dr. (contoh 1)")
    edited = await admin.doctors.edit(SUMBER, first.id, first.model_copy(update={"name": "dr. Budi Santoso"}))
    assert "name" not in edited.unconfirmed and "schedule" in edited.unconfirmed
    names = {d.doctor_name for d in await client.facilities.doctors(SUMBER, date=MONDAY)}
    assert names == {"dr. Budi Santoso"}


async def test_a_retired_doctor_leaves_the_schedule_and_cannot_change(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    added = await admin.doctors.add(SUMBER, doctor(umum))
    retired = await admin.doctors.retire(SUMBER, added.id)
    assert not retired.active
    assert await client.facilities.doctors(SUMBER, date=MONDAY) == []
    with pytest.raises(Conflict) as err:
        await admin.doctors.edit(SUMBER, added.id, doctor(umum))
    assert err.value.code == "doctor_retired"
    with pytest.raises(Conflict):
        await admin.doctors.retire(SUMBER, added.id)


@pytest.mark.parametrize(("sessions", "field", "code"), [
    ([DoctorWeekSession(weekday=0, starts="12:00", ends="07:30")], "sessions.0.ends", REVERSED),
    ([DoctorWeekSession(weekday=0, starts="08:00", ends="08:00")], "sessions.0.ends", REVERSED),
    ([DoctorWeekSession(weekday=1, starts="07:30", ends="10:00"),
      DoctorWeekSession(weekday=1, starts="09:30", ends="12:00")], "sessions.1", "doctor_sessions_overlap"),
])
async def test_sessions_that_overlap_or_end_before_they_start_are_refused(
    client: ApiClient, make_client, sessions, field, code  # type: ignore[no-untyped-def]
):
    admin = await signed_in(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    with pytest.raises(ValidationFailed) as err:
        await admin.doctors.add(SUMBER, doctor(umum, sessions=sessions))
    assert (err.value.fields[0].field, err.value.fields[0].code) == (field, code)
    assert all(d.name != "dr. Ani Setyowati" for d in await admin.doctors.managed(SUMBER))


async def test_sessions_back_to_back_and_on_other_days_are_fine(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    sessions = [DoctorWeekSession(weekday=1, starts="07:30", ends="10:00"),
                DoctorWeekSession(weekday=1, starts="10:00", ends="12:00"),
                DoctorWeekSession(weekday=3, starts="07:30", ends="10:00")]
    added = await admin.doctors.add(SUMBER, doctor(umum, sessions=sessions))
    assert len(added.sessions) == 3


async def test_a_service_of_another_facility_is_refused(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    lasem = await service_id(client, "pkm-lasem", code="poli-umum")
    with pytest.raises(ValidationFailed) as err:
        await admin.doctors.add(SUMBER, doctor(lasem))
    assert err.value.fields[0].code == "service_not_of_facility"


async def test_each_change_is_audited_with_before_and_after_and_no_name(client: ApiClient, make_client, app):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    gigi = await service_id(client, code="poli-gigi")
    added = await admin.doctors.add(SUMBER, doctor(umum))
    await admin.doctors.edit(SUMBER, added.id, doctor(gigi, name="drg. Ani Setyowati", sip=None))
    await admin.doctors.retire(SUMBER, added.id)
    with app.state.lsr.db.read() as session:
        rows = session.scalars(
            select(AuditEventRow).where(AuditEventRow.subject == f"doctor:{added.id}")
            .order_by(AuditEventRow.id)
        ).all()
    assert [(r.action, r.actor, r.facility_id) for r in rows] == [
        ("add_doctor", "admin.pkm-sumber", SUMBER),
        ("change_doctor", "admin.pkm-sumber", SUMBER),
        ("retire_doctor", "admin.pkm-sumber", SUMBER),
    ]
    changed = rows[1]
    assert json.loads(changed.before or "")["service_id"] == umum
    assert json.loads(changed.after or "") == {
        "service_id": gigi, "active": True, "has_sip": False,
        "sessions": "0 07:30-12:00; 2 08:00-11:00", "unconfirmed": "",
    }
    assert json.loads(rows[2].after or "")["active"] is False
    assert all("Ani" not in (r.before or "") + (r.after or "") and "SIP" not in (r.after or "") for r in rows)


async def test_dinkes_keeps_any_facilitys_doctors(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    umum = await service_id(client, code="poli-umum")
    added = await dinkes.doctors.add(SUMBER, doctor(umum))
    assert added.facility_id == SUMBER


async def test_nobody_else_touches_a_facilitys_doctors_and_another_admin_learns_nothing(
    client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    admin = await signed_in(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    added = await admin.doctors.add(SUMBER, doctor(umum))
    for username in ("loket.pkm-sumber", "poli.pkm-sumber", "admin.pkm-lasem"):
        other = await signed_in(make_client, username)
        for attempt in (other.doctors.managed(SUMBER), other.doctors.add(SUMBER, doctor(umum)),
                        other.doctors.edit(SUMBER, added.id, doctor(umum)),
                        other.doctors.retire(SUMBER, added.id), other.doctors.absences(SUMBER)):
            with pytest.raises(Forbidden):
                await attempt
    with pytest.raises(Unauthorized):
        await client.doctors.managed(SUMBER)
    # The admin of Lasem, at their own facility, asking for Sumber's doctor: unknown, as any id.
    lasem_admin = await signed_in(make_client, "admin.pkm-lasem")
    lasem_umum = await service_id(client, "pkm-lasem", code="poli-umum")
    for doctor_id in (added.id, 999_999):
        with pytest.raises(NotFound) as err:
            await lasem_admin.doctors.edit("pkm-lasem", doctor_id, doctor(lasem_umum))
        assert err.value.code == "doctor_not_found"
        with pytest.raises(NotFound):
            await lasem_admin.doctors.retire("pkm-lasem", doctor_id)
