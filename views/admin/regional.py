"""Pengumuman kabupaten (Dinkes only): announcements and closures for every facility of
the regency (cuti bersama) or for one kecamatan's (a flood in Sedan). Written, checked
for who it affects (the bookings a closure cancels, each day), then published; withdrawn
with a second tap. The service: server/announcements/regional.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient
from api_client.models import Announcement, AnnouncementKind, StaffMe
from components.announcement_card import KIND_LABELS, valid_text
from session.context import use_t
from session.i18n import Translator, error_message
from session.typed import use_state_from
from views.admin.regional_model import RegionalBoard, RegionalDraft

EVERYWHERE = "all"
SHOWN_FIELDS = ("kind", "kecamatan", "valid_from", "valid_until", "title", "body")


@ft.component
def RegionalSection(client: ApiClient, me: StaffMe, expired: Callable[[], Awaitable[None]]) -> ft.Control:
    t = use_t()
    _ = t.gettext
    board = use_state_from(lambda: RegionalBoard(client, on_signed_out=expired))[0]
    ft.use_effect(board.load, [])
    page = ft.context.page

    heading = ft.Row(wrap=True, spacing=12, controls=[
        ft.Text(_("Pengumuman kabupaten"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                weight=ft.FontWeight.BOLD),
        *([ft.Semantics(identifier="regional-new", content=ft.FilledButton(
            _("Tulis pengumuman"), icon=ft.Icons.EDIT_NOTE, on_click=board.write,
        ))] if board.items is not None and board.draft is None else []),
    ])
    body: list[ft.Control] = [heading, ft.Text(
        _("Untuk semua faskes di Kabupaten Rembang (cuti bersama) atau faskes satu kecamatan "
          "(banjir). Penutupan menutup semua layanan kecuali UGD 24 jam."),
        theme_style=ft.TextThemeStyle.BODY_LARGE)]
    if board.done:
        body.append(ft.Semantics(identifier="regional-done", live_region=True, content=ft.Text(
            _("Pengumuman kabupaten diterbitkan.") if board.done == "published"
            else _("Pengumuman kabupaten dicabut. Booking yang sudah dibatalkan tetap batal."),
            weight=ft.FontWeight.W_600)))
    if board.draft is not None:
        body.append(_draft_form(t, page, board, board.draft))
    elif board.problem:
        body.append(ft.Semantics(identifier="regional-problem", content=ft.Text(
            error_message(t, board.problem[0], board.problem[1]), color=ft.Colors.ERROR)))
    if board.items is None:
        body.append(ft.ProgressRing())
    elif not board.items:
        body.append(ft.Text(_("Belum ada pengumuman kabupaten yang berlaku.")))
    body += [_published(t, board, a) for a in board.items or []]
    return ft.Semantics(identifier="regional", content=ft.Column(
        body, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))


def _published(t: Translator, board: RegionalBoard, announcement: Announcement) -> ft.Control:
    _ = t.gettext
    where = (_("Kecamatan {kecamatan}").format(kecamatan=announcement.kecamatan)
             if announcement.kecamatan else _("Seluruh kabupaten"))
    facts = " · ".join((t.gettext(KIND_LABELS[announcement.kind]), where, valid_text(t, announcement)))
    asking = board.withdrawing == announcement.id

    async def withdraw() -> None:
        await board.withdraw(announcement.id)

    action: ft.Control = ft.Text(_("Dicabut"), color=ft.Colors.ON_SURFACE_VARIANT) \
        if announcement.withdrawn_at else ft.Semantics(
            identifier=f"regional-withdraw-{announcement.id}", content=ft.OutlinedButton(
                _("Ya, cabut pengumuman") if asking else _("Cabut"), disabled=board.busy,
                on_click=withdraw))
    return ft.Container(
        padding=12, border_radius=12, border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        content=ft.Column(spacing=6, controls=[
            ft.Text(announcement.title, weight=ft.FontWeight.BOLD,
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Text(facts),
            *([ft.Text(_("Hari-harinya dibuka lagi untuk booking; yang sudah dibatalkan tetap batal."),
                       color=ft.Colors.ERROR)] if asking else []),
            ft.Row([action], wrap=True),
        ]),
    )


def _draft_form(t: Translator, page: ft.Page, board: RegionalBoard, draft: RegionalDraft) -> ft.Control:
    _ = t.gettext

    def error_of(name: str) -> str | None:
        problem = board.field_errors.get(name)
        return error_message(t, problem[0], problem[1]) if problem else None

    def pick(which: str) -> None:
        current: dt.date = getattr(draft, which)

        def chosen(e: ft.Event[ft.DatePicker]) -> None:
            value = e.control.value
            if isinstance(value, dt.datetime):
                board.set(**{which: value.date()})

        page.show_dialog(ft.DatePicker(
            value=dt.datetime.combine(current, dt.time()),
            first_date=dt.datetime.combine(board.today, dt.time()),
            last_date=dt.datetime.combine(board.today + dt.timedelta(days=366), dt.time()),
            on_change=chosen,
        ))

    def date_button(which: str, label: str) -> ft.Control:
        return ft.Column(spacing=4, controls=[
            ft.Semantics(identifier=f"regional-{which}", content=ft.OutlinedButton(
                icon=ft.Icons.CALENDAR_MONTH, on_click=lambda: pick(which),
                content=label.format(day=t.format_date(getattr(draft, which), "full")))),
            *([ft.Text(error, color=ft.Colors.ERROR)] if (error := error_of(which)) else []),
        ])

    closure = draft.kind is AnnouncementKind.closure
    controls: list[ft.Control] = [
        ft.ResponsiveRow(spacing=12, run_spacing=12, controls=[
            ft.Semantics(identifier="regional-kind", label=_("Jenis"), col={"xs": 12, "md": 6},
                         content=ft.Dropdown(
                label=_("Jenis"), value=draft.kind.value, expand=True, error_text=error_of("kind"),
                options=[ft.DropdownOption(key=k.value, text=t.gettext(KIND_LABELS[k]))
                         for k in AnnouncementKind],
                on_select=lambda e: board.set(kind=AnnouncementKind(e.control.value)))),
            ft.Semantics(identifier="regional-where", label=_("Untuk"), col={"xs": 12, "md": 6},
                         content=ft.Dropdown(
                label=_("Untuk"), value=draft.kecamatan or EVERYWHERE, expand=True,
                error_text=error_of("kecamatan"),
                options=[ft.DropdownOption(key=EVERYWHERE, text=_("Seluruh kabupaten"))]
                + [ft.DropdownOption(key=k, text=_("Kecamatan {kecamatan}").format(kecamatan=k))
                   for k in board.kecamatan],
                on_select=lambda e: board.set(
                    kecamatan=None if e.control.value in (None, EVERYWHERE) else e.control.value))),
        ]),
        ft.Row(wrap=True, spacing=12, run_spacing=8, controls=[
            date_button("valid_from", _("Dari {day}")), date_button("valid_until", _("Sampai {day}"))]),
        ft.Semantics(identifier="regional-title", content=ft.TextField(
            label=_("Judul"), value=draft.title, max_length=120, error=error_of("title"),
            on_change=lambda e: board.set(title=e.control.value),
            helper=_("Untuk penutupan, judul ini adalah alasan yang dibaca pasien di tiketnya dan di TV.")
            if closure else None, helper_max_lines=2)),
        ft.Semantics(identifier="regional-body", content=ft.TextField(
            label=_("Isi pengumuman"), value=draft.body, multiline=True, min_lines=3, max_length=2000,
            error=error_of("body"), on_change=lambda e: board.set(body=e.control.value))),
    ]
    if board.impact is not None:
        controls.append(_impact(t, board))
    other = [p for name, p in board.field_errors.items() if name not in SHOWN_FIELDS]
    if problem := board.problem or (other[0] if other else None):
        controls.append(ft.Semantics(identifier="regional-problem", content=ft.Text(
            error_message(t, problem[0], problem[1]), color=ft.Colors.ERROR)))
    go = ft.Semantics(identifier="regional-preview", content=ft.FilledButton(
        _("Periksa siapa yang terdampak"), icon=ft.Icons.GROUPS, disabled=board.busy,
        on_click=board.preview)) if board.impact is None else ft.Semantics(
        identifier="regional-publish", content=ft.FilledButton(
            _("Terbitkan"), icon=ft.Icons.CAMPAIGN, disabled=board.busy, on_click=board.publish))
    controls.append(ft.Row(wrap=True, spacing=12, controls=[go, ft.Semantics(
        identifier="regional-cancel", content=ft.TextButton(
            _("Batal"), disabled=board.busy, on_click=board.close_draft))]))
    return ft.Container(padding=16, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
                        content=ft.Column(controls, spacing=12,
                                          horizontal_alignment=ft.CrossAxisAlignment.STRETCH))


def _impact(t: Translator, board: RegionalBoard) -> ft.Control:
    days = board.cancels_by_day
    lines = [
        t.ngettext("{day}: {n} booking dibatalkan dan pasiennya diberi tahu",
                   "{day}: {n} booking dibatalkan dan pasiennya diberi tahu", n)
        .format(day=t.format_date(day, "full"), n=n)
        for day, n in days
    ] or [t.gettext("Tidak ada booking yang dibatalkan.")]
    return ft.Semantics(identifier="regional-impact", live_region=True, content=ft.Column(
        [ft.Text(line, weight=ft.FontWeight.W_600) for line in lines], spacing=4))
