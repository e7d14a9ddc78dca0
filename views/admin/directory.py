"""Direktori in the admin face (`manage_directory`: a facility's admin, or Dinkes for
any): the facility's facts and opening hours, its unconfirmed marks cleared one by
one ("dikonfirmasi oleh … pada …"), its services added, renamed, disabled, and their
quotas per weekday, minutes and counters changed from a chosen date.

`DirectorySection(client, me, expired)` is the section's component, as every admin
section's (views/admin/sections.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient
from api_client.models import StaffMe
from components.facility_states import RetryButton
from session.context import use_t
from session.i18n import Translator, error_message
from session.typed import use_state_from
from views.admin.directory_facility import MARK_LABELS, facility_panel, marks_panel
from views.admin.directory_model import DirectoryDesk, Done
from views.admin.directory_services import service_form, services_panel


@ft.component
def DirectorySection(client: ApiClient, me: StaffMe, expired: Callable[[], Awaitable[None]]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    desk = use_state_from(lambda: DirectoryDesk(client, facility_id=me.facility_id, expired=expired))[0]
    ft.use_effect(desk.load, [])

    async def choose(e: ft.Event[ft.Dropdown]) -> None:
        if e.control.value:
            await desk.choose_facility(e.control.value)

    heading: list[ft.Control] = [ft.Text(_("Direktori faskes"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                                         weight=ft.FontWeight.BOLD, expand=True)]
    if desk.own_facility is None:
        heading.append(ft.Semantics(identifier="directory-facility", label=_("Faskes"), content=ft.Dropdown(
            label=_("Faskes"), value=desk.facility_id, width=320, on_select=choose,
            options=[ft.DropdownOption(key=f.id, text=f.name) for f in desk.facilities],
        )))
    top = ft.Row(heading, spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    controls: list[ft.Control] = [top]
    if desk.done is not None:
        controls.append(ft.Semantics(identifier="directory-notice", content=ft.Text(
            done_sentence(t, desk.done), color=ft.Colors.PRIMARY, weight=ft.FontWeight.BOLD)))
    if desk.problem is not None:
        controls.append(ft.Semantics(identifier="directory-error", content=ft.Text(
            error_message(t, desk.problem[0], desk.problem[1]), color=ft.Colors.ERROR)))
        if desk.data is None:
            controls.append(ft.Row([RetryButton(desk.load)]))
    if desk.facility_id is None:
        controls.append(ft.Text(_("Pilih faskes untuk melihat dan mengubah datanya.")))
    elif desk.data is None:
        if desk.problem is None:
            controls.append(ft.ProgressRing())
    else:
        left: list[ft.Control] = [marks_panel(t, desk), facility_panel(t, desk)]
        right: list[ft.Control] = []
        if desk.form is not None:
            right.append(service_form(t, ft.context.page, desk))
        right.append(services_panel(t, desk))
        controls.append(ft.ResponsiveRow(spacing=16, run_spacing=16, controls=[
            ft.Column(left, col={"xs": 12, "lg": 5}, spacing=12,
                      horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            ft.Column(right, col={"xs": 12, "lg": 7}, spacing=12,
                      horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ]))
    return ft.Column(controls, spacing=16)


def done_sentence(t: Translator, done: Done) -> str:
    _ = t.gettext
    p = done.params
    match done.kind:
        case "facility":
            return _("Data faskes disimpan. Semua layar menampilkannya dalam beberapa menit.")
        case "confirmed":
            label = _(MARK_LABELS[p["field"]]) if p["field"] in MARK_LABELS else p["field"]
            return _("{field} ditandai sudah dikonfirmasi.").format(field=label)
        case "settings":
            return _("Kuota {name} disimpan, berlaku mulai {date}.").format(
                name=p["name"], date=t.format_date(p["date"], "full"))
        case "created":
            return _("{name} ditambahkan.").format(name=p["name"])
        case "disabled":
            return _("{name} dinonaktifkan: tidak bisa dipesan lagi. "
                     "Nomor yang sudah diberikan tetap berlaku.").format(name=p["name"])
        case "enabled":
            return _("{name} diaktifkan lagi.").format(name=p["name"])
        case _:
            return _("{name} disimpan.").format(name=p.get("name", ""))
