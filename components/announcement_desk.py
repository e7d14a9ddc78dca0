"""Pengumuman, in the staff console and the admin face (admins of a facility, and Dinkes
for any): the facility's current and coming announcements and closures, withdrawn ones
marked; write one, see who it affects, publish; change one; withdraw one (a closure's days
reopen, the bookings it cancelled stay cancelled, and the screen says so first)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient
from api_client.models import Announcement, StaffMe
from components.announcement_board import AnnouncementBoard, Done
from components.announcement_card import KIND_ICONS, KIND_LABELS, valid_text
from components.announcement_form import announcement_form, withdrawal_panel
from components.facility_states import RetryButton
from session.context import use_t
from session.i18n import Translator, error_message
from session.typed import use_state_from


@ft.component
def AnnouncementDesk(
    client: ApiClient, staff: StaffMe, on_signed_out: Callable[[], Awaitable[None]]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    board = use_state_from(
        lambda: AnnouncementBoard(client, facility_id=staff.facility_id, on_signed_out=on_signed_out)
    )[0]
    ft.use_effect(board.load, [])

    async def choose(e: ft.Event[ft.Dropdown]) -> None:
        if e.control.value:
            await board.choose_facility(e.control.value)

    heading: list[ft.Control] = [ft.Text(
        _("Pengumuman dan penutupan"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
        weight=ft.FontWeight.BOLD, expand=True,
    )]
    if board.own_facility is None:
        heading.append(ft.Semantics(identifier="announcements-facility", label=_("Faskes"),
                                    content=ft.Dropdown(
            label=_("Faskes"), value=board.facility_id, width=320, on_select=choose,
            options=[ft.DropdownOption(key=f.id, text=f.name) for f in board.facilities],
        )))
    if board.facility_id is not None and board.items is not None:  # once the list has loaded:
        # its read would otherwise hold the draft's buttons while the admin writes
        heading.append(ft.Semantics(identifier="announcement-new", content=ft.FilledButton(
            _("Tulis pengumuman"), icon=ft.Icons.EDIT_NOTE, on_click=board.write,
        )))
    listing: list[ft.Control] = []
    if board.facility is not None:
        listing.append(ft.Text(board.facility.name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM))
    if board.problem and board.items is None:
        listing += [
            ft.Semantics(identifier="announcements-error", content=ft.Text(
                error_message(t, board.problem[0], board.problem[1]), color=ft.Colors.ERROR)),
            ft.Row([RetryButton(board.load)]),
        ]
    elif board.facility_id is None:
        listing.append(ft.Text(_("Pilih faskes untuk melihat dan menulis pengumumannya.")))
    elif board.items is None:
        listing.append(ft.ProgressRing())
    elif not board.items:
        listing.append(ft.Text(_("Belum ada pengumuman yang berlaku hari ini atau sesudahnya.")))
    listing += [announcement_row(t, a, board) for a in board.items or []]
    if board.draft is not None:
        detail: ft.Control = announcement_form(t, ft.context.page, board)
    elif board.withdrawing is not None:
        detail = withdrawal_panel(t, board)
    else:
        detail = ft.Text(_("Tulis pengumuman baru, atau pilih Ubah atau Cabut pada salah satu pengumuman."))
    top = ft.Row(heading, spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    controls: list[ft.Control] = [top]
    if board.done is not None:
        controls.append(DoneLine(board.done))
    controls.append(ft.ResponsiveRow(spacing=16, run_spacing=16, controls=[
        ft.Semantics(identifier="announcement-list", col={"xs": 12, "lg": 5}, content=ft.Column(
            listing, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )),
        ft.Column([detail], col={"xs": 12, "lg": 7}, spacing=12,
                  horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
    ]))
    return ft.Column(controls, spacing=16)


def announcement_row(t: Translator, announcement: Announcement, board: AnnouncementBoard) -> ft.Control:
    _ = t.gettext
    where = board.service_names.get(announcement.service_id or 0, _("Seluruh faskes"))
    withdrawn = announcement.withdrawn_at is not None

    async def withdraw() -> None:
        await board.ask_withdrawal(announcement)

    lines: list[ft.Control] = [
        ft.Row(spacing=8, controls=[
            ft.Icon(KIND_ICONS[announcement.kind],
                    color=ft.Colors.OUTLINE if withdrawn else ft.Colors.PRIMARY),
            ft.Text(f"{t.gettext(KIND_LABELS[announcement.kind])} · {where}",
                    theme_style=ft.TextThemeStyle.LABEL_LARGE, expand=True),
        ]),
        ft.Text(announcement.title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD),
        ft.Text(valid_text(t, announcement), theme_style=ft.TextThemeStyle.BODY_MEDIUM),
    ]
    if withdrawn:
        lines.append(ft.Semantics(identifier=f"announcement-withdrawn-{announcement.id}", content=ft.Text(
            _("Dicabut"), color=ft.Colors.ERROR, weight=ft.FontWeight.BOLD,
        )))
    elif announcement.absence_id is not None:  # it changes with the doctor's absence only
        lines.append(ft.Semantics(identifier=f"announcement-of-absence-{announcement.id}", content=ft.Text(
            _("Dari catatan dokter tidak praktik: diubah atau dicabut di bagian Dokter."),
            theme_style=ft.TextThemeStyle.BODY_SMALL, italic=True,
        )))
    else:
        lines.append(ft.Row(spacing=8, controls=[
            ft.Semantics(identifier=f"announcement-edit-{announcement.id}", content=ft.OutlinedButton(
                _("Ubah"), icon=ft.Icons.EDIT, height=44, disabled=board.busy,
                on_click=lambda: board.edit(announcement),
            )),
            ft.Semantics(identifier=f"announcement-withdraw-{announcement.id}", content=ft.OutlinedButton(
                _("Cabut"), icon=ft.Icons.UNDO, height=44, disabled=board.busy,
                on_click=withdraw,
            )),
        ]))
    chosen = announcement.id in (board.draft.editing if board.draft else None,
                                 board.withdrawing.id if board.withdrawing else None)
    return ft.Semantics(identifier=f"announcement-row-{announcement.id}", selected=chosen, content=ft.Card(
        content=ft.Container(ft.Column(lines, spacing=6), padding=16,
                             opacity=0.6 if withdrawn else 1.0),
    ))


def done_sentence(t: Translator, done: Done) -> str:
    p = done.params
    match done.kind:
        case "published":
            return t.ngettext(
                "“{title}” diterbitkan; {n} pasien yang sudah booking diberi tahu.",
                "“{title}” diterbitkan; {n} pasien yang sudah booking diberi tahu.", p["cancelled"],
            ).format(title=done.title, n=p["cancelled"])
        case "changed":
            return t.ngettext(
                "“{title}” diubah; {n} pasien yang sudah booking diberi tahu.",
                "“{title}” diubah; {n} pasien yang sudah booking diberi tahu.", p["cancelled"],
            ).format(title=done.title, n=p["cancelled"])
        case "withdrawn" if not p["reopened"]:
            return t.gettext("“{title}” dicabut; warga tidak melihatnya lagi.").format(title=done.title)
        case "withdrawn":
            return t.ngettext(
                "“{title}” dicabut; booking dibuka lagi. {n} booking yang sudah dibatalkan tetap batal.",
                "“{title}” dicabut; booking dibuka lagi. {n} booking yang sudah dibatalkan tetap batal.",
                p["stay_cancelled"],
            ).format(title=done.title, n=p["stay_cancelled"])
    return ""


@ft.component
def DoneLine(done: Done) -> ft.Control:
    sentence = done_sentence(use_t(), done)
    line = ft.Container(
        padding=12, border_radius=8, bgcolor=ft.Colors.SECONDARY_CONTAINER,
        content=ft.Row([
            ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.ON_SECONDARY_CONTAINER),
            ft.Text(sentence, expand=True, color=ft.Colors.ON_SECONDARY_CONTAINER),
        ]),
    )
    return ft.Semantics(identifier="announcements-notice", live_region=True, key=sentence, content=line)
