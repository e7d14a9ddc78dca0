"""Step 4: consent to use the patient's data for this booking (UU 27/2022), in
plain words: what data, for what, for how long, reminders, and deletion. The text's
version, sent with the booking, is `wizard.CONSENT_VERSION`: change it with the text."""

from __future__ import annotations

import flet as ft

from components.labeled_checkbox import LabeledCheckbox
from session.context import use_t
from views.booking.frame import Notice, PrimaryButton
from views.booking.wizard import BookingWizard


@ft.component
def ConsentPoint(icon: ft.IconData, title: str, body: str) -> ft.Control:
    return ft.Row(
        spacing=12,
        vertical_alignment=ft.CrossAxisAlignment.START,
        controls=[
            ft.Icon(icon, color=ft.Colors.PRIMARY),
            ft.Column(
                expand=True,
                spacing=2,
                controls=[
                    ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            weight=ft.FontWeight.BOLD),
                    ft.Text(body, theme_style=ft.TextThemeStyle.BODY_LARGE),
                ],
            ),
        ],
    )


@ft.component
def ConsentStep(wizard: BookingWizard) -> ft.Control:
    _ = use_t().gettext
    facility_name = wizard.facility.name if wizard.facility else ""
    service_name = wizard.service.name if wizard.service else ""
    agreed, missing = wizard.agreed, wizard.consent_missing
    points = [
        (ft.Icons.BADGE_OUTLINED, _("Data yang dipakai"),
         _("Nama, NIK, nomor HP, tanggal lahir, dan nomor kartu BPJS (jika pakai BPJS).")),
        (ft.Icons.LOCAL_HOSPITAL_OUTLINED, _("Untuk apa"),
         _("Hanya untuk pendaftaran antrean ini: {service} di {facility}. "
           "Petugas memakainya untuk mencocokkan Anda saat datang.").format(
             service=service_name, facility=facility_name)),
        (ft.Icons.SCHEDULE, _("Berapa lama disimpan"),
         _("Paling lama 1 tahun setelah tanggal berobat, lalu dihapus. "
           "Layar antrean hanya menampilkan nomor, tidak pernah nama.")),
        (ft.Icons.NOTIFICATIONS_OFF_OUTLINED, _("Pengingat"),
         _("Kami tidak mengirim pengingat lewat SMS atau WhatsApp tanpa persetujuan terpisah. "
           "Menolak pengingat tidak mengubah antrean Anda.")),
        (ft.Icons.DELETE_OUTLINE, _("Melihat atau menghapus data"),
         _("Anda boleh meminta salinan data Anda atau meminta data dihapus. "
           "Sampaikan ke petugas loket pendaftaran {facility}.").format(facility=facility_name)),
    ]
    controls: list[ft.Control] = [ConsentPoint(*p) for p in points]
    controls.append(
        LabeledCheckbox(
            "consent-check",
            _("Saya sudah membaca dan setuju data saya dipakai untuk pendaftaran ini."),
            agreed,
            wizard.agree,
            error=missing and not agreed,
        )
    )
    if missing and not agreed:
        controls.append(
            Notice(_("Centang tanda setuju dulu untuk melanjutkan."), error=True,
                   identifier="consent-missing")
        )
    controls.append(PrimaryButton("consent-next", _("Lanjut"), wizard.consent_next,
                                  icon=ft.Icons.ARROW_FORWARD))
    return ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
