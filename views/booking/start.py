"""Ambil Nomor, first question: where. The facilities this person uses come first (the
last one they booked at, then those they follow), then the nearest when they ask and
the device gives a location, or the facilities of a kecamatan. One tap opens that
facility's services (views/booking/service_pick.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

import flet as ft

from api_client.models import Facility
from components.facility_row import FacilityRow
from components.facility_states import LoadError, Loading
from components.heading import Heading
from components.map_location import LocationUnavailable, Position, current_position, haversine_km
from components.offline_banner import OfflineBanner
from components.secondary_button import SecondaryButton
from session.context import use_session
from session.loader import use_api
from session.offline_cache import facilities_key, fetch_or_cached
from session.state import Preferences, Wallet
from views.booking.frame import ChoiceButton

NEAREST_SHOWN = 5


def own_facilities(facilities: list[Facility], wallet: Wallet, prefs: Preferences) -> list[Facility]:
    """The facilities of this person: where they booked, the latest first, then the
    ones they follow."""
    by_id = {f.id: f for f in facilities}
    order = [t.facility_id for t in reversed(wallet.tickets)] + list(prefs.followed)
    seen: list[str] = []
    for facility_id in order:
        if facility_id in by_id and facility_id not in seen:
            seen.append(facility_id)
    return [by_id[i] for i in seen]


@ft.component
def BookingStartView() -> ft.View:
    session = use_session()
    t = session.t
    _ = t.gettext
    page = ft.context.page
    listed = use_api(lambda: fetch_or_cached(
        session.deps.storage, facilities_key(), session.deps.client.facilities.list, list[Facility]), [])
    kecamatan, set_kecamatan = ft.use_state("")
    here, set_here = ft.use_state(cast(Position | None, None))
    location_note, set_location_note = ft.use_state("")

    def open_facility(facility_id: str) -> None:
        page.navigate(f"/ambil/{facility_id}")

    async def nearest() -> None:
        set_location_note("")
        try:
            set_here(await current_position())
        except LocationUnavailable:
            set_location_note(_("Lokasi Anda tidak bisa dipakai. Pilih kecamatan di bawah."))

    body: list[ft.Control] = [OfflineBanner(session.deps.connectivity)]
    if listed.error:
        body.append(LoadError(listed.error, on_retry=listed.retry))
    elif listed.value is None:
        body.append(Loading(_("Memuat daftar faskes…")))
    else:
        facilities = listed.value[0]
        own = own_facilities(facilities, session.wallet, session.prefs)
        if own:
            body += [_heading(_("Faskes Anda")),
                     *[_row(f, None, open_facility) for f in own],
                     _heading(_("Faskes lain"))]
        else:
            body.append(_heading(_("Di mana Anda akan berobat?")))
        body.append(SecondaryButton("start-nearest", _("Faskes terdekat dari saya"), ft.Icons.NEAR_ME,
                                    nearest))
        if location_note:
            body.append(ft.Semantics(live_region=True, content=ft.Text(location_note)))
        if here is not None:
            closest = sorted(facilities, key=lambda f: haversine_km(here, f.lat, f.lon))[:NEAREST_SHOWN]
            body += [_row(f, haversine_km(here, f.lat, f.lon), open_facility) for f in closest]
        body.append(ft.Text(_("Atau pilih kecamatan:"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM))
        body += _kecamatan_list(facilities, kecamatan, set_kecamatan, open_facility)
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Ambil Nomor"))),
        padding=0,
        controls=[ft.ListView(controls=[ft.Container(ft.Column(body, spacing=12), padding=16)],
                              expand=True)],
    )


def _kecamatan_list(
    facilities: list[Facility], chosen: str, choose: Callable[[str], None],
    open_facility: Callable[[str], None],
) -> list[ft.Control]:
    """Each kecamatan a big choice; the chosen one opens to its facilities."""
    out: list[ft.Control] = []
    for name in sorted({f.kecamatan for f in facilities}):
        out.append(ChoiceButton(
            identifier=f"kecamatan-{name.lower().replace(' ', '-')}",
            title=name, lines=[], selected=name == chosen,
            on_click=partial(choose, "" if name == chosen else name),
        ))
        if name == chosen:
            out += [_row(f, None, open_facility)
                    for f in sorted(facilities, key=lambda f: f.name) if f.kecamatan == name]
    return out


def _row(facility: Facility, km: float | None, open_facility: Callable[[str], None]) -> ft.Control:
    return ft.Semantics(identifier=f"start-facility-{facility.id}",
                        content=FacilityRow(facility, km, open_facility))


def _heading(text: str) -> ft.Control:
    return Heading(text)
