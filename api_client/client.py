"""The async API client: one surface, thin resources, typed results.

    async with ApiClient("https://layanansehat.rembangkab.go.id/api") as client:
        facilities = await client.facilities.list(kecamatan="Lasem", open_now=True)
        booking = await client.bookings.create(
            service_id=2, service_date=date(2026, 11, 30), payer=Payer.jkn,
            patient=PatientIn(...), consent_version="2026-11", idempotency_key=new_key(),
        )
        async for event in client.queues.events(service_id=2):
            ...

Every failure is an `api_client.errors.ApiError`.
"""

from __future__ import annotations

import asyncio
import builtins
import datetime as dt
import random
import uuid
from collections.abc import AsyncIterator
from typing import Any

from pydantic import TypeAdapter

from api_client import constants
from api_client._http import Http
from api_client.errors import ApiConnectionError, ApiStatusError, ServerError
from api_client.models import (
    Announcement,
    AnnouncementCreate,
    Booking,
    BookingCreate,
    BookingLookup,
    CallNext,
    Closure,
    DoctorSession,
    Facility,
    FacilityDetail,
    FacilityType,
    Lane,
    LoginRequest,
    PatientIn,
    Payer,
    PriorityReason,
    QueueEvent,
    QueueState,
    ServiceAvailability,
    StaffMe,
    TicketView,
    TokenResponse,
    Transfer,
    WalkInCreate,
)


def new_idempotency_key() -> str:
    """A fresh key for one intended action; keep it to retry that same action."""
    return uuid.uuid4().hex


class _Resource:
    def __init__(self, http: Http) -> None:
        self._http = http


async def _follow(
    http: Http, path: str, last_event_id: int | None
) -> AsyncIterator[QueueEvent]:
    """Live events that survive drops: reconnect with backoff and resume after the last id."""
    failures = 0
    while True:
        try:
            async for _id, _event, data in http.events(path, last_event_id=last_event_id):
                event = QueueEvent.model_validate_json(data)
                last_event_id = event.id
                failures = 0
                yield event
        except (ApiConnectionError, ServerError):
            pass
        except ApiStatusError:
            raise  # 404 and friends will not heal by retrying
        failures += 1
        wait = min(constants.EVENTS_RECONNECT_MAX, 0.25 * 2 ** min(failures, 6))
        await asyncio.sleep(wait * (0.5 + random.random() / 2))  # noqa: S311 - jitter only


class Facilities(_Resource):
    async def list(
        self,
        *,
        kecamatan: str | None = None,
        type: FacilityType | None = None,
        open_now: bool = False,
        q: str | None = None,
    ) -> list[Facility]:
        data = await self._http.request(
            "GET", "/facilities",
            params={"kecamatan": kecamatan, "type": type, "open_now": open_now or None, "q": q},
        )
        return _FACILITIES.validate_python(data)

    async def get(self, facility_id: str) -> FacilityDetail:
        return FacilityDetail.model_validate(
            await self._http.request("GET", f"/facilities/{facility_id}")
        )

    async def doctors(self, facility_id: str, *, date: dt.date | None = None) -> builtins.list[DoctorSession]:
        data = await self._http.request(
            "GET", f"/facilities/{facility_id}/doctors",
            params={"date": date.isoformat() if date else None},
        )
        return _DOCTORS.validate_python(data)

    async def closures(self, facility_id: str) -> builtins.list[Closure]:
        return _CLOSURES.validate_python(
            await self._http.request("GET", f"/facilities/{facility_id}/closures")
        )

    async def announcements(self, facility_id: str) -> builtins.list[Announcement]:
        return _ANNOUNCEMENTS.validate_python(
            await self._http.request("GET", f"/facilities/{facility_id}/announcements")
        )

    async def availability(self, service_id: int) -> ServiceAvailability:
        return ServiceAvailability.model_validate(
            await self._http.request("GET", f"/services/{service_id}/availability")
        )

    def events(self, facility_id: str, *, last_event_id: int | None = None) -> AsyncIterator[QueueEvent]:
        return _follow(self._http, f"/facilities/{facility_id}/events", last_event_id)


class Bookings(_Resource):
    async def create(
        self,
        *,
        service_id: int,
        service_date: dt.date,
        payer: Payer,
        patient: PatientIn,
        consent_version: str,
        idempotency_key: str,
        lane: Lane = Lane.regular,
        priority_reason: PriorityReason | None = None,
        channel: str = "app",
    ) -> Booking:
        body = BookingCreate(
            service_id=service_id, service_date=service_date, payer=payer, patient=patient,
            consent_version=consent_version, lane=lane, priority_reason=priority_reason,
            channel=channel,  # type: ignore[arg-type]
        )
        return Booking.model_validate(await self._http.request(
            "POST", "/bookings", json_body=body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        ))

    async def walk_in(
        self,
        *,
        service_id: int,
        idempotency_key: str,
        lane: Lane = Lane.regular,
        priority_reason: PriorityReason | None = None,
        nik: str | None = None,
    ) -> Booking:
        body = WalkInCreate(
            service_id=service_id, lane=lane, priority_reason=priority_reason, nik=nik
        )
        return Booking.model_validate(await self._http.request(
            "POST", "/walkins", json_body=body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        ))

    async def get(self, booking_code: str) -> Booking:
        return Booking.model_validate(await self._http.request("GET", f"/bookings/{booking_code}"))

    async def lookup(self, *, booking_code: str, phone: str) -> Booking:
        """Find a booking by code and the phone it was booked with (a new device)."""
        body = BookingLookup(booking_code=booking_code, phone=phone)
        return Booking.model_validate(
            await self._http.request("POST", "/bookings/lookup", json_body=body.model_dump())
        )

    async def cancel(self, booking_code: str) -> Booking:
        return Booking.model_validate(
            await self._http.request("POST", f"/bookings/{booking_code}/cancel")
        )

    async def check_in(self, booking_code: str) -> Booking:
        """The patient's own check-in from the app, on the service day."""
        return Booking.model_validate(
            await self._http.request("POST", f"/bookings/{booking_code}/check-in")
        )

    async def check_in_at_facility(self, booking_code: str) -> Booking:
        """Check-in by a kiosk or staff: the booking must be for their facility."""
        return Booking.model_validate(
            await self._http.request("POST", f"/facility-check-in/{booking_code}")
        )


