"""Pengaduan: send a complaint (`/pengaduan`), see its tracking code big, and follow it
by that code (`/pengaduan/:tracking_code`). A wrong code says "not found", exactly
like a missing one; nothing else about any complaint is shown without its code.
"""

from __future__ import annotations

from typing import cast

import flet as ft

from api_client import ApiConnectionError, ApiError
from api_client.models import Complaint
from components.complaint_details import ComplaintDetails
from components.facility_states import RetryButton
from components.offline_banner import OfflineBanner
from session.context import use_session
from session.i18n import error_message
from views.complaints.form import ComplaintForm
from views.complaints.lookup import ComplaintLookup
from views.complaints.sent import ComplaintSent
from views.complaints.sent_later import ComplaintsSentLater


def _view(title: str, controls: list[ft.Control]) -> ft.View:
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(title)),
        scroll=ft.ScrollMode.AUTO,
        padding=16,
        controls=[ft.SafeArea(content=ft.Column(
            controls, spacing=20, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        ))],
    )


@ft.component
def ComplaintFormView() -> ft.View:
    session = use_session()
    t = session.t
    _ = t.gettext
    sent, set_sent = ft.use_state(cast(Complaint | None, None))

    async def on_sent(complaint: Complaint) -> None:
        set_sent(complaint)

    controls: list[ft.Control]
    if sent is not None:
        controls = [
            ComplaintSent(sent),
            ft.Semantics(identifier="complaint-another", content=ft.TextButton(
                _("Kirim pengaduan lain"), icon=ft.Icons.ADD, on_click=lambda: set_sent(None),
            )),
        ]
    else:
        controls = [
            ft.Text(_("Sampaikan keluhan tentang pelayanan puskesmas atau rumah sakit. Anda akan "
                      "mendapat kode untuk melihat tanggapan petugas."),
                    theme_style=ft.TextThemeStyle.BODY_LARGE),
            ComplaintForm(on_sent),
        ]
    controls = [
        OfflineBanner(session.deps.connectivity), *controls, ft.Divider(), ComplaintLookup(),
        ComplaintsSentLater(session.deps.connectivity, session.deps.outbox),
    ]
    return _view(_("Pengaduan"), controls)


@ft.component
def ComplaintTrackView() -> ft.View:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    code = ft.use_route_params()["tracking_code"]
    complaint, set_complaint = ft.use_state(cast(Complaint | None, None))
    problem, set_problem = ft.use_state("")
    unreached, set_unreached = ft.use_state(False)  # no answer: offer a retry

    async def load() -> None:
        set_problem("")
        set_unreached(False)
        try:
            set_complaint(await client.complaints.get(code))
        except ApiError as err:
            set_complaint(None)
            set_unreached(isinstance(err, ApiConnectionError))
            set_problem(error_message(t, err.code))

    ft.use_effect(load, [code])
    controls: list[ft.Control]
    if complaint is not None:
        controls = [
            ComplaintDetails(complaint),
            ft.Semantics(identifier="complaint-refresh", content=ft.OutlinedButton(
                _("Muat ulang"), icon=ft.Icons.REFRESH, on_click=load,
            )),
        ]
    elif problem:
        controls = [ft.Semantics(identifier="complaint-problem", live_region=True, content=ft.Text(
            problem, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, color=ft.Colors.ERROR,
        ))]
        if unreached:
            controls.append(ft.Row([RetryButton(load)]))
    else:
        controls = [ft.Row([ft.ProgressRing(), ft.Text(_("Memuat…"))],
                           alignment=ft.MainAxisAlignment.CENTER)]
    return _view(_("Status pengaduan"), controls)
