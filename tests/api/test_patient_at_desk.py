"""Who is at the counter (`GET /tickets/{id}/patient`): the patient of a ticket called or
being served today, for the staff member who called it there (or recalled it last), each
look at an identified patient in the audit trail; refused to everyone else (colleagues
who serve the same kind included) and for any ticket not at a counter. The polled
ticket list never carries a name.
"""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from sqlalchemy import select

from api_client import ApiClient, ApiStatusError, new_idempotency_key
from api_client.models import Lane, Payer, PriorityReason, TicketStatus
from api_client.priority import age_on
from server.audit.tables import AuditEventRow
from tests.api.helpers import book, nik_for, patient, service_id

pytestmark = pytest.mark.anyio

SUMBER = "pkm-sumber"


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(username, "rembang-demo")
    return staff


@pytest.fixture
async def poli(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    return await signed_in(make_client, f"poli.{SUMBER}")


@pytest.fixture
async def at_counter(client, poli, make_client):  # type: ignore[no-untyped-def]
    """Siti Aminah (born 5 June 1990, JKN), booked at Poli Umum, checked in and called."""
    sid = await service_id(client, SUMBER, "poli-umum")
    booking = await book(client, sid, serial=7)
    await make_client(kiosk_key=f"demo-kiosk-{SUMBER}").bookings.check_in_at_facility(booking.booking_code)
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None
    return booking, called


def views_recorded(app) -> list[AuditEventRow]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return list(session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == "view_patient").order_by(AuditEventRow.id)
        ))


async def outcome(call) -> str:  # type: ignore[no-untyped-def]
    try:
        await call
    except ApiStatusError as err:
        return f"{err.status} {err.code}"
    return "shown"


async def test_the_officer_sees_name_age_payer_lane_and_code_of_the_patient_called(  # type: ignore[no-untyped-def]
    at_counter, poli,
):
    booking, called = at_counter
    seen = await poli.staff.patient(called.ticket_id)
    assert seen.name == "Siti Aminah"
    assert (seen.age_years, seen.identified) == (36, True)  # on Monday 30 November 2026
    assert seen.payer is Payer.jkn
    assert seen.bpjs_masked == "*********0007"  # the card's last four digits only
    assert seen.nik_masked == nik_for(7)[:4] + "********" + nik_for(7)[-4:]
    assert seen.booking_code == booking.booking_code
    assert (seen.display_number, seen.lane) == (called.display_number, Lane.regular)
    assert seen.nik_with_other_phone is False


async def test_each_look_leaves_an_audit_row_without_personal_data(at_counter, poli, app, clock):  # type: ignore[no-untyped-def]
    booking, called = at_counter
    await poli.staff.patient(called.ticket_id)
    clock.advance(minutes=2)
    await poli.staff.patient(called.ticket_id)  # a reload: looked at again, recorded again
    rows = views_recorded(app)
    assert [(r.actor, r.role, r.facility_id, r.subject) for r in rows] == [
        (f"poli.{SUMBER}", "poli", SUMBER, f"ticket:{called.ticket_id}")
    ] * 2
    assert rows[1].at - rows[0].at == dt.timedelta(minutes=2)
    written = " ".join(f"{r.subject} {r.before} {r.after}" for r in rows)
    for personal in ("Siti", "Aminah", nik_for(7), nik_for(7)[-4:] + '"', "0007", booking.booking_code,
                     "1990", "6281234567890"):
        assert personal not in written


async def test_a_walk_in_without_identity_says_so_and_is_not_recorded(make_client, app):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    loket_staff = await signed_in(make_client, f"loket.{SUMBER}")
    loket = await service_id(kiosk, SUMBER, "loket")
    await kiosk.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key(),
                                 lane=Lane.priority, priority_reason=PriorityReason.disabilitas)
    called = await loket_staff.staff.call_next(loket, counter="Loket 1")
    assert called is not None
    seen = await loket_staff.staff.patient(called.ticket_id)
    assert (seen.identified, seen.name, seen.nik_masked, seen.age_years, seen.payer) == (
        False, None, None, None, None)
    assert (seen.lane, seen.priority_reason) == (Lane.priority, PriorityReason.disabilitas)
    assert views_recorded(app) == []  # nobody's data was shown


