"""Who is at the counter: the patient's name, age, payer, lane reason, the doctor chosen
when booking, and booking code, under the number. Read once per ticket that reaches
the counter (`Desk.patient`, from `GET /tickets/{id}/patient`, audited by the
service), never from the polled list.
Staff only; a citizen's or the TV's screen never shows a name."""

from __future__ import annotations

import flet as ft

from api_client.identity import format_booking_code
from api_client.models import Lane, PatientAtDesk, Payer
from components.lanes import REASON_LABELS
from session.context import use_t
from session.i18n import Translator, error_message
from session.theme import MONO_FONT

CARD_HEIGHT = 116  # the same while loading and when shown: nothing below it jumps


def age_text(t: Translator, patient: PatientAtDesk) -> str | None:
    """`36 tahun`; a child under 2 in months: `20 bulan`, `kurang dari 1 bulan`."""
    if patient.age_years is None or patient.age_months is None:
        return None
    if patient.age_years >= 2:
        return t.ngettext("{n} tahun", "{n} tahun", patient.age_years).format(n=patient.age_years)
    if patient.age_months == 0:
        return t.gettext("kurang dari 1 bulan")
    return t.ngettext("{n} bulan", "{n} bulan", patient.age_months).format(n=patient.age_months)


def payer_text(t: Translator, patient: PatientAtDesk) -> str:
    """`JKN · •••••••••1234`, `Bayar sendiri`, or that the payer is not recorded (a walk-in)."""
    _ = t.gettext
    if patient.payer is Payer.jkn:
        card = (patient.bpjs_masked or "").replace("*", "•")
        return " · ".join(p for p in (_("JKN"), card) if p)
    if patient.payer is Payer.non_jkn:
        return _("Bayar sendiri")
    return _("Penjamin belum dicatat")


def lane_text(t: Translator, patient: PatientAtDesk) -> str:
    _ = t.gettext
    if patient.lane is Lane.regular:
        return _("Jalur reguler")
    if patient.priority_reason is None:
        return _("Jalur prioritas")
    return _("Jalur prioritas: {reason}").format(reason=_(REASON_LABELS[patient.priority_reason]))


def doctor_text(t: Translator, patient: PatientAtDesk) -> str | None:
    """The doctor chosen when booking; nothing when any doctor will do."""
    if patient.doctor_name is None:
        return None
    return t.gettext("Dokter: {doctor}").format(doctor=patient.doctor_name)


@ft.component
def PatientCard(patient: PatientAtDesk | None, problem: str | None) -> ft.Control:
    """`patient` None: still being read (or `problem` says why it could not be)."""
    t = use_t()
    _ = t.gettext
    if patient is None:
        words = error_message(t, problem) if problem else _("Membaca data pasien…")
        body: list[ft.Control] = [ft.Row([
            ft.Icon(ft.Icons.ERROR_OUTLINE if problem else ft.Icons.PERSON_SEARCH,
                    color=ft.Colors.ERROR if problem else ft.Colors.ON_SURFACE_VARIANT),
            ft.Text(words, expand=True, color=ft.Colors.ERROR if problem else None),
        ])]
    else:
        facts = [f for f in (age_text(t, patient), payer_text(t, patient) if patient.identified else None,
                             lane_text(t, patient), doctor_text(t, patient)) if f]
        body = [
            ft.Semantics(identifier="patient-name", content=ft.Text(
                patient.name or (_("Nama tidak dicatat") if patient.identified else _("Tanpa identitas")),
                size=26, weight=ft.FontWeight.BOLD, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS,
                italic=patient.name is None,
            )),
            ft.Semantics(identifier="patient-facts", content=ft.Text(
                " · ".join(facts), size=18, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS)),
            ft.Row(wrap=True, spacing=16, controls=[
                ft.Semantics(identifier="patient-code", content=ft.Text(
                    _("Kode booking {code}").format(code=format_booking_code(patient.booking_code)),
                    font_family=MONO_FONT, color=ft.Colors.ON_SURFACE_VARIANT)),
                *([ft.Semantics(identifier="patient-nik", content=ft.Text(
                    _("NIK {nik}").format(nik=patient.nik_masked), font_family=MONO_FONT,
                    color=ft.Colors.ON_SURFACE_VARIANT))] if patient.nik_masked else []),
            ]),
        ]
    card = ft.Semantics(identifier="patient-card", content=ft.Container(
        height=CARD_HEIGHT, padding=ft.Padding.symmetric(horizontal=16, vertical=10), border_radius=12,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), bgcolor=ft.Colors.SURFACE,
        content=ft.Column(body, spacing=2, alignment=ft.MainAxisAlignment.CENTER),
    ))
    # as wide as the panel: a long name or a short one moves nothing
    return ft.Row([ft.Container(expand=True, content=card)])
