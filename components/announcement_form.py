"""The right-hand side of Pengumuman: the draft being written or changed (check who is
affected, then publish), or the withdrawal being considered (what reopens, what stays
cancelled, then withdraw)."""

from __future__ import annotations

import datetime as dt

import flet as ft

from api_client.models import AnnouncementKind
from components.announcement_board import AnnouncementBoard
from components.announcement_card import KIND_LABELS
from components.announcement_impact import ImpactBox
from session.form_requests import Problem
from session.i18n import Translator, error_message

WHOLE = "whole"
TITLE_MAX, BODY_MAX = 120, 2000  # AnnouncementCreate
SHOWN_FIELDS = ("kind", "service_id", "valid_from", "valid_until", "title", "body")


def _picked(value: object) -> dt.date | None:
    """The date a DatePicker reports (a datetime at midnight of the picked day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def announcement_form(t: Translator, page: ft.Page, board: AnnouncementBoard) -> ft.Control:
    """A plain function of the board (the screen alone follows the board: a component
    given it would stay subscribed after the draft is gone)."""
    _ = t.gettext
    draft = board.draft
    assert draft is not None
    new = draft.editing is None

    def problem_text(problem: Problem | None) -> str | None:
        return error_message(t, problem[0], problem[1]) if problem else None

    def error_of(name: str) -> str | None:
        return problem_text(board.field_errors.get(name))

    def pick(which: str) -> None:
        current = draft.valid_from if which == "valid_from" else draft.valid_until

        def chosen(e: ft.Event[ft.DatePicker]) -> None:
            day = _picked(e.control.value)
            if day is not None:
                board.set(**{which: day})

        page.show_dialog(ft.DatePicker(
            value=dt.datetime.combine(current, dt.time()),
            first_date=dt.datetime.combine(board.today, dt.time()),
            last_date=dt.datetime.combine(board.today + dt.timedelta(days=366), dt.time()),
            help_text=_("Berlaku dari") if which == "valid_from" else _("Berlaku sampai"),
            on_change=chosen,
        ))

    def date_button(which: str, label: str, day: dt.date) -> ft.Control:
        return ft.Column(spacing=4, controls=[
            ft.Semantics(identifier=f"draft-{which}", content=ft.OutlinedButton(
                icon=ft.Icons.CALENDAR_MONTH, on_click=lambda: pick(which),
                content=label.format(day=t.format_date(day, "full")),
            )),
            *([ft.Text(error, color=ft.Colors.ERROR)] if (error := error_of(which)) else []),
        ])

    closure = draft.kind is AnnouncementKind.closure
    controls: list[ft.Control] = [ft.Text(
        _("Pengumuman baru") if new else _("Ubah pengumuman"),
        theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD,
    )]
    if new:
        controls.append(ft.ResponsiveRow(spacing=12, run_spacing=12, controls=[
            ft.Semantics(identifier="draft-kind", label=_("Jenis"), col={"xs": 12, "md": 6},
                         content=ft.Dropdown(
                label=_("Jenis"), value=draft.kind.value, expand=True, error_text=error_of("kind"),
                options=[ft.DropdownOption(key=k.value, text=t.gettext(KIND_LABELS[k]))
                         for k in AnnouncementKind],
                on_select=lambda e: board.set(kind=AnnouncementKind(e.control.value)),
            )),
            ft.Semantics(identifier="draft-service", label=_("Untuk"), col={"xs": 12, "md": 6},
                         content=ft.Dropdown(
                label=_("Untuk"), value=str(draft.service_id) if draft.service_id else WHOLE, expand=True,
                error_text=error_of("service_id"),
                options=[ft.DropdownOption(key=WHOLE, text=_("Seluruh faskes"))]
                + [ft.DropdownOption(key=str(sid), text=name) for sid, name in board.service_names.items()],
                on_select=lambda e: board.set(
                    service_id=None if e.control.value in (None, WHOLE) else int(e.control.value)),
            )),
        ]))
    else:
        where = board.service_names.get(draft.service_id or 0, _("Seluruh faskes"))
        controls.append(ft.Text(f"{t.gettext(KIND_LABELS[draft.kind])} · {where}",
                                theme_style=ft.TextThemeStyle.TITLE_SMALL))
    controls += [
        ft.Row(wrap=True, spacing=12, run_spacing=8, controls=[
            date_button("valid_from", _("Dari {day}"), draft.valid_from),
            date_button("valid_until", _("Sampai {day}"), draft.valid_until),
        ]),
        ft.Semantics(identifier="draft-title", content=ft.TextField(
            label=_("Judul"), value=draft.title, max_length=TITLE_MAX, error=error_of("title"),
            on_change=lambda e: board.set(title=e.control.value),
            helper=_("Untuk penutupan, judul ini adalah alasan yang dibaca pasien di tiketnya dan di TV.")
            if closure else None, helper_max_lines=2,
        )),
        ft.Semantics(identifier="draft-body", content=ft.TextField(
            label=_("Isi pengumuman"), value=draft.body, multiline=True, min_lines=3, max_length=BODY_MAX,
            error=error_of("body"), on_change=lambda e: board.set(body=e.control.value),
        )),
    ]
    if board.impact is not None:
        controls.append(ImpactBox(board.impact, board.service_names, closure=closure,
                                  identifier="draft-impact", change=not new))
    other = [p for name, p in board.field_errors.items() if name not in SHOWN_FIELDS]
    if problem := board.problem or (other[0] if other else None):
        controls.append(ft.Semantics(identifier="draft-problem", content=ft.Text(
            error_message(t, problem[0], problem[1]), color=ft.Colors.ERROR)))
    if board.impact is None:
        go: ft.Control = ft.Semantics(identifier="draft-preview", content=ft.FilledButton(
            _("Periksa siapa yang terdampak"), icon=ft.Icons.GROUPS, disabled=board.busy,
            on_click=board.preview,
        ))
    else:
        go = ft.Semantics(identifier="draft-publish", content=ft.FilledButton(
            _("Terbitkan") if new else _("Simpan perubahan"), icon=ft.Icons.CAMPAIGN,
            disabled=board.busy, on_click=board.publish,
        ))
    controls.append(ft.Row(wrap=True, spacing=12, controls=[
        go,
        ft.Semantics(identifier="draft-cancel", content=ft.TextButton(
            _("Batal"), disabled=board.busy, on_click=board.close_draft,
        )),
    ]))
    return ft.Column(controls, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def withdrawal_panel(t: Translator, board: AnnouncementBoard) -> ft.Control:
    _ = t.gettext
    chosen = board.withdrawing
    assert chosen is not None
    controls: list[ft.Control] = [ft.Text(
        _("Cabut “{title}”?").format(title=chosen.title),
        theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.BOLD,
    )]
    if board.withdrawal is not None:
        controls.append(ImpactBox(
            board.withdrawal, board.service_names, closure=chosen.kind is AnnouncementKind.closure,
            identifier="withdraw-impact", withdrawal=True,
        ))
    elif board.problem is None:
        controls.append(ft.Text(_("Menghitung pasien yang terdampak…")))
    if board.problem:
        controls.append(ft.Semantics(identifier="withdraw-problem", content=ft.Text(
            error_message(t, board.problem[0], board.problem[1]), color=ft.Colors.ERROR)))
    controls.append(ft.Row(wrap=True, spacing=12, controls=[
        ft.Semantics(identifier="withdraw-confirm", content=ft.FilledButton(
            _("Cabut pengumuman"), icon=ft.Icons.UNDO,
            disabled=board.busy or board.withdrawal is None, on_click=board.withdraw,
            style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR),
        )),
        ft.Semantics(identifier="withdraw-keep", content=ft.TextButton(
            _("Batal"), disabled=board.busy, on_click=board.keep,
        )),
    ]))
    return ft.Column(controls, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
