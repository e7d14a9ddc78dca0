"""The guard of the faces behind a staff sign-in (`/staff`, `/dashboard`, and the admin
face to come), drawn once: a spinner while the service is asked who is signed in, the
sign-in form while nobody is, and the face's "Masuk sebagai … / Keluar" once someone
is. The state behind it: session/staff_session.py.

    guard = use_staff_guard(client, on_signed_out=forget_mine)
    body = guard_gate(client, guard) or MyFace(guard.staff)
    appbar = ft.AppBar(title=…, actions=signed_in_actions(t, guard))
"""

from __future__ import annotations

import flet as ft

from api_client import ApiClient
from components.staff_sign_in import SignInForm
from session.i18n import Translator
from session.staff_session import StaffGuard


def guard_gate(client: ApiClient, guard: StaffGuard) -> ft.Control | None:
    """What to show instead of the face; None once someone is signed in."""
    if not guard.asked:
        return ft.ProgressRing()
    if guard.staff is None:
        return SignInForm(client, guard.signed_in, guard.ended)
    return None


def signed_in_actions(t: Translator, guard: StaffGuard, *, show_who: bool = True) -> list[ft.Control]:
    """The app bar's "Masuk sebagai {username}" (left out where there is no room) and
    Keluar; nothing while nobody is signed in."""
    if guard.staff is None:
        return []
    _ = t.gettext
    who: list[ft.Control] = [ft.Semantics(identifier="staff-who", content=ft.Text(
        _("Masuk sebagai {username}").format(username=guard.staff.username),
        theme_style=ft.TextThemeStyle.TITLE_SMALL,
    ))] if show_who else []
    return [
        *who,
        ft.Semantics(identifier="sign-out", content=ft.TextButton(
            content=_("Keluar"), icon=ft.Icons.LOGOUT, height=48, on_click=guard.sign_out,
        )),
        ft.Container(width=8),
    ]
