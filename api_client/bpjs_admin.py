"""A facility's BPJS bridge as its admin keeps it (`client.bpjs_admin`): the page
(credentials present or not, the bridge on or off, the poli and doctor codes), a
service's `kodepoli` and a doctor's `kodedokter` given or cleared, the bridge turned
on or off. Every call answers with the whole page."""

from __future__ import annotations

from api_client._http import Http
from api_client.models import (
    BpjsBridgeSwitch,
    BpjsDoctorCode,
    BpjsMessage,
    BpjsOutbox,
    BpjsOutboxState,
    BpjsPage,
    BpjsPoliCode,
    BpjsRetried,
)


class BpjsAdmin:
    def __init__(self, http: Http) -> None:
        self._http = http

    async def get(self, facility_id: str) -> BpjsPage:
        return BpjsPage.model_validate(await self._http.request("GET", f"/facilities/{facility_id}/bpjs"))

    async def map_poli(self, facility_id: str, service_id: int, kodepoli: str) -> BpjsPage:
        """`kodepoli` as typed ("int" is sent as "INT"); a wrong one raises pydantic's
        `ValidationError` here, before anything is sent."""
        return BpjsPage.model_validate(await self._http.request(
            "PUT", f"/facilities/{facility_id}/bpjs/services/{service_id}",
            json_body=BpjsPoliCode(kodepoli=kodepoli).model_dump(mode="json"),
        ))

    async def unmap_poli(self, facility_id: str, service_id: int) -> BpjsPage:
        return BpjsPage.model_validate(await self._http.request(
            "DELETE", f"/facilities/{facility_id}/bpjs/services/{service_id}"))

    async def map_doctor(self, facility_id: str, doctor_id: int, kodedokter: int | str) -> BpjsPage:
        return BpjsPage.model_validate(await self._http.request(
            "PUT", f"/facilities/{facility_id}/bpjs/doctors/{doctor_id}",
            json_body=BpjsDoctorCode(kodedokter=kodedokter).model_dump(mode="json"),  # type: ignore[arg-type]
        ))

    async def unmap_doctor(self, facility_id: str, doctor_id: int) -> BpjsPage:
        return BpjsPage.model_validate(await self._http.request(
            "DELETE", f"/facilities/{facility_id}/bpjs/doctors/{doctor_id}"))

    async def switch(self, facility_id: str, *, enabled: bool) -> BpjsPage:
        return BpjsPage.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/bpjs/bridge",
            json_body=BpjsBridgeSwitch(enabled=enabled).model_dump(mode="json"),
        ))

    async def outbox(self, facility_id: str, *, state: BpjsOutboxState = BpjsOutboxState.failed,
                     limit: int = 50) -> BpjsOutbox:
        """What the facility tells BPJS: counts, and the newest messages of `state`."""
        return BpjsOutbox.model_validate(await self._http.request(
            "GET", f"/facilities/{facility_id}/bpjs/outbox", params={"state": state.value, "limit": limit}))

    async def retry(self, facility_id: str, message_id: int) -> BpjsMessage:
        return BpjsMessage.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/bpjs/outbox/{message_id}/retry"))

    async def retry_failed(self, facility_id: str) -> int:
        return BpjsRetried.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/bpjs/outbox/retry-failed")).retried
