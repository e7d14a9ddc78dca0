"""The admin's authenticator app in the staff sign-in: the new key to scan (QR code and
text), then the recovery codes, shown once.

Dinkes and facility admins sign in with a one-time code when the service asks for it
(`LSR_REQUIRE_TOTP`); an admin without an app is led here from the sign-in form.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client.models import TotpEnrolment
from components.qr import QrCode
from session.context import use_t
from session.theme import MONO_FONT


@ft.component
def TotpKey(enrolment: TotpEnrolment) -> ft.Control:
    """The key to put into the app: as a QR code, and as text to type by hand."""
    t = use_t()
    _ = t.gettext
    grouped = " ".join(enrolment.secret[i:i + 4] for i in range(0, len(enrolment.secret), 4))
    return ft.Column([
        ft.Text(_("Akun ini masuk dengan kode dari aplikasi autentikator (misalnya Google "
                  "Authenticator). Pindai kode QR ini dengan aplikasi itu, atau ketik kuncinya, "
                  "lalu isi kode 6 angka yang muncul."), theme_style=ft.TextThemeStyle.BODY_LARGE),
        ft.Row([QrCode(enrolment.otpauth_uri, label=_("Kode QR untuk aplikasi autentikator"),
                       identifier="totp-qr", secret=True)],
               alignment=ft.MainAxisAlignment.CENTER),
        # Selectable text reaches screen readers as an empty field: the label says it
        # (here and for the recovery codes).
        ft.Semantics(identifier="totp-secret", label=grouped, content=ft.Text(
            grouped, selectable=True, font_family=MONO_FONT,
            theme_style=ft.TextThemeStyle.TITLE_MEDIUM, text_align=ft.TextAlign.CENTER,
        )),
    ], spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


@ft.component
def RecoveryCodes(codes: list[str], on_done: Callable[[], Awaitable[None]]) -> ft.Control:
    """Shown once, right after the app is set up."""
    t = use_t()
    _ = t.gettext
    return ft.Container(
        alignment=ft.Alignment.TOP_CENTER,
        content=ft.Container(
            width=440, padding=24, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            content=ft.Column([
                ft.Text(_("Kode pemulihan"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                        weight=ft.FontWeight.BOLD),
                ft.Text(_("Simpan kode-kode ini di tempat yang aman. Bila ponsel Anda hilang, tiap "
                          "kode bisa dipakai sekali sebagai pengganti kode aplikasi. Kode ini tidak "
                          "akan ditampilkan lagi."), theme_style=ft.TextThemeStyle.BODY_LARGE),
                ft.Semantics(identifier="recovery-codes", label=" ".join(codes), content=ft.Text(
                    "\n".join(codes), selectable=True, font_family=MONO_FONT,
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                )),
                ft.Semantics(identifier="recovery-codes-saved", content=ft.FilledButton(
                    content=_("Sudah saya simpan, lanjutkan"), icon=ft.Icons.CHECK,
                    on_click=on_done,
                )),
            ], spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ),
    )
