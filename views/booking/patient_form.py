"""Step 3: who the patient is. A saved profile in one tap, or a plain form checked
field by field as the user leaves each field."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import flet as ft

from api_client.identity import mask_nik
from api_client.models import Payer
from components.kept_patients import kept_where, unreadable_notice
from components.labeled_checkbox import LabeledCheckbox
from session.context import use_t
from session.i18n import error_message
from session.state import SavedProfile
from views.booking.frame import ChoiceButton, PrimaryButton
from views.booking.lane_choice import LaneChoice
from views.booking.wizard import BookingWizard

OnChange = Callable[[str, str], object]
OnBlur = Callable[[str], object]


@ft.component
def PatientField(
    field: str,
    label: str,
    value: str,
    error: str | None,
    on_change: OnChange,
    on_blur: OnBlur,
    *,
    helper: str | None = None,
    hint: str | None = None,
    digits: int | None = None,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    blur_as: str | None = None,
    expand: bool | int | None = None,
) -> ft.Control:
    """One text field; ``digits`` makes it a numbers-only field of that length."""
    return ft.Semantics(
        identifier=f"patient-{field.replace('_', '-')}",
        expand=expand,
        content=ft.TextField(
            label=label,
            value=value,
            error=error,
            error_max_lines=4,
            helper=helper,
            helper_max_lines=3,
            hint_text=hint,
            keyboard_type=ft.KeyboardType.NUMBER if digits else keyboard,
            input_filter=ft.NumbersOnlyInputFilter() if digits else None,
            max_length=digits,
            on_change=lambda e: on_change(field, e.control.value),
            on_blur=lambda: on_blur(blur_as or field),
        ),
    )


@ft.component
def SavedProfiles(
    profiles: list[SavedProfile], chosen_nik: str, on_pick: Callable[[SavedProfile], object]
) -> ft.Control:
    _ = use_t().gettext
    return ft.Column(
        spacing=8,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Text(_("Pasien yang tersimpan di perangkat ini:"),
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            *[
                ChoiceButton(
                    identifier=f"profile-{i}",
                    title=p.name,
                    lines=[_("NIK {nik}").format(nik=mask_nik(p.nik))],
                    selected=p.nik == chosen_nik,
                    on_click=partial(on_pick, p),
                )
                for i, p in enumerate(profiles)
            ],
            ft.Text(_("Atau isi data pasien di bawah ini:"),
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ],
    )


@ft.component
def PatientForm(wizard: BookingWizard, profiles: list[SavedProfile], unreadable: bool = False) -> ft.Control:
    """The wizard's patient, with the patients kept on this device to pick from
    (`unreadable`: there were some, but their box would not open)."""
    t = use_t()
    _ = t.gettext
    draft, problems, payer = wizard.draft, wizard.problems, wizard.payer

    def error(field: str) -> str | None:
        problem = problems.get(field)
        return error_message(t, problem[0], problem[1]) if problem else None

    def field(name: str, label: str, **options: object) -> ft.Control:
        return PatientField(name, label, getattr(draft, name), error(name), wizard.change_field,
                            wizard.leave_field, **options)  # type: ignore[arg-type]

    birth_error = error("birth_date")
    controls: list[ft.Control] = []
    if unreadable:
        controls.append(unreadable_notice(t))
    if profiles:
        controls.append(SavedProfiles(profiles, draft.nik, wizard.pick_profile))
    controls += [
        field("name", _("Nama lengkap pasien"), helper=_("Tulis seperti di KTP atau KK.")),
        field("nik", _("NIK"), digits=16, helper=_("16 angka, ada di KTP atau Kartu Keluarga.")),
        field("phone", _("Nomor HP"), keyboard=ft.KeyboardType.PHONE, hint="0812 3456 7890",
              helper=_("Untuk membuka tiket ini lagi jika ganti HP.")),
        ft.Text(_("Tanggal lahir"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Row(
            spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.START,
            controls=[
                field("birth_day", _("Tanggal"), digits=2, hint="17", blur_as="birth_date",
                      expand=2),
                field("birth_month", _("Bulan"), digits=2, hint="8", blur_as="birth_date",
                      expand=2),
                field("birth_year", _("Tahun"), digits=4, hint="1985", blur_as="birth_date",
                      expand=3),
            ],
        ),
    ]
    if birth_error:
        controls.append(
            ft.Semantics(
                identifier="patient-birth-date-error",
                live_region=True,
                content=ft.Text(birth_error, color=ft.Colors.ERROR),
            )
        )
    if payer is Payer.jkn:
        controls.append(
            field("bpjs_number", _("Nomor kartu BPJS / KIS"), digits=13,
                  helper=_("13 angka, ada di kartu BPJS Kesehatan atau KIS."))
        )
    controls += [
        LaneChoice(wizard),
        LabeledCheckbox("patient-save", _("Simpan data pasien di perangkat ini"),
                        wizard.save_profile, wizard.set_save_profile),
        ft.Semantics(identifier="patient-save-where", content=ft.Text(
            kept_where(t, web=ft.context.page.web), theme_style=ft.TextThemeStyle.BODY_MEDIUM,
        )),
        PrimaryButton("patient-next", _("Lanjut"), wizard.patient_next, icon=ft.Icons.ARROW_FORWARD),
    ]
    return ft.Column(controls, spacing=14, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
