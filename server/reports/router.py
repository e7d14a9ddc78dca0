"""Reports to file, on the dashboard's permission (an admin their facility, Dinkes
each and all): `POST /reports/{file}/download` makes a two-minute link (as the
dashboard's CSV, server/dashboard/download.py), `GET /reports/{file}` answers the file
with the staff token or the link's token. `{file}`: `skm.xlsx`, `skm.csv`,
`recap.xlsx`, `recap.csv`; the month is `YYYY-MM`, by default the last full month."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from api_client.models import DownloadLink, ErrorCode, ReportFile
from server.audit.router import known_facility
from server.clock import EARLIEST, LATEST, service_date_of
from server.dashboard.download import file_principal, signed_link
from server.dashboard.service import read_in_turn
from server.deps import NowDep, PrincipalDep, StateDep
from server.errors import documented, field_problem
from server.reports.build import build_report, media_type
from server.reports.month import Month
from server.staff.permissions import require_dashboard

router = APIRouter(tags=["reports"], responses=documented(401, 403, 404, 422))


@dataclass(frozen=True)
class ReportQuery:
    facility_id: str | None  # None: every facility (Dinkes)
    month: Month

    def as_params(self) -> dict[str, str]:
        """The query a download link names exactly."""
        return {"facility_id": self.facility_id or "all", "month": self.month.key}


def get_report_query(
    state: StateDep, now: NowDep,
    facility_id: Annotated[str | None, Query(max_length=64, description="a facility id; 'all' or "
                                             "none: every facility (Dinkes)")] = None,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM of service "
                                       "dates (WIB); default: the last full month")] = None,
) -> ReportQuery:
    try:
        chosen = Month.parse(month) if month else Month.before(service_date_of(now))
    except ValueError as problem:
        raise field_problem("month", ErrorCode.date_outside_window, str(problem),
                            first=f"{EARLIEST:%Y-%m}", last=f"{LATEST:%Y-%m}") from None
    return ReportQuery(known_facility(state, facility_id), chosen)


ReportQueryDep = Annotated[ReportQuery, Depends(get_report_query)]


def _purpose(report: ReportFile) -> str:
    return f"report.{report.value}"


@router.post("/reports/{report}/download", response_model=DownloadLink)
def make_report_link(
    report: ReportFile, query: ReportQueryDep, principal: PrincipalDep, state: StateDep, now: NowDep,
    request: Request,
) -> DownloadLink:
    """A link to the report of this facility and month that works without the staff
    token for two minutes."""
    require_dashboard(principal, facility_id=query.facility_id)
    return signed_link(principal, path=request.url_for("report_file", report=report.value).path,
                       purpose=_purpose(report), query=query.as_params(), now=now, keyring=state.keyring)


@router.get(
    "/reports/{report}", name="report_file", response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                                 "text/csv": {}},
                     "description": "the report, headings in Indonesian"}},
)
def get_report(
    report: ReportFile, query: ReportQueryDep, state: StateDep, now: NowDep,
    download: Annotated[
        str | None, Query(description="token of a link from POST /reports/{report}/download")
    ] = None,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The SKM report (PermenPANRB 14/2017) or the monthly recap of the dashboard's tables."""
    principal = file_principal(state=state, now=now, authorization=authorization, download=download,
                               purpose=_purpose(report), query=query.as_params())
    require_dashboard(principal, facility_id=query.facility_id)
    with read_in_turn(state.db) as session:
        built = build_report(report, session=session, directory=state.directory,
                             facility_id=query.facility_id, month=query.month, today=service_date_of(now))
    name = f"{built.filename}.{report.value.rsplit('.', 1)[1]}"
    return Response(built.body, media_type=media_type(report),
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})



