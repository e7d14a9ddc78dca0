"""Akun petugas, a section of the admin face: the accounts within reach with their role,
facility, state, authenticator app and last sign-in; create one (its one-time password
shown once); deactivate one, reset its password (each confirmed first), require an
authenticator app. Dinkes sees every facility (or picks one); an admin their own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient
from api_client.models import StaffAccountIssued, StaffMe
from components.facility_states import RetryButton
from session.context import use_t
from session.i18n import Translator, error_message
from session.theme import MONO_FONT
from session.typed import use_state_from
from views.admin.account_row import account_row, role_label
from views.admin.accounts_model import CREATABLE_ROLES, AccountBoard, Done

ALL = "semua"  # the filter's key for every facility (Dinkes)
DINKES = "dinkes"  # the form's key for a Dinkes account (no facility)


@ft.component
def AccountsSection(client: ApiClient, me: StaffMe, expired: Callable[[], Awaitable[None]]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    board = use_state_from(lambda: AccountBoard(client, me, on_signed_out=expired))[0]
    ft.use_effect(board.load, [])

    async def choose(e: ft.Event[ft.Dropdown]) -> None:
        await board.choose_facility(None if e.control.value in (None, ALL) else e.control.value)

    tools: list[ft.Control] = []
    if board.is_dinkes:
        tools.append(ft.Semantics(identifier="accounts-facility", label=_("Faskes"), content=ft.Dropdown(
            label=_("Faskes"), value=board.facility_filter or ALL, width=300, on_select=choose,
            enable_filter=True, editable=True,
            options=[ft.DropdownOption(key=ALL, text=_("Semua faskes")),
                     *[ft.DropdownOption(key=f.id, text=f.name) for f in board.facilities]],
        )))
    tools.append(ft.Semantics(identifier="account-new", content=ft.FilledButton(
        _("Buat akun"), icon=ft.Icons.PERSON_ADD, on_click=board.write,
        disabled=board.accounts is None,
    )))
    controls: list[ft.Control] = [
        ft.Text(_("Akun petugas"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
        ft.Row(tools, spacing=12, run_spacing=12, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER),
    ]
    if board.issued is not None:
        controls.append(OneTimePassword(board.issued, board.written_down))
    if board.done is not None:
        controls.append(DoneLine(board.done))
    if board.problem is not None and board.accounts is not None:
        controls.append(ft.Semantics(identifier="accounts-error", live_region=True, content=ft.Text(
            error_message(t, *board.problem), color=ft.Colors.ERROR)))
    if board.draft is not None:
        controls.append(new_account_form(t, board))
    if board.asked is not None:
        controls.append(confirmation(t, board))
    controls.append(listing(t, board))
    return ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def listing(t: Translator, board: AccountBoard) -> ft.Control:
    _ = t.gettext
    rows: list[ft.Control] = []
    if board.problem is not None and board.accounts is None:
        rows += [ft.Semantics(identifier="accounts-error", content=ft.Text(
            error_message(t, *board.problem), color=ft.Colors.ERROR)), ft.Row([RetryButton(board.load)])]
    elif board.accounts is None:
        rows.append(ft.ProgressRing())
    elif not board.accounts:
        rows.append(ft.Text(_("Belum ada akun petugas di sini.")))
    rows += [account_row(t, a, board) for a in board.accounts or []]
    return ft.Semantics(identifier="account-list", content=ft.Column(
        rows, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))


def new_account_form(t: Translator, board: AccountBoard) -> ft.Control:
    _ = t.gettext
    draft = board.draft
    assert draft is not None

    def problem(field: str) -> str | None:
        found = board.field_errors.get(field)
        return error_message(t, *found) if found else None

    def role_chosen(e: ft.Event[ft.Dropdown]) -> None:
        if e.control.value:
            board.edit(role=next(r for r in CREATABLE_ROLES if r.value == e.control.value))

    def facility_chosen(e: ft.Event[ft.Dropdown]) -> None:
        board.edit(facility_id=None if e.control.value == DINKES else e.control.value)

    fields: list[ft.Control] = [
        ft.Text(_("Akun baru"), theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD),
        ft.Semantics(identifier="account-username", content=ft.TextField(
            label=_("Nama pengguna"), value=draft.username, autofocus=True, error=problem("username"),
            error_max_lines=3, helper=_("Contoh: loket.pkm-sulang (huruf kecil, angka, titik, tanda hubung)"),
            on_change=lambda e: board.edit(username=e.control.value), on_submit=board.create,
        )),
        full_width("account-role", _("Peran"), ft.Dropdown(
            label=_("Peran"), value=draft.role.value, on_select=role_chosen, error_text=problem("role"),
            options=[ft.DropdownOption(key=r.value, text=role_label(t, r, facility_id="-"))
                     for r in CREATABLE_ROLES], expand=True,
        )),
    ]
    if board.is_dinkes:
        choices = [ft.DropdownOption(key=f.id, text=f.name) for f in board.facilities]
        if draft.role.value == "admin":
            choices.insert(0, ft.DropdownOption(key=DINKES, text=_("Dinkes (semua faskes)")))
        shown = draft.facility_id or (DINKES if draft.role.value == "admin" else None)
        fields.append(full_width("account-facility", _("Faskes akun"), ft.Dropdown(
            label=_("Faskes akun"), value=shown, enable_filter=True, editable=True, expand=True,
            on_select=facility_chosen, error_text=problem("facility_id"), options=choices,
        )))
    else:
        own = board.facility_name(draft.facility_id)
        fields.append(ft.Text(_("Faskes: {facility}").format(facility=own)))
    fields += [
        ft.Text(_("Akun baru mendapat kata sandi sekali pakai yang ditampilkan satu kali. Pemiliknya "
                  "menggantinya saat pertama kali masuk."), theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Row(spacing=8, wrap=True, controls=[
            ft.Semantics(identifier="account-create", content=ft.FilledButton(
                _("Buat akun"), icon=ft.Icons.CHECK, disabled=board.busy, on_click=board.create)),
            ft.Semantics(identifier="account-cancel", content=ft.OutlinedButton(
                _("Batal"), on_click=board.cancel)),
        ]),
    ]
    return ft.Card(content=ft.Container(padding=16, content=ft.Column(
        fields, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)))


def full_width(identifier: str, label: str, dropdown: ft.Dropdown) -> ft.Control:
    """A dropdown as wide as the form: its name and its tap target where it is drawn."""
    return ft.Semantics(identifier=identifier, label=label, content=ft.Row([dropdown]))


def confirmation(t: Translator, board: AccountBoard) -> ft.Control:
    _ = t.gettext
    asked = board.asked
    assert asked is not None
    name = asked.account.username
    if asked.kind == "deactivate":
        sentence = _("Nonaktifkan akun {username}? Akun ini tidak bisa masuk lagi, dan sesi yang "
                     "sedang terbuka langsung berakhir.").format(username=name)
        button, icon = _("Nonaktifkan"), ft.Icons.BLOCK
    elif asked.kind == "reactivate":
        sentence = _("Aktifkan lagi akun {username}? Akun ini mendapat kata sandi sekali pakai baru; "
                     "kata sandi lamanya tidak berlaku lagi.").format(username=name)
        button, icon = _("Aktifkan lagi"), ft.Icons.PERSON_ADD_ALT
    else:
        sentence = _("Buat kata sandi sekali pakai baru untuk {username}? Kata sandi lamanya tidak "
                     "berlaku lagi, dan sesi yang sedang terbuka langsung berakhir.").format(username=name)
        button, icon = _("Atur ulang kata sandi"), ft.Icons.LOCK_RESET
    return ft.Semantics(identifier="account-confirmation", content=ft.Card(content=ft.Container(
        padding=16, content=ft.Column(spacing=12, controls=[
            ft.Text(sentence, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ft.Row(spacing=8, wrap=True, controls=[
                ft.Semantics(identifier="account-confirm", content=ft.FilledButton(
                    button, icon=icon, disabled=board.busy, on_click=board.confirm)),
                ft.Semantics(identifier="account-confirm-cancel", content=ft.OutlinedButton(
                    _("Batal"), on_click=board.cancel)),
            ]),
        ]),
    )))


@ft.component
def OneTimePassword(issued: StaffAccountIssued, on_written: Callable[[], None]) -> ft.Control:
    """Shown once: gone when the administrator says it is written down (or leaves)."""
    _ = use_t().gettext
    secret = issued.one_time_password
    return ft.Semantics(identifier="one-time-password-panel", live_region=True, content=ft.Container(
        padding=16, border_radius=12, bgcolor=ft.Colors.TERTIARY_CONTAINER,
        content=ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH, controls=[
            ft.Text(_("Kata sandi sekali pakai untuk {username}").format(username=issued.account.username),
                    theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD,
                    color=ft.Colors.ON_TERTIARY_CONTAINER),
            ft.Semantics(identifier="one-time-password", label=secret, content=ft.Text(
                secret, selectable=True, font_family=MONO_FONT, size=24, weight=ft.FontWeight.BOLD,
                color=ft.Colors.ON_TERTIARY_CONTAINER,
            )),
            ft.Text(_("Berikan kata sandi ini langsung kepada pemilik akun. Kata sandi ini hanya "
                      "ditampilkan sekali ini dan harus diganti saat pertama kali masuk."),
                    color=ft.Colors.ON_TERTIARY_CONTAINER),
            ft.Row([ft.Semantics(identifier="one-time-password-done", content=ft.FilledButton(
                _("Sudah saya catat"), icon=ft.Icons.CHECK, on_click=on_written,
            ))]),
        ]),
    ))


def done_sentence(t: Translator, done: Done) -> str:
    _ = t.gettext
    return {
        "deactivated": _("Akun {username} dinonaktifkan; sesi yang terbuka sudah berakhir."),
        "totp_required": _("{username} harus memakai aplikasi autentikator mulai masuk berikutnya."),
        "totp_lifted": _("{username} tidak lagi wajib memakai aplikasi autentikator."),
    }[done.kind].format(username=done.username)


@ft.component
def DoneLine(done: Done) -> ft.Control:
    sentence = done_sentence(use_t(), done)
    return ft.Semantics(identifier="accounts-notice", live_region=True, key=sentence, content=ft.Container(
        padding=12, border_radius=8, bgcolor=ft.Colors.SECONDARY_CONTAINER,
        content=ft.Row([
            ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.ON_SECONDARY_CONTAINER),
            ft.Text(sentence, expand=True, color=ft.Colors.ON_SECONDARY_CONTAINER),
        ]),
    ))
