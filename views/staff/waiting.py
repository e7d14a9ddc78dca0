"""Beside the counter: today's numbers (served, waiting, no-shows, average service
time) and who waits: checked in, in calling order (a returned ticket with its place),
then booked but not yet arrived, then today's no-shows (who may come back: Q)."""

from __future__ import annotations

import datetime as dt

import flet as ft

from api_client.models import Lane, TicketView
from session.context import use_t
from views.staff.desk_model import Desk
from views.staff.exception_words import place_words
from views.staff.nik_flag import NikFlag, nik_flagged

SHOWN = 30  # a longer list is cut with "and n more"


@ft.component
def TodayNumbers(desk: Desk) -> ft.Control:
    t = use_t()
    _ = t.gettext
    queue = desk.queue

    def shown(value: int | None) -> str:
        return "–" if value is None else t.format_number(value)

    average = "–"
    if queue is not None:
        average = t.format_duration(dt.timedelta(minutes=max(1, round(queue.avg_service_minutes))))
    return ft.ResponsiveRow(spacing=8, run_spacing=8, controls=[
        Stat(_("Dilayani"), shown(queue.served if queue else None), "stat-served"),
        Stat(_("Menunggu"), shown(queue.waiting if queue else None), "stat-waiting"),
        Stat(_("Tidak hadir"), shown(queue.no_shows if queue else None), "stat-no-shows"),
        Stat(_("Rata-rata layanan"), average, "stat-average"),
    ])


@ft.component
def Stat(label: str, value: str, identifier: str) -> ft.Control:
    return ft.Container(
        col={"xs": 6}, padding=12, border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH,
        content=ft.Column([
            ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_LARGE),
            ft.Semantics(identifier=identifier, content=ft.Text(
                value, theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM, weight=ft.FontWeight.BOLD,
            )),
        ], spacing=4),
    )


@ft.component
def WaitingList(desk: Desk) -> ft.Control:
    t = use_t()
    _ = t.gettext
    waiting, absent = desk.waiting, desk.not_arrived
    controls: list[ft.Control] = [
        ft.Text(_("Sudah datang, urut panggilan ({n})").format(n=t.format_number(len(waiting))),
                theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD),
    ]
    if not waiting:
        controls.append(ft.Text(_("Belum ada pasien yang sudah check-in."),
                                color=ft.Colors.ON_SURFACE_VARIANT))
    controls.append(Numbers(waiting, "waiting-list"))
    controls.append(ft.Text(_("Belum datang ({n})").format(n=t.format_number(len(absent))),
                            theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD))
    if not absent:
        controls.append(ft.Text(_("Semua pasien yang mendaftar sudah datang."),
                                color=ft.Colors.ON_SURFACE_VARIANT))
    controls.append(Numbers(absent, "absent-list"))
    skipped = desk.skipped
    if skipped:
        controls.append(ft.Text(_("Tidak hadir, bisa kembali ({n})").format(n=t.format_number(len(skipped))),
                                theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD))
        controls.append(Numbers(skipped, "skipped-list"))
    return ft.Container(
        padding=16, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        content=ft.Column(controls, spacing=10),
    )


@ft.component
def Numbers(tickets: list[TicketView], identifier: str) -> ft.Control:
    t = use_t()
    _ = t.gettext
    rest = len(tickets) - SHOWN
    chips: list[ft.Control] = [NumberChip(ticket) for ticket in tickets[:SHOWN]]
    if rest > 0:
        chips.append(ft.Text(_("dan {n} lainnya").format(n=t.format_number(rest))))
    return ft.Semantics(identifier=identifier, content=ft.Row(chips, wrap=True, spacing=8, run_spacing=8))


@ft.component
def NumberChip(ticket: TicketView) -> ft.Control:
    t = use_t()
    priority = ticket.lane is Lane.priority
    label = ticket.display_number + (" · " + t.gettext("Prioritas") if priority else "")
    if ticket.requeued_calls_left is not None:
        label += " · " + place_words(t, ticket.requeued_calls_left)
    chip = ft.Container(
        padding=ft.Padding.symmetric(horizontal=10, vertical=6), border_radius=8,
        bgcolor=ft.Colors.TERTIARY_CONTAINER if priority else ft.Colors.SURFACE_CONTAINER_HIGHEST,
        content=ft.Text(
            label, weight=ft.FontWeight.BOLD, size=16,
            color=ft.Colors.ON_TERTIARY_CONTAINER if priority else ft.Colors.ON_SURFACE,
        ),
    )
    if not nik_flagged(ticket):
        return chip
    return ft.Row([chip, NikFlag(f"nik-other-phone-{ticket.ticket_id}")], spacing=4, tight=True)
