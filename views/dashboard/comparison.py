"""What Dinkes sees first with "Semua faskes" chosen: the facilities that need
attention, every facility side by side in a table, and the same on a map. Each
facility's name (and marker) opens that facility's dashboard for the same dates.

Loaded on its own (`GET /dashboard/facilities`), beside the regency's dashboard
below it, and again when the dates change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiError, ApiStatusError, Unauthorized
from api_client.models import Facility, FacilityComparison
from components.facility_states import RetryButton
from components.heading import Heading
from components.message_line import message_line
from session.context import use_session
from session.i18n import error_message
from views.dashboard.attention import AttentionCard
from views.dashboard.compare import FacilityTable
from views.dashboard.compare_map import ComparisonMap
from views.dashboard.period import Period


@ft.component
def Comparison(
    *, period: Period, facilities: list[Facility] | None, on_open: Callable[[str], None],
    on_expired: Callable[[], Awaitable[None]], reload: int = 0,
) -> ft.Control:
    """A new `reload` loads the comparison again (the page's own "Coba lagi")."""
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    state: tuple[FacilityComparison | None, Callable[[FacilityComparison | None], None]] = ft.use_state(None)
    report, set_report = state
    problem_state: tuple[str | None, Callable[[str | None], None]] = ft.use_state(None)
    problem, set_problem = problem_state
    attempt, set_attempt = ft.use_state(0)

    async def load() -> None:
        set_problem(None)
        set_report(None)
        try:
            set_report(await client.dashboard.compare(date_from=period.date_from, date_to=period.date_to))
        except Unauthorized:
            await on_expired()
        except ApiStatusError as err:
            set_problem(error_message(t, err.code, err.fields[0].params if err.fields else None))
        except ApiError as err:
            set_problem(error_message(t, err.code))

    ft.use_effect(load, [period.date_from, period.date_to, attempt, reload])

    if problem:
        return ft.Column([
            message_line(problem, identifier="compare-error", error=True),
            ft.Row([RetryButton(lambda: set_attempt(attempt + 1), identifier="compare-retry")]),
        ], spacing=8)
    if report is None:
        return ft.Row([ft.ProgressRing(), ft.Text(_("Membandingkan faskes…"))])
    parts: list[ft.Control] = [
        AttentionCard(report.attention, report.thresholds, on_open),
        ft.Semantics(identifier="dashboard-compare", container=True, content=ft.Card(content=ft.Container(
            padding=16, content=ft.Column([
                Heading(_("Perbandingan faskes")),
                ft.Text(_("Ketuk judul kolom untuk mengurutkan, nama faskes untuk membuka dasbornya. "
                          "P90: 9 dari 10 pasien menunggu paling lama sekian. Pengaduan: yang belum "
                          "selesai hari ini, dalam kurung yang lewat batas waktu jawaban. Baris terakhir "
                          "dihitung dari semua kunjungan kabupaten."),
                        theme_style=ft.TextThemeStyle.BODY_MEDIUM, color=ft.Colors.ON_SURFACE_VARIANT),
                FacilityTable(report.facilities, report.regency, on_open),
            ], spacing=8),
        ))),
    ]
    if facilities:
        parts.append(ComparisonMap(report.facilities, facilities, report.thresholds, on_open))
    return ft.Column(parts, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
