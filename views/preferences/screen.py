"""Pengaturan: language, text size, high contrast, dark mode, when the ticket says the
turn is near.

Each change applies at once to every screen (`App` watches `Preferences` and re-creates
the translator and theme from it) and is saved to the device or browser right away,
so it is still there in a new tab or after a restart.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import flet as ft

from components.citizen_nav import CitizenNav, Place
from session.context import Session, save_preferences, use_session
from session.near_turn import near_turn_threshold
from session.state import Preferences
from views.preferences.language import LanguageChoice
from views.preferences.near_turn import NearTurnChoice
from views.preferences.privacy_data import PrivacyData
from views.preferences.saved_patients import SavedPatients
from views.preferences.section import PreferenceSection
from views.preferences.switch import PreferenceSwitch
from views.preferences.text_size import TextSizeChoice


async def save(session: Session) -> None:
    """`save_preferences(session)`; while `Preferences.to_json` fails on the observable
    `followed` list (`dataclasses.asdict` cannot rebuild an `ObservableList`), save a
    plain copy instead."""
    try:
        await save_preferences(session)
    except TypeError:
        await session.deps.storage.save("preferences", _plain(session.prefs))


def _plain(prefs: Preferences) -> dict[str, Any]:
    values = {f.name: getattr(prefs, f.name) for f in fields(prefs)}
    return {name: list(v) if isinstance(v, list) else v for name, v in values.items()}


@ft.component
def PreferencesView() -> ft.View:
    session = use_session()
    prefs = session.prefs
    _ = session.t.gettext

    async def choose_language(language: str) -> None:
        if language != prefs.language:
            prefs.language = language
            await save(session)

    async def choose_text_scale(scale: float) -> None:
        if scale != prefs.text_scale:
            prefs.text_scale = scale
            await save(session)

    async def set_high_contrast(on: bool) -> None:
        prefs.high_contrast = on
        await save(session)

    async def set_dark(on: bool) -> None:
        prefs.dark = on
        await save(session)

    async def choose_near_turn(people_ahead: int) -> None:
        prefs.near_turn = people_ahead
        await save(session)

    near_turn = near_turn_threshold(session.deps.settings, prefs)
    language = LanguageChoice(prefs.language, prefs.text_scale, choose_language)
    text_size = TextSizeChoice(prefs.text_scale, choose_text_scale)
    high_contrast = PreferenceSwitch(
        "high-contrast",
        _("Kontras tinggi"),
        _("Warna lebih tegas agar tulisan lebih mudah dibaca."),
        prefs.high_contrast,
        prefs.text_scale,
        set_high_contrast,
    )
    dark = PreferenceSwitch(
        "dark-mode",
        _("Mode gelap"),
        _("Latar gelap, lebih nyaman di tempat redup."),
        prefs.dark,
        prefs.text_scale,
        set_dark,
    )
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Pengaturan"))),
        navigation_bar=CitizenNav(Place.preferences),
        scroll=ft.ScrollMode.AUTO,
        padding=ft.Padding.symmetric(horizontal=16, vertical=12),
        spacing=20,
        controls=[
            PreferenceSection(_("Bahasa"), [language]),
            PreferenceSection(
                _("Ukuran tulisan"), [text_size], help_text=_("Berlaku untuk tulisan di semua layar.")
            ),
            PreferenceSection(_("Tampilan"), [high_contrast, dark]),
            PreferenceSection(
                _("Tanda giliran sudah dekat"),
                [NearTurnChoice(near_turn, prefs.text_scale, choose_near_turn)],
                help_text=_("Tiket yang sedang dibuka berbunyi, bergetar, dan menampilkan "
                            "pemberitahuan saat giliran Anda sudah dekat."),
            ),
            SavedPatients(),
            PrivacyData(),
            ft.Text(
                _("Pilihan Anda langsung dipakai dan disimpan di perangkat ini."),
                theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                color=ft.Colors.ON_SURFACE_VARIANT,
            ),
        ],
    )
