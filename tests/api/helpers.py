"""Small builders the API tests share."""

from __future__ import annotations

import datetime as dt
import random

from api_client import ApiClient, new_idempotency_key
from api_client.models import Booking, PatientIn, Payer

SUMBER = "pkm-sumber"


def nik_for(serial: int, *, birth: dt.date = dt.date(1990, 6, 5), woman: bool = True) -> str:
    """A valid NIK issued in Kecamatan Sumber (33.17.01), unique by `serial`."""
    day = birth.day + (40 if woman else 0)
    return f"331701{day:02d}{birth:%m%y}{serial:04d}"


def patient(serial: int = 1, **changes: object) -> PatientIn:
    values: dict[str, object] = {
        "name": "Siti Aminah",
        "nik": nik_for(serial),
        "phone": "0812-3456-7890",
        "birth_date": dt.date(1990, 6, 5),
        "bpjs_number": f"{serial:013d}",
    }
    values.update(changes)
    return PatientIn.model_validate(values)


async def service_id(client: ApiClient, facility_id: str = SUMBER, code: str = "umum") -> int:
    detail = await client.facilities.get(facility_id)
    return next(s.id for s in detail.services if s.code == code)


async def book(
    client: ApiClient,
    sid: int,
    *,
    serial: int = 1,
    day: dt.date = dt.date(2026, 11, 30),
    payer: Payer = Payer.jkn,
    key: str | None = None,
) -> Booking:
    return await client.bookings.create(
        service_id=sid, service_date=day, payer=payer, patient=patient(serial),
        consent_version="2026-11", idempotency_key=key or new_idempotency_key(),
    )


def shuffled(items: list) -> list:  # type: ignore[type-arg]
    items = list(items)
    random.shuffle(items)
    return items


async def arrive(client: ApiClient, booking: Booking) -> Booking:
    """"Saya sudah sampai" from the app, standing at the booking's facility."""
    facility = await client.facilities.get(booking.facility_id)
    return await client.bookings.check_in(booking.booking_code, lat=facility.lat, lon=facility.lon)
