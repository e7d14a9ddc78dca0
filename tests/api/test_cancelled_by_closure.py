"""A booking cancelled by a closure keeps saying which closure, and whether it was
withdrawn since (the cancellation stands): the patient's ticket words it. A booking
the patient cancelled says nothing of the kind."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client.models import AnnouncementCreate, AnnouncementKind, ClosureCancellation
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio

CLOSED = dt.date(2026, 12, 2)


async def test_the_booking_names_the_closure_that_cancelled_it_even_once_withdrawn(client, make_client):  # type: ignore[no-untyped-def]
    poli = await service_id(client, code="poli-umum")
    mine = await book(client, poli, day=CLOSED)
    own_choice = await book(client, poli, day=CLOSED, serial=2)
    await client.bookings.cancel(own_choice.booking_code)
    admin = make_client()
    await admin.staff.login(f"admin.{SUMBER}", "rembang-demo")
    closure = await admin.staff.publish_announcement(SUMBER, AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Fumigasi gedung", body="Pelayanan dialihkan ke Puskesmas Bulu.",
        valid_from=CLOSED, valid_until=CLOSED,
    ))
    assert (await client.bookings.get(mine.booking_code)).cancelled_by_closure == ClosureCancellation(
        reason="Fumigasi gedung", service_id=None, withdrawn=False)

    await admin.announcements.withdraw(SUMBER, closure.id)

    after = await client.bookings.get(mine.booking_code)
    assert after.ticket.status == "cancelled"  # withdrawing reopens the day, not the booking
    assert after.cancelled_by_closure == ClosureCancellation(
        reason="Fumigasi gedung", service_id=None, withdrawn=True)
    assert (await client.bookings.get(own_choice.booking_code)).cancelled_by_closure is None
