"""Complaint categories and statuses in plain words, and the status chip; shared by
the citizen's pages and the staff console."""

from __future__ import annotations

import flet as ft

from api_client.models import ComplaintCategory, ComplaintStatus
from session.context import use_t
from session.i18n import N_, Translator

CATEGORY_WORDS = {
    ComplaintCategory.pelayanan: N_("Pelayanan kesehatan"),
    ComplaintCategory.antrean: N_("Antrean dan pendaftaran"),
    ComplaintCategory.petugas: N_("Sikap petugas"),
    ComplaintCategory.fasilitas: N_("Gedung, kebersihan, dan peralatan"),
    ComplaintCategory.biaya: N_("Biaya"),
    ComplaintCategory.obat: N_("Obat dan apotek"),
    ComplaintCategory.aplikasi: N_("Aplikasi atau anjungan"),
    ComplaintCategory.lainnya: N_("Lainnya"),
}

STATUS_WORDS = {
    ComplaintStatus.diterima: N_("Diterima"),
    ComplaintStatus.diproses: N_("Sedang diproses"),
    ComplaintStatus.selesai: N_("Selesai ditangani"),
}

STATUS_ICONS = {
    ComplaintStatus.diterima: ft.Icons.INBOX,
    ComplaintStatus.diproses: ft.Icons.AUTORENEW,
    ComplaintStatus.selesai: ft.Icons.TASK_ALT,
}


def category_words(t: Translator, category: ComplaintCategory) -> str:
    return t.gettext(CATEGORY_WORDS[category])


def status_words(t: Translator, status: ComplaintStatus) -> str:
    return t.gettext(STATUS_WORDS[status])


@ft.component
def ComplaintStatusChip(
    status: ComplaintStatus, identifier: str = "complaint-status"
) -> ft.Control:
    t = use_t()
    done = status is ComplaintStatus.selesai
    return ft.Semantics(identifier=identifier, content=ft.Container(
        padding=ft.Padding.symmetric(horizontal=12, vertical=6), border_radius=16,
        bgcolor=ft.Colors.PRIMARY_CONTAINER if done else ft.Colors.SECONDARY_CONTAINER,
        content=ft.Row(tight=True, spacing=6, controls=[
            ft.Icon(STATUS_ICONS[status], size=18,
                    color=ft.Colors.ON_PRIMARY_CONTAINER if done else ft.Colors.ON_SECONDARY_CONTAINER),
            ft.Text(status_words(t, status), weight=ft.FontWeight.BOLD,
                    color=ft.Colors.ON_PRIMARY_CONTAINER if done else ft.Colors.ON_SECONDARY_CONTAINER),
        ]),
    ))
