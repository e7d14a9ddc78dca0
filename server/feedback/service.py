"""The survey after a visit: one per visit, only once the visit is done; and the
index per facility and period from the stored answers (`server.feedback.skm`).
Service functions take keyword arguments only and run in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_client.models import (
    ErrorCode,
    SkmElement,
    SkmIndex,
    SkmScore,
    SurveyCreate,
    SurveyReceipt,
    SurveyState,
    TicketStatus,
)
from server.clock import service_date_of
from server.errors import ApiProblem, field_problem
from server.facilities.directory import Directory
from server.feedback.skm import index_of_means
from server.feedback.tables import SCORE_COLUMNS, SurveyRow
from server.queue.bookings import current_ticket, find_visit
from server.queue.tables import VisitRow

SURVEY_DAYS = 30
"""A visit can be rated up to this many days after its service date: an answer months
later would change an SKM report that was already filed for its month."""


def open_until(visit: VisitRow) -> dt.date:
    return visit.service_date + dt.timedelta(days=SURVEY_DAYS)


def already_given() -> ApiProblem:
    return ApiProblem(409, ErrorCode.survey_already_given, "this visit has already been rated")


def _visit_done(session: Session, visit: VisitRow) -> bool:
    return current_ticket(session=session, visit=visit).status == TicketStatus.done.value


def _given(session: Session, visit: VisitRow) -> bool:
    return session.scalar(select(SurveyRow.id).where(SurveyRow.visit_id == visit.id)) is not None


def survey_state(
    *, session: Session, directory: Directory, code: str, today: dt.date
) -> SurveyState:
    visit = find_visit(session=session, code=code)
    return SurveyState(
        booking_code=visit.booking_code,
        facility_name=directory.facilities[visit.facility_id].row.name,
        visit_done=_visit_done(session, visit),
        given=_given(session, visit),
        open_until=open_until(visit),
        closed=today > open_until(visit),
    )


def submit(
    *, session: Session, directory: Directory, code: str, data: SurveyCreate, now: dt.datetime
) -> SurveyReceipt:
    """Store one visit's answers. A visit not yet done, rated before, or more than
    `SURVEY_DAYS` days ago, is refused."""
    missing = [e.value for e in SkmElement if e not in data.scores]
    if missing:
        raise field_problem(
            "scores", ErrorCode.survey_incomplete,
            f"every element needs a score from 1 to 4; missing {', '.join(missing)}",
            missing=", ".join(missing),
        )
    visit = find_visit(session=session, code=code, for_update=True)
    if not _visit_done(session, visit):
        raise ApiProblem(409, ErrorCode.visit_not_done, "the survey opens once the visit is done")
    if service_date_of(now) > open_until(visit):
        raise ApiProblem(409, ErrorCode.survey_closed,
                         f"a visit can be rated until {open_until(visit)}, {SURVEY_DAYS} days after it")
    if _given(session, visit):
        raise already_given()
    row = SurveyRow(
        visit_id=visit.id, facility_id=visit.facility_id, service_id=visit.service_id,
        service_date=visit.service_date, channel=data.channel.value,
        comment=(data.comment or "").strip() or None, submitted_at=now,
    )
    if data.respondent is not None:
        profile = data.respondent
        row.age_group, row.sex = _value(profile.age_group), _value(profile.sex)
        row.education, row.job = _value(profile.education), _value(profile.job)
    for element, column in SCORE_COLUMNS.items():
        setattr(row, column, data.scores[element])
    session.add(row)
    session.flush()
    return SurveyReceipt(
        facility_id=visit.facility_id,
        facility_name=directory.facilities[visit.facility_id].row.name,
        submitted_at=now,
    )


def _value(choice: StrEnum | None) -> str | None:
    return choice.value if choice is not None else None


def skm(
    *, session: Session, facility_id: str | None, date_from: dt.date, date_to: dt.date
) -> SkmIndex:
    """The index over visits on `date_from`…`date_to`, of one facility or of all."""
    if date_to < date_from:
        raise field_problem(
            "date_to", ErrorCode.date_range_reversed, f"date_to {date_to} is before date_from {date_from}"
        )
    query = select(func.count(SurveyRow.id), *_score_sums()).where(
        SurveyRow.service_date.between(date_from, date_to)
    )
    if facility_id is not None:
        query = query.where(SurveyRow.facility_id == facility_id)
    count, *sums = session.execute(query).one()
    return _index(facility_id, date_from, date_to, count or 0, sums)


def skm_by_facility(
    *, session: Session, date_from: dt.date, date_to: dt.date
) -> tuple[dict[str, SkmIndex], SkmIndex]:
    """Each facility's index (those with answers) and the regency's, from one grouped
    query: the regency's sums every answer, as `skm(facility_id=None)` does."""
    rows = session.execute(
        select(SurveyRow.facility_id, func.count(SurveyRow.id), *_score_sums())
        .where(SurveyRow.service_date.between(date_from, date_to))
        .group_by(SurveyRow.facility_id)
    ).all()
    each = {facility: _index(facility, date_from, date_to, count, sums) for facility, count, *sums in rows}
    total = sum(count for _, count, *_ in rows)
    sums = [sum(int(row[2 + i]) for row in rows) for i in range(len(SCORE_COLUMNS))]
    return each, _index(None, date_from, date_to, total, sums)


def _score_sums() -> list[Any]:
    return [func.sum(getattr(SurveyRow, c)) for c in SCORE_COLUMNS.values()]


def _index(
    facility_id: str | None, date_from: dt.date, date_to: dt.date, count: int, sums: Sequence[Any]
) -> SkmIndex:
    base = SkmIndex(
        facility_id=facility_id, date_from=date_from, date_to=date_to, respondents=count,
        elements=[], index=None, band=None, band_label=None,
    )
    if not count:
        return base
    result = index_of_means(
        {e: Fraction(int(s), count) for e, s in zip(SCORE_COLUMNS, sums, strict=True)}, count
    )
    return base.model_copy(update={
        "elements": [
            SkmScore(element=s.element, mean=round(float(s.mean), 4), index=float(s.index), band=s.band)
            for s in result.elements
        ],
        "index": float(result.index) if result.index is not None else None,
        "band": result.band,
        "band_label": result.band_label,
    })