class Queues(_Resource):
    async def state(self, service_id: int, *, date: dt.date | None = None) -> QueueState:
        return QueueState.model_validate(await self._http.request(
            "GET", f"/services/{service_id}/queue",
            params={"date": date.isoformat() if date else None},
        ))

    def events(self, service_id: int, *, last_event_id: int | None = None) -> AsyncIterator[QueueEvent]:
        return _follow(self._http, f"/services/{service_id}/events", last_event_id)


class Staff(_Resource):
    async def login(self, username: str, password: str) -> TokenResponse:
        """Sign in; later requests of this client carry the token."""
        token = TokenResponse.model_validate(await self._http.request(
            "POST", "/auth/login",
            json_body=LoginRequest(username=username, password=password).model_dump(),
        ))
        self._http.headers["Authorization"] = f"Bearer {token.access_token}"
        return token

    async def refresh(self) -> TokenResponse:
        """Renew the sign-in token (call before it expires; up to 12 hours a shift)."""
        token = TokenResponse.model_validate(await self._http.request("POST", "/auth/refresh"))
        self._http.headers["Authorization"] = f"Bearer {token.access_token}"
        return token

    def logout(self) -> None:
        self._http.headers.pop("Authorization", None)

    async def me(self) -> StaffMe:
        return StaffMe.model_validate(await self._http.request("GET", "/auth/me"))

    async def tickets(self, service_id: int) -> list[TicketView]:
        return _TICKETS.validate_python(
            await self._http.request("GET", f"/services/{service_id}/tickets")
        )

    async def call_next(self, service_id: int, *, counter: str) -> TicketView | None:
        """The ticket now called, or None when nobody has checked in."""
        data = await self._http.request(
            "POST", f"/services/{service_id}/call-next",
            json_body=CallNext(counter=counter).model_dump(),
        )
        return TicketView.model_validate(data) if data is not None else None

    async def recall(self, ticket_id: int) -> TicketView:
        return await self._step(ticket_id, "recall")

    async def start(self, ticket_id: int) -> TicketView:
        return await self._step(ticket_id, "start")

    async def done(self, ticket_id: int) -> TicketView:
        return await self._step(ticket_id, "done")

    async def skip(self, ticket_id: int) -> TicketView:
        return await self._step(ticket_id, "skip")

    async def transfer(
        self, ticket_id: int, *, to_service_id: int, lane: Lane | None = None
    ) -> TicketView:
        return TicketView.model_validate(await self._http.request(
            "POST", f"/tickets/{ticket_id}/transfer",
            json_body=Transfer(to_service_id=to_service_id, lane=lane).model_dump(mode="json"),
        ))

    async def publish_announcement(
        self, facility_id: str, announcement: AnnouncementCreate
    ) -> Announcement:
        """Admins only. A closure closes booking on its dates."""
        return Announcement.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/announcements",
            json_body=announcement.model_dump(mode="json"),
        ))

    async def _step(self, ticket_id: int, step: str) -> TicketView:
        return TicketView.model_validate(
            await self._http.request("POST", f"/tickets/{ticket_id}/{step}")
        )


_FACILITIES = TypeAdapter(list[Facility])
_DOCTORS = TypeAdapter(list[DoctorSession])
_CLOSURES = TypeAdapter(list[Closure])
_ANNOUNCEMENTS = TypeAdapter(list[Announcement])
_TICKETS = TypeAdapter(list[TicketView])


class ApiClient:
    """The one door to the central service's data, for every face of the app."""

    def __init__(
        self,
        base_url: str = constants.DEFAULT_BASE_URL,
        *,
        kiosk_key: str | None = None,
        forwarded_for: str | None = None,
        transport: Any = None,
        retry_attempts: int = constants.RETRY_ATTEMPTS,
    ) -> None:
        """`forwarded_for`: the browser's address, when the web app's server process
        calls the API on a citizen's behalf (rate limits count per citizen)."""
        self._http = Http(base_url, transport=transport, retry_attempts=retry_attempts)
        if kiosk_key:
            self._http.headers["X-Kiosk-Key"] = kiosk_key
        if forwarded_for:
            self._http.headers["X-Forwarded-For"] = forwarded_for
        self.facilities = Facilities(self._http)
        self.bookings = Bookings(self._http)
        self.queues = Queues(self._http)
        self.staff = Staff(self._http)

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.close()
