"""The ticket at this counter, big, with its lane and whether it checked in; the action
buttons with their keyboard shortcuts; what the last action said."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from api_client.models import Lane, TicketStatus
from api_client.stages import NEXT_KINDS
from session.context import use_t
from session.i18n import Translator, error_message
from session.theme import MONO_FONT
from views.staff.desk_model import Desk, Notice
from views.staff.exception_words import exception_sentence
from views.staff.nik_flag import NikFlag, nik_flagged
from views.staff.patient_card import PatientCard


@dataclass(frozen=True)
class Action:
    name: str  # call_next, recall, skip, done, transfer
    key: str  # the keyboard shortcut
    icon: ft.IconData


ACTIONS = (  # the two most used first
    Action("call_next", "C", ft.Icons.CAMPAIGN),
    Action("done", "D", ft.Icons.CHECK_CIRCLE),
    Action("recall", "R", ft.Icons.REPLAY),
    Action("skip", "S", ft.Icons.PERSON_OFF),
    Action("transfer", "T", ft.Icons.ARROW_FORWARD),
)


def action_label(t: Translator, name: str) -> str:
    _ = t.gettext
    return {
        "call_next": _("Panggil berikutnya"),
        "recall": _("Panggil ulang"),
        "skip": _("Tidak hadir"),
        "done": _("Selesai"),
        "transfer": _("Selesai dan kirim ke…"),
    }[name]


def enabled_actions(desk: Desk) -> set[str]:
    """What makes sense now; nothing while an action is in flight."""
    if desk.busy:
        return set()
    current = desk.current
    if current is None:
        return {"call_next"}
    onward = {"transfer"} if NEXT_KINDS[desk.service.kind] else set()  # none from the apotek
    if current.status is TicketStatus.called:
        return {"recall", "skip", "done"} | onward
    return {"done"} | onward  # being served


def notice_sentence(t: Translator, notice: Notice) -> str:
    _ = t.gettext
    p = notice.params
    match notice.kind:
        case "error":
            return error_message(t, str(p.get("code", "")))
        case "called":
            return _("{number} dipanggil ke {counter}.").format(**p)
        case "none_waiting":
            return _(
                "Belum ada pasien yang sudah check-in. Nomor berikutnya dipanggil setelah pasien check-in."
            )
        case "recalled":
            return _("{number} dipanggil ulang ke {counter}.").format(**p)
        case "done":
            return _("{number} selesai dilayani.").format(**p)
        case "skipped":
            return _("{number} dicatat tidak hadir.").format(**p)
        case "transferred":
            return _("{number} selesai. Pasien menuju {service} dengan nomor baru {new_number}.").format(**p)
        case "closed_early":
            told = t.ngettext(
                "{n} pasien yang belum datang sudah diberi tahu",
                "{n} pasien yang belum datang sudah diberi tahu", p["cancelled"],
            ).format(n=p["cancelled"])
            served = t.ngettext("{n} yang sudah check-in tetap dilayani",
                                "{n} yang sudah check-in tetap dilayani", p["kept"]).format(n=p["kept"])
            return _("Antrean {service} ditutup untuk hari ini: {told}; {served}.").format(
                service=p["service"], told=told, served=served)
        case "finish_first":
            return _(
                "Selesaikan, lewati, atau pindahkan {number} dulu sebelum memanggil nomor berikutnya."
            ).format(**p)
    return exception_sentence(t, notice.kind, p)


NUMBER_SIZE = 80  # read across the counter; with the card and every key in 768 px of height

@ft.component
def CurrentTicket(desk: Desk) -> ft.Control:
    t = use_t()
    _ = t.gettext
    ticket = desk.current
    if ticket is None:
        body: list[ft.Control] = [ft.Semantics(identifier="current-number", content=ft.Text(
            _("Memanggil…") if desk.busy == "call_next" else _("Belum ada nomor di {counter}.").format(
                counter=desk.counter),
            theme_style=ft.TextThemeStyle.HEADLINE_SMALL, text_align=ft.TextAlign.CENTER,
        ))]
        if desk.busy != "call_next":
            body.append(ft.Text(_("Tekan Panggil berikutnya (C) untuk memanggil pasien."),
                                text_align=ft.TextAlign.CENTER))
    else:
        where = (_("Dipanggil ke {counter}") if ticket.status is TicketStatus.called
                 else _("Sedang dilayani di {counter}")).format(counter=ticket.counter or desk.counter)
        body = [
            ft.Semantics(identifier="current-number", content=ft.Text(
                ticket.display_number, size=NUMBER_SIZE, weight=ft.FontWeight.BOLD, color=ft.Colors.PRIMARY,
                text_align=ft.TextAlign.CENTER,
            )),
            ft.Row(wrap=True, spacing=8, run_spacing=8, alignment=ft.MainAxisAlignment.CENTER, controls=[
                Chip(_("Prioritas") if ticket.lane is Lane.priority else _("Reguler"),
                     ft.Icons.ACCESSIBLE if ticket.lane is Lane.priority else ft.Icons.PERSON,
                     identifier="current-lane", strong=ticket.lane is Lane.priority),
                Chip(_("Sudah check-in"), ft.Icons.HOW_TO_REG, identifier="current-arrived"),
                Chip(where, ft.Icons.CAMPAIGN, identifier="current-status"),
                *([NikFlag("current-nik-other-phone", at_counter=True)] if nik_flagged(ticket) else []),
            ]),
            PatientCard(desk.patient if desk.patient and desk.patient.ticket_id == ticket.ticket_id else None,
                        desk.patient_problem),
        ]
    return ft.Container(
        padding=ft.Padding.symmetric(horizontal=24, vertical=16), border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        content=ft.Column([
            ft.Text(_("Nomor di {counter}").format(counter=desk.counter),
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            *body,
        ], spacing=8, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
    )


@ft.component
def Chip(text: str, icon: ft.IconData, *, identifier: str, strong: bool = False) -> ft.Control:
    return ft.Semantics(identifier=identifier, content=ft.Container(
        padding=ft.Padding.symmetric(horizontal=12, vertical=6), border_radius=16,
        bgcolor=ft.Colors.TERTIARY_CONTAINER if strong else ft.Colors.SECONDARY_CONTAINER,
        content=ft.Row([
            ft.Icon(icon, size=18, color=ft.Colors.ON_TERTIARY_CONTAINER if strong
                    else ft.Colors.ON_SECONDARY_CONTAINER),
            ft.Text(text, color=ft.Colors.ON_TERTIARY_CONTAINER if strong
                    else ft.Colors.ON_SECONDARY_CONTAINER, weight=ft.FontWeight.W_500),
        ], spacing=6, tight=True),
    ))


@ft.component
def ActionBar(desk: Desk, run: Callable[[str], Awaitable[None]]) -> ft.Control:
    allowed = enabled_actions(desk)
    return ft.Row(wrap=True, spacing=12, run_spacing=12, controls=[
        ActionButton(action, action.name in allowed, desk.busy == action.name, run)
        for action in ACTIONS
    ])


@ft.component
def ActionButton(
    action: Action, enabled: bool, working: bool, run: Callable[[str], Awaitable[None]]
) -> ft.Control:
    t = use_t()
    label = action_label(t, action.name)

    async def click() -> None:
        await run(action.name)

    primary = action.name in ("call_next", "done")
    button = ft.FilledButton if primary else ft.OutlinedButton
    return ft.Semantics(identifier=f"action-{action.name.replace('_', '-')}", content=button(
        tooltip=t.gettext("{action} (tombol {key})").format(action=label, key=action.key),
        disabled=not enabled,
        height=56,
        on_click=click,
        content=ft.Row(tight=True, spacing=8, controls=[
            ft.ProgressRing(width=18, height=18, stroke_width=2) if working else ft.Icon(action.icon),
            ft.Text(label, size=16, weight=ft.FontWeight.W_600),
            key_cap(action.key),
        ]),
    ))


def key_cap(key: str) -> ft.Control:
    """The shortcut's key, drawn as a key (a plain function: also used outside render)."""
    return ft.Container(
        padding=ft.Padding.symmetric(horizontal=8, vertical=2), border_radius=6,
        border=ft.Border.all(1, ft.Colors.OUTLINE),
        content=ft.Text(key, size=14, weight=ft.FontWeight.BOLD, font_family=MONO_FONT),
    )


@ft.component
def NoticeLine(notice: Notice | None) -> ft.Control:
    t = use_t()
    if notice is None:
        return ft.Container(height=0)
    error = notice.kind in ("error", "finish_first")
    sentence = notice_sentence(t, notice)
    # A new key for a new sentence: Flutter web keeps a changed live region's text
    # out of the accessibility tree otherwise.
    return ft.Semantics(identifier="desk-notice", live_region=True, key=sentence, content=ft.Container(
        padding=12, border_radius=8,
        bgcolor=ft.Colors.ERROR_CONTAINER if error else ft.Colors.SECONDARY_CONTAINER,
        content=ft.Row([
            ft.Icon(ft.Icons.ERROR_OUTLINE if error else ft.Icons.INFO_OUTLINE,
                    color=ft.Colors.ON_ERROR_CONTAINER if error else ft.Colors.ON_SECONDARY_CONTAINER),
            ft.Text(sentence, expand=True,
                    color=ft.Colors.ON_ERROR_CONTAINER if error else ft.Colors.ON_SECONDARY_CONTAINER),
        ]),
    ))
