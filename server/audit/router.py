"""The audit trail on the admin face: `GET /admin/audit` (filters, pages, newest
first), the actions it holds, and the same rows as CSV (staff token or a two-minute
download link). An admin reads their own facility's rows; Dinkes every row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from api_client.models import AuditPage, DownloadLink, ErrorCode, StaffAction
from server.audit.viewer import AuditFilter, audit_actions, audit_csv, audit_page
from server.clock import EARLIEST, LATEST
from server.dashboard.download import file_principal, signed_link
from server.deps import NowDep, PrincipalDep, StateDep
from server.errors import documented, field_problem, not_found
from server.staff.auth import Principal
from server.staff.permissions import facility_scope

router = APIRouter(tags=["audit trail"], responses=documented(401, 403, 404, 422))
PURPOSE = "audit.csv"


@dataclass(frozen=True)
class AuditQuery:
    """The filters as asked (before the scope of who asks is applied)."""

    facility_id: str | None
    actor: str | None
    action: str | None
    date_from: dt.date | None
    date_to: dt.date | None

    def scoped(self, principal: Principal) -> AuditFilter:
        scope = facility_scope(principal, StaffAction.view_audit, facility_id=self.facility_id)
        return AuditFilter(facility_id=scope, actor=self.actor, action=self.action,
                           date_from=self.date_from, date_to=self.date_to)

    def as_params(self) -> dict[str, str]:
        """The query string of the same filters (a download link names exactly these)."""
        values = {"facility_id": self.facility_id, "actor": self.actor, "action": self.action,
                  "from": self.date_from.isoformat() if self.date_from else None,
                  "to": self.date_to.isoformat() if self.date_to else None}
        return {key: value for key, value in values.items() if value}


def known_facility(state: StateDep, facility_id: str | None) -> str | None:
    """The facility asked for (None: every one), if the directory has it: 404 otherwise,
    before it can name a file (`Content-Disposition`) or a link."""
    if facility_id in (None, "", "all"):
        return None
    if facility_id not in state.directory.facilities:
        raise not_found(ErrorCode.facility_not_found, facility_id)
    return facility_id


def get_audit_query(
    state: StateDep,
    facility_id: Annotated[str | None, Query(max_length=64, description="none or 'all': every facility "
                                             "(Dinkes); an admin always reads their own")] = None,
    actor: Annotated[str | None, Query(max_length=64, description="the staff username")] = None,
    action: Annotated[str | None, Query(max_length=40, description="e.g. 'kiosk_key.revoke'")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="first day (WIB)")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="last day (WIB)")] = None,
) -> AuditQuery:
    for name, day in (("from", date_from), ("to", date_to)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise field_problem(name, ErrorCode.date_outside_window,
                                f"audit dates lie between {EARLIEST} and {LATEST}, got {name} {day}",
                                first=EARLIEST.isoformat(), last=LATEST.isoformat())
    if date_from and date_to and date_to < date_from:
        raise field_problem("to", ErrorCode.date_range_reversed, f"to {date_to} is before from {date_from}")
    return AuditQuery(facility_id=known_facility(state, facility_id),
                      actor=actor or None, action=action or None, date_from=date_from, date_to=date_to)


AuditQueryDep = Annotated[AuditQuery, Depends(get_audit_query)]


@router.get("/admin/audit", response_model=AuditPage)
def read_audit(
    query: AuditQueryDep, principal: PrincipalDep, state: StateDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditPage:
    """Who did what, when, with the state before and after: newest first."""
    which = query.scoped(principal)
    with state.db.read() as session:
        return audit_page(session=session, which=which, page=page, page_size=page_size)


@router.get("/admin/audit/actions", response_model=list[str])
def read_audit_actions(
    principal: PrincipalDep, state: StateDep,
    facility_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[str]:
    """The actions the trail holds, for the filter's choices."""
    scope = facility_scope(principal, StaffAction.view_audit, facility_id=known_facility(state, facility_id))
    with state.db.read() as session:
        return audit_actions(session=session, facility_id=scope)


@router.post("/admin/audit/download", response_model=DownloadLink)
def make_audit_download_link(
    query: AuditQueryDep, principal: PrincipalDep, state: StateDep, now: NowDep, request: Request,
) -> DownloadLink:
    """A link to the CSV of these filters that works without the staff token for two minutes."""
    query.scoped(principal)
    return signed_link(principal, path=request.url_for("audit_csv").path, purpose=PURPOSE,
                       query=query.as_params(), now=now, keyring=state.keyring)


@router.get(
    "/admin/audit.csv", name="audit_csv", response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the matching rows, newest first"}},
)
def read_audit_csv(
    query: AuditQueryDep, state: StateDep, now: NowDep,
    download: Annotated[
        str | None, Query(description="token of a link from POST /admin/audit/download")
    ] = None,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The same rows as CSV (at most 50 000: narrow the dates for more)."""
    principal = file_principal(state=state, now=now, authorization=authorization, download=download,
                               purpose=PURPOSE, query=query.as_params())
    which = query.scoped(principal)
    with state.db.read() as session:
        body = audit_csv(session=session, which=which)
    name = f"audit-{which.facility_id or 'semua'}-{now.astimezone(dt.UTC):%Y%m%d-%H%M}.csv"
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
