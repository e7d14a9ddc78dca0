"""Faskes: the list of facilities and one facility's services."""

from __future__ import annotations

import flet as ft

from api_client import ApiClient, ApiError
from api_client.models import Facility, FacilityDetail
from views.context import use_client


@ft.component
def FacilityListView() -> ft.View:
    client: ApiClient = use_client()
    facilities, set_facilities = ft.use_state(list[Facility]())
    error, set_error = ft.use_state("")

    async def load() -> None:
        try:
            set_facilities(await client.facilities.list())
        except ApiError as exc:
            set_error(exc.code)

    ft.use_effect(load, [])
    page = ft.context.page
    rows = [
        ft.ListTile(
            title=ft.Text(f.name),
            subtitle=ft.Text(f"Kec. {f.kecamatan}"),
            on_click=lambda _e, fid=f.id: page.navigate(f"/faskes/{fid}"),
        )
        for f in facilities
    ]
    body: list[ft.Control] = [ft.Text(f"Gagal memuat: {error}")] if error else rows
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text("Faskes")),
        controls=[ft.ListView(controls=body, expand=True)],
    )


@ft.component
def FacilityDetailView() -> ft.View:
    client: ApiClient = use_client()
    facility_id = ft.use_route_params()["facility_id"]
    detail, set_detail = ft.use_state(None)

    async def load() -> None:
        try:
            set_detail(await client.facilities.get(facility_id))
        except ApiError:
            set_detail(None)

    ft.use_effect(load, [facility_id])
    facility: FacilityDetail | None = detail
    controls: list[ft.Control] = (
        [ft.Text(facility.address)] + [ft.ListTile(title=ft.Text(s.name)) for s in facility.services]
        if facility
        else [ft.ProgressRing()]
    )
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(facility.name if facility else "…")),
        controls=[ft.ListView(controls=controls, expand=True)],
    )
