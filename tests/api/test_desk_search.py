"""The desk finds today's bookings of its own facility before checking one in: a preview
by the booking code, or a search by name with birth date or by the last digits of the
NIK or phone. Monday 30 November 2026, 08:00 WIB, Puskesmas Sumber's loket.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from api_client import ApiClient, ApiStatusError
from api_client.models import Payer, TicketStatus
from server.audit.tables import AuditEventRow
from tests.api.helpers import book, nik_for, patient, service_id

pytestmark = pytest.mark.anyio
SUMBER, LASEM = "pkm-sumber", "pkm-lasem"


@pytest.fixture
async def loket(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(f"loket.{SUMBER}", "rembang-demo")
    return staff


async def refused(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ApiStatusError) as caught:
        await call
    err = caught.value
    return f"{err.status} {err.fields[0].code if err.fields else err.code}"


async def test_the_preview_shows_the_booking_masked_and_does_not_check_it_in(client, loket, clock):  # type: ignore[no-untyped-def]
    umum = await service_id(client, SUMBER, "poli-umum")
    booking = await book(client, umum, serial=11)
    clock.advance(minutes=20)
    seen = await loket.desk.preview(SUMBER, booking.booking_code)
    assert seen.nik_masked == "3317********0011"
    assert seen.patient_name_masked == "S*** A*****"
    assert seen.payer is Payer.jkn
    assert (seen.ticket.service_name, seen.ticket.display_number) == (
        booking.ticket.service_name, booking.ticket.display_number)
    assert seen.created_at == booking.created_at
    assert seen.ticket.nik_with_other_phone is False
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.booked
    arrived = await loket.bookings.check_in_at_facility(booking.booking_code)
    assert arrived.ticket.status is TicketStatus.checked_in


async def test_the_preview_refuses_as_the_check_in_would(client, loket, clock):  # type: ignore[no-untyped-def]
    umum = await service_id(client, SUMBER, "poli-umum")
    elsewhere = await book(client, await service_id(client, LASEM, "poli-umum"), serial=21)
    tomorrow = await book(client, umum, serial=22, day=dt.date(2026, 12, 1))
    arrived = await book(client, umum, serial=23)
    await loket.bookings.check_in_at_facility(arrived.booking_code)
    cancelled = await book(client, umum, serial=24)
    await client.bookings.cancel(cancelled.booking_code)
    assert await refused(loket.desk.preview(SUMBER, elsewhere.booking_code)) == "409 wrong_facility"
    assert await refused(loket.desk.preview(SUMBER, tomorrow.booking_code)) == "409 booking_in_future"
    assert await refused(loket.desk.preview(SUMBER, arrived.booking_code)) == "409 already_checked_in"
    assert await refused(loket.desk.preview(SUMBER, cancelled.booking_code)) == "409 booking_cancelled"
    assert await refused(loket.desk.preview(SUMBER, "K7QD2M9FXH3TA")) == "404 booking_not_found"


async def test_the_last_digits_of_the_nik_or_the_phone_find_todays_bookings(client, loket):  # type: ignore[no-untyped-def]
    umum = await service_id(client, SUMBER, "poli-umum")
    mine = await client.bookings.create(
        service_id=umum, service_date=dt.date(2026, 11, 30), payer=Payer.non_jkn,
        patient=patient(31, phone="0813-1111-2468", bpjs_number=None), consent_version="2026-11",
        idempotency_key="desk-search-31",
    )
    await book(client, umum, serial=32)
    by_nik = await loket.desk.search(SUMBER, digits=nik_for(31)[-4:])
    by_phone = await loket.desk.search(SUMBER, digits="2468")
    whole_phone = await loket.desk.search(SUMBER, digits="081311112468")  # the whole number, as said
    whole_nik = await loket.desk.search(SUMBER, digits=nik_for(31))
    for found in (by_nik, by_phone, whole_phone, whole_nik):
        assert [b.ticket.ticket_id for b in found] == [mine.ticket.ticket_id]
    assert by_phone[0].payer is Payer.non_jkn


async def test_digits_between_four_and_a_whole_number_are_refused(client, loket):  # type: ignore[no-untyped-def]
    """Five to nine digits would tell, one search at a time, the NIK digits its mask hides."""
    umum = await service_id(client, SUMBER, "poli-umum")
    await book(client, umum, serial=33)
    for typed in (nik_for(33)[-5:], nik_for(33)[-9:]):
        assert await refused(loket.desk.search(SUMBER, digits=typed)) == "422 booking_search_digits"
    assert await loket.desk.search(SUMBER, digits=nik_for(33)[-10:]) == []  # not a whole number


async def test_a_leading_zero_of_four_digits_is_a_digit_not_a_trunk_prefix(client, loket):  # type: ignore[no-untyped-def]
    umum = await service_id(client, SUMBER, "poli-umum")
    ends_0468 = await client.bookings.create(
        service_id=umum, service_date=dt.date(2026, 11, 30), payer=Payer.non_jkn,
        patient=patient(34, phone="0813-1111-0468", bpjs_number=None), consent_version="2026-11",
        idempotency_key="desk-search-34",
    )
    await client.bookings.create(
        service_id=umum, service_date=dt.date(2026, 11, 30), payer=Payer.non_jkn,
        patient=patient(35, phone="0813-1111-2468", bpjs_number=None), consent_version="2026-11",
        idempotency_key="desk-search-35",
    )
    found = await loket.desk.search(SUMBER, digits="0468")
    assert [b.ticket.ticket_id for b in found] == [ends_0468.ticket.ticket_id]


async def test_found_bookings_show_no_usable_code_and_check_in_by_their_ticket(client, loket):  # type: ignore[no-untyped-def]
    """A code lets anyone cancel the booking: a search never hands one out."""
    umum = await service_id(client, SUMBER, "poli-umum")
    booking = await book(client, umum, serial=36)
    [found] = await loket.desk.search(SUMBER, digits=nik_for(36)[-4:])
    assert found.booking_code != booking.booking_code
    assert found.booking_code[:4] == booking.booking_code[:4]
    assert booking.booking_code[4:-2] not in found.booking_code
    assert await refused(client.bookings.cancel(found.booking_code)) == "404 booking_not_found"
    arrived = await loket.desk.check_in(SUMBER, found.ticket.ticket_id)
    assert arrived.ticket.status is TicketStatus.checked_in
    assert arrived.booking_code == found.booking_code
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.checked_in
    assert await refused(loket.desk.check_in(SUMBER, found.ticket.ticket_id)) == "409 already_checked_in"
    assert await loket.desk.search(SUMBER, digits=nik_for(36)[-4:]) == []  # only those still to come


async def test_a_ticket_of_another_facility_is_unknown_at_this_desk(client, loket, make_client):  # type: ignore[no-untyped-def]
    lasem_booking = await book(client, await service_id(client, LASEM, "poli-umum"), serial=37)
    ticket_id = lasem_booking.ticket.ticket_id
    assert await refused(loket.desk.check_in(SUMBER, ticket_id)) == "404 booking_not_found"
    assert await refused(loket.desk.check_in(SUMBER, 987_654)) == "404 booking_not_found"
    assert await refused(loket.desk.check_in(LASEM, ticket_id)) == "403 forbidden"
    assert (await client.bookings.get(lasem_booking.booking_code)).ticket.status is TicketStatus.booked


async def test_more_matches_than_a_desk_can_use_are_refused_not_cut_short(client, loket):  # type: ignore[no-untyped-def]
    umum = await service_id(client, SUMBER, "poli-umum")
    for serial in range(71, 77):  # six bookings whose phones end in 4444
        await client.bookings.create(
            service_id=umum, service_date=dt.date(2026, 11, 30), payer=Payer.non_jkn,
            patient=patient(serial, phone=f"0813-22{serial}-4444", bpjs_number=None),
            consent_version="2026-11", idempotency_key=f"desk-search-{serial}",
        )
    assert await refused(loket.desk.search(SUMBER, digits="4444")) == "422 booking_search_too_many"
    assert len(await loket.desk.search(SUMBER, digits="081322714444")) == 1


async def test_a_name_is_found_only_with_its_birth_date(client, loket):  # type: ignore[no-untyped-def]
    umum = await service_id(client, SUMBER, "poli-umum")
    siti = await book(client, umum, serial=41)  # Siti Aminah, born 5 June 1990
    found = await loket.desk.search(SUMBER, name="siti amin", birth_date=dt.date(1990, 6, 5))
    assert [b.ticket.ticket_id for b in found] == [siti.ticket.ticket_id]
    assert await loket.desk.search(SUMBER, name="Siti Aminah", birth_date=dt.date(1990, 6, 6)) == []
    assert await loket.desk.search(SUMBER, name="Rahayu", birth_date=dt.date(1990, 6, 5)) == []
    assert await refused(loket.desk.search(SUMBER, name="Siti Aminah")) == "422 booking_search_incomplete"


async def test_only_todays_bookings_of_this_facility_are_searched(client, loket, make_client):  # type: ignore[no-untyped-def]
    await book(client, await service_id(client, LASEM, "poli-umum"), serial=51)
    await book(client, await service_id(client, SUMBER, "poli-umum"), serial=51, day=dt.date(2026, 12, 1))
    assert await loket.desk.search(SUMBER, digits=nik_for(51)[-4:]) == []
    lasem = make_client()
    await lasem.staff.login(f"loket.{LASEM}", "rembang-demo")
    assert await refused(lasem.desk.search(SUMBER, digits="0051")) == "403 forbidden"
    assert len(await lasem.desk.search(LASEM, digits=nik_for(51)[-4:])) == 1


async def test_each_search_and_preview_is_audited_without_what_was_typed(client, loket, app):  # type: ignore[no-untyped-def]
    umum = await service_id(client, SUMBER, "poli-umum")
    booking = await book(client, umum, serial=61)
    await loket.desk.search(SUMBER, name="Siti", birth_date=dt.date(1990, 6, 5))
    await loket.desk.search(SUMBER, digits="0061")
    await loket.desk.search(SUMBER, digits="0061")
    await loket.desk.preview(SUMBER, booking.booking_code)
    with app.state.lsr.db.read() as session:
        rows = session.scalars(select(AuditEventRow).order_by(AuditEventRow.id)).all()
        trail = [(r.actor, r.facility_id, r.action, r.subject, json.loads(r.after or "null")) for r in rows]
        written = " ".join(f"{r.subject} {r.before} {r.after}" for r in rows)
    who, searched = f"loket.{SUMBER}", f"facility:{SUMBER}"
    by_name, by_digits, again, previewed = trail[-4:]
    assert by_name[:4] == (who, SUMBER, "find_bookings", searched)
    assert {k: by_name[4][k] for k in ("by", "found")} == {"by": "name_birth_date", "found": 1}
    assert {k: by_digits[4][k] for k in ("by", "found")} == {"by": "digits", "found": 1}
    assert previewed == (who, SUMBER, "preview_booking", f"ticket:{booking.ticket.ticket_id}", None)
    # The same terms leave the same keyed hash (who looked for this NIK?), other terms another.
    assert by_digits[4]["terms"] == again[4]["terms"] != by_name[4]["terms"]
    for secret in ("Siti", "siti", "1990", "0061", booking.booking_code):
        assert secret not in written


async def test_one_account_searching_again_and_again_is_stopped(app, make_client):  # type: ignore[no-untyped-def]
    """From any number of addresses: the account's own limit (60 in 10 minutes)."""
    limiter = app.state.lsr.limiter
    limiter.enabled, limiter._clock = True, lambda: 1_000.0  # no refill while the test runs
    desks = [make_client(forwarded_for=f"10.0.0.{n}", retry_attempts=1) for n in (1, 2, 3)]
    for desk in desks:
        await desk.staff.login(f"loket.{SUMBER}", "rembang-demo")
    for n in range(60):
        await desks[n % 2].desk.search(SUMBER, digits="0001")
    assert await refused(desks[2].desk.search(SUMBER, digits="0001")) == "429 rate_limited"
