"""Beranda's announcements: those of the facilities the user follows and of the
facilities of their active tickets, newest first."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import flet as ft

from api_client import ApiError
from api_client.models import Announcement
from components.announcement_card import AnnouncementCard
from components.facility_states import LoadError, Loading
from components.heading import Heading
from session.context import use_client, use_t
from session.loader import use_api


@dataclass(frozen=True)
class Feed:
    names: dict[str, str]  # facility id → name
    announcements: list[Announcement]


@ft.component
def AnnouncementFeed(followed: tuple[str, ...], ticket_facilities: tuple[str, ...]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    client = use_client()
    page = ft.context.page
    facility_ids = tuple(dict.fromkeys((*followed, *ticket_facilities)))

    async def fetch() -> Feed:
        names = {f.id: f.name for f in await client.facilities.list()}

        async def of(facility_id: str) -> list[Announcement]:
            try:
                return await client.facilities.announcements(facility_id)
            except ApiError:  # one facility failing hides only its own news
                return []

        found = await asyncio.gather(*(of(fid) for fid in facility_ids if fid in names))
        once = {a.id: a for group in found for a in group}  # a regency-wide one comes with each
        merged = sorted(once.values(), key=lambda a: a.created_at, reverse=True)
        return Feed(names, merged)

    feed = use_api(fetch, [facility_ids])
    heading = Heading(_("Pengumuman"))
    if not facility_ids:
        return ft.Column([
            heading,
            ft.Text(_("Ikuti puskesmas atau rumah sakit dari halamannya untuk melihat "
                      "pengumumannya di sini.")),
        ], spacing=8)
    if feed.error:
        return ft.Column([heading, LoadError(feed.error, on_retry=feed.retry)])
    if feed.value is None:
        return ft.Column([heading, Loading(_("Memuat pengumuman…"))])
    body: list[ft.Control] = [heading]
    if followed:
        body.append(ft.Text(_("Faskes yang Anda ikuti"), theme_style=ft.TextThemeStyle.LABEL_LARGE))
        body.append(
            ft.Row(
                [
                    ft.TextButton(
                        feed.value.names.get(fid, fid),
                        icon=ft.Icons.NOTIFICATIONS_ACTIVE,
                        on_click=lambda _e, fid=fid: page.navigate(f"/faskes/{fid}"),
                    )
                    for fid in followed
                ],
                wrap=True,
                spacing=4,
            )
        )
    if feed.value.announcements:
        body += [
            AnnouncementCard(a, feed.value.names.get(a.facility_id) if a.facility_id else None)
            for a in feed.value.announcements
        ]
    else:
        body.append(ft.Text(_("Belum ada pengumuman saat ini.")))
    return ft.Semantics(identifier="announcement-feed", content=ft.Column(body, spacing=8))
