"""Administrasi (`/admin`): Dinkes and facility admins run the system without editing
files. Behind the staff guard, as the staff console and the dashboard are
(session/staff_session.py, components/staff_guard.py); the sections this account may
use (views/admin/sections.py) in a picker: a rail beside the section on a wide screen,
a dropdown above it on a narrow one. An account with no admin action is told, in a
sentence, that this face is not for it.

The view itself does not scroll: the rail needs the screen's height, and the section
scrolls in its own column beside it (the sign-in form, too, scrolls in its own).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient
from api_client.models import StaffMe
from components.staff_guard import guard_gate, signed_in_actions
from session.context import use_session, use_t
from session.staff_session import use_staff_guard
from session.typed import keyed
from views.admin.sections import AdminSection, sections_for

REFRESH_SECONDS = 20 * 60  # tokens last 30 minutes
WIDE = 840  # from this width the rail sits beside the section


@ft.component
def AdminView() -> ft.View:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    page = ft.context.page
    chosen, set_chosen = ft.use_state("")  # a section's key; "" the first one
    guard = use_staff_guard(client, on_signed_out=lambda: set_chosen(""), refresh_seconds=REFRESH_SECONDS)
    wide = (page.width or 1280) >= WIDE
    body = guard_gate(client, guard)
    if body is None:
        assert guard.staff is not None  # the gate lets only a signed-in account through
        body = AdminBody(client, guard.staff, chosen, set_chosen, guard.expired, wide=wide)
    return ft.View(
        route="/admin",
        appbar=ft.AppBar(title=ft.Text(_("Administrasi")),
                         actions=signed_in_actions(t, guard, show_who=wide)),
        padding=16,
        controls=[ft.SafeArea(content=body, expand=True)],
    )


@ft.component
def AdminBody(
    client: ApiClient, me: StaffMe, chosen: str, on_choose: Callable[[str], None],
    expired: Callable[[], Awaitable[None]], *, wide: bool,
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    sections = sections_for(me)
    if not sections:
        return ft.Semantics(identifier="admin-not-for-you", content=ft.Text(
            _("Administrasi hanya untuk admin faskes dan Dinkes. Akun Anda bekerja di Konsol Petugas."),
            theme_style=ft.TextThemeStyle.BODY_LARGE,
        ))
    current = next((s for s in sections if s.key == chosen), sections[0])
    shown = ft.Column(  # a field at the top keeps its floating label (cut at the edge without the padding)
        [ft.Container(padding=ft.Padding.only(top=8),
                      content=keyed(f"{current.key}-{me.username}", current.component)(client, me, expired))],
        scroll=ft.ScrollMode.AUTO, expand=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
    if wide:
        return ft.Row([SectionRail(sections, current, on_choose), ft.VerticalDivider(width=1), shown],
                      spacing=16, expand=True, vertical_alignment=ft.CrossAxisAlignment.STRETCH)
    return ft.Column([SectionMenu(sections, current, on_choose), shown], spacing=12, expand=True)


@ft.component
def SectionRail(sections: list[AdminSection], current: AdminSection, on_choose: Callable[[str], None]
                ) -> ft.Control:
    t = use_t()

    def changed(e: ft.Event[ft.NavigationRail]) -> None:
        index = e.control.selected_index
        if index is not None:
            on_choose(sections[index].key)

    return ft.Semantics(identifier="admin-sections", content=ft.NavigationRail(
        selected_index=sections.index(current), label_type=ft.NavigationRailLabelType.ALL,
        min_width=120, on_change=changed, destinations=[
            ft.NavigationRailDestination(icon=s.icon, label=s.label(t)) for s in sections
        ],
    ))


@ft.component
def SectionMenu(sections: list[AdminSection], current: AdminSection, on_choose: Callable[[str], None]
                ) -> ft.Control:
    t = use_t()
    _ = t.gettext

    def changed(e: ft.Event[ft.Dropdown]) -> None:
        if e.control.value:
            on_choose(e.control.value)

    return ft.Semantics(identifier="admin-sections", label=_("Bagian"), content=ft.Dropdown(
        label=_("Bagian"), value=current.key, on_select=changed, options=[
            ft.DropdownOption(key=s.key, text=s.label(t), leading_icon=s.icon) for s in sections
        ],
    ))
