"""One visit in "Data saya": where and when, its number and status, and the
personal data the service holds for it (shown to its owner only, here)."""

from __future__ import annotations

import flet as ft

from api_client.models import VisitExport
from components.ticket_status import status_words
from session.context import use_t


@ft.component
def PrivacyVisit(visit: VisitExport) -> ft.Control:
    t = use_t()
    _ = t.gettext
    status = status_words(t, visit.status)
    held = [
        (_("Nama lengkap pasien"), visit.name),
        (_("NIK"), visit.nik),
        (_("Nomor HP"), visit.phone),
        (_("Nomor kartu BPJS / KIS"), visit.bpjs_number),
        (_("Tanggal lahir"), t.format_date(visit.birth_date, "long") if visit.birth_date else None),
        (_("Persetujuan"), _("versi {version}, {when}").format(
            version=visit.consent_version, when=t.format_datetime(visit.consent_at, "short"),
        ) if visit.consent_version and visit.consent_at else None),
        (_("Persetujuan ditarik"),
         t.format_datetime(visit.consent_withdrawn_at, "short") if visit.consent_withdrawn_at else None),
    ]
    return ft.Card(content=ft.Container(padding=12, content=ft.Column(spacing=4, controls=[
        ft.Text(f"{visit.facility_name} · {visit.service_name}", weight=ft.FontWeight.BOLD),
        ft.Text(f"{t.format_date(visit.service_date, 'long')} · {visit.display_number} · {status}"),
        *(ft.Text(f"{label}: {value}") for label, value in held if value),
    ])))
