"""Which facility an admin section shows: an admin their own (named, not a choice);
Dinkes picks one or every facility."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import cast

import flet as ft

from api_client import ApiClient, ApiError
from api_client.models import Facility, StaffMe
from session.context import use_t

ALL = "all"


def use_facilities(client: ApiClient, me: StaffMe) -> list[Facility]:
    """Every facility by name (Dinkes picks from them; an admin's own is among them)."""
    listed, set_listed = ft.use_state(cast(list[Facility], []))

    async def load() -> None:
        with contextlib.suppress(ApiError):  # the section still works with ids only
            set_listed(sorted(await client.facilities.list(), key=lambda f: f.name))

    ft.use_effect(load, [me.username])
    return listed


def facility_name(facilities: list[Facility], facility_id: str | None) -> str:
    return next((f.name for f in facilities if f.id == facility_id), facility_id or "")


@ft.component
def FacilityFilter(
    me: StaffMe, facilities: list[Facility], value: str | None, on_change: Callable[[str | None], None],
    *, identifier: str, allow_all: bool = True,
) -> ft.Control:
    """`value` None: every facility (Dinkes only)."""
    _ = use_t().gettext
    if me.facility_id is not None:
        return ft.Semantics(identifier=identifier, content=ft.Text(
            facility_name(facilities, me.facility_id), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
            weight=ft.FontWeight.BOLD,
        ))
    options = [ft.DropdownOption(key=f.id, text=f.name) for f in facilities]
    if allow_all:
        options.insert(0, ft.DropdownOption(key=ALL, text=_("Semua faskes")))
    return ft.Semantics(identifier=identifier, label=_("Faskes"), content=ft.Dropdown(
        label=_("Faskes"), value=value or ALL, width=320, options=options,
        on_select=lambda e: on_change(None if (e.control.value or ALL) == ALL else e.control.value),
    ))
