"""Complaints: sent by anyone with a tracking code, followed by that code, answered
by the facility's staff. Status only moves forward (diterima → diproses → selesai);
a reply to a new complaint makes it `diproses`; `selesai` needs a reply first, so
the person always sees an answer; a finished complaint takes no more replies.

A wrong or malformed code answers exactly like a missing one. Service functions take
keyword arguments only and run in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.identity import mask_phone, normalize_booking_code
from api_client.models import (
    Complaint,
    ComplaintCreate,
    ComplaintForStaff,
    ComplaintStatus,
    ComplaintUpdate,
    ErrorCode,
    Escalation,
)
from server.audit import trail
from server.clock import service_date_of
from server.complaints.deadline import overdue, respond_by
from server.complaints.tables import ComplaintRow, ComplaintUpdateRow
from server.errors import ApiProblem, field_problem, not_found
from server.facilities.directory import Directory
from server.queue.codes import new_booking_code
from server.queue.intake import mask_name
from server.staff.auth import Principal
from server.vault import Vault

ORDER = (ComplaintStatus.diterima, ComplaintStatus.diproses, ComplaintStatus.selesai)


def _no_complaint() -> ApiProblem:
    return ApiProblem(404, ErrorCode.complaint_not_found, "no complaint with that tracking code")


def create(
    *, session: Session, directory: Directory, vault: Vault, data: ComplaintCreate, now: dt.datetime
) -> Complaint:
    if data.facility_id not in directory.facilities:
        raise field_problem("facility_id", ErrorCode.facility_not_found, f"no facility {data.facility_id!r}")
    contact = data.contact if data.contact and (data.contact.name or data.contact.phone) else None
    if contact is not None and not data.contact_consent:
        raise field_problem(
            "contact_consent", ErrorCode.contact_consent_required,
            "a contact is kept only with consent: set contact_consent, or leave the contact out",
        )
    row = ComplaintRow(
        tracking_code=new_booking_code(),
        facility_id=data.facility_id,
        category=data.category.value,
        text=data.text.strip(),
        status=ComplaintStatus.diterima.value,
        channel=data.channel.value,
        contact_consent_at=now if contact else None,
        contact_name_sealed=vault.seal(contact.name, purpose="name") if contact and contact.name else None,
        contact_phone_sealed=(
            vault.seal(contact.phone, purpose="phone") if contact and contact.phone else None
        ),
        contact_name_masked=mask_name(contact.name) if contact else None,
        contact_phone_masked=mask_phone(contact.phone) if contact and contact.phone else None,
        created_at=now,
        respond_by=respond_by(service_date_of(now)),
        updated_at=now,
        answered=False,
    )
    session.add(row)
    session.flush()
    return view(session=session, directory=directory, row=row, now=now)


def by_code(*, session: Session, code: str) -> ComplaintRow:
    canonical = normalize_booking_code(code)
    if canonical is None:
        raise _no_complaint()
    row = session.scalars(select(ComplaintRow).where(ComplaintRow.tracking_code == canonical)).first()
    if row is None:
        raise _no_complaint()
    return row


def by_id(*, session: Session, complaint_id: int) -> ComplaintRow:
    row = session.get(ComplaintRow, complaint_id)
    if row is None:
        raise not_found(ErrorCode.complaint_not_found, complaint_id)
    return row


def listed(
    *, session: Session, directory: Directory, facility_id: str | None,
    status: ComplaintStatus | None, now: dt.datetime,
) -> list[ComplaintForStaff]:
    """Open complaints first, oldest first (the most urgent on top); then finished
    ones, newest first."""
    query = select(ComplaintRow)
    if facility_id is not None:
        query = query.where(ComplaintRow.facility_id == facility_id)
    if status is not None:
        query = query.where(ComplaintRow.status == status.value)
    rows = list(session.scalars(query.order_by(ComplaintRow.created_at, ComplaintRow.id)))
    open_rows = [r for r in rows if r.status != ComplaintStatus.selesai.value]
    done_rows = [r for r in reversed(rows) if r.status == ComplaintStatus.selesai.value]
    return [staff_view(session=session, directory=directory, row=r, now=now) for r in open_rows + done_rows]


def backlog(*, session: Session, today: dt.date) -> dict[str, tuple[int, int]]:
    """Per facility: its complaints not yet `selesai`, and how many of them are past
    their response deadline on `today` (the dashboard's "open" and "overdue")."""
    counts: dict[str, tuple[int, int]] = {}
    rows = session.execute(
        select(ComplaintRow.facility_id, ComplaintRow.respond_by)
        .where(ComplaintRow.status != ComplaintStatus.selesai.value)
    )
    for facility_id, due in rows:
        still_open, late = counts.get(facility_id, (0, 0))
        counts[facility_id] = (still_open + 1, late + overdue(due, today=today, finished=False))
    return counts


def reply(
    *, session: Session, row: ComplaintRow, text: str, status: ComplaintStatus | None, by: Principal,
    now: dt.datetime,
) -> None:
    """A reply the person sees with their code; optionally also a new status."""
    before = _audited(row)
    current = ComplaintStatus(row.status)
    if current is ComplaintStatus.selesai:
        raise ApiProblem(409, ErrorCode.complaint_closed,
                         "this complaint is finished; it takes no more replies")
    target = status or (ComplaintStatus.diproses if current is ComplaintStatus.diterima else None)
    if target is not None:
        _check_forward(current, target)
    row.answered = True
    _record(session, row, status=target if target is not current else None, text=text, by=by.name, now=now)
    _audit(session, row, action="reply_complaint", before=before, by=by, now=now)


def change_status(
    *, session: Session, row: ComplaintRow, status: ComplaintStatus, by: Principal, now: dt.datetime
) -> None:
    """Setting the status it already has changes nothing (a double click is harmless,
    though audited like any other)."""
    before = _audited(row)
    current = ComplaintStatus(row.status)
    if status is not current:
        _check_forward(current, status)
        if status is ComplaintStatus.selesai and not row.answered:
            raise ApiProblem(
                409, ErrorCode.complaint_reply_required, "reply to the complaint before marking it selesai"
            )
        _record(session, row, status=status, text=None, by=by.name, now=now)
    _audit(session, row, action="complaint_status", before=before, by=by, now=now)


def _audited(row: ComplaintRow) -> dict[str, str | bool]:
    """A complaint as the trail keeps it: the reply's text stays in the complaint."""
    return {"status": row.status, "answered": row.answered}


def _audit(
    session: Session, row: ComplaintRow, *, action: str, before: dict[str, str | bool],
    by: Principal, now: dt.datetime,
) -> None:
    trail.record(session=session, principal=by, subject=f"complaint:{row.id}", facility_id=row.facility_id,
                 action=action, at=now, before=before, after=_audited(row))


def _check_forward(current: ComplaintStatus, target: ComplaintStatus) -> None:
    if ORDER.index(target) < ORDER.index(current):
        raise ApiProblem(
            409, ErrorCode.complaint_status_backward,
            f"a complaint that is {current} cannot go back to {target}",
        )


def _record(
    session: Session, row: ComplaintRow, *, status: ComplaintStatus | None, text: str | None,
    by: str, now: dt.datetime,
) -> None:
    if status is not None:
        row.status = status.value
    row.updated_at = now
    session.add(ComplaintUpdateRow(
        complaint_id=row.id, at=now, status=status.value if status else None,
        reply=text.strip() if text else None, by=by,
    ))
    session.flush()


def _updates(session: Session, row: ComplaintRow, *, with_staff: bool) -> list[ComplaintUpdate]:
    rows = session.scalars(
        select(ComplaintUpdateRow)
        .where(ComplaintUpdateRow.complaint_id == row.id)
        .order_by(ComplaintUpdateRow.at, ComplaintUpdateRow.id)
    )
    return [
        ComplaintUpdate(
            at=u.at, status=ComplaintStatus(u.status) if u.status else None, reply=u.reply,
            by=u.by if with_staff else None,
        )
        for u in rows
    ]


def view(*, session: Session, directory: Directory, row: ComplaintRow, now: dt.datetime) -> Complaint:
    """What the holder of the tracking code sees: no staff names."""
    late = overdue(
        row.respond_by, today=service_date_of(now), finished=row.status == ComplaintStatus.selesai
    )
    return Complaint(
        tracking_code=row.tracking_code,
        facility_id=row.facility_id,
        facility_name=directory.facilities[row.facility_id].row.name,
        category=row.category,  # type: ignore[arg-type]
        text=row.text,
        status=ComplaintStatus(row.status),
        created_at=row.created_at,
        respond_by=row.respond_by,
        overdue=late,
        escalation=Escalation() if late else None,
        updates=_updates(session, row, with_staff=False),
        contact_name_masked=row.contact_name_masked,
        contact_phone_masked=row.contact_phone_masked,
    )


def staff_view(
    *, session: Session, directory: Directory, row: ComplaintRow, now: dt.datetime
) -> ComplaintForStaff:
    public = view(session=session, directory=directory, row=row, now=now)
    return ComplaintForStaff(
        **public.model_dump(exclude={"updates"}), id=row.id,
        updates=_updates(session, row, with_staff=True),
    )
