"""Closing a queue early for today from the desk: the bookings of today not yet
checked in are cancelled with the clerk's reason (their tickets and the TV read it as
a closure of that service today), those checked in are still called and served, and
no more numbers are taken today. Only whoever serves that service may (its clerks and
the admins), only in their own facility; a preview says who would be affected."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from api_client import ApiStatusError, Conflict, new_idempotency_key
from api_client.models import TicketStatus
from server.audit.tables import AuditEventRow
from tests.api.helpers import SUMBER, arrive, book, service_id

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 11, 30)
REASON = "Dokter dipanggil ke RSUD"


async def clerk(make_client, username: str = f"poli.{SUMBER}"):  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login(username, "rembang-demo")
    return console


async def test_closing_early_cancels_who_has_not_come_and_serves_who_has(app, client, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    gigi = await service_id(client, code="poli-gigi")
    away = [await book(client, umum, serial=n) for n in (1, 2, 3)]
    here = await arrive(client, await book(client, umum, serial=4))
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    walked_in = await kiosk.bookings.walk_in(service_id=umum, idempotency_key=new_idempotency_key())
    tomorrow = await book(client, umum, serial=5, day=TODAY + dt.timedelta(days=1))
    elsewhere = await book(client, gigi, serial=6)
    poli = await clerk(make_client)

    preview = await poli.announcements.preview_closing_early(umum)
    assert [(d.service_id, d.service_date, d.bookings) for d in preview.cancels] == [(umum, TODAY, 3)]
    assert preview.keeps_serving == 2
    assert {(await client.bookings.get(b.booking_code)).ticket.status for b in away} == {TicketStatus.booked}

    result = await poli.announcements.close_early(umum, reason=REASON)
    assert (result.cancelled, result.keeps_serving) == (3, 2)
    closed = result.announcement

    assert (closed.service_id, closed.valid_from, closed.valid_until) == (umum, TODAY, TODAY)
    assert closed.title == REASON
    for booking in away:
        assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.cancelled
    for booking in (here, walked_in, tomorrow, elsewhere):
        assert (await client.bookings.get(booking.booking_code)).ticket.status in (
            TicketStatus.checked_in, TicketStatus.booked)
    # What the ticket page and the TV read: a closure of this service today, with the reason.
    today = [c for c in await client.facilities.closures(SUMBER) if c.service_date == TODAY]
    assert [(c.service_id, c.reason) for c in today] == [(umum, REASON)]
    assert [a.title for a in await client.facilities.announcements(SUMBER)] == [REASON]
    day = (await client.facilities.availability(umum)).days[0]
    assert (day.service_date, day.open, day.closed_reason) == (TODAY, False, REASON)
    with pytest.raises(Conflict) as err:
        await kiosk.bookings.walk_in(service_id=umum, idempotency_key=new_idempotency_key())
    assert err.value.code == "service_closed"
    with pytest.raises(Conflict):
        await book(client, umum, serial=7)
    served = [await poli.staff.call_next(umum, counter="Ruang 1") for _ in range(3)]
    assert [t.ticket_id if t else None for t in served] == [
        here.ticket.ticket_id, walked_in.ticket.ticket_id, None,
    ]
    await kiosk.bookings.walk_in(service_id=gigi, idempotency_key=new_idempotency_key())  # others stay open

    with app.state.lsr.db.read() as session:
        actions = session.scalars(
            select(AuditEventRow.action).where(AuditEventRow.actor == f"poli.{SUMBER}")
            .order_by(AuditEventRow.id)
        ).all()
    assert actions.count("cancel") == 3 and "close_early" in actions


async def test_a_queue_closed_early_cannot_be_closed_again(client, make_client):  # type: ignore[no-untyped-def]
    loket = await service_id(client, code="loket")
    clerk_ = await clerk(make_client, f"loket.{SUMBER}")
    await clerk_.announcements.close_early(loket, reason=REASON)
    for act in (clerk_.announcements.close_early(loket, reason=REASON),
                clerk_.announcements.preview_closing_early(loket)):
        with pytest.raises(Conflict) as err:
            await act
        assert err.value.code == "service_closed"


@pytest.mark.parametrize(("who", "code"), [
    ("loket.pkm-sumber", "poli-umum"),  # the loket does not serve a poli
    ("apotek.pkm-sumber", "poli-umum"),
    ("poli.pkm-sumber", "apotek"),
    ("poli.pkm-lasem", "poli-umum"),  # another facility's
    ("admin.pkm-lasem", "poli-umum"),
    ("kiosk", "poli-umum"),
    ("nobody", "poli-umum"),
])
async def test_only_who_serves_the_service_closes_it_early(client, make_client, who, code):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code=code)
    booked = await book(client, await service_id(client, code="poli-umum"), serial=1)
    if who == "kiosk":
        attacker = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    elif who == "nobody":
        attacker = make_client()
    else:
        attacker = await clerk(make_client, who)
    for act in (attacker.announcements.close_early(sid, reason=REASON),
                attacker.announcements.preview_closing_early(sid)):
        with pytest.raises(ApiStatusError) as err:
            await act
        assert (err.value.status, err.value.code) == (
            (401, "unauthorized") if who == "nobody" else (403, "forbidden"))
    assert (await client.bookings.get(booked.booking_code)).ticket.status is TicketStatus.booked
    assert [c for c in await client.facilities.closures(SUMBER) if c.service_date == TODAY] == []


async def test_the_facilitys_admin_and_dinkes_close_any_of_its_queues_early(client, make_client):  # type: ignore[no-untyped-def]
    for who, code in (("admin.pkm-sumber", "apotek"), ("dinkes", "lab")):
        sid = await service_id(client, code=code)
        console = await clerk(make_client, who)
        assert (await console.announcements.close_early(sid, reason=REASON)).announcement.service_id == sid


async def test_the_ugd_open_day_and_night_never_closes_its_queue_early(client, make_client):  # type: ignore[no-untyped-def]
    ugd = await service_id(client, facility_id="pkm-lasem", code="ugd")
    doctor = await clerk(make_client, "poli.pkm-lasem")
    for act in (doctor.announcements.close_early(ugd, reason=REASON),
                doctor.announcements.preview_closing_early(ugd)):
        with pytest.raises(Conflict) as err:
            await act
        assert err.value.code == "service_always_open"
    assert [c for c in await client.facilities.closures("pkm-lasem") if c.service_id == ugd] == []
