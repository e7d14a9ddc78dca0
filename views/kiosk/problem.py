"""A problem, said plainly, with the way to the loket and a way back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import flet as ft

from api_client.models import ErrorCode
from session.context import use_t
from session.i18n import N_, Translator, error_message
from views.kiosk.flow import Problem
from views.kiosk.style import BIG, ERROR, INK, PRIMARY, KioskButton, screen

# What the kiosk says for a walk-in refused today (the general messages speak of
# choosing another date, which a walk-in cannot do).
KIOSK_MESSAGES = {
    ErrorCode.quota_full: N_("Nomor antrean layanan ini untuk hari ini sudah habis."),
    ErrorCode.service_closed: N_("Layanan ini sedang tutup, jadi nomor antrean tidak bisa diambil sekarang."),
    ErrorCode.already_booked: N_("Anda sudah punya nomor antrean di layanan ini untuk hari ini."),
    "connection_failed": N_("Anjungan tidak bisa terhubung ke server. Silakan coba lagi sebentar lagi."),
    "timeout": N_("Server terlalu lama menjawab. Silakan coba lagi."),
    ErrorCode.unauthorized: N_("Anjungan ini belum terdaftar. Mohon beri tahu petugas."),
    ErrorCode.forbidden: N_("Anjungan ini tidak boleh melakukan itu. Mohon beri tahu petugas."),
    "kiosk_not_configured": N_(
        "Anjungan ini belum diatur: puskesmasnya belum dipilih. Mohon beri tahu petugas."
    ),
}


def kiosk_message(t: Translator, code: str, params: Mapping[str, object] | None = None) -> str:
    """The kiosk's own sentence for a code, else the app's (`error_message`)."""
    if code in KIOSK_MESSAGES:
        return t.gettext(KIOSK_MESSAGES[code])
    return error_message(t, code, params)


@ft.component
def ProblemScreen(
    problem: Problem, on_retry: Callable[[], Any] | None, on_home: Callable[[], Any]
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    message = kiosk_message(t, problem.code, problem.params)
    parts: list[ft.Control] = [
        ft.Icon(ft.Icons.ERROR_OUTLINE, size=120, color=ERROR),
        ft.Semantics(identifier="kiosk-problem", live_region=True, content=ft.Text(
            message, size=40, weight=ft.FontWeight.BOLD, color=INK, text_align=ft.TextAlign.CENTER)),
    ]
    if problem.to_loket:
        parts.append(ft.Container(
            content=ft.Row(
                [ft.Icon(ft.Icons.DESK, size=56, color=PRIMARY),
                 ft.Semantics(identifier="kiosk-to-loket", content=ft.Text(
                     _("Silakan ke loket pendaftaran."), size=BIG, weight=ft.FontWeight.BOLD,
                     color=PRIMARY))],
                alignment=ft.MainAxisAlignment.CENTER, wrap=True, spacing=16,
            ),
            border=ft.Border.all(3, PRIMARY),
            border_radius=20,
            padding=20,
        ))
    buttons: list[ft.Control] = []
    if on_retry is not None:
        buttons.append(KioskButton(_("Coba lagi"), ft.Icons.REPLAY, on_retry, identifier="problem-retry",
                                   primary=False, col={"xs": 12, "md": 6}))
    buttons.append(KioskButton(_("Kembali ke awal"), ft.Icons.HOME, on_home, identifier="problem-home",
                               col={"xs": 12, "md": 6}))
    parts.append(ft.ResponsiveRow(buttons, spacing=20, run_spacing=20))
    return screen(*parts, spacing=28)
