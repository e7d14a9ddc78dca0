"""Faskes: every puskesmas and hospital, searched and filtered as you type; sorted
by distance when the user asks and the device gives a location; an optional map."""

from __future__ import annotations

from typing import cast

import flet as ft

from api_client.models import Facility
from components.citizen_nav import CitizenNav, Place
from components.facility_row import FacilityRow
from components.facility_states import LastUpdated, LoadError, Loading
from components.map_location import LocationUnavailable, Position, current_position, haversine_km
from components.offline_banner import OfflineBanner
from session.context import use_session
from session.i18n import Translator
from session.loader import use_api
from session.offline_cache import facilities_key, fetch_or_cached
from views.faskes.filters import FacilityFilter, FacilityFilters
from views.faskes.map_facilities import FacilityMap


@ft.component
def FacilityListView() -> ft.View:
    session = use_session()
    t = session.t
    _ = t.gettext
    client = session.deps.client
    page = ft.context.page
    facilities = use_api(lambda: fetch_or_cached(
        session.deps.storage, facilities_key(), client.facilities.list, list[Facility]), [])
    listed, fetched_at = facilities.value or (None, None)
    filters, set_filters = ft.use_state(FacilityFilter())
    show_map, set_show_map = ft.use_state(False)
    here, set_here = ft.use_state(cast(Position | None, None))
    locating, set_locating = ft.use_state(False)
    location_note, set_location_note = ft.use_state("")

    def open_facility(facility_id: str) -> None:
        page.navigate(f"/faskes/{facility_id}")

    async def sort_by_distance() -> None:
        set_locating(True)
        set_location_note("")
        try:
            set_here(await current_position())
        except LocationUnavailable as exc:
            set_location_note(_location_message(t, exc.reason))
        finally:
            set_locating(False)

    shown: list[Facility] = filters.apply(listed or [])
    distances: dict[str, float] = {f.id: haversine_km(here, f.lat, f.lon) for f in shown} if here else {}
    if here:
        shown = sorted(shown, key=lambda f: distances[f.id])

    map_switch = ft.Semantics(
        identifier="toggle-map",
        content=ft.Switch(
            label=_("Tampilkan peta"),
            value=show_map,
            on_change=lambda e: set_show_map(bool(e.control.value)),
        ),
    )
    header: list[ft.Control] = [
        OfflineBanner(session.deps.connectivity),
        FacilityFilters(filters, set_filters, [map_switch]),
        ft.Row(
            [
                ft.Semantics(
                    identifier="sort-nearest",
                    content=ft.OutlinedButton(
                        _("Urutkan dari yang terdekat"),
                        icon=ft.Icons.NEAR_ME,
                        on_click=sort_by_distance,
                        disabled=locating or listed is None,
                    ),
                ),
            ],
            wrap=True,
        ),
    ]
    if locating:
        header.append(ft.Text(_("Mencari lokasi Anda…")))
    if location_note:
        header.append(ft.Semantics(identifier="location-note", live_region=True,
                                   content=ft.Text(location_note)))
    if here:
        header.append(ft.Text(_("Diurutkan dari yang terdekat dengan lokasi Anda.")))

    body: list[ft.Control]
    if facilities.error:
        body = [LoadError(facilities.error, on_retry=facilities.retry)]
    elif listed is None:
        body = [Loading(_("Memuat daftar faskes…"))]
    else:
        count = t.ngettext("{n} faskes ditemukan", "{n} faskes ditemukan", len(shown))
        body = [_padded(LastUpdated(fetched_at))] if fetched_at else []
        body += [_padded(ft.Semantics(identifier="facility-count", live_region=True,
                                     content=ft.Text(count.format(n=t.format_number(len(shown))))))]
        if show_map:
            body.append(_padded(FacilityMap(shown, here, open_facility)))
        body += [FacilityRow(f, distances.get(f.id), open_facility) for f in shown]
        if not shown:
            body.append(_padded(ft.Text(
                _("Tidak ada faskes yang cocok. Coba kata lain atau hapus saringan.")
            )))

    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Cari Faskes"))),
        navigation_bar=CitizenNav(Place.facilities),
        padding=0,
        controls=[
            ft.ListView(
                controls=[ft.Container(ft.Column(header, spacing=12), padding=16), *body],
                expand=True,
                spacing=4,
                padding=ft.Padding.only(bottom=24),
            )
        ],
    )


def _padded(control: ft.Control) -> ft.Control:
    return ft.Container(control, padding=ft.Padding.symmetric(horizontal=16, vertical=4))


def _location_message(t: Translator, reason: str) -> str:
    if reason == "denied":
        return t.gettext("Izin lokasi tidak diberikan. Daftar tetap diurutkan menurut nama.")
    if reason == "unsupported":
        return t.gettext("Lokasi tidak tersedia di perangkat ini. Daftar tetap diurutkan menurut nama.")
    return t.gettext("Lokasi Anda tidak bisa ditemukan sekarang. Daftar tetap diurutkan menurut nama.")
