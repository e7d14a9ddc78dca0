"""One facility: "Ambil nomor" for each service booked online first, then its
announcements, where it is and when it is open, and its services with today's doctors
and the quota of the coming days. While open it follows
the facility's live stream: a change made by its admin (a `reconfigured` event: name,
hours, a doctor, an absence, a quota) is read again quietly, the open quotas too."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

import flet as ft

from api_client import ApiError
from api_client.models import Announcement, DoctorSession, FacilityDetail
from components.announcement_card import AnnouncementCard
from components.facility_hours import WeekHours
from components.facility_row import OpenBadge, place_text
from components.facility_states import LastUpdated, LoadError, Loading
from components.heading import Heading
from components.offline_banner import OfflineBanner
from session.context import use_session
from session.i18n import Translator
from session.loader import use_api
from session.offline_cache import facility_key, fetch_or_cached
from session.reread import reconfigured, use_reread
from session.state import Preferences
from session.typed import keyed
from views.faskes.contact import FacilityContact, Unconfirmed
from views.faskes.facility_follow import FollowButton
from views.faskes.services import BookButtons, ServiceCard

T = TypeVar("T")


@dataclass(frozen=True)
class FacilityPage:
    facility: FacilityDetail
    doctors: list[DoctorSession] | None  # None: could not be loaded
    announcements: list[Announcement] | None


async def _or_none(call: Awaitable[T]) -> T | None:
    try:
        return await call
    except ApiError:
        return None


@ft.component
def FacilityDetailView() -> ft.View:
    session = use_session()
    t = session.t
    _ = t.gettext
    client = session.deps.client
    facility_id = ft.use_route_params()["facility_id"]

    async def fetch() -> FacilityPage:
        facility, doctors, announcements = await asyncio.gather(
            client.facilities.get(facility_id),
            _or_none(client.facilities.doctors(facility_id)),
            _or_none(client.facilities.announcements(facility_id)),
        )
        return FacilityPage(facility, doctors, announcements)

    loaded = use_api(
        lambda: fetch_or_cached(session.deps.storage, facility_key(facility_id), fetch, FacilityPage),
        [facility_id],
    )
    changes, set_changes = ft.use_state(0)

    async def reread() -> None:
        await loaded.reload()
        set_changes(lambda n: n + 1)  # the open quotas read again too

    use_reread(lambda: client.facilities.events(facility_id), reconfigured, reread, [facility_id])
    content: list[ft.Control] = [OfflineBanner(session.deps.connectivity)]
    if loaded.error:
        content.append(LoadError(loaded.error, on_retry=loaded.retry))
    elif loaded.value is None:
        content.append(Loading(_("Memuat data faskes…")))
    else:
        page_data, fetched_at = loaded.value
        if fetched_at:
            content.append(LastUpdated(fetched_at))
        content += _sections(page_data, session.prefs, t, changes)
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Info faskes"))),
        padding=0,
        controls=[
            ft.ListView(
                controls=[ft.Container(ft.Column(content, spacing=16), padding=16)],
                expand=True,
            )
        ],
    )


def _sections(data: FacilityPage, prefs: Preferences, t: Translator, changes: int) -> list[ft.Control]:
    _ = t.gettext
    facility = data.facility
    unconfirmed = set(facility.unconfirmed)
    out: list[ft.Control] = [
        ft.Column(
            [
                Heading(facility.name, ft.TextThemeStyle.HEADLINE_SMALL, identifier="facility-name"),
                ft.Text(place_text(t, facility)),
                ft.Row([OpenBadge(facility)]),
            ],
            spacing=6,
        ),
    ]
    if any(s.online for s in facility.services):
        out += [Heading(_("Ambil nomor")), BookButtons(facility.id, facility.services)]
    if data.announcements:
        out.append(Heading(_("Pengumuman")))
        out += [AnnouncementCard(a) for a in data.announcements]
    out += [FollowButton(facility.id, prefs), FacilityContact(facility), Heading(_("Jam buka"))]
    if "hours" in unconfirmed:
        out.append(Unconfirmed())
    out.append(WeekHours(facility.hours))
    out.append(Heading(_("Daftar layanan")))
    if data.doctors is None:
        out.append(ft.Text(_("Jadwal dokter hari ini belum bisa dimuat.")))
    by_service: dict[int, list[DoctorSession]] = {}
    for session in data.doctors or []:
        by_service.setdefault(session.service_id, []).append(session)
    # keyed: a card keeps its own state (its quota open) when a change moves it down the page
    out += [keyed(f"service-{s.id}", ServiceCard)(s, by_service.get(s.id, []), changes)
            for s in facility.services]
    if unconfirmed:
        out.append(
            ft.Text(
                _("Sebagian data faskes ini belum dikonfirmasi oleh Dinas Kesehatan Rembang. "
                  "Sebaiknya telepon dulu sebelum datang."),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
                italic=True,
            )
        )
    return out
