"""A service's kind as the citizen faces show it: its icon, and what to do when it
is not booked online (the facility's page and Ambil Nomor's service list)."""

from __future__ import annotations

import flet as ft

from api_client.models import Service, ServiceKind
from session.i18n import Translator

KIND_ICONS = {
    ServiceKind.loket: ft.Icons.FORMAT_LIST_NUMBERED,
    ServiceKind.poli: ft.Icons.MEDICAL_SERVICES,
    ServiceKind.lab: ft.Icons.BIOTECH,
    ServiceKind.apotek: ft.Icons.MEDICATION,
    ServiceKind.ugd: ft.Icons.EMERGENCY,
}


def walk_in_note(t: Translator, service: Service) -> str:
    if service.kind is ServiceKind.ugd:
        return t.gettext("Untuk keadaan darurat: langsung datang ke UGD, tanpa pesan.")
    if service.walkin:
        return t.gettext("Tidak bisa dipesan online. Ambil nomor langsung di tempat.")
    return t.gettext("Tanpa nomor antrean sendiri: pasien diarahkan ke sini dari loket atau poli.")
