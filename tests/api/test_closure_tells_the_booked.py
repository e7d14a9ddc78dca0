"""A closure announcement tells the people already booked: their bookings on the closed
dates are cancelled (quota and all, like a cancellation), a `cancelled` event goes out
on their service's stream, and booking those dates stays refused. Bookings on other
dates and at other facilities are left alone."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from api_client import ApiClient, Conflict
from api_client.models import AnnouncementCreate, AnnouncementKind, TicketStatus
from server.events.tables import QueueEventRow
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio

CLOSED = dt.date(2026, 12, 2)


def fumigation(first: dt.date, last: dt.date) -> AnnouncementCreate:
    return AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Fumigasi gedung", body="Pelayanan dialihkan ke Puskesmas Bulu.",
        valid_from=first, valid_until=last,
    )


async def test_a_closure_cancels_the_bookings_on_its_dates_and_says_so_on_the_stream(
    app, client: ApiClient, make_client
):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    gigi = await service_id(client, code="poli-gigi")
    lasem = await service_id(client, "pkm-lasem", code="poli-umum")
    closed = [await book(client, umum, serial=1, day=CLOSED),
              await book(client, gigi, serial=2, day=dt.date(2026, 12, 3))]
    untouched = [await book(client, umum, serial=3, day=dt.date(2026, 12, 4)),
                 await book(client, lasem, serial=4, day=CLOSED)]
    admin = make_client()
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    state = app.state.lsr
    heard: list[tuple[str, str]] = []
    with state.bus.listen(f"facility:{SUMBER}") as listener:
        await admin.staff.publish_announcement(SUMBER, fumigation(CLOSED, dt.date(2026, 12, 3)))
        if state.db.is_sqlite:  # on PostgreSQL the relay (not started in-process) carries them
            while len(heard) < 2:
                event = await asyncio.wait_for(listener.get(), 5)
                assert event is not None
                heard.append((event.type, event.display_number))

    for booking in closed:
        ticket = (await client.bookings.get(booking.booking_code)).ticket
        assert ticket.status is TicketStatus.cancelled
    for booking in untouched:
        assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.booked
    expected = sorted(("cancelled", b.ticket.display_number) for b in closed)
    if state.db.is_sqlite:
        assert sorted(heard) == expected
    with state.db.read() as session:  # the event log a reconnecting stream resumes from
        logged = session.execute(
            select(QueueEventRow.type, QueueEventRow.display_number)
            .where((QueueEventRow.facility_id == SUMBER) & (QueueEventRow.type == "cancelled"))
        ).all()
    assert sorted(tuple(row) for row in logged) == expected

    closures = {c.service_date: c.reason for c in await client.facilities.closures(SUMBER)}
    assert closures[CLOSED] == closures[dt.date(2026, 12, 3)] == "Fumigasi gedung"
    with pytest.raises(Conflict) as err:
        await book(client, umum, serial=5, day=CLOSED)
    assert err.value.code == "service_closed"


async def test_a_closure_today_cancels_those_waiting_but_not_the_one_being_served(
    app, client: ApiClient, make_client
):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    first = await kiosk.bookings.walk_in(service_id=umum, idempotency_key="closure-walk-1")
    second = await kiosk.bookings.walk_in(service_id=umum, idempotency_key="closure-walk-2")
    admin = make_client()
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    called = await admin.staff.call_next(umum, counter="Ruang 1")
    assert called is not None and called.ticket_id == first.ticket.ticket_id
    today = dt.date(2026, 11, 30)
    await admin.staff.publish_announcement(SUMBER, fumigation(today, today))
    assert (await client.bookings.get(first.booking_code)).ticket.status is TicketStatus.called
    assert (await client.bookings.get(second.booking_code)).ticket.status is TicketStatus.cancelled
