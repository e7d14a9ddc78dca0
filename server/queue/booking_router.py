"""Booking routes: book online, walk in, read by code, check in, cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from api_client.models import (
    Booking,
    BookingCreate,
    BookingLookup,
    BookingSearch,
    Channel,
    ErrorCode,
    Role,
    SelfCheckIn,
    StaffBooking,
    WalkInCreate,
)
from server.deps import FacilityDep, NowDep, PrincipalDep, StateDep
from server.errors import ApiProblem, documented
from server.idempotency import IdempotencyKey, request_hash
from server.privacy.shared_nik import booking_for_staff
from server.queue import bookings, desk_search, intake
from server.queue.arrival import ArrivalRule
from server.queue.group_commit import GroupCommit, Order
from server.queue.intake import NewVisit
from server.ratelimit import (
    BOOKING_PER_CLIENT,
    BOOKING_PER_PATIENT,
    BOOKING_PER_PHONE,
    LOOKUP_PER_CLIENT,
    client_address,
)
from server.staff.permissions import Action, require
from server.state import AppState

router = APIRouter(tags=["bookings"], responses=documented(401, 403, 404, 409, 422, 429))

BookingCode = Annotated[str, Path(min_length=1, max_length=40)]


async def _issue_once(
    request: Request, key: str, path: str, data: BookingCreate | WalkInCreate,
    now: dt.datetime, check: Callable[[], NewVisit],
) -> Response:
    """Check the request, then hand it to the group commit; the answer (new or
    replayed for its `Idempotency-Key`, `server.idempotency`) once its transaction has
    committed. A request that fails its check is answered with that problem unless
    its key replays (a 409 is stored like a booking)."""
    state: AppState = request.app.state.lsr
    try:
        new: NewVisit | ApiProblem = check()
    except ApiProblem as problem:
        new = problem
    order = Order(key=key, fingerprint=request_hash(state.keyring, path, data), now=now, new=new,
                  directory=state.directory)
    group_commit: GroupCommit = request.app.state.group_commit
    answer = await group_commit.submit(order)
    return answer.response()


@router.post("/bookings", response_model=Booking, status_code=201)
async def create_booking(
    data: BookingCreate, idempotency_key: IdempotencyKey, request: Request
) -> Response:
    """Book a number for a date up to 7 days ahead (JKN or non-JKN quota)."""
    # Most requests never get here: `server.queue.booking_fast_path` answers them with
    # `book_online` before the framework's layers; this route takes the rest (and
    # answers a body or key that does not validate as FastAPI does).
    return await book_online(request, data, idempotency_key)


async def book_online(request: Request, data: BookingCreate, idempotency_key: str) -> Response:
    """`POST /bookings`, once its body and key are valid."""
    # State and clock from the request, not `StateDep`/`NowDep`: sync dependencies
    # each cost a hop through the thread pool, on the busiest route there is.
    state: AppState = request.app.state.lsr
    now = state.clock()
    vault = state.vault  # one keyring for the whole request
    keys = intake.patient_keys(vault, data.patient.nik)
    state.limiter.hit(BOOKING_PER_CLIENT, client_address(request))

    def check() -> NewVisit:
        new = intake.create_booking(
            directory=state.directory, data=data, now=now, vault=vault,
            days_ahead=state.settings.booking_days_ahead, known_patient_keys=keys,
        )
        # Only a request that passed its checks counts against the patient and the
        # phone: invalid ones (a wrong birth date, 422) cannot use up a victim's
        # limit. One refused later by a rule (409 quota full, already booked) counts.
        state.limiter.hit(BOOKING_PER_PATIENT, keys[0])
        state.limiter.hit(BOOKING_PER_PHONE, data.patient.phone)
        return new

    return await _issue_once(request, idempotency_key, "/bookings", data, now, check)


@router.post("/walkins", response_model=Booking, status_code=201)
async def create_walkin(
    data: WalkInCreate,
    idempotency_key: IdempotencyKey,
    principal: PrincipalDep,
    request: Request,
) -> Response:
    """A same-day number at the kiosk or the loket (kiosk key or loket/admin staff)."""
    state: AppState = request.app.state.lsr
    now = state.clock()
    service = state.directory.services.get(data.service_id)
    if service is None:
        raise ApiProblem(404, ErrorCode.service_not_found, f"no service {data.service_id}")
    require(principal, Action.walkin, facility_id=service.facility_id, kind=service.kind)
    channel = Channel.kiosk if principal.role is Role.kiosk else Channel.desk
    return await _issue_once(
        request, idempotency_key, "/walkins", data, now,
        lambda: intake.create_walkin(
            directory=state.directory, data=data, channel=channel, now=now, vault=state.vault,
        ),
    )


@router.get("/bookings/{code}", response_model=Booking)
def get_booking(
    code: BookingCode, request: Request, state: StateDep, now: NowDep
) -> Booking:
    """A booking by its code, with the live place in the queue. Personal data masked."""
    with state.db.read() as session:
        state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
        return bookings.get_booking(session=session, directory=state.directory, code=code, now=now)


@router.post("/bookings/lookup", response_model=Booking)
def lookup_booking(
    body: BookingLookup, request: Request, state: StateDep, now: NowDep
) -> Booking:
    """Find a booking by its code and the phone number it was booked with."""
    with state.db.read() as session:
        state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
        return bookings.lookup(
            session=session, directory=state.directory, vault=state.vault, code=body.booking_code,
            phone=body.phone, now=now,
        )


@router.post("/bookings/{code}/cancel", response_model=Booking)
def cancel_booking(code: BookingCode, request: Request, state: StateDep, now: NowDep) -> Booking:
    """Cancel before being called. Its number is never given to anyone else."""
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    with state.db.write_transaction() as session:
        return bookings.cancel(session=session, directory=state.directory, code=code, now=now)


@router.post("/bookings/{code}/check-in", response_model=Booking)
def check_in_self(
    code: BookingCode, request: Request, state: StateDep, now: NowDep,
    where: SelfCheckIn | None = None,
) -> Booking:
    """The patient says they have arrived (the app, on the service day), with where the
    phone is: it must be near the facility (`server.queue.arrival`), else
    `check_in_not_near`, or `check_in_location_required` without a location."""
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    rule = ArrivalRule(radius_m=state.settings.check_in_radius_m,
                       radius_unconfirmed_m=state.settings.check_in_radius_unconfirmed_m)
    with state.db.write_transaction() as session:
        return bookings.check_in(session=session, directory=state.directory, code=code, now=now,
                                 arrival=(where, rule))


@router.post("/facility-check-in/{code}", response_model=StaffBooking)
def check_in_at_facility(
    code: BookingCode, principal: PrincipalDep, state: StateDep, now: NowDep
) -> StaffBooking:
    """Check-in at the kiosk or the loket: the booking must be for this facility. The
    answer tells the facility when the NIK is also booked with another phone number."""
    if principal.role not in (Role.kiosk, Role.loket, Role.poli, Role.admin):
        raise ApiProblem(403, ErrorCode.forbidden, f"{principal.role} may not check patients in")
    with state.db.write_transaction() as session:
        return booking_for_staff(session=session, booking=bookings.check_in(
            session=session, directory=state.directory, code=code, now=now,
            facility_id=principal.facility_id,
        ))


@router.get("/staff/facilities/{facility_id}/bookings/{code}", response_model=StaffBooking)
def preview_booking(
    facility: FacilityDep, code: BookingCode, principal: PrincipalDep, state: StateDep, now: NowDep,
    request: Request,
) -> StaffBooking:
    """The booking as the desk confirms it, before checking it in (masked NIK, payer,
    service, number, when it was booked); refused as the check-in would refuse it."""
    require(principal, Action.find_bookings, facility_id=facility.row.id)
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    with state.db.write_transaction() as session:
        return desk_search.preview(session=session, directory=state.directory, principal=principal,
                                   facility_id=facility.row.id, code=code, now=now)


@router.post("/staff/facilities/{facility_id}/bookings/search", response_model=list[StaffBooking])
def search_bookings(
    facility: FacilityDep, body: BookingSearch, principal: PrincipalDep, state: StateDep,
    now: NowDep, request: Request,
) -> list[StaffBooking]:
    """Today's bookings of the facility still waiting for their check-in, by name and
    birth date, by the last 4 digits of the NIK or the phone, or by the whole number;
    codes masked, at most 5 (`booking_search_too_many`). Each search is audited, with a
    keyed hash of what was typed (server/queue/desk_search.py)."""
    require(principal, Action.find_bookings, facility_id=facility.row.id)
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    state.limiter.hit(desk_search.SEARCH_PER_ACCOUNT, principal.name)
    with state.db.write_transaction() as session:
        found = desk_search.search(session=session, directory=state.directory, vault=state.vault,
                                   principal=principal, facility_id=facility.row.id, query=body, now=now)
    if isinstance(found, desk_search.TooMany):
        raise found.problem()
    return found


@router.post("/staff/facilities/{facility_id}/tickets/{ticket_id}/check-in", response_model=StaffBooking)
def check_in_found(
    facility: FacilityDep, ticket_id: int, principal: PrincipalDep, state: StateDep, now: NowDep,
) -> StaffBooking:
    """Check in a booking the desk found (its code masked), by its ticket: refused as
    the check-in by code would be; a ticket of another facility is unknown here."""
    require(principal, Action.find_bookings, facility_id=facility.row.id)
    with state.db.write_transaction() as session:
        return desk_search.check_in_found(session=session, directory=state.directory, principal=principal,
                                          facility_id=facility.row.id, ticket_id=ticket_id, now=now)
