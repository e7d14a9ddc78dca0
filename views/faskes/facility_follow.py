"""Follow a facility: its announcements then show on Beranda. Saved with the
user's preferences on this device."""

from __future__ import annotations

from dataclasses import fields

import flet as ft

from session.context import Session, save_preferences, use_session
from session.state import Preferences


async def save_followed(session: Session) -> None:
    """`save_preferences`, or a plain copy while `Preferences.to_json` cannot copy the
    observable `followed` list (`dataclasses.asdict` fails on an `ObservableList`)."""
    try:
        await save_preferences(session)
    except TypeError:
        prefs = session.prefs
        plain = {f.name: getattr(prefs, f.name) for f in fields(prefs)}
        await session.deps.storage.save(
            "preferences", {k: list(v) if isinstance(v, list) else v for k, v in plain.items()}
        )


@ft.component
def FollowButton(facility_id: str, prefs: Preferences) -> ft.Control:
    """`prefs` is an argument so this button re-renders when it changes."""
    session = use_session()
    _ = session.t.gettext
    following = facility_id in prefs.followed

    async def toggle() -> None:
        if facility_id in prefs.followed:
            prefs.followed = [f for f in prefs.followed if f != facility_id]
        else:
            prefs.followed = [*prefs.followed, facility_id]
        await save_followed(session)

    if following:
        button: ft.Control = ft.OutlinedButton(
            _("Berhenti mengikuti"), icon=ft.Icons.NOTIFICATIONS_OFF, on_click=toggle
        )
    else:
        button = ft.FilledTonalButton(
            _("Ikuti pengumuman"), icon=ft.Icons.NOTIFICATIONS_ACTIVE, on_click=toggle
        )
    return ft.Column(
        [
            ft.Semantics(identifier="follow-facility", content=button),
            ft.Text(
                _("Pengumuman faskes ini tampil di Beranda.") if following
                else _("Ikuti untuk melihat pengumuman faskes ini di Beranda."),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
            ),
        ],
        spacing=4,
    )
