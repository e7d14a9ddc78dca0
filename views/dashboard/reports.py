"""Laporan: the reports to file for one month, of the facility the dashboard shows
(or of every facility, for Dinkes): the SKM report as Excel and the monthly recap as
Excel or CSV. Each button asks the service for a two-minute link and opens it, as the
CSV download does (components/download.py); the month is by default the last full
one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from api_client import ApiError, ApiStatusError, Unauthorized
from api_client.models import ReportFile
from components.download import open_download
from components.message_line import message_line
from session.context import use_session
from session.i18n import N_, error_message

MONTHS_BACK = 12
BUTTONS = (
    (ReportFile.skm_xlsx, N_("Laporan SKM (Excel)")),
    (ReportFile.recap_xlsx, N_("Rekap bulanan (Excel)")),
    (ReportFile.recap_csv, N_("Rekap bulanan (CSV)")),
)


def months_to_offer(today: dt.date) -> list[dt.date]:
    """The first days of this month and the twelve before it, newest first."""
    months = [today.replace(day=1)]
    for _ in range(MONTHS_BACK):
        months.append((months[-1] - dt.timedelta(days=1)).replace(day=1))
    return months


@ft.component
def ReportsCard(
    *, facility_id: str | None, today: dt.date, on_expired: Callable[[], Awaitable[None]],
) -> ft.Control:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    page = ft.context.page
    launcher = ft.use_memo(lambda: ft.UrlLauncher(), [])
    offered = months_to_offer(today)
    month, set_month = ft.use_state(offered[1])  # the last full month
    preparing, set_preparing = ft.use_state(cast(ReportFile | None, None))
    problem, set_problem = ft.use_state("")

    async def download(report: ReportFile) -> None:
        if preparing is not None:
            return
        set_preparing(report)
        set_problem("")
        try:
            link = await client.dashboard.report_link(report, facility_id=facility_id, month=month)
            api_url = session.deps.settings.api_url
            assert api_url is not None  # main() shows nothing else without one
            await open_download(page, launcher, link, api_url=api_url)
        except Unauthorized:
            await on_expired()
        except ApiStatusError as err:
            set_problem(error_message(t, err.fields[0].code, err.fields[0].params) if err.fields
                        else error_message(t, err.code))
        except ApiError as err:
            set_problem(error_message(t, err.code))
        finally:
            set_preparing(None)

    def button(report: ReportFile, label: str) -> ft.Control:
        async def clicked() -> None:  # a lambda's coroutine would never be awaited
            await download(report)

        identifier = f"report-{report.value.replace('.', '-')}"
        return ft.Semantics(identifier=identifier, content=ft.FilledTonalButton(
            content=_("Menyiapkan…") if preparing is report else _(label), icon=ft.Icons.DOWNLOAD,
            height=48, disabled=preparing is not None, on_click=clicked,
        ))

    def picked(value: str | None) -> None:
        if value:
            set_month(dt.date.fromisoformat(value))

    picker = ft.Semantics(identifier="report-month", label=_("Bulan"), content=ft.Dropdown(
        label=_("Bulan"), value=month.isoformat(), width=240,
        options=[ft.DropdownOption(key=m.isoformat(), text=t.format_date(m, "MMMM yyyy")) for m in offered],
        on_select=lambda e: picked(e.control.value),
    ))
    body: list[ft.Control] = [
        ft.Text(_("Laporan"), theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD),
        ft.Text(_("Laporan survei kepuasan (SKM) sesuai PermenPANRB 14/2017 dan rekap bulanan tabel "
                  "dasbor, untuk faskes yang dipilih di atas. Judul di dalam berkas berbahasa Indonesia."),
                theme_style=ft.TextThemeStyle.BODY_MEDIUM, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Row([picker, *(button(report, label) for report, label in BUTTONS)],
               wrap=True, spacing=8, run_spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER),
    ]
    if problem:
        body.append(message_line(problem, identifier="report-error", error=True))
    return ft.Semantics(identifier="dashboard-reports", container=True, content=ft.Card(content=ft.Container(
        padding=16, content=ft.Column(body, spacing=8),
    )))
