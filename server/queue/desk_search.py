"""Finding a booking at the desk: a preview by its code (`preview`), or a search of
today's bookings of the facility (`search`) by name with birth date, or by the last
digits of the NIK or the phone. Staff of the facility only (`StaffAction.find_bookings`).

Personal data is sealed at rest (`server.vault`) and its keyed hashes find whole
values only, so a search opens the sealed fields of today's bookings of this one
facility (a few hundred at most) and compares in memory; nothing is opened across
facilities or days. Each search and each preview leaves an audit row: who, where, what
kind of search and how many were found; never the name, birth date or digits typed,
never a booking code.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import BookingSearch, ErrorCode, StaffBooking
from server.audit import trail
from server.clock import service_date_of
from server.errors import field_problem
from server.facilities.directory import Directory
from server.privacy.shared_nik import booking_for_staff
from server.queue import bookings
from server.queue.answers import booking_view
from server.queue.tables import TicketRow, VisitRow
from server.ratelimit import Limit
from server.staff.auth import Principal
from server.vault import Vault

SEARCH_PER_ACCOUNT = Limit("desk_search_per_account", 60, 600)
"""A clerk with a queue of thirty searches a few times an hour; a script, far more."""
MAX_FOUND = 10
"""More than this is no answer at a desk: type more digits, or the birth date."""


def preview(
    *, session: Session, directory: Directory, principal: Principal, facility_id: str, code: str,
    now: dt.datetime,
) -> StaffBooking:
    """The booking as the clerk confirms it: refused now as the check-in would refuse it
    (another facility, another day, already checked in, cancelled)."""
    visit = bookings.find_visit(session=session, code=code)
    ticket = bookings.current_ticket(session=session, visit=visit)
    bookings.require_can_arrive(directory=directory, visit=visit, ticket=ticket, now=now,
                                facility_id=facility_id)
    trail.record(session=session, principal=principal, action="preview_booking",
                 subject=f"ticket:{ticket.id}", facility_id=facility_id, at=now)
    return booking_for_staff(session=session, booking=booking_view(
        session=session, directory=directory, visit=visit, ticket=ticket, now=now))


def search(
    *, session: Session, directory: Directory, vault: Vault, principal: Principal, facility_id: str,
    query: BookingSearch, now: dt.datetime,
) -> list[StaffBooking]:
    """Today's bookings of the facility that match, in number order (at most `MAX_FOUND`)."""
    if query.digits:
        kind, matches = "digits", _ends_with(vault, query.digits)
    elif query.name and _words(query.name) and query.birth_date:
        kind, matches = "name_birth_date", _named(vault, query.name, query.birth_date)
    else:
        raise field_problem(
            "birth_date" if query.name else "digits", ErrorCode.booking_search_incomplete,
            "search by the name with the birth date, or by 4 or more last digits of the NIK or phone",
        )
    rows = session.execute(
        select(VisitRow, TicketRow)
        .join(TicketRow, TicketRow.id == VisitRow.current_ticket_id)
        .where((VisitRow.facility_id == facility_id)
               & (VisitRow.service_date == service_date_of(now))
               & VisitRow.payer.is_not(None))  # booked ahead: a walk-in is there already
        .order_by(TicketRow.service_id, TicketRow.number)
    ).all()
    found = [(visit, ticket) for visit, ticket in rows if matches(visit)][:MAX_FOUND]
    trail.record(session=session, principal=principal, action="find_bookings",
                 subject=f"facility:{facility_id}", facility_id=facility_id, at=now,
                 after={"by": kind, "found": len(found)})
    return [
        booking_for_staff(session=session, booking=booking_view(
            session=session, directory=directory, visit=visit, ticket=ticket, now=now))
        for visit, ticket in found
    ]


def _ends_with(vault: Vault, digits: str):  # type: ignore[no-untyped-def]
    def matches(visit: VisitRow) -> bool:
        nik = vault.open(visit.nik_sealed, purpose="nik") if visit.nik_sealed else ""
        phone = vault.open(visit.phone_sealed, purpose="phone") if visit.phone_sealed else ""
        # A phone is stored +62…: "0812…" typed whole is the same number.
        local = digits[1:] if digits.startswith("0") else digits
        return nik.endswith(digits) or phone.endswith(local)

    return matches


def _named(vault: Vault, name: str, birth_date: dt.date):  # type: ignore[no-untyped-def]
    wanted = _words(name)
    born = birth_date.isoformat()

    def matches(visit: VisitRow) -> bool:
        if not visit.birth_date_sealed or not visit.name_sealed:
            return False
        if vault.open(visit.birth_date_sealed, purpose="birth_date") != born:
            return False
        words = _words(vault.open(visit.name_sealed, purpose="name"))
        return all(any(word.startswith(part) for word in words) for part in wanted)

    return matches


def _words(name: str) -> list[str]:
    """`Siti Aminah` → ["siti", "aminah"]; accents and case do not matter."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return [w for w in "".join(ch if ch.isalnum() else " " for ch in plain).split() if w]
