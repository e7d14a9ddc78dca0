"""An announcement of a facility: what kind, its title and text, when it applies."""

from __future__ import annotations

import flet as ft

from api_client.models import Announcement, AnnouncementKind
from session.context import use_t
from session.i18n import N_, Translator

KIND_LABELS = {
    AnnouncementKind.closure: N_("Faskes tutup"),
    AnnouncementKind.doctor_absent: N_("Dokter tidak praktik"),
    AnnouncementKind.hours_changed: N_("Jam layanan berubah"),
    AnnouncementKind.campaign: N_("Kegiatan kesehatan"),
}
KIND_ICONS = {
    AnnouncementKind.closure: ft.Icons.EVENT_BUSY,
    AnnouncementKind.doctor_absent: ft.Icons.PERSON_OFF,
    AnnouncementKind.hours_changed: ft.Icons.SCHEDULE,
    AnnouncementKind.campaign: ft.Icons.CAMPAIGN,
}


def valid_text(t: Translator, announcement: Announcement) -> str:
    first = t.format_date(announcement.valid_from, "long")
    if announcement.valid_from == announcement.valid_until:
        return t.gettext("Berlaku {day}").format(day=first)
    last = t.format_date(announcement.valid_until, "long")
    return t.gettext("Berlaku {first} sampai {last}").format(first=first, last=last)


@ft.component
def AnnouncementCard(announcement: Announcement, facility_name: str | None = None) -> ft.Control:
    t = use_t()
    urgent = announcement.kind in (AnnouncementKind.closure, AnnouncementKind.doctor_absent)
    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(KIND_ICONS[announcement.kind],
                        color=ft.Colors.ERROR if urgent else ft.Colors.PRIMARY),
                ft.Text(t.gettext(KIND_LABELS[announcement.kind]),
                        theme_style=ft.TextThemeStyle.LABEL_LARGE, expand=True),
            ],
        ),
        ft.Text(announcement.title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                weight=ft.FontWeight.BOLD),
    ]
    if facility_name:
        lines.append(ft.Text(facility_name, theme_style=ft.TextThemeStyle.LABEL_LARGE,
                             color=ft.Colors.PRIMARY))
    lines += [
        ft.Text(announcement.body),
        ft.Text(valid_text(t, announcement), theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    return ft.Semantics(
        identifier=f"announcement-{announcement.id}",
        content=ft.Card(
            content=ft.Container(ft.Column(lines, spacing=6), padding=16),
        ),
    )
