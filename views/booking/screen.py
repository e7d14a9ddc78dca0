"""Ambil Nomor Antrean: the booking wizard (views/booking/wizard.py) on screen, one
step at a time; a booking made is kept on the device and its ticket shown. While open
it follows the service's live stream: the days, places left and doctors are read again
quietly when the service, a doctor or an absence changes, and the places left at most
every half minute while places are taken (`BookingWizard.heed`)."""

from __future__ import annotations

import time
from collections.abc import Callable

import flet as ft

from api_client.models import Booking, ErrorCode
from components.offline_banner import OfflineBanner
from session.context import citizen_channel, save_wallet, use_session, use_t
from session.i18n import Translator, error_message
from session.reread import use_reread
from session.state import SavedProfile
from views.booking.confirm_step import ConfirmStep
from views.booking.consent_step import ConsentStep
from views.booking.day_step import DayStep
from views.booking.frame import BackButton, Notice, StepHeader
from views.booking.patient_form import PatientForm
from views.booking.payer_step import PayerStep
from views.booking.wizard import STEPS, BookingWizard


@ft.component
def BookingView() -> ft.View:
    session = use_session()
    t = use_t()
    _ = t.gettext
    page = ft.context.page
    params = ft.use_route_params()
    facility_id, service_id = params["facility_id"], int(params["service_id"])

    async def booked(booking: Booking, profile: SavedProfile | None) -> None:
        session.wallet.keep_ticket(booking)
        if profile is not None:
            session.wallet.keep_profile(profile)
        await save_wallet(session)
        await page.push_route(f"/tiket/{booking.booking_code}")

    def new_wizard() -> BookingWizard:
        return BookingWizard(session.deps.client, facility_id=facility_id, service_id=service_id,
                             channel=citizen_channel(page), on_booked=booked,
                             saved=list(session.wallet.profiles))

    state: tuple[BookingWizard, Callable[[BookingWizard], None]] = ft.use_state(new_wizard)
    wizard, set_wizard = state

    async def load() -> None:
        opened = wizard
        if (opened.facility_id, opened.service_id) != (facility_id, service_id):
            opened = new_wizard()  # another service's booking: start afresh
            set_wizard(opened)
        await opened.load()

    ft.use_effect(load, [facility_id, service_id])
    use_reread(lambda: session.deps.client.queues.events(wizard.service_id),
               lambda event: wizard.heed(event, time.monotonic()), wizard.reread, [id(wizard)])

    facility, service, step = wizard.facility, wizard.service, wizard.step
    body: list[ft.Control]
    if wizard.error:
        body = [
            Notice(error_message(t, wizard.error), error=True, identifier="booking-load-error"),
            ft.OutlinedButton(content=_("Coba lagi"), icon=ft.Icons.REFRESH, on_click=wizard.load),
        ]
    elif facility is None:
        body = [ft.ProgressRing(semantics_label=_("Memuat jadwal…"))]
    elif service is None:
        body = [Notice(error_message(t, ErrorCode.service_not_found), error=True)]
    else:
        title, subtitle = step_titles(t)[step]
        content = {
            1: lambda: DayStep(wizard),
            2: lambda: PayerStep(wizard),
            3: lambda: PatientForm(wizard, session.wallet.profiles, session.wallet.patients_unreadable),
            4: lambda: ConsentStep(wizard),
            5: lambda: ConfirmStep(wizard, session.wallet.profiles, lambda: page.navigate("/tiket")),
        }[step]()
        body = [
            ft.Text(f"{facility.name} · {service.name}", theme_style=ft.TextThemeStyle.TITLE_SMALL,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            StepHeader(step, STEPS, title, subtitle),
            content,
        ]
        if step > 1:
            body.append(BackButton(wizard.back, disabled=wizard.sending))
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Ambil Nomor"))),
        padding=0,
        controls=[
            ft.Column(
                key=f"booking-step-{step}",  # a new step starts at the top
                scroll=ft.ScrollMode.AUTO,
                expand=True,
                spacing=20,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                controls=[ft.Container(padding=16, content=ft.Column(
                    [OfflineBanner(session.deps.connectivity), *body], spacing=20,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH))],
            )
        ],
    )


def step_titles(t: Translator) -> dict[int, tuple[str, str]]:
    """Each step's question and a plain line under it."""
    _ = t.gettext
    return {
        1: (_("Pilih tanggal berobat"),
            _("Hari apa Anda akan datang? Hari yang tutup atau penuh tidak bisa dipilih.")),
        2: (_("Pilih cara bayar"), _("Apakah Anda berobat dengan BPJS Kesehatan?")),
        3: (_("Data pasien"), _("Siapa yang akan berobat? Isi sesuai KTP atau Kartu Keluarga.")),
        4: (_("Persetujuan data"), _("Bacalah dulu bagaimana data pasien dipakai.")),
        5: (_("Periksa lagi"),
            _("Jika semua sudah benar, tekan tombol di bawah untuk mengambil nomor antrean.")),
    }
