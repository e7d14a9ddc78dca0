"""The facility directory as its admins change it (`client.directory_admin`): read it
with every service and its settings, change the facility, confirm its unconfirmed
marks, add and change services, change quotas from a date."""

from __future__ import annotations

from api_client._http import Http
from api_client.models import (
    ConfirmMark,
    FacilityAdmin,
    FacilityChange,
    ServiceAdmin,
    ServiceChange,
    ServiceCreate,
    ServiceSettingsChange,
)


class DirectoryAdmin:
    def __init__(self, http: Http) -> None:
        self._http = http

    async def get(self, facility_id: str) -> FacilityAdmin:
        return FacilityAdmin.model_validate(
            await self._http.request("GET", f"/facilities/{facility_id}/directory")
        )

    async def change_facility(self, facility_id: str, change: FacilityChange) -> FacilityAdmin:
        return FacilityAdmin.model_validate(await self._http.request(
            "PATCH", f"/facilities/{facility_id}",
            json_body=change.model_dump(mode="json", exclude_none=True),
        ))

    async def confirm(self, facility_id: str, field: str) -> FacilityAdmin:
        """Clear the `unconfirmed` mark on `field` (checked now, by the signed-in admin)."""
        return FacilityAdmin.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/confirmations",
            json_body=ConfirmMark(field=field).model_dump(mode="json"),
        ))

    async def create_service(self, facility_id: str, service: ServiceCreate) -> ServiceAdmin:
        return ServiceAdmin.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/services", json_body=service.model_dump(mode="json"),
        ))

    async def change_service(self, service_id: int, change: ServiceChange) -> ServiceAdmin:
        return ServiceAdmin.model_validate(await self._http.request(
            "PATCH", f"/services/{service_id}", json_body=change.model_dump(mode="json", exclude_none=True),
        ))

    async def change_settings(self, service_id: int, settings: ServiceSettingsChange) -> ServiceAdmin:
        """Quotas, minutes and counters from `settings.effective_from` on."""
        return ServiceAdmin.model_validate(await self._http.request(
            "PUT", f"/services/{service_id}/settings", json_body=settings.model_dump(mode="json"),
        ))
