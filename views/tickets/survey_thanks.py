"""After the survey: thanks, and nothing personal (no name, no code, no answers)."""

from __future__ import annotations

import flet as ft

from session.context import use_t


@ft.component
def SurveyThanks(facility_name: str) -> ft.Control:
    t = use_t()
    _ = t.gettext
    page = ft.context.page
    return ft.Semantics(identifier="survey-thanks", live_region=True, content=ft.Column(
        horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=16,
        controls=[
            ft.Icon(ft.Icons.FAVORITE, size=72, color=ft.Colors.PRIMARY),
            ft.Text(_("Terima kasih atas penilaian Anda"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                    weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER),
            ft.Text(
                _("Penilaian Anda membantu {facility} memperbaiki pelayanan. "
                  "Penilaian disimpan tanpa nama.").format(facility=facility_name),
                text_align=ft.TextAlign.CENTER, theme_style=ft.TextThemeStyle.BODY_LARGE,
            ),
            ft.Semantics(identifier="survey-home", content=ft.FilledButton(
                _("Kembali ke Beranda"), icon=ft.Icons.HOME,
                on_click=lambda: page.navigate("/"),
            )),
        ],
    ))
