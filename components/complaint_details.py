"""One complaint as its code's holder sees it: status and its steps, where and what,
the answer deadline, the replies, and (once overdue) where to turn: SP4N-LAPOR!"""

from __future__ import annotations

import flet as ft

from api_client.identity import format_booking_code
from api_client.models import Complaint, ComplaintStatus
from components.complaint_history import ComplaintHistory
from components.complaint_words import ComplaintStatusChip, category_words, status_words
from components.heading import Heading
from session.context import use_session, use_t
from session.theme import code_size

STEPS = (ComplaintStatus.diterima, ComplaintStatus.diproses, ComplaintStatus.selesai)


@ft.component
def ComplaintSummary(complaint: Complaint) -> ft.Control:
    t = use_t()
    _ = t.gettext
    return ft.Card(content=ft.Container(padding=16, content=ft.Column(spacing=8, controls=[
        ft.Row(wrap=True, spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER, controls=[
            ft.Semantics(identifier="complaint-code", content=ft.Text(
                format_booking_code(complaint.tracking_code),
                size=code_size("title_large", use_session().prefs.text_scale), weight=ft.FontWeight.BOLD,
            )),
            ComplaintStatusChip(complaint.status),
        ]),
        StatusSteps(complaint.status),
        ft.Semantics(identifier="complaint-facility-name", content=ft.Text(
            complaint.facility_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)),
        ft.Text(category_words(t, complaint.category)),
        ft.Text(_("Dikirim {date}").format(date=t.format_date(complaint.created_at, "full"))),
        ft.Semantics(identifier="complaint-due", content=ft.Text(
            _("Ditanggapi paling lambat {date}").format(date=t.format_date(complaint.respond_by, "full"))
            if complaint.status is not ComplaintStatus.selesai else _("Pengaduan ini sudah selesai."),
        )),
        ft.Divider(),
        ft.Semantics(identifier="complaint-text", content=ft.Text(
            complaint.text, theme_style=ft.TextThemeStyle.BODY_LARGE)),
    ])))


@ft.component
def StatusSteps(status: ComplaintStatus) -> ft.Control:
    """Diterima → Sedang diproses → Selesai, the steps reached in colour."""
    t = use_t()
    reached = STEPS.index(status)
    parts: list[ft.Control] = []
    for n, step in enumerate(STEPS):
        on = n <= reached
        if n:
            parts.append(ft.Icon(ft.Icons.CHEVRON_RIGHT, size=18))
        parts.append(ft.Row(tight=True, spacing=4, controls=[
            ft.Icon(ft.Icons.CHECK_CIRCLE if on else ft.Icons.RADIO_BUTTON_UNCHECKED, size=18,
                    color=ft.Colors.PRIMARY if on else ft.Colors.OUTLINE),
            ft.Text(status_words(t, step), weight=ft.FontWeight.BOLD if n == reached else None),
        ]))
    return ft.Row(parts, wrap=True, spacing=4)


@ft.component
def EscalationAdvice(complaint: Complaint) -> ft.Control:
    """SP4N-LAPOR! once the 5 working days passed without a finished answer."""
    t = use_t()
    _ = t.gettext
    escalation = complaint.escalation
    if escalation is None:
        return ft.Container()

    async def open_lapor() -> None:
        await ft.UrlLauncher().launch_url(escalation.url)

    return ft.Semantics(identifier="complaint-escalation", content=ft.Container(
        padding=16, border_radius=12, bgcolor=ft.Colors.TERTIARY_CONTAINER,
        content=ft.Column(spacing=8, controls=[
            ft.Text(_("Belum selesai setelah 5 hari kerja?"), weight=ft.FontWeight.BOLD,
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM, color=ft.Colors.ON_TERTIARY_CONTAINER),
            ft.Text(
                _("Anda dapat melapor ke {name}, layanan pengaduan nasional: buka {site} atau kirim "
                  "SMS ke {sms}. Sebutkan kode pengaduan ini.").format(
                    name=escalation.name, site="lapor.go.id", sms=escalation.sms),
                color=ft.Colors.ON_TERTIARY_CONTAINER, theme_style=ft.TextThemeStyle.BODY_LARGE,
            ),
            ft.Semantics(identifier="open-lapor", content=ft.OutlinedButton(
                _("Buka lapor.go.id"), icon=ft.Icons.OPEN_IN_NEW, on_click=open_lapor,
            )),
        ]),
    ))


@ft.component
def ComplaintDetails(complaint: Complaint) -> ft.Control:
    t = use_t()
    _ = t.gettext
    return ft.Column(spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH, controls=[
        ComplaintSummary(complaint),
        EscalationAdvice(complaint),
        Heading(_("Tanggapan")),
        ComplaintHistory(complaint),
    ])
