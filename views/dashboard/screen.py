"""Dasbor (`/dashboard`): for Dinkes and the head of a facility. Sign in with a staff
account (the staff console's form), pick the facility and the dates, read each figure
as a chart with its table beside it, download the same tables as CSV.

An admin sees their own facility; Dinkes (an admin without a facility) sees every
facility together or one of them. Other staff are told the dashboard is not for
them. The sign-in token stays in this session's `ApiClient`, as in the console; when
it has expired the form comes back.
"""

from __future__ import annotations

import contextlib

import flet as ft

from api_client import ApiError, ApiStatusError, Unauthorized
from api_client.models import Dashboard, StaffAction, StaffMe
from components.facility_states import RetryButton
from components.message_line import message_line
from components.staff_sign_in import SignInForm
from components.ticket_advice import device_today
from session.context import use_session
from session.i18n import error_message
from views.dashboard.filters import DashboardFilters
from views.dashboard.period import Period
from views.dashboard.service import QuotaSection, SkmSection, WaitSection
from views.dashboard.visits import ChannelSection, DaySection, Headline, HourSection

MAX_WIDTH = 1240


@ft.component
def DashboardView() -> ft.View:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    page = ft.context.page
    today = device_today()
    staff, set_staff = ft.use_state(None)
    asked, set_asked = ft.use_state(False)
    ended, set_ended = ft.use_state(False)
    period, set_period = ft.use_state(None)
    facilities, set_facilities = ft.use_state(None)
    own_name, set_own_name = ft.use_state("")
    report, set_report = ft.use_state(None)
    problem, set_problem = ft.use_state(None)
    downloading, set_downloading = ft.use_state(False)
    attempt, set_attempt = ft.use_state(0)  # "Coba lagi" loads the same period again
    launcher = ft.use_memo(lambda: ft.UrlLauncher(), [])

    def start(me: StaffMe) -> None:
        set_staff(me)
        set_period(Period.last(28, today=today, facility_id=me.facility_id))

    async def restore() -> None:
        """Signed in earlier in this session (the console or the dashboard)?"""
        with contextlib.suppress(ApiError):
            start(await client.staff.me())
        set_asked(True)

    async def signed_in(me: StaffMe) -> None:
        set_ended(False)
        start(me)

    async def sign_out(expired: bool = False) -> None:
        """Keluar ends the sign-in at the service too (its token stops everywhere)."""
        with contextlib.suppress(ApiError):  # unreachable: forgotten here all the same
            await client.staff.logout()
        set_staff(None)
        set_report(None)
        set_ended(expired)

    async def sign_out_clicked() -> None:
        await sign_out()

    may_see = staff is not None and StaffAction.view_dashboard in staff.may

    async def load_facilities() -> None:
        """Dinkes picks from every facility; an admin sees their own facility's name."""
        if not may_see:
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
            await sign_out(expired=True)
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
            # On the web the link is opened by the browser, on the page's own origin.
            url = link.url if page.web else session.deps.settings.api_url.rsplit("/api", 1)[0] + link.url
            await launcher.launch_url(url)
        except Unauthorized:
            await sign_out(expired=True)
        except ApiError as err:
            set_problem(error_message(t, err.code))
        finally:
            set_downloading(False)

    ft.use_effect(restore, [])
    ft.use_effect(load_facilities, [staff.username if staff else None, attempt])  # "Coba lagi" too
    ft.use_effect(load, [staff.username if staff else None, period, attempt])

    actions: list[ft.Control] = []
    if staff is not None:
        narrow = (page.width or 1280) < 600  # on a phone the title needs the room
        actions = [] if narrow else [
            ft.Semantics(identifier="staff-who", content=ft.Text(
                _("Masuk sebagai {username}").format(username=staff.username),
                theme_style=ft.TextThemeStyle.TITLE_SMALL,
            )),
        ]
        actions += [
            ft.Semantics(identifier="sign-out", content=ft.TextButton(
                content=_("Keluar"), icon=ft.Icons.LOGOUT, height=48, on_click=sign_out_clicked,
            )),
            ft.Container(width=8),
        ]

    body: list[ft.Control]
    if not asked:
        body = [ft.ProgressRing()]
    elif staff is None:
        body = [SignInForm(t, client, signed_in, ended)]
    elif not may_see:
        body = [ft.Semantics(identifier="dashboard-not-allowed", content=ft.Text(
            _("Dasbor ini untuk admin puskesmas atau rumah sakit dan Dinas Kesehatan."),
            theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
        ))]
    else:
        assert period is not None
        body = [DashboardFilters(
            t, period=period, today=today, facilities=facilities if staff.facility_id is None else None,
            own_facility=own_name or staff.facility_id, on_change=set_period, on_download=download,
            downloading=downloading,
        )]
        body.append(ft.Semantics(identifier="dashboard-period", content=ft.Text(
            _("{first} sampai {last}").format(first=t.format_date(period.date_from, "full"),
                                              last=t.format_date(period.date_to, "full")),
            theme_style=ft.TextThemeStyle.BODY_LARGE,
        )))
        if problem:
            body.append(message_line(problem, identifier="dashboard-error", error=True))
            body.append(ft.Row([RetryButton(lambda: set_attempt(attempt + 1), identifier="dashboard-retry")]))
        elif report is None:
            body.append(ft.Row([ft.ProgressRing(), ft.Text(_("Menghitung…"))]))
        else:
            body += _sections(t, report)
    return ft.View(
        route="/dashboard",
        appbar=ft.AppBar(title=ft.Text(_("Dasbor Layanan")), actions=actions),
        scroll=ft.ScrollMode.AUTO,
        padding=16,
        controls=[ft.SafeArea(content=ft.Row([ft.Container(
            content=ft.Column(body, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            expand=True, width=MAX_WIDTH,
        )], alignment=ft.MainAxisAlignment.CENTER))],
    )


def _sections(t, report: Dashboard) -> list[ft.Control]:  # type: ignore[no-untyped-def]
    return [
        Headline(t, report),
        ChannelSection(t, report),
        WaitSection(t, report),
        DaySection(t, report),
        QuotaSection(t, report),
        HourSection(t, report),
        SkmSection(t, report),
    ]
