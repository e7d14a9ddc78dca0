"""Dashboard routes: the figures as JSON, every facility side by side, a short-lived CSV
link, and the CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlalchemy.orm import Session

from api_client.models import Dashboard, DownloadLink, ErrorCode, FacilityComparison, WeeklyTrends
from server.clock import EARLIEST, LATEST, service_date_of
from server.dashboard.compare import compare
from server.dashboard.download import download_link, principal_from_download
from server.dashboard.export import dashboard_csv
from server.dashboard.service import MAX_DAYS, dashboard, read_in_turn
from server.dashboard.trends import previous_period, summary
from server.dashboard.weekly import weekly
from server.deps import NowDep, PrincipalDep, StateDep
from server.errors import documented, field_problem, not_found
from server.staff.auth import unauthorized
from server.staff.permissions import require_dashboard, sees_every_facility
from server.staff.principal import staff_from_token, still_signed_in
from server.state import AppState

router = APIRouter(tags=["dashboard"], responses=documented(401, 403, 404, 422))
DEFAULT_DAYS = 28


@dataclass(frozen=True)
class Dates:
    date_from: dt.date
    date_to: dt.date


@dataclass(frozen=True)
class Period(Dates):
    facility_id: str | None  # None: every facility


def get_dates(
    now: NowDep,
    date_from: Annotated[dt.date | None, Query(alias="from", description="first service date")] = None,
    date_to: Annotated[
        dt.date | None, Query(alias="to", description="last service date; default today")
    ] = None,
) -> Dates:
    """The dates asked for: by default the 28 days up to today (WIB), at most 92."""
    last = date_to or service_date_of(now)
    if not EARLIEST <= last <= LATEST or (date_from and not EARLIEST <= date_from <= LATEST):
        raise field_problem(
            "from" if date_from and not EARLIEST <= date_from <= LATEST else "to",
            ErrorCode.date_outside_window,
            f"dashboard dates lie between {EARLIEST} and {LATEST}",
            first=EARLIEST.isoformat(), last=LATEST.isoformat(),
        )
    first = date_from or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise field_problem("to", ErrorCode.date_range_reversed, f"to {last} is before from {first}")
    days = (last - first).days + 1
    if days > MAX_DAYS:
        raise field_problem("to", ErrorCode.date_range_too_long,
                            f"a dashboard covers at most {MAX_DAYS} days, got {days}", max=MAX_DAYS)
    return Dates(first, last)


DatesDep = Annotated[Dates, Depends(get_dates)]


def get_period(
    state: StateDep,
    dates: DatesDep,
    facility_id: Annotated[
        str | None, Query(description="a facility id; 'all' or none: every facility")
    ] = None,
) -> Period:
    """The facility and dates asked for."""
    if facility_id in (None, "", "all"):
        facility_id = None
    elif facility_id not in state.directory.facilities:
        raise not_found(ErrorCode.facility_not_found, facility_id)
    return Period(dates.date_from, dates.date_to, facility_id)


PeriodDep = Annotated[Period, Depends(get_period)]


def _report(session: Session, period: Period, now: dt.datetime) -> Dashboard:
    today = service_date_of(now)
    report = dashboard(session=session, facility_id=period.facility_id, date_from=period.date_from,
                       date_to=period.date_to, today=today)
    before = previous_period(session, period.facility_id, period.date_from, period.date_to)
    if before is None:
        return report
    return report.model_copy(update={"previous": summary(
        session=session, facility_id=period.facility_id, date_from=before[0], date_to=before[1],
        today=today,
    )})


def _comparison(session: Session, state: AppState, dates: Dates, now: dt.datetime) -> FacilityComparison:
    return compare(session=session, directory=state.directory, settings=state.settings,
                   date_from=dates.date_from, date_to=dates.date_to, today=service_date_of(now))


@router.get("/dashboard", response_model=Dashboard)
def get_dashboard(period: PeriodDep, principal: PrincipalDep, state: StateDep, now: NowDep) -> Dashboard:
    """Visits by channel and day, waits per stage, no-shows, quota use, busiest hours and
    the SKM index. A facility's admin sees that facility; Dinkes sees each and all."""
    require_dashboard(principal, facility_id=period.facility_id)
    with read_in_turn(state.db) as session:
        return _report(session, period, now)


@router.get("/dashboard/facilities", response_model=FacilityComparison)
def get_comparison(
    dates: DatesDep, principal: PrincipalDep, state: StateDep, now: NowDep
) -> FacilityComparison:
    """Every facility side by side (visits, waits per stage, no-shows, quota use, SKM,
    complaints open and overdue today), the regency's row computed over all visits,
    and the facilities over a threshold with their reasons. Dinkes only: a
    facility's admin is refused (403), as for the dashboard of every facility."""
    require_dashboard(principal, facility_id=None)
    with read_in_turn(state.db) as session:
        return _comparison(session, state, dates, now)


@router.get("/dashboard/weekly", response_model=WeeklyTrends)
def get_weekly(period: PeriodDep, principal: PrincipalDep, state: StateDep, now: NowDep) -> WeeklyTrends:
    """Twelve weeks of headline figures (visits, no-show %, P90 poli wait, SKM) ending on
    `to` (`from` is not used): for each facility, or the one asked for. The regency's
    line comes with it for whoever may see every facility (Dinkes)."""
    require_dashboard(principal, facility_id=period.facility_id)
    with read_in_turn(state.db) as session:
        return weekly(session=session, directory=state.directory, date_to=period.date_to,
                      today=service_date_of(now), facility_id=period.facility_id,
                      with_regency=sees_every_facility(principal))


@router.post("/dashboard/download", response_model=DownloadLink)
def make_download_link(
    period: PeriodDep, principal: PrincipalDep, state: StateDep, now: NowDep, request: Request,
) -> DownloadLink:
    """A link to the CSV that works without the staff token for two minutes."""
    require_dashboard(principal, facility_id=period.facility_id)
    return download_link(
        principal, path=request.url_for("dashboard_csv").path, facility_id=period.facility_id,
        date_from=period.date_from, date_to=period.date_to, now=now, keyring=state.keyring,
    )


@router.get(
    "/dashboard.csv", name="dashboard_csv", response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the dashboard's tables"}},
)
def get_dashboard_csv(
    period: PeriodDep, state: StateDep, now: NowDep,
    download: Annotated[
        str | None, Query(description="token of a link from POST /dashboard/download")
    ] = None,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The same tables as CSV, with the staff token or a download link's token; for
    every facility also one row per facility (all six stages) and the attention list."""
    with read_in_turn(state.db) as session:
        if authorization and authorization.lower().startswith("bearer "):
            principal = staff_from_token(state=state, token=authorization[7:].strip(), now=now)
        elif download:
            principal = still_signed_in(state=state, principal=principal_from_download(
                download, facility_id=period.facility_id, date_from=period.date_from,
                date_to=period.date_to, now=now, keyring=state.keyring,
            ))
        else:
            raise unauthorized()
        require_dashboard(principal, facility_id=period.facility_id)
        name = f"dasbor-{period.facility_id or 'semua'}-{period.date_from}-{period.date_to}.csv"
        side_by_side = None if period.facility_id else _comparison(session, state, period, now)
        return Response(
            dashboard_csv(_report(session, period, now), side_by_side), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )
