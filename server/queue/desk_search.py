"""Finding a booking at the desk: a preview by its code (`preview`), or a search of
today's bookings of the facility (`search`) by name with birth date, by the last four
digits of the NIK or the phone, or by the whole NIK or phone number; then the check-in
of the booking found (`check_in_found`, by its ticket). Staff of the facility only
(`StaffAction.find_bookings`).

What a search may tell, so that a desk account cannot be used to read the day's list:
- only bookings still waiting for their check-in (`booked`), of today, of this facility;
- exactly the last four digits (what the clerk reads off a KTP or hears) or the whole
  number: five to nine digits would reveal the NIK digits the mask hides;
- at most `MAX_FOUND`; more is refused (`booking_search_too_many`), never cut short;
- booking codes masked (`mask_booking_code`): a code lets anyone cancel the booking, and
  the clerk checks a found booking in by its ticket, not its code;
- `SEARCH_PER_ACCOUNT` searches per account, besides the per-address limit.

Personal data is sealed at rest (`server.vault`) and its keyed hashes find whole
values only, so a search opens the sealed fields of today's bookings of this one
facility (a few hundred at most) and compares in memory; nothing is opened across
facilities or days. Each search and each preview leaves an audit row: who, where, what
kind of search, how many were found, and a keyed hash of what was typed (`terms`: the
same search gives the same hash, so an investigation holding a NIK can ask who looked
for it; the row alone reveals nothing); never the name, birth date or digits in the
clear, never a booking code.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from pydantic_core import PydanticCustomError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.identity import normalize_phone
from api_client.models import BookingSearch, ErrorCode, StaffBooking, TicketStatus
from server.audit import trail
from server.clock import service_date_of
from server.errors import ApiProblem, field_problem
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
MAX_FOUND = 5
"""More than this is no answer at a desk: search by the name with the birth date, or by
the whole number."""
LAST_DIGITS = 4
WHOLE_DIGITS_MIN = 10
"""The shortest whole number: a mobile number 08xx-xxxx-xx; a NIK has 16 digits."""


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
) -> list[StaffBooking] | TooMany:
    """Today's bookings of the facility still waiting for their check-in that match, in
    number order, their codes masked; `TooMany` past `MAX_FOUND` (the caller refuses
    after the audit row is committed)."""
    if query.digits:
        kind, terms, matches = "digits", query.digits, _digits_match(vault, query.digits)
    elif query.name and _words(query.name) and query.birth_date:
        kind = "name_birth_date"
        terms = f"{' '.join(_words(query.name))}|{query.birth_date.isoformat()}"
        matches = _named(vault, query.name, query.birth_date)
    else:
        raise field_problem(
            "birth_date" if query.name else "digits", ErrorCode.booking_search_incomplete,
            "search by the name with the birth date, or by the last 4 digits of the NIK or phone",
        )
    found = [(visit, ticket) for visit, ticket in _waiting_today(session, facility_id, now)
             if matches(visit)]
    trail.record(session=session, principal=principal, action="find_bookings",
                 subject=f"facility:{facility_id}", facility_id=facility_id, at=now,
                 after={"by": kind, "found": len(found),
                        "terms": vault.lookup_key(terms, purpose="desk_search")})
    if len(found) > MAX_FOUND:
        return TooMany(field="digits" if kind == "digits" else "name", count=len(found))
    return [_masked(session, directory, visit, ticket, now) for visit, ticket in found]


@dataclass(frozen=True)
class TooMany:
    """More matches than a desk can use: refused once the search's audit row is kept."""

    field: str
    count: int

    def problem(self) -> ApiProblem:
        return field_problem(
            self.field, ErrorCode.booking_search_too_many,
            f"{self.count} bookings match; search by the name with the birth date, or the whole number",
            count=self.count,
        )


def check_in_found(
    *, session: Session, directory: Directory, principal: Principal, facility_id: str,
    ticket_id: int, now: dt.datetime,
) -> StaffBooking:
    """Check in a booking the desk found, by its ticket (the clerk never saw its code).
    A ticket of another facility is answered as an unknown one."""
    ticket = session.get(TicketRow, ticket_id)
    visit = session.get(VisitRow, ticket.visit_id) if ticket is not None else None
    if visit is None or visit.facility_id != facility_id or visit.current_ticket_id != ticket_id:
        raise ApiProblem(404, ErrorCode.booking_not_found, f"no booking with ticket {ticket_id} here")
    bookings.check_in(session=session, directory=directory, code=visit.booking_code, now=now,
                      facility_id=facility_id)
    trail.record(session=session, principal=principal, action="check_in_at_desk",
                 subject=f"ticket:{ticket_id}", facility_id=facility_id, at=now)
    return _masked(session, directory, visit, bookings.current_ticket(session=session, visit=visit), now)


def mask_booking_code(code: str) -> str:
    """``K7QD2M9FXH3TA`` → ``K7QD•••••••TA``: enough to tell two apart aloud, not to use."""
    return f"{code[:4]}{'•' * (len(code) - 6)}{code[-2:]}"


def _waiting_today(session: Session, facility_id: str, now: dt.datetime) -> list[tuple[VisitRow, TicketRow]]:
    rows = session.execute(
        select(VisitRow, TicketRow)
        .join(TicketRow, TicketRow.id == VisitRow.current_ticket_id)
        .where((VisitRow.facility_id == facility_id)
               & (VisitRow.service_date == service_date_of(now))
               & VisitRow.payer.is_not(None)  # booked ahead: a walk-in is there already
               & (TicketRow.status == TicketStatus.booked.value))
        .order_by(TicketRow.service_id, TicketRow.number)
    ).all()
    return [(visit, ticket) for visit, ticket in rows]


def _masked(
    session: Session, directory: Directory, visit: VisitRow, ticket: TicketRow, now: dt.datetime,
) -> StaffBooking:
    answer = booking_for_staff(session=session, booking=booking_view(
        session=session, directory=directory, visit=visit, ticket=ticket, now=now))
    return answer.model_copy(update={"booking_code": mask_booking_code(answer.booking_code)})


def _digits_match(vault: Vault, digits: str):  # type: ignore[no-untyped-def]
    """The last four digits of the NIK or phone, or the whole NIK or phone number;
    anything between would tell the digits the masks hide."""
    if len(digits) == LAST_DIGITS:
        return _ends_with(vault, digits)
    if len(digits) < WHOLE_DIGITS_MIN:
        raise field_problem(
            "digits", ErrorCode.booking_search_digits,
            f"{len(digits)} digits: type the last 4 digits, or the whole NIK or phone number",
        )
    return _whole_number(vault, digits)


def _ends_with(vault: Vault, digits: str):  # type: ignore[no-untyped-def]
    def matches(visit: VisitRow) -> bool:
        return _nik(vault, visit).endswith(digits) or _phone(vault, visit).endswith(digits)

    return matches


def _whole_number(vault: Vault, digits: str):  # type: ignore[no-untyped-def]
    try:  # a phone is stored +62…: "0812…" said whole is the same number
        phone = normalize_phone(digits)
    except PydanticCustomError:
        phone = None

    def matches(visit: VisitRow) -> bool:
        return _nik(vault, visit) == digits or (phone is not None and _phone(vault, visit) == phone)

    return matches


def _nik(vault: Vault, visit: VisitRow) -> str:
    return vault.open(visit.nik_sealed, purpose="nik") if visit.nik_sealed else ""


def _phone(vault: Vault, visit: VisitRow) -> str:
    return vault.open(visit.phone_sealed, purpose="phone") if visit.phone_sealed else ""


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
