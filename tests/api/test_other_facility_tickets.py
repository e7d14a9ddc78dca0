"""A ticket of another facility is, for staff, a ticket that does not exist: every staff
route that names a ticket answers it exactly as it answers an id nobody has (404
`ticket_not_found`, the same words), so the staff of one puskesmas cannot learn which
ticket ids another puskesmas has today by walking them. Dinkes sees every facility's.
"""

from __future__ import annotations

import httpx
import pytest

from api_client import new_idempotency_key
from api_client.models import Lane, PriorityReason
from tests.api.helpers import service_id

pytestmark = pytest.mark.anyio

LASEM, SUMBER = "pkm-lasem", "pkm-sumber"
UNKNOWN = 987_654


def ticket_routes(ticket_id: int, *, sumber_apotek: int) -> list[tuple[str, str, dict[str, object] | None]]:
    """Every staff route that names a ticket: method, path, body."""
    return [
        *[("POST", f"/api/tickets/{ticket_id}/{step}", None)
          for step in ("recall", "start", "done", "skip", "requeue")],
        ("POST", f"/api/tickets/{ticket_id}/transfer", {"to_service_id": sumber_apotek}),
        ("POST", f"/api/tickets/{ticket_id}/lane", {"lane": "priority", "priority_reason": "lansia"}),
        ("GET", f"/api/tickets/{ticket_id}/patient", None),
        ("POST", f"/api/staff/facilities/{SUMBER}/tickets/{ticket_id}/check-in", None),
    ]


async def answers(app, username: str, ticket_id: int, sumber_apotek: int) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(status, body with the ticket's id written as ?) of each route, as `username`."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as raw:
        token = (await raw.post("/api/auth/login", json={
            "username": username, "password": "rembang-demo"})).json()["access_token"]
        found = []
        for method, path, body in ticket_routes(ticket_id, sumber_apotek=sumber_apotek):
            answer = await raw.request(method, path, json=body, headers={"Authorization": f"Bearer {token}"})
            found.append((answer.status_code, answer.text.replace(str(ticket_id), "?")))
        return found


@pytest.mark.parametrize("username", [f"loket.{SUMBER}", f"poli.{SUMBER}", f"admin.{SUMBER}"])
async def test_a_ticket_of_another_puskesmas_is_answered_as_one_nobody_has(app, make_client, username):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    lasem_loket = await service_id(kiosk, LASEM, "loket")
    lasem_staff = make_client()
    await lasem_staff.staff.login(f"loket.{LASEM}", "rembang-demo")
    await kiosk.bookings.walk_in(service_id=lasem_loket, idempotency_key=new_idempotency_key())
    called = await lasem_staff.staff.call_next(lasem_loket, counter="Loket 1")  # every route applies
    assert called is not None
    apotek = await service_id(kiosk, SUMBER, "apotek")

    theirs = await answers(app, username, called.ticket_id, apotek)
    nobodys = await answers(app, username, UNKNOWN, apotek)

    assert [status for status, _ in theirs] == [404] * len(theirs)
    assert all('"ticket_not_found"' in body for _, body in theirs[:-1])  # the desk's check-in: no booking
    assert theirs == nobodys
    # …and the ticket is untouched at Lasem's counter
    still = {t.ticket_id: t.status for t in await lasem_staff.staff.tickets(lasem_loket)}
    assert still[called.ticket_id] == "called"


async def test_dinkes_still_reaches_a_puskesmas_ticket(app, make_client):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    lasem_loket = await service_id(kiosk, LASEM, "loket")
    booking = await kiosk.bookings.walk_in(service_id=lasem_loket, idempotency_key=new_idempotency_key())
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    moved = await dinkes.staff.change_lane(booking.ticket.ticket_id, lane=Lane.priority,
                                           priority_reason=PriorityReason.lansia)
    assert moved.lane is Lane.priority
