"""Finish here and send on: a visit goes from the loket to a poli, the UGD, the lab or
the apotek; from a poli to the apotek, the lab or another poli; never back to its own
service or to the loket, and nowhere from the apotek (`api_client.stages`). The visit
keeps its booking code: the patient's ticket finds them at the next service.
"""

from __future__ import annotations

import pytest

from api_client import ApiClient, ApiStatusError, new_idempotency_key
from api_client.models import Service, ServiceKind, TicketStatus
from api_client.stages import next_stages
from tests.api.helpers import book, service_id

pytestmark = pytest.mark.anyio

LASEM = "pkm-lasem"


@pytest.fixture
async def admin(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(f"admin.{LASEM}", "rembang-demo")
    return staff


async def at_counter(admin: ApiClient, code: str) -> int:
    """A ticket called at service `code` of Puskesmas Lasem (a walk-in at the loket,
    sent on from there when the service takes no walk-ins)."""
    sid = await service_id(admin, LASEM, code)
    loket = await service_id(admin, LASEM, "loket")
    await admin.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key())
    called = await admin.staff.call_next(loket, counter="Loket 1")
    assert called is not None
    if code != "loket":
        await admin.staff.transfer(called.ticket_id, to_service_id=sid)
        called = await admin.staff.call_next(sid, counter="Ruang 1")
        assert called is not None
    return called.ticket_id


async def transfer(admin: ApiClient, ticket_id: int, code: str) -> str:
    try:
        await admin.staff.transfer(ticket_id, to_service_id=await service_id(admin, LASEM, code))
    except ApiStatusError as err:
        return f"{err.status} {err.code}"
    return "sent"


@pytest.mark.parametrize(("source", "target", "outcome"), [
    ("loket", "poli-umum", "sent"),
    ("loket", "ugd", "sent"),
    ("loket", "apotek", "sent"),
    ("loket", "loket", "422 transfer_target_invalid"),  # back to itself
    ("poli-umum", "lab", "sent"),
    ("poli-umum", "poli-gigi", "sent"),  # another poli
    ("poli-umum", "poli-umum", "422 transfer_target_invalid"),
    ("poli-umum", "loket", "422 transfer_target_invalid"),  # never back to the loket
    ("lab", "poli-umum", "sent"),  # the results are read at the poli
    ("apotek", "poli-umum", "422 transfer_target_invalid"),  # the visit ends at the apotek
    ("apotek", "loket", "422 transfer_target_invalid"),
])
async def test_a_patient_is_sent_only_to_a_next_stage(admin, source, target, outcome):  # type: ignore[no-untyped-def]
    ticket_id = await at_counter(admin, source)
    assert await transfer(admin, ticket_id, target) == outcome
    if outcome != "sent":  # refused: the ticket is still at the counter
        listed = await admin.staff.tickets(await service_id(admin, LASEM, source))
        assert next(t for t in listed if t.ticket_id == ticket_id).status is TicketStatus.called


async def test_the_patients_ticket_follows_them_with_the_same_booking_code(admin, client, make_client):  # type: ignore[no-untyped-def]
    poli = await service_id(client, LASEM, "poli-umum")
    apotek = await service_id(client, LASEM, "apotek")
    booking = await book(client, poli, serial=12)
    await make_client(kiosk_key=f"demo-kiosk-{LASEM}").bookings.check_in_at_facility(booking.booking_code)
    called = await admin.staff.call_next(poli, counter="Ruang 1")
    moved = await admin.staff.transfer(called.ticket_id, to_service_id=apotek)  # type: ignore[union-attr]
    seen = await client.bookings.get(booking.booking_code)  # the citizen's ticket, by its code
    assert (seen.booking_code, seen.ticket.ticket_id) == (booking.booking_code, moved.ticket_id)
    assert (seen.ticket.service_name, seen.ticket.status) == ("Apotek", TicketStatus.checked_in)
    assert seen.ticket.display_number == moved.display_number != booking.ticket.display_number


def service(sid: int, code: str, kind: ServiceKind) -> Service:
    return Service(id=sid, facility_id=LASEM, code=code, name=code, kind=kind, prefix="A", online=True,
                   walkin=True, avg_service_minutes=5, hours=[])


def test_the_console_numbers_the_usual_next_stage_first():
    lasem = [service(1, "loket", ServiceKind.loket), service(2, "poli-umum", ServiceKind.poli),
             service(3, "poli-gigi", ServiceKind.poli), service(4, "lab", ServiceKind.lab),
             service(5, "apotek", ServiceKind.apotek), service(6, "ugd", ServiceKind.ugd)]
    codes = {s.code: s for s in lasem}
    assert [s.code for s in next_stages(codes["loket"], lasem)] == [
        "poli-umum", "poli-gigi", "ugd", "lab", "apotek"]
    assert [s.code for s in next_stages(codes["poli-umum"], lasem)] == ["apotek", "lab", "poli-gigi"]
    assert [s.code for s in next_stages(codes["lab"], lasem)] == ["poli-umum", "poli-gigi", "apotek"]
    assert next_stages(codes["apotek"], lasem) == []
