"""The console's title bar: where to go from here (the queue, complaints, announcements,
Administrasi) and who is signed in, with Keluar. On a wide screen each is a button; on
a narrow one (a phone, a small tablet) they fold into one menu, so the title keeps its
room and Keluar is never pushed off the screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from session.i18n import Translator
from session.staff_session import StaffGuard

MENU_BELOW = 840  # narrower than this: one menu (at 360 px the Basa Jawa title was cut)
WHO_FROM = 1200  # "Masuk sebagai …" beside the buttons only where it fits


@dataclass(frozen=True)
class Destination:
    """One place the bar leads to: `identifier` of its button, its words and icon."""

    identifier: str
    label: str
    icon: ft.IconData
    go: Callable[[], object]


def part_destination(t: Translator, part: str, target: str, on_switch: Callable[[str], None]) -> Destination:
    """To `target` ("complaints" or "announcements"), or back to the queue when there."""
    _ = t.gettext
    there = part == target
    words, icon, identifier = {
        "complaints": (_("Pengaduan"), ft.Icons.FEEDBACK, "staff-part"),
        "announcements": (_("Pengumuman"), ft.Icons.CAMPAIGN, "staff-announcements"),
    }[target]
    return Destination(identifier, _("Antrean") if there else words,
                       ft.Icons.CONFIRMATION_NUMBER if there else icon,
                       lambda: on_switch("queue" if there else target))


def bar_actions(
    t: Translator, destinations: list[Destination], guard: StaffGuard, *, width: float
) -> list[ft.Control]:
    """The app bar's actions for a window `width` px wide."""
    _ = t.gettext
    if guard.staff is None:
        return []
    if width >= MENU_BELOW:
        buttons: list[ft.Control] = [
            ft.Semantics(identifier=d.identifier, content=ft.TextButton(
                content=d.label, icon=d.icon, on_click=_going(d.go)))
            for d in destinations
        ]
        if width >= WHO_FROM:
            buttons.append(ft.Semantics(identifier="staff-who", content=ft.Text(
                _("Masuk sebagai {username}").format(username=guard.staff.username),
                theme_style=ft.TextThemeStyle.TITLE_SMALL,
            )))
        return [*buttons, ft.Semantics(identifier="sign-out", content=ft.TextButton(
            content=_("Keluar"), icon=ft.Icons.LOGOUT, on_click=guard.sign_out,
        )), ft.Container(width=8)]
    items = [ft.PopupMenuItem(content=ft.Text(
        _("Masuk sebagai {username}").format(username=guard.staff.username)), disabled=True)]
    items += [ft.PopupMenuItem(content=ft.Text(d.label), icon=d.icon, on_click=_going(d.go))
              for d in destinations]
    items.append(ft.PopupMenuItem(content=ft.Text(_("Keluar")), icon=ft.Icons.LOGOUT,
                                  on_click=guard.sign_out))
    return [ft.Semantics(identifier="staff-menu", content=ft.PopupMenuButton(
        icon=ft.Icons.MORE_VERT, tooltip=_("Menu petugas"), items=items,
    ))]


def _going(go: Callable[[], object]) -> Callable[[], None]:
    def click() -> None:
        go()
    return click
