"""What an announcement would do, in sentences the admin reads before confirming: who
is told (per service and date), which days reopen, which cancelled bookings stay
cancelled, and that a 24-hour UGD stays open."""

from __future__ import annotations

import flet as ft

from api_client.models import AnnouncementImpact
from session.context import use_t
from session.i18n import Translator


def impact_lines(
    t: Translator, impact: AnnouncementImpact, services: dict[int, str], *, closure: bool,
    withdrawal: bool = False, change: bool = False,
) -> list[str]:
    _ = t.gettext
    lines = [
        t.ngettext(
            "{service}, {day}: {n} pasien yang sudah booking akan diberi tahu, bookingnya dibatalkan",
            "{service}, {day}: {n} pasien yang sudah booking akan diberi tahu, bookingnya dibatalkan",
            day.bookings,
        ).format(service=services.get(day.service_id, ""), day=t.format_date(day.service_date, "full"),
                 n=day.bookings)
        for day in impact.cancels
    ]
    if withdrawal:
        lines.append(_("Pengumuman ini tidak ditampilkan lagi kepada warga."))
    elif change and not impact.cancels and not impact.reopens:
        lines.append(_("Tanggalnya tetap: tidak ada booking yang dibatalkan atau dibuka lagi."))
    elif closure and not impact.cancels and not impact.reopens:
        lines.append(_("Belum ada pasien yang booking pada tanggal itu. Booking ditutup mulai diterbitkan."))
    elif not closure and not impact.cancels:
        lines.append(_("Pengumuman ini tidak membatalkan booking siapa pun."))
    if impact.reopens:
        days = ", ".join(t.format_date(day, "full") for day in impact.reopens)
        lines.append(_("Booking dibuka lagi pada {days}.").format(days=days))
    if impact.stay_cancelled:
        lines.append(t.ngettext(
            "{n} booking yang sudah dibatalkan tetap batal; pasien perlu booking lagi.",
            "{n} booking yang sudah dibatalkan tetap batal; pasien perlu booking lagi.",
            impact.stay_cancelled,
        ).format(n=impact.stay_cancelled))
    for service_id in impact.stays_open:
        lines.append(_("{service} tetap buka 24 jam.").format(service=services.get(service_id, "")))
    return lines


@ft.component
def ImpactBox(
    impact: AnnouncementImpact, services: dict[int, str], *, closure: bool, identifier: str,
    withdrawal: bool = False, change: bool = False,
) -> ft.Control:
    t = use_t()
    lines = impact_lines(t, impact, services, closure=closure, withdrawal=withdrawal, change=change)
    return ft.Semantics(identifier=identifier, live_region=True, content=ft.Container(
        padding=12, border_radius=8, bgcolor=ft.Colors.SECONDARY_CONTAINER,
        content=ft.Column(spacing=6, controls=[
            ft.Row(spacing=8, vertical_alignment=ft.CrossAxisAlignment.START, controls=[
                ft.Icon(ft.Icons.GROUPS, color=ft.Colors.ON_SECONDARY_CONTAINER),
                ft.Text(line, expand=True, color=ft.Colors.ON_SECONDARY_CONTAINER,
                        theme_style=ft.TextThemeStyle.BODY_LARGE),
            ])
            for line in lines
        ]),
    ))