async def test_a_walk_in_who_gave_a_nik_shows_it_masked_with_the_age_it_holds(make_client, app):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    loket_staff = await signed_in(make_client, f"loket.{SUMBER}")
    loket = await service_id(kiosk, SUMBER, "loket")
    nik = nik_for(31, birth=dt.date(1950, 12, 1), woman=False)  # 76 on 1 December
    await kiosk.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key(), nik=nik)
    called = await loket_staff.staff.call_next(loket, counter="Loket 1")
    seen = await loket_staff.staff.patient(called.ticket_id)  # type: ignore[union-attr]
    assert (seen.identified, seen.name, seen.nik_masked) == (True, None, f"{nik[:4]}********{nik[-4:]}")
    assert seen.age_years == 75
    assert len(views_recorded(app)) == 1


async def test_a_child_under_two_is_aged_in_months(client, poli, make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    born = dt.date(2025, 3, 10)
    booking = await client.bookings.create(
        service_id=sid, service_date=dt.date(2026, 11, 30), payer=Payer.non_jkn,
        patient=patient(41, nik=nik_for(41, birth=born), birth_date=born, bpjs_number=None),
        consent_version="2026-11", idempotency_key=new_idempotency_key(),
    )
    await make_client(kiosk_key=f"demo-kiosk-{SUMBER}").bookings.check_in_at_facility(booking.booking_code)
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    seen = await poli.staff.patient(called.ticket_id)  # type: ignore[union-attr]
    assert (seen.age_years, seen.age_months) == (1, 20)
    assert (seen.payer, seen.bpjs_masked) == (Payer.non_jkn, None)


def test_age_counts_from_the_birthday_itself():
    assert age_on(dt.date(1990, 11, 30), dt.date(2026, 11, 30)) == (36, 432)
    assert age_on(dt.date(1990, 12, 1), dt.date(2026, 11, 30))[0] == 35
    assert age_on(dt.date(2000, 2, 29), dt.date(2027, 2, 28))[0] == 26
    assert age_on(dt.date(2000, 2, 29), dt.date(2027, 3, 1))[0] == 27
    assert age_on(dt.date(2026, 11, 20), dt.date(2026, 11, 30)) == (0, 0)


# ---------------------------------------------------------------- who may not


@pytest.mark.parametrize(("who", "refused"), [
    ("poli.pkm-lasem", "404 ticket_not_found"),  # staff of another puskesmas: no such ticket there
    ("admin.pkm-lasem", "404 ticket_not_found"),
    (f"apotek.{SUMBER}", "403 forbidden"),  # this puskesmas, but not a poli they serve
    (f"loket.{SUMBER}", "403 forbidden"),
    ("kiosk", "403 forbidden"),  # the lobby kiosk's key
    ("nobody", "401 unauthorized"),
])
async def test_no_one_else_sees_the_patient_and_nothing_is_recorded(  # type: ignore[no-untyped-def]
    at_counter, make_client, app, who, refused,
):
    _, called = at_counter
    if who == "kiosk":
        stranger = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    elif who == "nobody":
        stranger = make_client()
    else:
        stranger = await signed_in(make_client, who)
    assert await outcome(stranger.staff.patient(called.ticket_id)) == refused
    assert views_recorded(app) == []


@pytest.mark.parametrize("who", [f"admin.{SUMBER}", "dinkes"])
async def test_a_colleague_who_may_serve_the_poli_but_did_not_call_the_number_sees_nobody(  # type: ignore[no-untyped-def]
    at_counter, make_client, app, who,
):
    """The facility's admin and Dinkes serve every kind (like a second poli officer at
    the next room), but the patient stands at the counter that called them."""
    _, called = at_counter
    staff = await signed_in(make_client, who)
    assert await outcome(staff.staff.patient(called.ticket_id)) == "403 patient_at_other_counter"
    assert views_recorded(app) == []


@pytest.mark.parametrize("who", [f"admin.{SUMBER}", "dinkes"])
async def test_who_recalls_the_number_to_their_counter_takes_the_patient_over(  # type: ignore[no-untyped-def]
    at_counter, poli, make_client, app, who,
):
    """A clerk taking over a counter mid-visit calls the number again: the card is
    theirs now, and no longer the first officer's."""
    _, called = at_counter
    staff = await signed_in(make_client, who)
    await staff.staff.recall(called.ticket_id)
    assert (await staff.staff.patient(called.ticket_id)).name == "Siti Aminah"
    assert await outcome(poli.staff.patient(called.ticket_id)) == "403 patient_at_other_counter"
    assert [r.actor for r in views_recorded(app)] == [who]


async def test_who_called_a_number_out_of_turn_sees_its_patient(client, poli, make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    booking = await book(client, sid, serial=61)
    await make_client(kiosk_key=f"demo-kiosk-{SUMBER}").bookings.check_in_at_facility(booking.booking_code)
    admin = await signed_in(make_client, f"admin.{SUMBER}")
    called = await admin.staff.call_number(sid, number=booking.ticket.number, counter="Ruang 2")
    assert (await admin.staff.patient(called.ticket_id)).booking_code == booking.booking_code
    assert await outcome(poli.staff.patient(called.ticket_id)) == "403 patient_at_other_counter"


async def test_a_guessed_ticket_id_finds_nobody(poli):  # type: ignore[no-untyped-def]
    assert await outcome(poli.staff.patient(987_654)) == "404 ticket_not_found"


async def test_only_a_ticket_at_a_counter_today_shows_its_patient(client, poli, make_client, app, clock):  # type: ignore[no-untyped-def]
    """Waiting (booked, checked in) or gone (done, skipped, transferred): nobody stands
    at the counter for it, so walking the ticket ids reads no names."""
    sid = await service_id(client, SUMBER, "poli-umum")
    apotek = await service_id(client, SUMBER, "apotek")
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    bookings = [await book(client, sid, serial=50 + i) for i in range(4)]
    assert await outcome(poli.staff.patient(bookings[3].ticket.ticket_id)) == "409 patient_not_at_counter"
    for b in bookings[:3]:
        await kiosk.bookings.check_in_at_facility(b.booking_code)
    assert await outcome(poli.staff.patient(bookings[2].ticket.ticket_id)) == "409 patient_not_at_counter"
    done = await poli.staff.call_next(sid, counter="Ruang 1")
    await poli.staff.done(done.ticket_id)  # type: ignore[union-attr]
    skipped = await poli.staff.call_next(sid, counter="Ruang 1")
    await poli.staff.skip(skipped.ticket_id)  # type: ignore[union-attr]
    sent = await poli.staff.call_next(sid, counter="Ruang 1")
    moved = await poli.staff.transfer(sent.ticket_id, to_service_id=apotek)  # type: ignore[union-attr]
    for ticket in (done, skipped, sent):
        assert await outcome(poli.staff.patient(ticket.ticket_id)) == "409 patient_not_at_counter"  # type: ignore[union-attr]
    assert views_recorded(app) == []
    # …and the same visit at the apotek's counter is the apotek's to see
    apotek_staff = await signed_in(make_client, f"apotek.{SUMBER}")
    assert await outcome(apotek_staff.staff.patient(moved.ticket_id)) == "409 patient_not_at_counter"
    there = await apotek_staff.staff.call_next(apotek, counter="Apotek 1")
    assert there is not None and there.ticket_id == moved.ticket_id
    seen = await apotek_staff.staff.patient(there.ticket_id)
    assert (seen.name, seen.booking_code) == ("Siti Aminah", bookings[2].booking_code)
    assert await outcome(poli.staff.patient(there.ticket_id)) == "403 forbidden"


async def test_yesterdays_ticket_left_at_a_counter_shows_nobody(at_counter, make_client, clock):  # type: ignore[no-untyped-def]
    _, called = at_counter
    clock.advance(days=1)
    poli = await signed_in(make_client, f"poli.{SUMBER}")
    assert await outcome(poli.staff.patient(called.ticket_id)) == "409 patient_not_at_counter"


async def test_the_polled_ticket_list_carries_no_name_or_code(at_counter, app):  # type: ignore[no-untyped-def]
    booking, called = at_counter
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as raw:
        token = (await raw.post("/api/auth/login", json={
            "username": f"poli.{SUMBER}", "password": "rembang-demo"})).json()["access_token"]
        listed = await raw.get(f"/api/services/{called.service_id}/tickets",
                               headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200 and called.ticket_id in [t["ticket_id"] for t in listed.json()]
    for personal in ("Siti", "Aminah", booking.booking_code, "0007", "1990"):
        assert personal not in listed.text
    assert json.loads(listed.text)[0]["status"] == TicketStatus.called
