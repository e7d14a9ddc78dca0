""""Saya sudah sampai" counts only when the phone is near the facility
(server/queue/arrival.py); the kiosk and the loket check in as before."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import update

from api_client import Conflict, ValidationFailed
from api_client.models import TicketStatus
from server.facilities.tables import FacilityRow
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio

# Puskesmas Sumber in the seed: -6.840, 111.400 (coordinates unconfirmed: 2 km).
AT_THE_DOOR = (-6.8405, 111.4010)  # ~120 m away
IN_THE_VILLAGE = (-6.8490, 111.4000)  # ~1 km away
IN_LASEM = (-6.70, 111.44)  # ~16 km away


@pytest.fixture
async def booking(client):  # type: ignore[no-untyped-def]
    return await book(client, await service_id(client, code="poli-umum"))


def confirm_coordinates(app) -> None:  # type: ignore[no-untyped-def]
    """As Dinkes does once it has checked them: the tight radius applies."""
    state = app.state.lsr
    with state.db.write_transaction() as session:
        session.execute(update(FacilityRow).where(FacilityRow.id == SUMBER).values(unconfirmed=[]))
    state.reload_directory()


async def test_near_the_facility_the_patient_is_checked_in(client, booking):  # type: ignore[no-untyped-def]
    lat, lon = AT_THE_DOOR
    arrived = await client.bookings.check_in(booking.booking_code, lat=lat, lon=lon)
    assert arrived.ticket.status is TicketStatus.checked_in


async def test_far_from_the_facility_the_check_in_is_refused_and_changes_nothing(client, booking):  # type: ignore[no-untyped-def]
    lat, lon = IN_LASEM
    with pytest.raises(Conflict) as caught:
        await client.bookings.check_in(booking.booking_code, lat=lat, lon=lon)
    assert (caught.value.status, caught.value.code) == (409, "check_in_not_near")
    assert str(lat) not in caught.value.detail.message  # the location is not repeated
    assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.booked


async def test_confirmed_coordinates_take_the_tight_radius(client, booking, app):  # type: ignore[no-untyped-def]
    lat, lon = IN_THE_VILLAGE
    confirm_coordinates(app)
    with pytest.raises(Conflict) as caught:
        await client.bookings.check_in(booking.booking_code, lat=lat, lon=lon)
    assert caught.value.code == "check_in_not_near"
    lat, lon = AT_THE_DOOR
    arrived = await client.bookings.check_in(booking.booking_code, lat=lat, lon=lon)
    assert arrived.ticket.status is TicketStatus.checked_in


async def test_unconfirmed_coordinates_take_the_wider_radius(client, booking):  # type: ignore[no-untyped-def]
    lat, lon = IN_THE_VILLAGE
    arrived = await client.bookings.check_in(booking.booking_code, lat=lat, lon=lon)
    assert arrived.ticket.status is TicketStatus.checked_in


@pytest.mark.parametrize("body", [None, {}, {"lat": -6.84}])
async def test_without_a_location_the_check_in_is_refused(app, booking, body):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t/api") as http:
        response = await http.post(f"/bookings/{booking.booking_code}/check-in", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "check_in_location_required"


async def test_a_phone_cannot_send_an_impossible_location(client, booking):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed):
        await client._http.request(  # noqa: SLF001 - a body the client's own model refuses
            "POST", f"/bookings/{booking.booking_code}/check-in", json_body={"lat": 91, "lon": 0}
        )


async def test_the_kiosk_checks_in_wherever_the_patient_phone_is(make_client, booking):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    arrived = await kiosk.bookings.check_in_at_facility(booking.booking_code)
    assert arrived.ticket.status is TicketStatus.checked_in
