"""Waiting-room TV display (to be built)."""

from __future__ import annotations

import flet as ft


@ft.component
def DisplayView() -> ft.View:
    facility_id = ft.use_route_params()["facility_id"]
    return ft.View(route=f"/display/{facility_id}", controls=[ft.Text(facility_id)])
