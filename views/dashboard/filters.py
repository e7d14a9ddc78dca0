"""What the dashboard shows: which facility (Dinkes: all or one; an admin: their own)
and which dates (the last 7 or 28 days, or from/to picked in a calendar), and the
CSV download of the same tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import flet as ft

from api_client.models import Facility
from session.context import use_t
from views.dashboard.period import PRESETS, Period

ALL = "all"
PICKER_WIDTH = 400
PICKER_LABEL_ROOM = 8


def _picked(value: object) -> dt.date | None:
    """The date a DatePicker reports (a datetime at midnight of the picked day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


@ft.component
def DashboardFilters(
    *, period: Period, today: dt.date, facilities: list[Facility] | None,
    own_facility: str | None, on_change: Callable[[Period], None],
    on_download: Callable[[], Awaitable[None]], downloading: bool,
) -> ft.Control:
    """`facilities` is the list Dinkes picks from; None for a facility's admin."""
    t = use_t()
    _ = t.gettext
    page = ft.context.page

    def pick(which: str) -> None:
        current = period.date_from if which == "from" else period.date_to

        def chosen(e: ft.Event[ft.DatePicker]) -> None:
            day = _picked(e.control.value)
            if day is not None:
                on_change(period.with_from(day) if which == "from" else period.with_to(day))

        page.show_dialog(ft.DatePicker(
            value=dt.datetime.combine(current, dt.time()),
            first_date=dt.datetime.combine(today - dt.timedelta(days=366), dt.time()),
            last_date=dt.datetime.combine(today, dt.time()),
            help_text=_("Dari tanggal") if which == "from" else _("Sampai tanggal"),
            on_change=chosen,
        ))

    if facilities is None:
        where: ft.Control = ft.Semantics(identifier="dashboard-facility", content=ft.Text(
            own_facility or "", theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD,
        ))
    else:
        # Wide enough for the longest name ("RSUD dr. R. Soetrasno Rembang"), never wider
        # than a phone; the top margin keeps the floating label inside the page.
        where = ft.Container(padding=ft.Padding.only(top=PICKER_LABEL_ROOM), content=ft.Semantics(
            identifier="dashboard-facility", label=_("Faskes"), content=ft.Dropdown(
                label=_("Faskes"), value=period.facility_id or ALL,
                width=min(PICKER_WIDTH, (page.width or PICKER_WIDTH + 32) - 32),
                options=[ft.DropdownOption(key=ALL, text=_("Semua faskes"))]
                + [ft.DropdownOption(key=f.id, text=f.name) for f in facilities],
                on_select=lambda e: on_change(period.with_facility(
                    None if (e.control.value or ALL) == ALL else e.control.value)),
            ),
        ))

    def preset_button(days: int) -> ft.Control:
        label = t.ngettext("{n} hari", "{n} hari", days).format(n=days)
        chosen = period.preset == days
        button = (ft.FilledButton if chosen else ft.OutlinedButton)(
            content=label, height=44, on_click=lambda: on_change(period.with_preset(days, today)),
        )
        return ft.Semantics(identifier=f"range-{days}", selected=chosen, content=button)

    def date_button(which: str, label: str, day: dt.date) -> ft.Control:
        return ft.Semantics(identifier=f"range-{which}", content=ft.OutlinedButton(
            content=f"{label}: {t.format_date(day, 'd MMM yyyy')}", icon=ft.Icons.CALENDAR_MONTH,
            height=44, on_click=lambda: pick(which),
        ))

    download = ft.Semantics(identifier="download-csv", content=ft.FilledTonalButton(
        content=_("Menyiapkan…") if downloading else _("Unduh CSV"), icon=ft.Icons.DOWNLOAD,
        height=44, disabled=downloading, on_click=on_download,
    ))
    return ft.Column([
        ft.Row([where], wrap=True),
        ft.Row([*(preset_button(days) for days in PRESETS),
                date_button("from", _("Dari"), period.date_from),
                date_button("to", _("Sampai"), period.date_to),
                download], wrap=True, spacing=8, run_spacing=8),
    ], spacing=12)
