"""A doctor's absence on a date. While another doctor of the service practises that
day, the bookings stay and the service publishes a notice for that date; when nobody
else does, the service closes that day as for a closure: booking it is refused, the
bookings not yet called are cancelled, and the facility's closures give the reason
the ticket shows. Withdrawing the absence reopens the day; what it cancelled stays
cancelled. Audited without the reason or the name; only the facility's admin or Dinkes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from api_client import ApiClient, Conflict, Forbidden, NotFound, ValidationFailed
from api_client.models import (
    AnnouncementChange,
    AnnouncementKind,
    DoctorAbsenceIn,
    DoctorIn,
    DoctorWeekSession,
    TicketStatus,
)
from server.audit.tables import AuditEventRow
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio

WEDNESDAY = dt.date(2026, 12, 2)
CUTI = DoctorAbsenceIn(service_date=WEDNESDAY, reason="Cuti tahunan")


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(username, "rembang-demo")
    return staff


async def gigi_doctor(client: ApiClient, admin: ApiClient) -> tuple[int, int]:
    """Poli Gigi of Sumber and its one doctor (the seed's placeholder, named by the admin)."""
    gigi = await service_id(client, code="poli-gigi")
    only = next(d for d in await admin.doctors.managed(SUMBER) if d.service_id == gigi)
    await admin.doctors.edit(SUMBER, only.id, only.model_copy(update={"name": "drg. Sri Wahyuni"}))
    return gigi, only.id


async def test_when_nobody_else_practises_the_service_closes_that_day_and_the_booked_are_told_why(
    client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    admin = await signed_in(make_client, "admin.pkm-sumber")
    gigi, drg = await gigi_doctor(client, admin)
    booked = await book(client, gigi, serial=1, day=WEDNESDAY)
    other_day = await book(client, gigi, serial=2, day=dt.date(2026, 12, 3))
    absence = await admin.doctors.mark_absent(SUMBER, drg, CUTI)
    assert absence.closes_service and absence.cancelled == 1
    assert (await client.bookings.get(booked.booking_code)).ticket.status is TicketStatus.cancelled
    assert (await client.bookings.get(other_day.booking_code)).ticket.status is TicketStatus.booked
    closures = [c for c in await client.facilities.closures(SUMBER) if c.service_date == WEDNESDAY]
    assert [(c.service_id, c.reason) for c in closures] == [(gigi, "drg. Sri Wahyuni: Cuti tahunan")]
    with pytest.raises(Conflict) as err:
        await book(client, gigi, serial=3, day=WEDNESDAY)
    assert err.value.code == "service_closed"
    umum = await service_id(client, code="poli-umum")  # the rest of the puskesmas is open
    assert (await book(client, umum, serial=4, day=WEDNESDAY)).ticket.number == 1
    assert all(d.service_id != gigi for d in await client.facilities.doctors(SUMBER, date=WEDNESDAY))


async def test_when_another_doctor_practises_the_bookings_stay_and_a_notice_is_published(
    client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    admin = await signed_in(make_client, "admin.pkm-sumber")
    gigi, drg = await gigi_doctor(client, admin)
    await admin.doctors.add(SUMBER, DoctorIn(
        name="drg. Hadi Purnomo", service_id=gigi,
        sessions=[DoctorWeekSession(weekday=2, starts="07:30", ends="12:00")],
    ))
    booked = await book(client, gigi, serial=1, day=WEDNESDAY)
    absence = await admin.doctors.mark_absent(SUMBER, drg, CUTI)
    assert not absence.closes_service and absence.cancelled == 0
    assert (await client.bookings.get(booked.booking_code)).ticket.status is TicketStatus.booked
    notices = [a for a in await client.facilities.announcements(SUMBER)
               if a.kind is AnnouncementKind.doctor_absent]
    assert [(n.service_id, n.valid_from, n.valid_until, n.title) for n in notices] == [
        (gigi, WEDNESDAY, WEDNESDAY, "drg. Sri Wahyuni: Cuti tahunan")]
    assert (await book(client, gigi, serial=2, day=WEDNESDAY)).ticket.number == 2
    that_day = {d.doctor_name: d.absent_reason for d in await client.doctors.of_service(gigi)
                if d.service_date == WEDNESDAY}
    assert that_day == {"drg. Sri Wahyuni": "Cuti tahunan", "drg. Hadi Purnomo": None}


async def test_a_withdrawn_absence_reopens_the_day_but_what_it_cancelled_stays_cancelled(
    client: ApiClient, make_client  # type: ignore[no-untyped-def]
):
    admin = await signed_in(make_client, "admin.pkm-sumber")
    gigi, drg = await gigi_doctor(client, admin)
    booked = await book(client, gigi, serial=1, day=WEDNESDAY)
    absence = await admin.doctors.mark_absent(SUMBER, drg, CUTI)
    withdrawn = await admin.doctors.withdraw_absence(SUMBER, absence.id)
    assert withdrawn.withdrawn_at is not None
    assert all(c.service_date != WEDNESDAY for c in await client.facilities.closures(SUMBER))
    assert (await client.bookings.get(booked.booking_code)).ticket.status is TicketStatus.cancelled
    assert (await book(client, gigi, serial=2, day=WEDNESDAY)).ticket.number == 2
    that_day = [d for d in await client.doctors.of_service(gigi) if d.service_date == WEDNESDAY]
    assert [(d.doctor_name, d.absent_reason) for d in that_day] == [("drg. Sri Wahyuni", None)]
    with pytest.raises(Conflict) as err:
        await admin.doctors.withdraw_absence(SUMBER, absence.id)
    assert err.value.code == "absence_withdrawn"
    assert [a.id for a in await admin.doctors.absences(SUMBER)] == [absence.id]


async def test_an_absences_announcement_changes_only_with_the_absence(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    """The closure an absence published cannot be edited or withdrawn on its own in
    the announcements (the absence would still say the doctor is away, or the day
    reopen while the absence stands): 409 naming the absence; withdrawing the absence
    withdraws it."""
    admin = await signed_in(make_client, "admin.pkm-sumber")
    dinkes = await signed_in(make_client, "dinkes")
    gigi, drg = await gigi_doctor(client, admin)
    absence = await admin.doctors.mark_absent(SUMBER, drg, CUTI)
    change = AnnouncementChange(title="Poli gigi buka lagi", body="Buka", valid_from=WEDNESDAY,
                                valid_until=WEDNESDAY)
    for who in (admin, dinkes):
        for attempt in (who.announcements.change(SUMBER, absence.announcement_id, change),
                        who.announcements.withdraw(SUMBER, absence.announcement_id),
                        who.announcements.preview_withdrawal(SUMBER, absence.announcement_id)):
            with pytest.raises(Conflict) as err:
                await attempt
            assert err.value.code == "announcement_of_absence"
    managed = await admin.announcements.managed(SUMBER)
    shown = {a.id: a for a in managed}[absence.announcement_id]
    assert shown.withdrawn_at is None and shown.title == "drg. Sri Wahyuni: Cuti tahunan"
    assert shown.absence_id == absence.id  # the console says where it changes
    assert {a.absence_id for a in managed if a.id != absence.announcement_id} <= {None}
    assert (WEDNESDAY, gigi) in {(c.service_date, c.service_id)
                                 for c in await client.facilities.closures(SUMBER)}
    await admin.doctors.withdraw_absence(SUMBER, absence.id)
    shown = {a.id: a for a in await admin.announcements.managed(SUMBER)}[absence.announcement_id]
    assert shown.withdrawn_at is not None
    assert (WEDNESDAY, gigi) not in {(c.service_date, c.service_id)
                                     for c in await client.facilities.closures(SUMBER)}


@pytest.mark.parametrize(("day", "code"), [
    (dt.date(2026, 11, 29), "date_in_past"),
    (dt.date(2026, 12, 6), "doctor_not_scheduled"),  # a Sunday: no session
])
async def test_an_absence_on_a_past_day_or_a_day_without_a_session_is_refused(
    client: ApiClient, make_client, day, code  # type: ignore[no-untyped-def]
):
    admin = await signed_in(make_client, "admin.pkm-sumber")
    _gigi, drg = await gigi_doctor(client, admin)
    with pytest.raises(ValidationFailed) as err:
        await admin.doctors.mark_absent(SUMBER, drg, DoctorAbsenceIn(service_date=day, reason="Cuti"))
    assert (err.value.fields[0].field, err.value.fields[0].code) == ("service_date", code)


async def test_one_absence_per_doctor_and_day_and_none_for_a_retired_doctor(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    _gigi, drg = await gigi_doctor(client, admin)
    await admin.doctors.mark_absent(SUMBER, drg, CUTI)
    with pytest.raises(Conflict) as err:
        await admin.doctors.mark_absent(SUMBER, drg, CUTI)
    assert err.value.code == "doctor_already_absent"
    await admin.doctors.retire(SUMBER, drg)
    with pytest.raises(Conflict) as err:
        await admin.doctors.mark_absent(SUMBER, drg, DoctorAbsenceIn(service_date=dt.date(2026, 12, 3),
                                                                     reason="Cuti"))
    assert err.value.code == "doctor_retired"


async def test_recording_and_withdrawing_are_audited_without_the_reason(client: ApiClient, make_client, app):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    gigi, drg = await gigi_doctor(client, admin)
    await book(client, gigi, serial=1, day=WEDNESDAY)
    absence = await admin.doctors.mark_absent(SUMBER, drg, CUTI)
    await admin.doctors.withdraw_absence(SUMBER, absence.id)
    with app.state.lsr.db.read() as session:
        rows = session.scalars(select(AuditEventRow).where(
            AuditEventRow.subject.in_([f"doctor_absence:{absence.id}",
                                       f"announcement:{absence.announcement_id}"])
        ).order_by(AuditEventRow.id)).all()
    assert [(r.action, r.actor, r.facility_id) for r in rows] == [
        ("publish_announcement", "admin.pkm-sumber", SUMBER),
        ("record_doctor_absence", "admin.pkm-sumber", SUMBER),
        ("withdraw_announcement", "admin.pkm-sumber", SUMBER),
        ("withdraw_doctor_absence", "admin.pkm-sumber", SUMBER),
    ]
    assert json.loads(rows[1].after or "") | {"withdrawn_at": None} == {
        "doctor_id": drg, "service_date": WEDNESDAY.isoformat(), "closes_service": True,
        "announcement_id": absence.announcement_id, "cancelled": 1, "withdrawn_at": None,
    }
    assert json.loads(rows[3].after or "")["withdrawn_at"] is not None
    assert all("Cuti" not in (r.before or "") + (r.after or "") and "Sri" not in (r.after or "")
               for r in rows)


async def test_only_the_facilitys_admin_or_dinkes_records_an_absence(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    _gigi, drg = await gigi_doctor(client, admin)
    for username in ("loket.pkm-sumber", "poli.pkm-sumber", "admin.pkm-lasem"):
        other = await signed_in(make_client, username)
        with pytest.raises(Forbidden):
            await other.doctors.mark_absent(SUMBER, drg, CUTI)
    lasem_admin = await signed_in(make_client, "admin.pkm-lasem")
    with pytest.raises(NotFound) as err:  # Sumber's doctor, asked for at Lasem: unknown
        await lasem_admin.doctors.mark_absent("pkm-lasem", drg, CUTI)
    assert err.value.code == "doctor_not_found"
    absence = await (await signed_in(make_client, "dinkes")).doctors.mark_absent(SUMBER, drg, CUTI)
    with pytest.raises(NotFound) as err:
        await lasem_admin.doctors.withdraw_absence("pkm-lasem", absence.id)
    assert err.value.code == "absence_not_found"
    with pytest.raises(Forbidden):
        await lasem_admin.doctors.withdraw_absence(SUMBER, absence.id)
