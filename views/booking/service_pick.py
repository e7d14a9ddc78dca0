"""Ambil Nomor, second question: which service. Each service booked online is one big
row with today's state (places left, full, closed and why, or the next day with
places); one tap opens its booking (views/booking/screen.py). Services without online
booking are named below with what to do instead."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import flet as ft

from api_client import ApiError
from api_client.models import DayAvailability, FacilityDetail, Service
from components.facility_states import LoadError, Loading
from components.heading import Heading
from components.offline_banner import OfflineBanner
from components.service_kinds import KIND_ICONS, walk_in_note
from session.context import navigate_to, use_session
from session.i18n import Translator
from session.loader import use_api
from views.booking.day_step import CLOSED_FOR_TODAY, can_choose, closed_text, is_full, places_text
from views.booking.frame import ChoiceButton


@dataclass(frozen=True)
class ServicesToday:
    facility: FacilityDetail
    days: dict[int, list[DayAvailability]]  # by service id; missing: could not be read


def today_lines(t: Translator, days: list[DayAvailability] | None) -> list[str]:
    """Today's state of a service, and the next day with places when today has none."""
    _ = t.gettext
    if not days:
        return []
    today = days[0]
    if today.closed_reason == CLOSED_FOR_TODAY:
        lines = [_("Hari ini sudah tutup")]
    elif not today.open:
        lines = [_("Hari ini: {state}").format(state=closed_text(t, today))]
    elif is_full(today):
        lines = [_("Hari ini: penuh")]
    else:
        lines = [_("Hari ini buka"), places_text(t, today)]
    if not can_choose(today):
        later = next((d for d in days[1:] if can_choose(d)), None)
        lines.append(_("Bisa dipesan mulai {date}").format(date=t.format_date(later.service_date, "full"))
                     if later else _("Belum ada hari yang bisa dipesan."))
    return lines


@ft.component
def ServicePickView() -> ft.View:
    session = use_session()
    t = session.t
    _ = t.gettext
    client = session.deps.client
    page = ft.context.page
    facility_id = ft.use_route_params()["facility_id"]

    async def fetch() -> ServicesToday:
        facility = await client.facilities.get(facility_id)
        online = [s for s in facility.services if s.online]

        async def days_of(service: Service) -> list[DayAvailability] | None:
            try:
                return list((await client.facilities.availability(service.id)).days)
            except ApiError:
                return None

        found = await asyncio.gather(*(days_of(s) for s in online))
        return ServicesToday(facility, {s.id: d for s, d in zip(online, found, strict=True) if d is not None})

    loaded = use_api(fetch, [facility_id])
    body: list[ft.Control] = [OfflineBanner(session.deps.connectivity)]
    if loaded.error:
        body.append(LoadError(loaded.error, on_retry=loaded.retry))
    elif loaded.value is None:
        body.append(Loading(_("Memuat layanan…")))
    else:
        facility = loaded.value.facility
        body.append(Heading(facility.name, ft.TextThemeStyle.HEADLINE_SMALL, identifier="pick-facility"))
        body.append(ft.Text(_("Pilih layanan yang Anda tuju."), theme_style=ft.TextThemeStyle.BODY_LARGE))
        for service in facility.services:
            if not service.online:
                continue
            body.append(ChoiceButton(
                identifier=f"pick-service-{service.id}",
                title=service.name,
                lines=today_lines(t, loaded.value.days.get(service.id)),
                icon=KIND_ICONS.get(service.kind),
                semantics_label=_("Ambil nomor {service}").format(service=service.name),
                on_click=navigate_to(page, f"/ambil/{facility_id}/{service.id}"),
            ))
        others = [s for s in facility.services if not s.online]
        if others:
            body.append(ft.Text(_("Tanpa pesan online:"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM))
            body += [ft.Text(f"{s.name}: {walk_in_note(t, s)}", theme_style=ft.TextThemeStyle.BODY_LARGE)
                     for s in others]
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Pilih layanan"))),
        padding=0,
        controls=[ft.ListView(controls=[ft.Container(ft.Column(body, spacing=12), padding=16)],
                              expand=True)],
    )
