"""A booking may name the doctor the patient chose (one with a session at the service
that weekday, not absent that date); none means any doctor. The chosen doctor is kept,
shown on the booking and to the staff at the counter; a doctor who cannot be booked
that day is refused with a field problem on `doctor_id`. If the chosen doctor is later
recorded absent while another doctor practises, the booking stays and the service's
notice for that date says so (the ticket shows it: tests/views/test_ticket_doctor.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient, ValidationFailed, new_idempotency_key
from api_client.models import (
    AnnouncementKind,
    Booking,
    DoctorAbsenceIn,
    DoctorIn,
    DoctorWeekSession,
    Payer,
    TicketStatus,
)
from tests.api.helpers import SUMBER, patient, service_id

pytestmark = pytest.mark.anyio

MONDAY = dt.date(2026, 11, 30)
WEDNESDAY = dt.date(2026, 12, 2)
THURSDAY = dt.date(2026, 12, 3)


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(username, "rembang-demo")
    return staff


async def two_doctors(admin: ApiClient, sid: int) -> tuple[int, int]:
    """Two real doctors at the service: dr. Ani in the mornings (Monday to Wednesday),
    dr. Budi in the afternoons (Monday and Wednesday)."""
    ani = await admin.doctors.add(SUMBER, DoctorIn(name="dr. Ani Lestari", service_id=sid, sessions=[
        DoctorWeekSession(weekday=d, starts="07:30", ends="10:00") for d in (0, 1, 2)]))
    budi = await admin.doctors.add(SUMBER, DoctorIn(name="dr. Budi Santoso", service_id=sid, sessions=[
        DoctorWeekSession(weekday=d, starts="10:00", ends="12:00") for d in (0, 2)]))
    return ani.id, budi.id


async def book_with(client: ApiClient, sid: int, doctor_id: int | None, *, serial: int = 1,
                    day: dt.date = MONDAY) -> Booking:
    return await client.bookings.create(
        service_id=sid, service_date=day, payer=Payer.jkn, patient=patient(serial),
        consent_version="2026-11", idempotency_key=new_idempotency_key(), doctor_id=doctor_id,
    )


@pytest.fixture
async def umum(client: ApiClient, make_client) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    ani, budi = await two_doctors(await signed_in(make_client, f"admin.{SUMBER}"), sid)
    return sid, ani, budi


async def test_the_chosen_doctor_is_kept_and_shown_on_the_booking(client: ApiClient, umum) -> None:  # type: ignore[no-untyped-def]
    sid, _ani, budi = umum
    booked = await book_with(client, sid, budi)
    assert (booked.doctor_id, booked.doctor_name) == (budi, "dr. Budi Santoso")
    again = await client.bookings.get(booked.booking_code)
    assert (again.doctor_id, again.doctor_name) == (budi, "dr. Budi Santoso")


async def test_without_a_choice_any_doctor_serves(client: ApiClient, umum) -> None:  # type: ignore[no-untyped-def]
    sid, _, _ = umum
    booked = await book_with(client, sid, None)
    assert (booked.doctor_id, booked.doctor_name) == (None, None)
    assert (await client.bookings.get(booked.booking_code)).doctor_name is None


async def refusal(call) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        await call
    field = err.value.fields[0]
    return err.value.status, field.field, field.code


async def test_a_doctor_without_a_session_that_day_is_refused_on_the_field(
    client: ApiClient, umum, make_client  # type: ignore[no-untyped-def]
) -> None:
    sid, ani, budi = umum
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    gigi = await service_id(client, SUMBER, "poli-gigi")
    placeholder = next(d.id for d in await admin.doctors.managed(SUMBER)
                       if d.service_id == sid and "name" in d.unconfirmed)
    refused = (422, "doctor_id", "doctor_not_bookable")
    # dr. Budi has no Tuesday session; dr. Ani practises at Poli Umum, not Poli Gigi
    assert await refusal(book_with(client, sid, budi, day=dt.date(2026, 12, 1))) == refused
    assert await refusal(book_with(client, gigi, ani)) == refused
    assert await refusal(book_with(client, sid, placeholder)) == refused  # never shown to citizens
    assert await refusal(book_with(client, sid, 999_999)) == refused
    await admin.doctors.retire(SUMBER, budi)
    assert await refusal(book_with(client, sid, budi, day=WEDNESDAY)) == refused
    assert (await book_with(client, sid, ani, day=dt.date(2026, 12, 1))).doctor_name == "dr. Ani Lestari"


async def test_a_doctor_absent_that_date_is_refused_and_bookable_again_once_withdrawn(
    client: ApiClient, umum, make_client  # type: ignore[no-untyped-def]
) -> None:
    sid, ani, _ = umum
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    absence = await admin.doctors.mark_absent(SUMBER, ani, DoctorAbsenceIn(
        service_date=WEDNESDAY, reason="Pelatihan"))
    refused = (422, "doctor_id", "doctor_not_bookable")
    assert await refusal(book_with(client, sid, ani, day=WEDNESDAY)) == refused
    assert (await book_with(client, sid, ani, serial=2, day=MONDAY)).doctor_id == ani  # another day
    await admin.doctors.withdraw_absence(SUMBER, absence.id)
    assert (await book_with(client, sid, ani, serial=3, day=WEDNESDAY)).doctor_id == ani


async def test_when_the_chosen_doctor_is_later_absent_the_booking_stays_and_the_notice_names_them(
    client: ApiClient, umum, make_client  # type: ignore[no-untyped-def]
) -> None:
    sid, ani, _ = umum
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    booked = await book_with(client, sid, ani, day=WEDNESDAY)
    absence = await admin.doctors.mark_absent(SUMBER, ani, DoctorAbsenceIn(
        service_date=WEDNESDAY, reason="Cuti sakit"))
    assert not absence.closes_service  # dr. Budi practises that day
    after = await client.bookings.get(booked.booking_code)
    assert after.ticket.status is TicketStatus.booked and after.doctor_name == "dr. Ani Lestari"
    notices = [(a.service_id, a.valid_from, a.title) for a in await client.facilities.announcements(SUMBER)
               if a.kind is AnnouncementKind.doctor_absent]
    assert notices == [(sid, WEDNESDAY, "dr. Ani Lestari: Cuti sakit")]


async def test_the_counter_sees_the_chosen_doctor(client: ApiClient, umum, make_client) -> None:  # type: ignore[no-untyped-def]
    sid, ani, _ = umum
    chosen = await book_with(client, sid, ani, serial=7)
    anyone = await book_with(client, sid, None, serial=8)
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    poli = await signed_in(make_client, f"poli.{SUMBER}")
    seen = {}
    for booking in (chosen, anyone):
        await kiosk.bookings.check_in_at_facility(booking.booking_code)
        called = await poli.staff.call_next(sid, counter="Ruang 1")
        assert called is not None
        seen[booking.booking_code] = (await poli.staff.patient(called.ticket_id)).doctor_name
        await poli.staff.done(called.ticket_id)
    assert seen == {chosen.booking_code: "dr. Ani Lestari", anyone.booking_code: None}
