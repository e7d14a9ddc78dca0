"""Step 5: check and take the number. A summary, the doctor when two or more practise
that day (`views.booking.doctor_choice`), one big button, and what to do when it did
not work (quota full: other dates; no connection: try again)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import flet as ft

from api_client.models import ErrorCode, Lane, Payer
from components.lanes import lane_label
from components.secondary_button import SecondaryButton
from session.context import use_t
from session.i18n import error_message
from session.state import SavedProfile
from views.booking.doctor_choice import DoctorChoice
from views.booking.frame import ROUNDED, ChoiceButton, Notice
from views.booking.patient_choice import ChangeableRow, PatientChoice
from views.booking.wizard import BookingWizard, SendProblem

DATE_CODES = frozenset({
    ErrorCode.service_closed, ErrorCode.date_outside_window, ErrorCode.quota_full, ErrorCode.already_booked,
})


@ft.component
def SummaryRow(label: str, value: str) -> ft.Control:
    return ft.Column(
        spacing=0,
        controls=[
            ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_LARGE,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Text(value, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ],
    )


@ft.component
def ProblemPanel(
    problem: SendProblem,
    on_retry: Callable[[], object],
    on_pick_date: Callable[[dt.date], object],
    on_change_date: Callable[[], object],
    on_my_tickets: Callable[[], object],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    if problem.kind == "connection":
        return ft.Column(
            spacing=10,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            controls=[
                Notice(_("Tidak ada koneksi. Data yang Anda isi tetap tersimpan di sini.") + " "
                       + error_message(t, problem.code), error=True,
                       identifier="booking-offline"),
                ft.Semantics(
                    identifier="booking-retry",
                    content=ft.OutlinedButton(
                        content=_("Coba lagi"), icon=ft.Icons.REFRESH, on_click=on_retry,
                        style=ft.ButtonStyle(shape=ROUNDED),
                    ),
                ),
            ],
        )
    controls: list[ft.Control] = [
        Notice(error_message(t, problem.code, problem.params), error=True,
               identifier="booking-error")
    ]
    if problem.kind == "quota_full" and problem.next_available:
        controls.append(ft.Text(_("Tanggal yang masih ada tempat:"),
                                theme_style=ft.TextThemeStyle.TITLE_MEDIUM))
        controls += [
            ChoiceButton(
                identifier=f"next-date-{day.isoformat()}",
                title=t.format_date(day, "full"),
                lines=[],
                on_click=partial(on_pick_date, day),
            )
            for day in problem.next_available
        ]
    elif problem.code in DATE_CODES:
        controls.append(SecondaryButton("booking-change-date", _("Pilih tanggal lain"),
                                  ft.Icons.CALENDAR_MONTH, on_change_date))
    if problem.code in (ErrorCode.already_booked, ErrorCode.phone_booking_limit, ErrorCode.nik_booking_limit):
        controls.append(SecondaryButton("booking-my-tickets", _("Lihat Tiket Saya"),
                                  ft.Icons.CONFIRMATION_NUMBER_OUTLINED, on_my_tickets))
    return ft.Column(controls, spacing=10, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


@ft.component
def ConfirmStep(
    wizard: BookingWizard, profiles: list[SavedProfile], on_my_tickets: Callable[[], object]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    summary, sending, problem = wizard.summary, wizard.sending, wizard.problem
    if summary is None:  # the wizard reaches this step only with a day and a payer
        return ft.Column()
    payer = (_("BPJS Kesehatan (JKN / KIS)") if summary.payer is Payer.jkn
             else _("Umum (tanpa BPJS)"))
    rows: list[ft.Control] = [
        SummaryRow(_("Tempat"), summary.facility_name),
        SummaryRow(_("Layanan"), summary.service_name),
        SummaryRow(_("Tanggal berobat"), t.format_date(summary.service_date, "full")),
        SummaryRow(_("Pembayaran"), payer),
        SummaryRow(_("Pasien"), summary.patient_name),
        SummaryRow(_("NIK"), summary.nik_masked),
        SummaryRow(_("Antrean"), lane_label(t, Lane.priority if wizard.priority else Lane.regular,
                                            wizard.priority)),
    ]
    if wizard.quick:  # the short way: the saved patient, changed here in one tap
        rows[3] = ChangeableRow(rows[3], "booking-other-payer", _("Ganti cara bayar"), wizard.other_payer)
        if wizard.by_age is None:  # lansia and balita are not a choice
            rows[6] = ChangeableRow(rows[6], "booking-other-lane", _("Antrean prioritas?"), wizard.other_lane)
        rows.append(ft.Text(_("Anda sudah menyetujui penggunaan data pasien ini saat memesan "
                              "sebelumnya."), theme_style=ft.TextThemeStyle.BODY_LARGE))
    card: ft.Control = ft.Card(content=ft.Container(padding=16, content=ft.Column(rows, spacing=10)))
    # On the short way, below the button: the number for someone else instead
    others: list[ft.Control] = [PatientChoice(profiles, wizard)] if wizard.quick and not sending else []
    label = _("Sedang mengambil nomor…") if sending else _("Ambil Nomor Antrean")
    button = ft.Semantics(
        identifier="booking-confirm",
        content=ft.FilledButton(
            content=ft.Row(
                alignment=ft.MainAxisAlignment.CENTER,
                wrap=True,
                spacing=12,
                controls=[
                    ft.ProgressRing(width=22, height=22, stroke_width=3) if sending
                    else ft.Icon(ft.Icons.CONFIRMATION_NUMBER),
                    ft.Text(label, theme_style=ft.TextThemeStyle.TITLE_LARGE,
                            weight=ft.FontWeight.BOLD,
                            color=None if sending else ft.Colors.ON_PRIMARY),
                ],
            ),
            on_click=wizard.confirm,
            disabled=sending,
            style=ft.ButtonStyle(shape=ROUNDED, padding=20),
        ),
    )
    doctors = DoctorChoice(wizard)  # only when two or more practise that day
    if problem is None or sending:
        return ft.Column([card, doctors, button, *others], spacing=16,
                         horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    # The problem first, where it is seen; and only its own way out, not the same button.
    panel = ProblemPanel(problem, wizard.confirm, wizard.pick_next_date, wizard.change_date,
                         on_my_tickets)
    dead_end = problem.kind in ("connection", "quota_full") or problem.code in DATE_CODES
    controls: list[ft.Control] = ([panel, card, *others] if dead_end
                                  else [panel, card, doctors, button, *others])
    return ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
