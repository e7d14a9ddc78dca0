"""A NIK used with more than one phone number: a sign for staff to check the KTP.

Anyone can type someone else's NIK into a booking made with their own phone (the
birth date inside the NIK is no barrier). Such a booking cannot open the other
person's visits any more (`server.privacy.service`), but it may still be an impostor
at the counter, so staff of the facility see it flagged: a visit is flagged when
another **active** visit carries the same NIK under a different phone, both compared
by their keyed hashes. The flag names neither the other phone nor the other visit,
and only staff-facing answers carry it (`StaffTicketView`, `StaffBooking`); the
citizen's own answers never do. Both visits of the pair are flagged: staff cannot
know which of the two is the person on the KTP.

A walk-in (no phone) is never flagged, and never makes another visit flagged: it
has no phone to differ.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from api_client.models import Booking, StaffBooking, StaffTicketView, TicketView
from server.queue.tables import TicketRow, VisitRow


def visits_with_nik_under_other_phone(*, session: Session, visit_ids: Collection[int]) -> set[int]:
    """Those of `visit_ids` whose NIK has an active visit booked with another phone."""
    if not visit_ids:
        return set()
    other = aliased(VisitRow)
    shared = exists().where(
        (other.patient_key == VisitRow.patient_key)
        & other.active.is_(True)
        & other.phone_key.is_not(None)
        & (other.phone_key != VisitRow.phone_key)
    )
    return set(session.scalars(
        select(VisitRow.id).where(
            VisitRow.id.in_(list(visit_ids))
            & VisitRow.patient_key.is_not(None)
            & VisitRow.phone_key.is_not(None)
            & shared
        )
    ))


def for_staff(*, session: Session, tickets: Sequence[TicketView]) -> list[StaffTicketView]:
    """The tickets as staff of their facility see them, flag included."""
    if not tickets:
        return []
    rows = session.execute(
        select(TicketRow.id, TicketRow.visit_id).where(TicketRow.id.in_([t.ticket_id for t in tickets]))
    )
    visit_of: dict[int, int] = {ticket_id: visit_id for ticket_id, visit_id in rows}
    flagged = visits_with_nik_under_other_phone(session=session, visit_ids=set(visit_of.values()))
    return [
        StaffTicketView(**{
            **ticket.model_dump(), "nik_with_other_phone": visit_of.get(ticket.ticket_id) in flagged,
        })
        for ticket in tickets
    ]


def ticket_for_staff(*, session: Session, ticket: TicketView) -> StaffTicketView:
    return for_staff(session=session, tickets=[ticket])[0]


def booking_for_staff(*, session: Session, booking: Booking) -> StaffBooking:
    return StaffBooking(**{
        **booking.model_dump(exclude={"ticket"}),
        "ticket": ticket_for_staff(session=session, ticket=booking.ticket),
    })
