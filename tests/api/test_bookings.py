"""Booking online: numbers, quotas, the booking window, and what the patient sees."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient, Conflict, NotFound, QuotaFull, ValidationFailed
from api_client.models import Payer, TicketStatus
from server.queue.estimate import DEFAULT_ARRIVAL_RATE
from tests.api.helpers import SUMBER, arrive, book, patient, service_id
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio
MONDAY = dt.date(2026, 11, 30)


async def test_a_booking_gets_number_one_shown_with_the_service_prefix(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    booking = await book(client, sid)
    assert booking.ticket.number == 1
    assert booking.ticket.display_number == "B-001"
    assert booking.ticket.status is TicketStatus.booked
    assert booking.facility_name == "Puskesmas Sumber"
    assert len(booking.booking_code) == 13


async def test_the_booking_shows_personal_data_masked_only(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    booking = await book(client, sid, serial=1)
    again = await client.bookings.get(booking.booking_code)
    text = again.model_dump_json()
    assert again.nik_masked == "3317********0001"
    assert "3317014506900001" not in text and "+6281234567890" not in text
    assert again.patient_name_masked == "S*** A*****"


async def test_numbers_follow_each_other_and_the_estimate_counts_people_ahead(
    client: ApiClient,
):
    sid = await service_id(client, code="poli-umum")
    first = await book(client, sid, serial=1)
    second = await book(client, sid, serial=2, payer=Payer.non_jkn)
    third = await book(client, sid, serial=3)
    assert [b.ticket.number for b in (first, second, third)] == [1, 2, 3]
    # Two bookings ahead, neither arrived: each counts by the share of bookings that come
    # (no history on this fresh system: the default share).
    assert third.ticket.people_ahead == round(2 * DEFAULT_ARRIVAL_RATE) == 2
    # 8 configured minutes each, nobody measured yet, clock at 08:00
    eight = dt.datetime.fromisoformat("2026-11-30T08:00:00+07:00")
    assert third.ticket.estimated_call_at == eight + dt.timedelta(minutes=2 * DEFAULT_ARRIVAL_RATE * 8)
    # shown as a range around it, the same when read again
    again = (await client.bookings.get(third.booking_code)).ticket
    assert again.estimated_call_from == third.ticket.estimated_call_from
    shown = third.ticket
    assert shown.estimated_call_from is not None and shown.estimated_call_until is not None
    assert shown.estimated_call_from < shown.estimated_call_at < shown.estimated_call_until
    # once the first has arrived, it counts whole
    await arrive(client, first)
    after = (await client.bookings.get(third.booking_code)).ticket
    assert after.estimated_call_at == eight + dt.timedelta(minutes=(1 + DEFAULT_ARRIVAL_RATE) * 8)


async def test_a_booking_is_found_by_code_typed_loosely(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    booking = await book(client, sid)
    code = booking.booking_code
    typed = f"{code[:4].lower()} {code[4:8]}-{code[8:]}".replace("0", "o")
    assert (await client.bookings.get(typed)).booking_code == code


async def test_an_unknown_code_is_not_found(client: ApiClient):
    with pytest.raises(NotFound) as err:
        await client.bookings.get("ABCD-EFGH-JKMNP")
    assert err.value.code == "booking_not_found"


async def test_a_full_jkn_quota_says_so_and_offers_the_next_dates_with_room(
    client: ApiClient, app
):
    sid = await service_id(client, code="poli-gigi")  # 10 JKN places a day
    for serial in range(1, 11):
        await book(client, sid, serial=serial)
    with pytest.raises(QuotaFull) as err:
        await book(client, sid, serial=11)
    assert err.value.code == "quota_full"
    # Tuesday 1 December is next; Sunday 6 December is closed
    assert err.value.next_available[:3] == [
        dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3),
    ]
    # non-JKN has its own quota and is still open
    assert (await book(client, sid, serial=11, payer=Payer.non_jkn)).ticket.number == 11
    days = (await client.facilities.availability(sid)).days
    assert (days[0].left_jkn, days[0].left_non_jkn) == (0, 4)


async def test_cancelling_gives_the_place_back_but_never_the_number(client: ApiClient):
    sid = await service_id(client, code="poli-gigi")
    bookings = [await book(client, sid, serial=s) for s in range(1, 11)]
    cancelled = await client.bookings.cancel(bookings[3].booking_code)
    assert cancelled.ticket.status is TicketStatus.cancelled
    newcomer = await book(client, sid, serial=99)
    assert newcomer.ticket.number == 11
    again = await client.bookings.cancel(bookings[3].booking_code)  # a double tap is harmless
    assert again.ticket.status is TicketStatus.cancelled
    assert (await client.facilities.availability(sid)).days[0].left_jkn == 0


async def test_one_active_booking_per_patient_service_and_date(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    first = await book(client, sid, serial=7)
    with pytest.raises(Conflict) as err:
        await book(client, sid, serial=7, payer=Payer.non_jkn)
    assert err.value.code == "already_booked"
    other_day = await book(client, sid, serial=7, day=MONDAY + dt.timedelta(days=1))
    assert other_day.service_date == MONDAY + dt.timedelta(days=1)
    await client.bookings.cancel(first.booking_code)
    assert (await book(client, sid, serial=7)).ticket.number == 2


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (MONDAY - dt.timedelta(days=1), "date_outside_window"),
        (MONDAY + dt.timedelta(days=8), "date_outside_window"),
    ],
)
async def test_dates_outside_the_seven_day_window_are_refused(
    client: ApiClient, day: dt.date, code: str
):
    sid = await service_id(client, code="poli-umum")
    with pytest.raises(ValidationFailed) as err:
        await book(client, sid, day=day)
    assert [(f.field, f.code) for f in err.value.fields] == [("service_date", code)]


async def test_sundays_and_national_holidays_close_booking(client: ApiClient, clock: FakeClock):
    sid = await service_id(client, code="poli-umum")
    with pytest.raises(Conflict) as err:
        await book(client, sid, day=dt.date(2026, 12, 6))  # Sunday
    assert err.value.code == "service_closed"
    clock.set(2026, 12, 22, 8, 0)
    days = {d.service_date: d for d in (await client.facilities.availability(sid)).days}
    assert days[dt.date(2026, 12, 25)].closed_reason == "Hari Raya Natal"
    assert not days[dt.date(2026, 12, 25)].open
    assert days[dt.date(2026, 12, 24)].closed_reason.startswith("Cuti Bersama")
    with pytest.raises(Conflict):
        await book(client, sid, day=dt.date(2026, 12, 25))


async def test_today_cannot_be_booked_after_the_service_closed(client: ApiClient, clock: FakeClock):
    sid = await service_id(client, code="poli-umum")
    clock.set(2026, 11, 30, 12, 0)  # loket closes at 12:00
    with pytest.raises(Conflict) as err:
        await book(client, sid)
    assert err.value.code == "service_closed"
    assert (await book(client, sid, day=MONDAY + dt.timedelta(days=1))).ticket.number == 1


async def test_a_jkn_booking_needs_the_bpjs_number(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    with pytest.raises(ValidationFailed) as err:
        await client.bookings.create(
            service_id=sid, service_date=MONDAY, payer=Payer.jkn,
            patient=patient(1, bpjs_number=None), consent_version="2026-11",
            idempotency_key="key-no-bpjs-1",
        )
    assert err.value.fields[0].field == "patient.bpjs_number"
    assert err.value.fields[0].code == "bpjs_required"


async def test_a_birth_date_that_contradicts_the_nik_is_refused(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    with pytest.raises(ValidationFailed) as err:
        await client.bookings.create(
            service_id=sid, service_date=MONDAY, payer=Payer.non_jkn,
            patient=patient(1, birth_date=dt.date(1991, 6, 5)), consent_version="2026-11",
            idempotency_key="key-birth-1",
        )
    assert (err.value.fields[0].field, err.value.fields[0].code) == (
        "patient.birth_date", "birth_date_mismatch",
    )


async def test_the_loket_takes_no_online_booking(client: ApiClient):
    sid = await service_id(client, code="loket")
    with pytest.raises(ValidationFailed) as err:
        await book(client, sid)
    assert err.value.fields[0].code == "service_not_bookable"


async def test_check_in_on_the_day_moves_the_ticket_to_checked_in(
    client: ApiClient, clock: FakeClock
):
    sid = await service_id(client, code="poli-umum")
    tomorrow = await book(client, sid, serial=1, day=MONDAY + dt.timedelta(days=1))
    with pytest.raises(Conflict) as err:
        await arrive(client, tomorrow)
    assert err.value.code == "booking_in_future"
    clock.set(2026, 12, 1, 7, 0)
    arrived = await arrive(client, tomorrow)
    assert arrived.ticket.status is TicketStatus.checked_in
    with pytest.raises(Conflict) as err:
        await arrive(client, tomorrow)
    assert err.value.code == "already_checked_in"
    clock.set(2026, 12, 2, 7, 0)
    other = await book(client, sid, serial=2, day=dt.date(2026, 12, 2))
    clock.set(2026, 12, 3, 7, 0)
    with pytest.raises(Conflict) as err:
        await arrive(client, other)
    assert err.value.code == "booking_expired"


async def test_a_booking_at_one_facility_is_counted_there_only(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    other = await service_id(client, facility_id="pkm-lasem", code="poli-umum")
    assert (await book(client, sid, serial=1)).ticket.number == 1
    assert (await book(client, other, serial=1)).ticket.number == 1
    assert (await client.facilities.get(SUMBER)).id == SUMBER


async def test_a_booking_is_found_on_a_new_device_by_code_and_phone(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    booking = await book(client, sid)
    found = await client.bookings.lookup(booking_code=booking.booking_code, phone="+62 812 3456 7890")
    assert found.booking_code == booking.booking_code
    with pytest.raises(NotFound) as err:
        await client.bookings.lookup(booking_code=booking.booking_code, phone="081299998888")
    assert err.value.code == "booking_not_found"
