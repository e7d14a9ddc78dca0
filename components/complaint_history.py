"""A complaint's story, oldest first: sent, then each reply and status change with its
date. Staff see who answered; the person with the code sees "Petugas"."""

from __future__ import annotations

import flet as ft

from api_client.models import Complaint, ComplaintUpdate
from components.complaint_words import status_words
from session.context import use_t
from session.i18n import Translator


@ft.component
def ComplaintHistory(complaint: Complaint) -> ft.Control:
    t = use_t()
    _ = t.gettext
    entries: list[ft.Control] = [
        _entry(t, ft.Icons.SEND, _("Pengaduan dikirim"), t.format_datetime(complaint.created_at, "medium"),
               None, "history-sent"),
    ]
    for n, update in enumerate(complaint.updates, 1):
        entries.append(UpdateEntry(update, n))
    if not complaint.updates:
        entries.append(ft.Text(_("Belum ada balasan dari petugas.")))
    return ft.Semantics(identifier="complaint-history", content=ft.Column(entries, spacing=8))


@ft.component
def UpdateEntry(update: ComplaintUpdate, n: int) -> ft.Control:
    t = use_t()
    _ = t.gettext
    who = update.by or _("Petugas")
    if update.reply:
        title = _("Balasan dari {who}").format(who=who)
    else:
        title = _("Status diubah oleh {who}").format(who=who)
    status = (
        _("Status: {status}").format(status=status_words(t, update.status)) if update.status else None
    )
    return _entry(t, ft.Icons.SUPPORT_AGENT if update.reply else ft.Icons.FLAG, title,
                  t.format_datetime(update.at, "medium"), update.reply, f"history-{n}", status)


def _entry(
    t: Translator, icon: ft.IconData, title: str, when: str, body: str | None, identifier: str,
    status: str | None = None,
) -> ft.Control:
    lines: list[ft.Control] = [
        ft.Text(title, weight=ft.FontWeight.BOLD),
        ft.Text(when, theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    if status:
        lines.append(ft.Text(status))
    if body:
        lines.append(ft.Text(body, theme_style=ft.TextThemeStyle.BODY_LARGE))
    return ft.Semantics(identifier=identifier, content=ft.Container(
        padding=12, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        content=ft.Row(vertical_alignment=ft.CrossAxisAlignment.START, spacing=12, controls=[
            ft.Icon(icon, color=ft.Colors.PRIMARY),
            ft.Column(lines, spacing=4, expand=True),
        ]),
    ))
