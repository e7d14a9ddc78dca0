"""The audit trail (`client.audit`), for an admin (their facility) and Dinkes (all):
filtered pages, newest first, and a short-lived link to the same rows as CSV."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import TypeAdapter

from api_client._http import Http
from api_client.models import AuditPage, DownloadLink

_ACTIONS = TypeAdapter(list[str])


class AuditTrail:
    def __init__(self, http: Http) -> None:
        self._http = http

    async def page(
        self, *, facility_id: str | None = None, actor: str | None = None, action: str | None = None,
        date_from: dt.date | None = None, date_to: dt.date | None = None, page: int = 1,
        page_size: int = 50,
    ) -> AuditPage:
        params = _filters(facility_id, actor, action, date_from, date_to) | {
            "page": page, "page_size": page_size}
        return AuditPage.model_validate(await self._http.request("GET", "/admin/audit", params=params))

    async def actions(self, *, facility_id: str | None = None) -> list[str]:
        return _ACTIONS.validate_python(
            await self._http.request("GET", "/admin/audit/actions", params={"facility_id": facility_id})
        )

    async def download_link(
        self, *, facility_id: str | None = None, actor: str | None = None, action: str | None = None,
        date_from: dt.date | None = None, date_to: dt.date | None = None,
    ) -> DownloadLink:
        """A path (under the API's origin) to the CSV of these filters, for two minutes."""
        return DownloadLink.model_validate(await self._http.request(
            "POST", "/admin/audit/download", params=_filters(facility_id, actor, action, date_from, date_to),
        ))


def _filters(
    facility_id: str | None, actor: str | None, action: str | None, date_from: dt.date | None,
    date_to: dt.date | None,
) -> dict[str, Any]:
    return {"facility_id": facility_id, "actor": actor or None, "action": action or None,
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None}
