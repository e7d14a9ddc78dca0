"""One staff account in the admin face's list: who, where, in what state, when last
signed in, and what may be done to it (nothing to one's own account, nor to a
deactivated one)."""

from __future__ import annotations

import flet as ft

from api_client.models import Role, StaffAccount
from session.i18n import Translator
from views.admin.accounts_model import AccountBoard


def role_label(t: Translator, role: Role, *, facility_id: str | None) -> str:
    _ = t.gettext
    if role is Role.admin and facility_id is None:
        return _("Dinkes")
    return {
        Role.loket: _("Loket"), Role.poli: _("Poli"), Role.apotek: _("Apotek"),
        Role.admin: _("Admin faskes"), Role.kiosk: _("Kiosk"),
    }[role]


def state_words(t: Translator, account: StaffAccount) -> list[str]:
    _ = t.gettext
    words = [_("Aktif") if account.active else _("Nonaktif")]
    if account.totp_enabled:
        words.append(_("Aplikasi autentikator aktif"))
    elif account.totp_required:
        words.append(_("Wajib aplikasi autentikator (belum dipasang)"))
    if account.active and account.password_change_required:
        words.append(_("Kata sandi sekali pakai belum diganti"))
    if account.last_signed_in_at is None:
        words.append(_("Belum pernah masuk"))
    else:
        words.append(_("Terakhir masuk {when}").format(
            when=f"{t.format_date(account.last_signed_in_at, 'medium')} "
                 f"{t.format_time(account.last_signed_in_at)}"))
    return words


def account_row(t: Translator, account: StaffAccount, board: AccountBoard) -> ft.Control:
    _ = t.gettext
    where = role_label(t, account.role, facility_id=account.facility_id)
    if account.facility_id is not None:
        where = f"{where} · {board.facility_name(account.facility_id)}"
    lines: list[ft.Control] = [
        ft.Row(spacing=8, controls=[
            ft.Icon(ft.Icons.PERSON if account.active else ft.Icons.PERSON_OFF,
                    color=ft.Colors.PRIMARY if account.active else ft.Colors.OUTLINE),
            ft.Text(account.username, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    weight=ft.FontWeight.BOLD, expand=True),
        ]),
        ft.Text(where, theme_style=ft.TextThemeStyle.LABEL_LARGE),
        ft.Semantics(identifier=f"account-state-{account.id}", content=ft.Text(
            " · ".join(state_words(t, account)), theme_style=ft.TextThemeStyle.BODY_MEDIUM,
            color=ft.Colors.ON_SURFACE_VARIANT,
        )),
    ]
    async def toggle_totp() -> None:
        await board.toggle_totp(account)

    if account.active and account.username != board.me.username:
        lines.append(ft.Row(spacing=8, wrap=True, controls=[
            ft.Semantics(identifier=f"account-reset-{account.id}", content=ft.OutlinedButton(
                _("Atur ulang kata sandi"), icon=ft.Icons.LOCK_RESET, height=44, disabled=board.busy,
                on_click=lambda: board.ask("reset", account),
            )),
            ft.Semantics(identifier=f"account-totp-{account.id}", content=ft.OutlinedButton(
                _("Tidak wajib autentikator") if account.totp_required else _("Wajibkan autentikator"),
                icon=ft.Icons.PHONELINK_LOCK, height=44, disabled=board.busy,
                on_click=toggle_totp,
            )),
            ft.Semantics(identifier=f"account-deactivate-{account.id}", content=ft.OutlinedButton(
                _("Nonaktifkan"), icon=ft.Icons.BLOCK, height=44, disabled=board.busy,
                on_click=lambda: board.ask("deactivate", account),
            )),
        ]))
    elif not account.active:  # back from leave: signs in again with a new one-time password
        lines.append(ft.Row(spacing=8, wrap=True, controls=[
            ft.Semantics(identifier=f"account-reactivate-{account.id}", content=ft.OutlinedButton(
                _("Aktifkan lagi"), icon=ft.Icons.PERSON_ADD_ALT, height=44, disabled=board.busy,
                on_click=lambda: board.ask("reactivate", account),
            )),
        ]))
    return ft.Semantics(identifier=f"account-row-{account.id}", content=ft.Card(content=ft.Container(
        ft.Column(lines, spacing=6), padding=16, opacity=1.0 if account.active else 0.6,
    )))
