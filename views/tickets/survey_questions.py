"""The nine SKM questions in plain words, each with four answers from worst (1) to
best (4), and the card that asks one of them with four big choices.

The wording follows the sample questionnaire of PermenPANRB 14/2017, said the way
people talk at a puskesmas; the order is U1–U9.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from api_client.models import SkmElement
from session.context import use_t
from session.i18n import N_

QUESTIONS: dict[SkmElement, tuple[str, tuple[str, str, str, str]]] = {
    SkmElement.persyaratan: (
        N_("Apakah syarat pelayanan (misalnya KTP, kartu BPJS, surat rujukan) sesuai dengan yang diumumkan?"),
        (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai")),
    ),
    SkmElement.prosedur: (
        N_("Apakah alur pelayanan, dari mendaftar sampai selesai, mudah diikuti?"),
        (N_("Tidak mudah"), N_("Kurang mudah"), N_("Mudah"), N_("Sangat mudah")),
    ),
    SkmElement.waktu: (
        N_("Seberapa cepat Anda dilayani?"),
        (N_("Tidak cepat"), N_("Kurang cepat"), N_("Cepat"), N_("Sangat cepat")),
    ),
    SkmElement.biaya: (
        N_("Bagaimana biaya yang Anda bayar untuk pelayanan ini?"),
        (N_("Sangat mahal"), N_("Cukup mahal"), N_("Murah"), N_("Gratis")),
    ),
    SkmElement.produk: (
        N_("Apakah pelayanan yang Anda terima sesuai dengan yang dijanjikan?"),
        (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai")),
    ),
    SkmElement.kompetensi: (
        N_("Apakah petugas paham dan mampu melayani Anda?"),
        (N_("Tidak mampu"), N_("Kurang mampu"), N_("Mampu"), N_("Sangat mampu")),
    ),
    SkmElement.perilaku: (
        N_("Apakah petugas sopan dan ramah?"),
        (N_("Tidak sopan dan ramah"), N_("Kurang sopan dan ramah"), N_("Sopan dan ramah"),
         N_("Sangat sopan dan ramah")),
    ),
    SkmElement.pengaduan: (
        N_("Bagaimana tempat menyampaikan keluhan dan saran di sini?"),
        (N_("Tidak ada"), N_("Ada, tetapi tidak ditanggapi"), N_("Ada, tetapi kurang ditanggapi"),
         N_("Ada dan ditanggapi dengan baik")),
    ),
    SkmElement.sarana: (
        N_("Bagaimana keadaan ruang tunggu, toilet, dan peralatan?"),
        (N_("Buruk"), N_("Cukup"), N_("Baik"), N_("Sangat baik")),
    ),
}

FACES = (
    ft.Icons.SENTIMENT_VERY_DISSATISFIED,
    ft.Icons.SENTIMENT_DISSATISFIED,
    ft.Icons.SENTIMENT_SATISFIED,
    ft.Icons.SENTIMENT_VERY_SATISFIED,
)


@ft.component
def SurveyQuestion(
    number: int,
    element: SkmElement,
    chosen: int | None,
    on_choose: Callable[[SkmElement, int], None],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    question, answers = QUESTIONS[element]

    def chooser(value: int) -> Callable[[], None]:
        return lambda: on_choose(element, value)

    choices = [
        SurveyChoice(
            label=_(answer), icon=FACES[value - 1], selected=chosen == value,
            # two questions share their answers ("Sesuai"): read with the question's number
            name=_("{number}. {question}").format(number=number, question=_(answer)),
            identifier=f"survey-{element.value}-{value}",
            on_click=chooser(value),
        )
        for value, answer in enumerate(answers, 1)
    ]
    return ft.Semantics(identifier=f"survey-{element.value}", content=ft.Card(content=ft.Container(
        padding=16,
        content=ft.Column(spacing=12, controls=[
            ft.Text(
                _("{number}. {question}").format(number=number, question=_(question)),
                theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD,
            ),
            ft.ResponsiveRow(choices, spacing=8, run_spacing=8),
        ]),
    )))


@ft.component
def SurveyChoice(
    label: str, icon: ft.IconData, selected: bool, identifier: str, on_click: Callable[[], None],
    *, name: str,
) -> ft.Control:
    """One of four answers: a big button with a face and words; the chosen one filled.
    (The button is a button already: `button=True` here made a second one, read twice.)"""
    button = ft.FilledButton if selected else ft.OutlinedButton
    return ft.Container(col={"xs": 6, "md": 3}, content=ft.Semantics(
        identifier=identifier, selected=selected,
        content=button(
            content=ft.Column(
                [ft.Icon(ft.Icons.CHECK_CIRCLE if selected else icon, size=32),
                 ft.Text(label, semantics_label=name, text_align=ft.TextAlign.CENTER)],
                horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=4, tight=True,
            ),
            width=float("inf"),
            style=ft.ButtonStyle(
                shape=ft.RoundedRectangleBorder(radius=12),
                padding=ft.Padding.symmetric(horizontal=8, vertical=14),
            ),
            on_click=on_click,
        ),
    ))
