"""The survey's last, optional part: "Tentang Anda (boleh dilewati)". The respondent's
age group, sex, education and job, the categories of the SKM report (PermenPANRB
14/2017), each a row of big choices; nothing here is needed to send, so skipping it
costs no tap. A second tap on a chosen answer takes it back."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import flet as ft

from api_client.models import AgeGroup, Education, Job, RespondentProfile, Sex
from session.context import use_t
from session.i18n import N_

QUESTIONS: tuple[tuple[str, str, dict[StrEnum, str]], ...] = (
    ("age_group", N_("Umur"), {
        AgeGroup.upto_20: N_("Sampai 20 tahun"), AgeGroup.from_21_to_30: N_("21–30 tahun"),
        AgeGroup.from_31_to_40: N_("31–40 tahun"), AgeGroup.from_41_to_50: N_("41–50 tahun"),
        AgeGroup.from_51_to_60: N_("51–60 tahun"), AgeGroup.over_60: N_("Di atas 60 tahun"),
    }),
    ("sex", N_("Jenis kelamin"), {Sex.male: N_("Laki-laki"), Sex.female: N_("Perempuan")}),
    ("education", N_("Pendidikan terakhir"), {
        Education.none: N_("Tidak sekolah"), Education.sd: N_("SD"), Education.smp: N_("SMP"),
        Education.sma: N_("SMA/SMK"), Education.diploma: N_("D1–D3"), Education.s1: N_("D4/S1"),
        Education.s2_up: N_("S2 ke atas"),
    }),
    ("job", N_("Pekerjaan"), {
        Job.civil_servant: N_("PNS/TNI/Polri"), Job.private: N_("Pegawai swasta"),
        Job.entrepreneur: N_("Wirausaha"), Job.farmer_fisher: N_("Petani/nelayan"),
        Job.student: N_("Pelajar/mahasiswa"), Job.homemaker: N_("Ibu rumah tangga"),
        Job.none: N_("Tidak bekerja"), Job.other: N_("Lainnya"),
    }),
)


def given(profile: RespondentProfile) -> RespondentProfile | None:
    """The profile to send: None when every question was skipped."""
    return profile if profile.model_dump(exclude_none=True) else None


@ft.component
def RespondentQuestions(
    profile: RespondentProfile, on_choose: Callable[[str, StrEnum | None], None]
) -> ft.Control:
    """`on_choose(field, value)`; value None: the answer taken back."""
    t = use_t()
    _ = t.gettext

    def group(field: str, heading: str, choices: dict[StrEnum, str]) -> ft.Control:
        current = getattr(profile, field)

        def chooser(value: StrEnum) -> Callable[[], None]:
            return lambda: on_choose(field, None if current == value else value)

        return ft.Column(spacing=8, controls=[
            ft.Text(_(heading), theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.BOLD),
            ft.ResponsiveRow(spacing=8, run_spacing=8, controls=[
                ProfileChoice(_(words), current == value, f"survey-{field}-{value.value}", chooser(value))
                for value, words in choices.items()
            ]),
        ])

    return ft.Semantics(identifier="survey-profile", content=ft.Card(content=ft.Container(
        padding=16,
        content=ft.Column(spacing=16, controls=[
            ft.Text(_("Tentang Anda (boleh dilewati)"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    weight=ft.FontWeight.BOLD),
            ft.Text(_("Hanya dihitung untuk laporan survei, tanpa nama. Lewati saja bila tidak ingin "
                      "mengisi."), theme_style=ft.TextThemeStyle.BODY_LARGE),
            *(group(field, heading, choices) for field, heading, choices in QUESTIONS),
        ]),
    )))


@ft.component
def ProfileChoice(label: str, selected: bool, identifier: str, on_click: Callable[[], None]) -> ft.Control:
    """One answer: a wide button (two in a row on a phone), filled with a tick when chosen."""
    button = ft.FilledButton if selected else ft.OutlinedButton
    return ft.Container(col={"xs": 6, "md": 3}, content=ft.Semantics(
        identifier=identifier, selected=selected,
        content=button(
            content=ft.Text(label, text_align=ft.TextAlign.CENTER),
            icon=ft.Icons.CHECK if selected else None,
            width=float("inf"),
            style=ft.ButtonStyle(
                shape=ft.RoundedRectangleBorder(radius=12),
                padding=ft.Padding.symmetric(horizontal=8, vertical=14),
            ),
            on_click=on_click,
        ),
    ))
