"""Kiosk devices (`client.kiosks`): on the admin face, a facility's admin (or Dinkes)
lists, enrols, renames and revokes them; a kiosk, with its own key, reports its
printer."""

from __future__ import annotations

import builtins

from pydantic import TypeAdapter

from api_client._http import Http
from api_client.models import (
    KioskDevice,
    KioskEnrolment,
    KioskStatusReport,
    PrinterState,
)

_DEVICES = TypeAdapter(list[KioskDevice])


class Kiosks:
    def __init__(self, http: Http) -> None:
        self._http = http

    async def list(self, *, facility_id: str | None = None) -> builtins.list[KioskDevice]:
        """An admin: their facility's. Dinkes: `facility_id`'s, or every facility's."""
        return _DEVICES.validate_python(
            await self._http.request("GET", "/admin/kiosks", params={"facility_id": facility_id})
        )

    async def enrol(self, facility_id: str, *, name: str) -> KioskEnrolment:
        """A new kiosk; its key is in this answer only. Never resent on a timeout."""
        return KioskEnrolment.model_validate(await self._http.request(
            "POST", "/admin/kiosks",
            json_body={"facility_id": facility_id, "name": name},  # checked by the service (KioskEnrol)
        ))

    async def rename(self, device_id: int, *, name: str) -> KioskDevice:
        return KioskDevice.model_validate(await self._http.request(
            "PATCH", f"/admin/kiosks/{device_id}",
            json_body={"name": name},  # checked by the service (KioskRename): a localized field error
        ))

    async def revoke(self, device_id: int) -> KioskDevice:
        """Its key is refused from the next request on."""
        return KioskDevice.model_validate(
            await self._http.request("POST", f"/admin/kiosks/{device_id}/revoke")
        )

    async def report_status(self, *, printer: PrinterState) -> None:
        """A kiosk (its key) tells the service how its printer is."""
        await self._http.request(
            "POST", "/kiosk/status", json_body=KioskStatusReport(printer=printer).model_dump(mode="json")
        )
