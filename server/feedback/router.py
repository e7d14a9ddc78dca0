"""Survey routes: rate a done visit by its booking code (once), read the SKM index.

The index is public, as PermenPANRB 14/2017 asks the results to be published: it
holds means and counts only, never an answer or a comment.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.exc import IntegrityError

from api_client.models import SkmIndex, SurveyCreate, SurveyReceipt, SurveyState
from server.clock import service_date_of
from server.deps import FacilityDep, NowDep, StateDep
from server.errors import ApiProblem, documented
from server.feedback import service as feedback
from server.idempotency import IdempotencyKey, request_hash, run_idempotent
from server.queue.booking_router import BookingCode
from server.ratelimit import LOOKUP_PER_CLIENT, client_address

router = APIRouter(tags=["feedback"], responses=documented(404, 409, 422, 429))

DateQuery = Annotated[dt.date | None, Query(description="service dates, WIB; default: this month")]


def _already(exc: IntegrityError) -> ApiProblem | None:
    return feedback.already_given() if "survey" in str(exc.orig) else None


@router.get("/bookings/{code}/survey", response_model=SurveyState)
def survey_state(code: BookingCode, request: Request, state: StateDep, now: NowDep) -> SurveyState:
    """Can this visit be rated: is it done, was it rated already, is it still open
    (up to 30 days after the visit)?"""
    with state.db.read() as session:
        state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
        return feedback.survey_state(session=session, directory=state.directory, code=code,
                                     today=service_date_of(now))


@router.post("/bookings/{code}/survey", response_model=SurveyReceipt, status_code=201)
def give_survey(
    code: BookingCode, data: SurveyCreate, idempotency_key: IdempotencyKey, request: Request,
    state: StateDep, now: NowDep,
) -> Response:
    """The nine SKM elements on 1–4 for a done visit; once per visit, up to 30 days
    after it (`visit_not_done`, `survey_already_given`, `survey_closed`)."""
    state.limiter.hit(LOOKUP_PER_CLIENT, client_address(request))
    return run_idempotent(
        state.db, key=idempotency_key,
        fingerprint=request_hash(state.keyring, f"/bookings/{code}/survey", data),
        now=now,
        create=lambda session: feedback.submit(
            session=session, directory=state.directory, code=code, data=data, now=now
        ),
        on_conflict=_already,
    ).response()


def _period(now: dt.datetime, date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    today = service_date_of(now)
    return date_from or today.replace(day=1), date_to or today


@router.get("/facilities/{facility_id}/skm", response_model=SkmIndex)
def facility_skm(
    facility: FacilityDep, state: StateDep, now: NowDep, date_from: DateQuery = None,
    date_to: DateQuery = None,
) -> SkmIndex:
    """The facility's SKM index, each element's score and the band (A–D)."""
    with state.db.read() as session:
        first, last = _period(now, date_from, date_to)
        return feedback.skm(session=session, facility_id=facility.row.id, date_from=first, date_to=last)


@router.get("/skm", response_model=SkmIndex)
def regency_skm(
    state: StateDep, now: NowDep, date_from: DateQuery = None, date_to: DateQuery = None
) -> SkmIndex:
    """The SKM index of every facility together."""
    with state.db.read() as session:
        first, last = _period(now, date_from, date_to)
        return feedback.skm(session=session, facility_id=None, date_from=first, date_to=last)
