"""Dasbor (`/dashboard`): for Dinkes and the head of a facility. Sign in with a staff
account (the staff console's form), pick the facility and the dates, read each figure
as a chart with its table beside it, download the same tables as CSV.

An admin sees their own facility; Dinkes (an admin without a facility) sees every
facility together or one of them. Other staff are told the dashboard is not for
them. Behind the staff guard (session/staff_session.py, components/staff_guard.py):
the sign-in token stays in this session's `ApiClient`, as in the console; when it has
expired the form comes back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import flet as ft

from api_client import ApiError, ApiStatusError, Unauthorized
from api_client.models import Dashboard, Facility, StaffAction, StaffMe
from components.download import open_download
from components.facility_states import RetryButton
from components.message_line import message_line
from components.staff_guard import face_scroll, guard_gate, signed_in_actions
from components.ticket_advice import device_today
from session.context import use_session
from session.i18n import error_message
from session.staff_session import use_staff_guard
from session.typed import keyed
from views.dashboard.comparison import Comparison
from views.dashboard.filters import DashboardFilters
from views.dashboard.period import Period
from views.dashboard.reports import ReportsCard
from views.dashboard.service import QuotaSection, SkmSection, WaitSection
from views.dashboard.visits import ChannelSection, DaySection, Headline, HourSection
from views.dashboard.weekly import WeeklyTrendsCard

MAX_WIDTH = 1240


@ft.component
def DashboardView() -> ft.View:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    page = ft.context.page
    today = device_today()
    period_state: tuple[Period | None, Callable[[Period | None], None]] = ft.use_state(None)
    period, set_period = period_state
    listed: tuple[list[Facility] | None, Callable[[list[Facility] | None], None]] = ft.use_state(None)
    facilities, set_facilities = listed
    own_name, set_own_name = ft.use_state("")
    report_state: tuple[Dashboard | None, Callable[[Dashboard | None], None]] = ft.use_state(None)
    report, set_report = report_state
    problem_state: tuple[str | None, Callable[[str | None], None]] = ft.use_state(None)
    problem, set_problem = problem_state
    downloading, set_downloading = ft.use_state(False)
    attempt, set_attempt = ft.use_state(0)  # "Coba lagi" loads the same period again
    launcher = ft.use_memo(lambda: ft.UrlLauncher(), [])

    def start(me: StaffMe) -> None:
        set_period(Period.last(28, today=today, facility_id=me.facility_id))

    guard = use_staff_guard(client, on_signed_in=start, on_signed_out=lambda: set_report(None))
    staff = guard.staff

    may_see = staff is not None and StaffAction.view_dashboard in staff.may

    async def load_facilities() -> None:
        """Dinkes picks from every facility; an admin sees their own facility's name."""
        if not may_see or staff is None:
            return
        with contextlib.suppress(ApiError):
            if staff.facility_id is None:
                set_facilities(sorted(await client.facilities.list(), key=lambda f: f.name))
            else:
                set_own_name((await client.facilities.get(staff.facility_id)).name)

    async def load() -> None:
        if not may_see or period is None:
            return
        set_problem(None)
        set_report(None)
        try:
            set_report(await client.dashboard.get(
                facility_id=period.facility_id, date_from=period.date_from, date_to=period.date_to,
            ))
        except Unauthorized:
            await guard.expired()
        except ApiStatusError as err:
            set_problem(error_message(t, err.code, err.fields[0].params if err.fields else None))
        except ApiError as err:  # no answer (offline, a timeout): "Coba lagi" below
            set_problem(error_message(t, err.code))

    async def download() -> None:
        if period is None:
            return
        set_downloading(True)
        try:
            link = await client.dashboard.download_link(
                facility_id=period.facility_id, date_from=period.date_from, date_to=period.date_to,
            )
            api_url = session.deps.settings.api_url
            assert api_url is not None  # main() shows nothing else without one
            await open_download(page, launcher, link, api_url=api_url)
        except Unauthorized:
            await guard.expired()
        except ApiError as err:
            set_problem(error_message(t, err.code))
        finally:
            set_downloading(False)

    ft.use_effect(load_facilities, [staff.username if staff else None, attempt])  # "Coba lagi" too
    ft.use_effect(load, [staff.username if staff else None, period, attempt])

    narrow = (page.width or 1280) < 600  # on a phone the title needs the room
    actions = signed_in_actions(t, guard, show_who=not narrow)

    gate = guard_gate(client, guard)
    body: list[ft.Control] = []  # stays empty while the sign-in form (gate) fills the view
    if gate is None and not may_see:
        body = [ft.Semantics(identifier="dashboard-not-allowed", content=ft.Text(
            _("Dasbor ini untuk admin puskesmas atau rumah sakit dan Dinas Kesehatan."),
            theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
        ))]
    elif gate is None:
        assert period is not None and staff is not None
        body = [DashboardFilters(
            period=period, today=today, facilities=facilities if staff.facility_id is None else None,
            own_facility=own_name or staff.facility_id, on_change=set_period, on_download=download,
            downloading=downloading,
        )]
        body.append(ft.Semantics(identifier="dashboard-period", content=ft.Text(
            _("{first} sampai {last}").format(first=t.format_date(period.date_from, "full"),
                                              last=t.format_date(period.date_to, "full")),
            theme_style=ft.TextThemeStyle.BODY_LARGE,
        )))
        every = staff.facility_id is None and period.facility_id is None  # Dinkes, every facility

        def open_facility(facility_id: str) -> None:
            set_period(period.with_facility(facility_id))

        # The cards that load on their own are keyed: the parts around them come and go
        # (the headline when the report arrives, the comparison for every facility, an
        # error), and a card moved one place was built anew, loading again and losing
        # what was chosen in it (the comparison and the weeks were loaded twice).
        if report is not None and not problem:
            body.append(Headline(report))  # the headline (and the demo note) first
        if every:
            body.append(keyed("comparison", Comparison)(
                period=period, facilities=facilities, on_expired=guard.expired, on_open=open_facility,
                reload=attempt))
        body.append(keyed("weekly", WeeklyTrendsCard)(
            period=period, on_open=open_facility if every else None, on_expired=guard.expired,
            reload=attempt))
        if problem:  # after the cards' own: its "Coba lagi" is the last, and loads them too
            body.append(message_line(problem, identifier="dashboard-error", error=True))
            body.append(ft.Row([RetryButton(lambda: set_attempt(attempt + 1), identifier="dashboard-retry")]))
        elif report is None:
            body.append(ft.Row([ft.ProgressRing(), ft.Text(_("Menghitung…"))]))
        else:
            body += _sections(report)
        body.append(keyed("reports", ReportsCard)(facility_id=period.facility_id, today=today,
                                                  on_expired=guard.expired))
    # The sign-in form straight in the view, as the console has it: nested in the
    # dashboard's centred row and column, its autofocused field lost the first keys
    # typed in 9 of 10 first sign-ins (tests/browser/test_staff_sign_in_browser.py).
    content = gate if gate is not None else ft.Row([ft.Container(
        content=ft.Column(body, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        expand=True, width=MAX_WIDTH,
    )], alignment=ft.MainAxisAlignment.CENTER)
    return ft.View(
        route="/dashboard",
        appbar=ft.AppBar(title=ft.Text(_("Dasbor Layanan")), actions=actions),
        scroll=face_scroll(gate),
        padding=16,
        controls=[ft.SafeArea(expand=gate is not None, content=content)],
    )


def _sections(report: Dashboard) -> list[ft.Control]:
    return [
        ChannelSection(report),
        WaitSection(report),
        DaySection(report),
        QuotaSection(report),
        HourSection(report),
        SkmSection(report),
    ]
