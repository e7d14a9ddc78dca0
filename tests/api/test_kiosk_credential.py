"""A kiosk's device key does two things at its own facility: issue walk-in numbers
and check bookings in. Everything else is refused (the first cases are in
test_access.py; these are the rest)."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client.errors import Conflict, Forbidden
from api_client.models import AnnouncementCreate, AnnouncementKind, TicketStatus
from tests.api.helpers import book, service_id

pytestmark = pytest.mark.anyio
MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def kiosk(make_client):  # type: ignore[no-untyped-def]
    return make_client(kiosk_key="demo-kiosk-pkm-sumber")


async def test_a_kiosk_checks_in_a_booking_of_its_own_facility(kiosk, client):  # type: ignore[no-untyped-def]
    booking = await book(client, await service_id(client, code="poli-umum"), day=MONDAY)
    arrived = await kiosk.bookings.check_in_at_facility(booking.booking_code)
    assert arrived.ticket.status is TicketStatus.checked_in and arrived.checked_in_at is not None
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.checked_in


async def test_a_kiosk_cannot_check_in_a_booking_of_another_facility(kiosk, client):  # type: ignore[no-untyped-def]
    lasem = await service_id(client, facility_id="pkm-lasem", code="poli-umum")
    booking = await book(client, lasem, day=MONDAY)
    with pytest.raises(Conflict) as refused:
        await kiosk.bookings.check_in_at_facility(booking.booking_code)
    assert refused.value.code == "wrong_facility"
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.booked


async def test_a_kiosk_cannot_issue_a_walk_in_at_another_facilitys_ugd(kiosk, client):  # type: ignore[no-untyped-def]
    ugd = await service_id(client, facility_id="pkm-lasem", code="ugd")
    with pytest.raises(Forbidden):
        await kiosk.bookings.walk_in(service_id=ugd, idempotency_key="kiosk-sumber-at-lasem-ugd")


async def test_a_kiosk_cannot_move_a_ticket_along_the_queue(kiosk):  # type: ignore[no-untyped-def]
    here = await service_id(kiosk, code="loket")
    poli = await service_id(kiosk, code="poli-umum")
    ticket = (await kiosk.bookings.walk_in(service_id=here, idempotency_key="kiosk-steps-01")).ticket
    for step in (kiosk.staff.recall, kiosk.staff.start, kiosk.staff.skip, kiosk.staff.done):
        with pytest.raises(Forbidden):
            await step(ticket.ticket_id)
    with pytest.raises(Forbidden):
        await kiosk.staff.transfer(ticket.ticket_id, to_service_id=poli)
    with pytest.raises(Forbidden):
        await kiosk.staff.call_next(here, counter="Loket 1")


async def test_a_kiosk_cannot_publish_announcements_or_renew_itself_as_staff(kiosk):  # type: ignore[no-untyped-def]
    notice = AnnouncementCreate(
        kind=AnnouncementKind.campaign, title="Imunisasi gratis", body="Setiap Senin.",
        valid_from=MONDAY, valid_until=MONDAY,
    )
    with pytest.raises(Forbidden):
        await kiosk.staff.publish_announcement("pkm-sumber", notice)
    with pytest.raises(Forbidden):
        await kiosk.staff.refresh()
    me = await kiosk.staff.me()
    assert me.role == "kiosk" and me.facility_id == "pkm-sumber"  # it knows where it stands
