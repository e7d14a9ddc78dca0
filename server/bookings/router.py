"""Booking routes: book online, walk in, read by code, check in, cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy.exc import IntegrityError

from api_client.models import Booking, BookingCreate, BookingLookup, Channel, Role, WalkInCreate
from server.bookings import service as bookings
from server.errors import ApiProblem, documented
from server.idempotency import IdempotencyKey, request_hash, run_idempotent
from server.ratelimit import (
    BOOKING_PER_CLIENT,
    BOOKING_PER_PATIENT,
    BOOKING_PER_PHONE,
    LOOKUP_PER_CLIENT,
    client_address,
)
from server.staff.permissions import Action, require
from server.state import NowDep, PrincipalDep, StateDep

router = APIRouter(tags=["bookings"], responses=documented(401, 403, 404, 409, 422, 429))

BookingCode = Annotated[str, Path(min_length=1, max_length=40)]


def _one_active(exc: IntegrityError) -> ApiProblem | None:
    text = str(exc.orig)
    if "uq_visit_one_active_per_patient" in text or "visit.patient_key" in text:
        return bookings.already_booked()
    return None


def _json(body: str, status: int = 201) -> Response:
    return Response(content=body, status_code=status, media_type="application/json")


@router.post("/bookings", response_model=Booking, status_code=201)
def create_booking(
    data: BookingCreate, idempotency_key: IdempotencyKey, request: Request, state: StateDep,
    now: NowDep,
) -> Response:
    """Book a number for a date up to 7 days ahead (JKN or non-JKN quota)."""
    state.limiter.hit(BOOKING_PER_CLIENT, client_address(request))
    state.limiter.hit(BOOKING_PER_PATIENT, bookings.patient_key(state.vault, data.patient.nik))
    state.limiter.hit(BOOKING_PER_PHONE, data.patient.phone)
    return _json(run_idempotent(
        state.db, key=idempotency_key, fingerprint=request_hash("/bookings", data), now=now,
        create=lambda session: bookings.create_booking(
            session, directory=state.directory, data=data, now=now, vault=state.vault,
            days_ahead=state.settings.booking_days_ahead,
        ),
        on_conflict=_one_active,
    ))


@router.post("/walkins", response_model=Booking, status_code=201)
def create_walkin(
    data: WalkInCreate,
    idempotency_key: IdempotencyKey,
    principal: PrincipalDep,
    state: StateDep,
    now: NowDep,
) -> Response:
    """A same-day number at the kiosk or the loket (kiosk key or loket/admin staff)."""
    service = state.directory.services.get(data.service_id)
    if service is None:
        raise ApiProblem(404, "service_not_found", f"no service {data.service_id}")
    require(principal, Action.walkin, facility_id=service.facility_id, kind=service.kind)
    channel = Channel.kiosk if principal.role is Role.kiosk else Channel.staff
    return _json(run_idempotent(
        state.db, key=idempotency_key, fingerprint=request_hash("/walkins", data), now=now,
        create=lambda session: bookings.create_walkin(
            session, directory=state.directory, data=data, channel=channel, now=now,
            vault=state.vault,
        ),
        on_conflict=_one_active,
    ))


@router.get("/bookings/{code}", response_model=Booking)
def get_booking(code: BookingCode, request: Request, state: StateDep, now: NowDep) -> Booking:
    """A booking by its code, with the live place in the queue. Personal data masked."""
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    with state.db.read() as session:
        return bookings.get_booking(session, directory=state.directory, code=code, now=now)


@router.post("/bookings/lookup", response_model=Booking)
def lookup_booking(body: BookingLookup, request: Request, state: StateDep, now: NowDep) -> Booking:
    """Find a booking by its code and the phone number it was booked with."""
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    with state.db.read() as session:
        return bookings.lookup(
            session, directory=state.directory, vault=state.vault, code=body.booking_code,
            phone=body.phone, now=now,
        )


@router.post("/bookings/{code}/cancel", response_model=Booking)
def cancel_booking(code: BookingCode, request: Request, state: StateDep, now: NowDep) -> Booking:
    """Cancel before being called. Its number is never given to anyone else."""
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    with state.db.write_transaction() as session:
        return bookings.cancel(session, directory=state.directory, code=code, now=now)


@router.post("/bookings/{code}/check-in", response_model=Booking)
def check_in_self(code: BookingCode, request: Request, state: StateDep, now: NowDep) -> Booking:
    """The patient says they have arrived (the app, on the service day)."""
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    with state.db.write_transaction() as session:
        return bookings.check_in(session, directory=state.directory, code=code, now=now)


@router.post("/facility-check-in/{code}", response_model=Booking)
def check_in_at_facility(
    code: BookingCode, principal: PrincipalDep, state: StateDep, now: NowDep
) -> Booking:
    """Check-in at the kiosk or the loket: the booking must be for this facility."""
    if principal.role not in (Role.kiosk, Role.loket, Role.poli, Role.admin):
        raise ApiProblem(403, "forbidden", f"{principal.role} may not check patients in")
    with state.db.write_transaction() as session:
        return bookings.check_in(
            session, directory=state.directory, code=code, now=now,
            facility_id=principal.facility_id,
        )
