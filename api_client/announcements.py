"""Announcements and closures as a facility's staff manage them (`client.announcements`):
preview who a closure would reach, publish, change, withdraw, and close a queue early
for today. Publishing itself is `client.staff.publish_announcement`; what citizens
read is `client.facilities.announcements` and `client.facilities.closures`."""

from __future__ import annotations

import builtins

from pydantic import TypeAdapter

from api_client._http import Http
from api_client.models import (
    Announcement,
    AnnouncementChange,
    AnnouncementCreate,
    AnnouncementImpact,
    ClosedEarly,
    CloseEarly,
    RegionalAnnouncementCreate,
)

_ANNOUNCEMENTS = TypeAdapter(list[Announcement])


class Announcements:
    def __init__(self, http: Http) -> None:
        self._http = http

    async def managed(self, facility_id: str) -> builtins.list[Announcement]:
        """Admins: those valid today or later, withdrawn ones included, soonest first."""
        return _ANNOUNCEMENTS.validate_python(
            await self._http.request("GET", f"/facilities/{facility_id}/announcements/managed")
        )

    async def preview(self, facility_id: str, announcement: AnnouncementCreate) -> AnnouncementImpact:
        """What publishing would do (whose bookings a closure cancels); nothing is written."""
        return AnnouncementImpact.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/announcements/preview",
            json_body=announcement.model_dump(mode="json"),
        ))

    async def change(
        self, facility_id: str, announcement_id: int, change: AnnouncementChange
    ) -> Announcement:
        return Announcement.model_validate(await self._http.request(
            "PUT", f"/facilities/{facility_id}/announcements/{announcement_id}",
            json_body=change.model_dump(mode="json"),
        ))

    async def preview_change(
        self, facility_id: str, announcement_id: int, change: AnnouncementChange
    ) -> AnnouncementImpact:
        return AnnouncementImpact.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/announcements/{announcement_id}/preview",
            json_body=change.model_dump(mode="json"),
        ))

    async def withdraw(self, facility_id: str, announcement_id: int) -> Announcement:
        """A withdrawn closure reopens its days from today on; what it cancelled stays so."""
        return Announcement.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/announcements/{announcement_id}/withdraw",
        ))

    async def preview_withdrawal(self, facility_id: str, announcement_id: int) -> AnnouncementImpact:
        return AnnouncementImpact.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/announcements/{announcement_id}/withdraw/preview",
        ))

    async def close_early(self, service_id: int, *, reason: str) -> ClosedEarly:
        """Close this service's queue for the rest of today (a closure of it for today)."""
        return ClosedEarly.model_validate(await self._http.request(
            "POST", f"/services/{service_id}/close-early",
            json_body=CloseEarly(reason=reason).model_dump(),
        ))

    async def preview_closing_early(self, service_id: int) -> AnnouncementImpact:
        """How many of today's bookings would be cancelled, how many are still served."""
        return AnnouncementImpact.model_validate(
            await self._http.request("POST", f"/services/{service_id}/close-early/preview")
        )

    async def regional(self) -> builtins.list[Announcement]:
        """Dinkes: the regency-wide ones valid today or later, withdrawn ones included."""
        return _ANNOUNCEMENTS.validate_python(
            await self._http.request("GET", "/announcements/regional/managed")
        )

    async def publish_regional(self, announcement: RegionalAnnouncementCreate) -> Announcement:
        """Dinkes: for every facility, or one kecamatan's (`announcement.kecamatan`)."""
        return Announcement.model_validate(await self._http.request(
            "POST", "/announcements/regional", json_body=announcement.model_dump(mode="json"),
        ))

    async def preview_regional(self, announcement: RegionalAnnouncementCreate) -> AnnouncementImpact:
        """Dinkes: what publishing it would do (the bookings a closure would cancel). Nothing is written."""
        return AnnouncementImpact.model_validate(await self._http.request(
            "POST", "/announcements/regional/preview", json_body=announcement.model_dump(mode="json"),
        ))

    async def withdraw_regional(self, announcement_id: int) -> Announcement:
        return Announcement.model_validate(await self._http.request(
            "POST", f"/announcements/regional/{announcement_id}/withdraw",
        ))
