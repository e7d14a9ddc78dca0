"""The one builder of a ticket's and a booking's answer (`TicketView`, `Booking`),
from stored rows (`ticket_view`, `booking_view`: reads the queue for the place and
the estimate) or from what an issuing transaction already knows
(`server.queue.issue`: no reads)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy.orm import Session

from api_client.models import Booking, Channel, ClosureCancellation, Lane, Payer, TicketStatus, TicketView
from server.announcements.tables import AnnouncementRow
from server.facilities.directory import Directory, ServiceInfo
from server.queue.estimate import Habits, PeopleAhead
from server.queue.events import WAITING_STATUSES
from server.queue.rules import display_number
from server.queue.tables import TicketRow, VisitRow
from server.queue.tickets import Pace, ahead_of, calls_made, habits_of, pace


class TicketFacts(Protocol):
    """What a ticket's answer shows of it: a `TicketRow`, or a number just issued."""

    @property
    def id(self) -> int: ...
    @property
    def service_date(self) -> dt.date: ...
    @property
    def number(self) -> int: ...
    @property
    def lane(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def counter(self) -> str | None: ...
    @property
    def called_at(self) -> dt.datetime | None: ...


class VisitFacts(Protocol):
    """What a booking's answer shows of its visit: a `VisitRow`, or a visit being
    written (`server.queue.intake.NewVisit`)."""

    @property
    def booking_code(self) -> str: ...
    @property
    def facility_id(self) -> str: ...
    @property
    def service_date(self) -> dt.date: ...
    @property
    def payer(self) -> str | None: ...
    @property
    def channel(self) -> str: ...
    @property
    def name_masked(self) -> str | None: ...
    @property
    def nik_masked(self) -> str | None: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def checked_in_at(self) -> dt.datetime | None: ...
    @property
    def doctor_id(self) -> int | None: ...


def ticket_answer(
    service: ServiceInfo, ticket: TicketFacts, *, ahead: PeopleAhead, habits: Habits,
    pace: Pace | None, now: dt.datetime, requeued_calls_left: int | None = None,
) -> TicketView:
    """The ticket's answer; its estimated call (a range) from `pace` (None: no estimate,
    the ticket no longer waits)."""
    window = pace.window(
        now, ahead, habits, present=TicketStatus(ticket.status) is TicketStatus.checked_in,
        regular=Lane(ticket.lane) is Lane.regular,
    ) if pace is not None else None
    return TicketView(
        ticket_id=ticket.id,
        service_id=service.id,
        service_name=service.name,
        service_date=ticket.service_date,
        number=ticket.number,
        display_number=display_number(service.prefix, ticket.number),
        lane=Lane(ticket.lane),
        status=TicketStatus(ticket.status),
        counter=ticket.counter,
        people_ahead=int(ahead.expected(habits.arrival_rate) + 0.5),  # half up
        estimated_call_at=window.at if window else None,
        estimated_call_from=window.earliest if window else None,
        estimated_call_until=window.latest if window else None,
        called_at=ticket.called_at,
        requeued_calls_left=requeued_calls_left,
    )


def booking_answer(directory: Directory, visit: VisitFacts, ticket: TicketView) -> Booking:
    """The booking's answer: its visit (personal data masked) and its current ticket."""
    return Booking(
        booking_code=visit.booking_code,
        facility_id=visit.facility_id,
        facility_name=directory.facilities[visit.facility_id].row.name,
        service_date=visit.service_date,
        payer=Payer(visit.payer) if visit.payer else None,
        channel=Channel(visit.channel),
        ticket=ticket,
        patient_name_masked=visit.name_masked,
        nik_masked=visit.nik_masked,
        created_at=visit.created_at,
        checked_in_at=visit.checked_in_at,
        doctor_id=visit.doctor_id,
        doctor_name=directory.roster.name_of(visit.doctor_id),
    )


def ticket_view(
    *, session: Session, directory: Directory, ticket: TicketRow, now: dt.datetime
) -> TicketView:
    """A stored ticket's answer, with its place in the queue now."""
    service = directory.services[ticket.service_id]
    waits = ticket.status in WAITING_STATUSES
    returned = waits and ticket.return_after_call is not None
    ahead = ahead_of(session=session, ticket=ticket)
    habits = habits_of(session=session, service=service, day=ticket.service_date, now=now) \
        if waits else Habits()
    return ticket_answer(
        service, ticket, ahead=ahead, habits=habits,
        pace=pace(session=session, directory=directory, service=service, day=ticket.service_date, now=now)
        if waits else None,
        now=now,
        requeued_calls_left=max(0, ticket.return_after_call - calls_made(  # type: ignore[operator]
            session=session, service_id=ticket.service_id, day=ticket.service_date))
        if returned else None,
    )


def booking_view(
    *, session: Session, directory: Directory, visit: VisitRow, ticket: TicketRow, now: dt.datetime
) -> Booking:
    answer = booking_answer(
        directory, visit, ticket_view(session=session, directory=directory, ticket=ticket, now=now)
    )
    if visit.cancelled_by_announcement_id is None or ticket.status != TicketStatus.cancelled:
        return answer
    closure = session.get(AnnouncementRow, visit.cancelled_by_announcement_id)
    assert closure is not None
    return answer.model_copy(update={"cancelled_by_closure": ClosureCancellation(
        reason=closure.title, service_id=closure.service_id, withdrawn=closure.withdrawn_at is not None,
    )})
