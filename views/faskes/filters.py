"""Search and filters of the facility list: name, kecamatan, type, open now.

The filter itself is plain data (`FacilityFilter.apply`), testable without a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import flet as ft

from api_client.models import Facility, FacilityType
from session.context import use_t

KECAMATAN = (
    "Sumber", "Bulu", "Gunem", "Sale", "Sarang", "Sedan", "Pamotan",
    "Sulang", "Kaliori", "Rembang", "Pancur", "Kragan", "Sluke", "Lasem",
)  # fmt: skip
"""The 14 kecamatan of Kabupaten Rembang, in the order of their codes 33.17.01–14."""

ALL = "semua"


@dataclass(frozen=True)
class FacilityFilter:
    query: str = ""
    kecamatan: str = ALL
    type: str = ALL
    open_now: bool = False

    def apply(self, facilities: list[Facility]) -> list[Facility]:
        words = self.query.casefold().split()
        return [
            f
            for f in facilities
            if all(w in f"{f.name} {f.kecamatan}".casefold() for w in words)
            and self.kecamatan in (ALL, f.kecamatan)
            and self.type in (ALL, f.type.value)
            and (f.open_now or not self.open_now)
        ]

    @property
    def narrowed(self) -> bool:
        return self != FacilityFilter()


@ft.component
def FacilityFilters(
    value: FacilityFilter,
    on_change: Callable[[FacilityFilter], None],
    extra: list[ft.Control] | None = None,
) -> ft.Control:
    """The search field, the two dropdowns and the "Buka sekarang" switch; `extra`
    controls join the switch's row."""
    extra = extra or []
    _ = use_t().gettext

    search = ft.Semantics(
        identifier="facility-search",
        content=ft.TextField(
            label=_("Cari nama puskesmas atau rumah sakit"),
            value=value.query,
            prefix_icon=ft.Icons.SEARCH,
            on_change=lambda e: on_change(replace(value, query=e.control.value or "")),
        ),
    )
    kecamatan = ft.Semantics(
        identifier="filter-kecamatan",
        label=_("Wilayah kecamatan"),
        content=ft.Dropdown(
            label=_("Wilayah kecamatan"),
            value=value.kecamatan,
            expand=True,
            options=[ft.DropdownOption(key=ALL, text=_("Semua kecamatan"))]
            + [ft.DropdownOption(key=name, text=name) for name in KECAMATAN],
            on_select=lambda e: on_change(replace(value, kecamatan=e.control.value or ALL)),
        ),
    )
    kind = ft.Semantics(
        identifier="filter-type",
        label=_("Jenis faskes"),
        content=ft.Dropdown(
            label=_("Jenis faskes"),
            value=value.type,
            expand=True,
            options=[
                ft.DropdownOption(key=ALL, text=_("Semua jenis")),
                ft.DropdownOption(key=FacilityType.puskesmas.value, text=_("Hanya puskesmas")),
                ft.DropdownOption(key=FacilityType.rumah_sakit.value, text=_("Hanya rumah sakit")),
            ],
            on_select=lambda e: on_change(replace(value, type=e.control.value or ALL)),
        ),
    )
    open_now = ft.Semantics(
        identifier="filter-open-now",
        content=ft.Switch(
            label=_("Buka sekarang"),
            value=value.open_now,
            on_change=lambda e: on_change(replace(value, open_now=bool(e.control.value))),
        ),
    )
    return ft.Column(
        [
            search,
            ft.ResponsiveRow(
                [
                    ft.Container(kecamatan, col={"xs": 12, "sm": 6}),
                    ft.Container(kind, col={"xs": 12, "sm": 6}),
                ],
                run_spacing=12,
            ),
            ft.Row([open_now, *extra], wrap=True, spacing=16, run_spacing=4),
        ],
        spacing=12,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
