"""The services (poli, loket, UGD, …) of a facility: "Ambil nomor" for each one booked
online (at the top of the facility's page), and each one's today's hours and doctors
and its quota for the coming days."""

from __future__ import annotations

import flet as ft

from api_client.models import DoctorSession, Service, ServiceKind
from components.facility_hours import span_text, today_text
from components.service_kinds import KIND_ICONS, walk_in_note
from session.context import navigate_to, use_t
from session.i18n import Translator
from views.faskes.quota import QuotaDays


@ft.component
def BookButtons(facility_id: str, services: list[Service]) -> ft.Control:
    """One big button per service booked online, named with the service."""
    _ = use_t().gettext
    page = ft.context.page

    return ft.Column(
        spacing=10,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Semantics(
                identifier=f"book-{s.id}",
                content=ft.FilledButton(
                    content=ft.Text(_("Ambil nomor {service}").format(service=s.name),
                                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM, color=ft.Colors.ON_PRIMARY),
                    icon=KIND_ICONS.get(s.kind, ft.Icons.CONFIRMATION_NUMBER),
                    on_click=navigate_to(page, f"/faskes/{facility_id}/pesan/{s.id}"),
                    style=ft.ButtonStyle(padding=16, shape=ft.RoundedRectangleBorder(radius=12)),
                ),
            )
            for s in services if s.online
        ],
    )


def doctors_today(t: Translator, service: Service, doctors: list[DoctorSession]) -> ft.Control | None:
    _ = t.gettext
    if not doctors:
        if service.kind is not ServiceKind.poli:
            return None
        # No named doctor: the schedule is not confirmed yet (seed placeholders are not shown)
        return ft.Text(_("Jadwal dokter hari ini belum diumumkan."), color=ft.Colors.ON_SURFACE_VARIANT)
    rows: list[ft.Control] = [ft.Text(_("Dokter hari ini"), theme_style=ft.TextThemeStyle.LABEL_LARGE)]
    rows += [
        ft.Row(
            [
                ft.Icon(ft.Icons.PERSON_OFF if d.absent_reason else ft.Icons.PERSON, size=18),
                ft.Text(d.doctor_name, expand=True),
                ft.Text(
                    _("Tidak praktik: {reason}").format(reason=d.absent_reason) if d.absent_reason
                    else span_text(t, d.starts, d.ends),
                    color=ft.Colors.ERROR if d.absent_reason else None, expand=bool(d.absent_reason),
                ),
            ],
        )
        for d in doctors
    ]
    return ft.Column(rows, spacing=4)


@ft.component
def ServiceCard(service: Service, doctors: list[DoctorSession], changes: int = 0) -> ft.Control:
    """`changes`: how many changes the facility's page has heard (its quota reads again)."""
    t = use_t()
    _ = t.gettext
    show_quota, set_show_quota = ft.use_state(False)

    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(KIND_ICONS.get(service.kind, ft.Icons.MEDICAL_SERVICES), color=ft.Colors.PRIMARY),
                ft.Text(service.name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        weight=ft.FontWeight.BOLD, expand=True),
            ],
        ),
        ft.Text(today_text(t, service.hours)),
    ]
    # Its place is kept even when empty: QuotaDays below, moved, would load again.
    shown = doctors_today(t, service, doctors)
    lines.append(shown if shown is not None else ft.Container())
    if service.online:  # booked from the top of the page (BookButtons); here its quota
        lines.append(
            ft.Semantics(
                identifier=f"quota-toggle-{service.id}",
                content=ft.OutlinedButton(
                    (_("Sembunyikan kuota {service}") if show_quota
                     else _("Lihat kuota {service}")).format(service=service.name),
                    icon=ft.Icons.EXPAND_LESS if show_quota else ft.Icons.CALENDAR_MONTH,
                    on_click=lambda: set_show_quota(not show_quota),
                ),
            )
        )
        if show_quota:
            lines.append(QuotaDays(service.id, changes))
    else:
        lines.append(ft.Text(walk_in_note(t, service), color=ft.Colors.ON_SURFACE_VARIANT))
    return ft.Semantics(
        identifier=f"service-{service.id}",
        content=ft.Card(content=ft.Container(ft.Column(lines, spacing=8), padding=16)),
    )
