"""The guard of the faces behind a staff sign-in (`/staff`, `/dashboard`, and the admin
face to come), drawn once: a spinner while the service is asked who is signed in, the
sign-in form while nobody is, and the face's "Masuk sebagai … / Keluar" once someone
is. The state behind it: session/staff_session.py.

    guard = use_staff_guard(client, on_signed_out=forget_mine)
    gate = guard_gate(client, guard)
    body = gate or MyFace(guard.staff)
    ft.View(..., scroll=face_scroll(gate), controls=[ft.SafeArea(body, expand=gate is not None)])
    appbar = ft.AppBar(title=…, actions=signed_in_actions(t, guard))
"""

from __future__ import annotations

import flet as ft

from api_client import ApiClient
from components.staff_sign_in import SignInForm
from session.i18n import Translator
from session.staff_session import StaffGuard


def guard_gate(client: ApiClient, guard: StaffGuard) -> ft.Control | None:
    """What to show instead of the face; None once someone is signed in. The sign-in
    form scrolls in a column of its own: the face's view must not (`face_scroll`), and
    must give the gate its height (`expand` on what holds it)."""
    if not guard.asked:
        return ft.ProgressRing()
    if guard.staff is None:
        return ft.Column([SignInForm(client, guard.signed_in, guard.ended)],
                         scroll=ft.ScrollMode.AUTO, expand=True)
    return None


def face_scroll(gate: ft.Control | None) -> ft.ScrollMode | None:
    """The scroll of a guarded face's `ft.View`: none while `guard_gate` shows.

    With the view scrolling around the sign-in form, Flutter web took the focus away
    from the autofocused username field a few tens of milliseconds after giving it
    (the DOM `<input>` of the field blurred to nothing) whenever its accessibility
    tree was on (a screen reader; the browser tests): what the clerk typed first went
    nowhere, in 3 to 8 first sign-ins of 10 (tests/browser/test_staff_sign_in_browser.py);
    with the form in a scrolling column of its own, 0 of 10."""
    return ft.ScrollMode.AUTO if gate is None else None


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
            content=_("Keluar"), icon=ft.Icons.LOGOUT, on_click=guard.sign_out,
        )),
        ft.Container(width=8),
    ]
