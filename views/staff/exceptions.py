"""The exceptions of a real day at the desk, each with its key: call a number out of turn
(N), return a skipped ticket to the waiting list (Q), move a waiting ticket to the other
lane (L), a break for this counter (P).

A dialog that is open owns the keys: digits pick (1–9), Esc closes; in the number
dialog the digits go into its field and Enter calls. The desk's page-wide keyboard
handler hands every key to `Dialogs.key` while one is open, so a number typed into
the field never triggers a desk action.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import flet as ft

from api_client.models import Lane, PriorityReason, TicketStatus, TicketView
from components.lanes import REASON_LABELS, lane_label
from session.context import use_t
from session.i18n import Translator
from views.staff.current import Action, key_cap
from views.staff.desk_model import Desk
from views.staff.exception_words import REQUEUE_RULE, place_words

EXCEPTIONS = (
    Action("call_number", "N", ft.Icons.DIALPAD),
    Action("requeue", "Q", ft.Icons.UNDO),
    Action("change_lane", "L", ft.Icons.SWAP_VERT),
    Action("pause", "P", ft.Icons.FREE_BREAKFAST),
)
NAMES = frozenset(action.name for action in EXCEPTIONS)
KeyStep = Callable[[str], Awaitable[None]]
LaneChoice = tuple[Lane, PriorityReason | None]


def exception_label(t: Translator, name: str, desk: Desk) -> str:
    _ = t.gettext
    return {
        "call_number": _("Panggil nomor"),
        "requeue": _("Kembalikan ke antrean"),
        "change_lane": _("Ubah jalur"),
        "pause": _("Lanjut melayani") if desk.paused else _("Istirahat"),
    }[name]


def enabled_exceptions(desk: Desk) -> set[str]:
    """What makes sense now; nothing while an action is in flight."""
    if desk.busy or desk.queue is None:
        return set()
    allowed = {"pause"}
    if not desk.paused and not desk.serving_someone and (desk.waiting or desk.skipped):
        allowed.add("call_number")
    if desk.skipped:
        allowed.add("requeue")
    if desk.waiting or desk.not_arrived:
        allowed.add("change_lane")
    return allowed


def parse_number(typed: str, prefix: str) -> int | None:
    """`12`, `012`, `B-012`, `b12` → 12 at a service with prefix B; None otherwise."""
    match = re.fullmatch(r"\s*([A-Za-z]*)\s*-?\s*0*(\d{1,4})\s*", typed)
    if match is None or (match.group(1) and match.group(1).upper() != prefix.upper()):
        return None
    number = int(match.group(2))
    return number or None


class Dialogs:
    """The exceptions' dialogs of one desk: the one open, and what its keys do."""

    NAMES = NAMES

    def __init__(self, page: ft.Page, desk: Desk) -> None:
        self._page = page
        self._desk = desk
        self._shown: ft.AlertDialog | None = None
        self._keys: KeyStep | None = None

    @property
    def open(self) -> bool:
        return self._shown is not None

    async def key(self, key: str) -> None:
        if key in ("ESCAPE", "ESC"):
            self.close()
        elif self._keys is not None:
            await self._keys(key)

    async def run(self, name: str, t: Translator) -> None:
        if name == "call_number" and not self._desk.may_call():  # the notice says why
            return
        if name not in enabled_exceptions(self._desk) or self.open:
            return
        if name == "pause":
            await self._desk.pause_or_resume()
        elif name == "call_number":
            self._ask_number(t)
        elif name == "requeue":
            self._pick(t, "requeue", t.gettext("Kembalikan ke antrean"), self._desk.skipped,
                       lambda ticket: self._done(self._desk.requeue(ticket)), note=t.gettext(REQUEUE_RULE))
        elif name == "change_lane":
            self._pick(t, "lane-ticket", t.gettext("Ubah jalur nomor:"),
                       [*self._desk.waiting, *self._desk.not_arrived],
                       lambda ticket: self._ask_lane(t, ticket))

    def close(self) -> None:
        if self._shown is not None:
            self._shown = self._keys = None
            self._page.pop_dialog()

    # ---------------------------------------------------------------- the dialogs

    def _show(self, dialog: ft.AlertDialog, keys: KeyStep | None) -> None:
        self.close()
        self._shown, self._keys = dialog, keys

        def dismissed() -> None:  # a tap outside closed it
            if self._shown is dialog:
                self._shown = self._keys = None

        dialog.on_dismiss = dismissed
        self._page.show_dialog(dialog)

    async def _done(self, step: Awaitable[None]) -> None:
        self.close()
        await step

    def _ask_number(self, t: Translator) -> None:
        _ = t.gettext
        desk = self._desk
        prefix = desk.service.prefix
        field = ft.TextField(
            label=_("Nomor antrean"), hint_text=_("Contoh: {example}").format(example=f"{prefix}-012"),
            autofocus=True, width=420, text_size=24,
        )

        async def submit() -> None:
            number = parse_number(field.value or "", prefix)
            if number is None:
                field.error = _("Ketik nomornya saja, misalnya 12 atau {example}.").format(
                    example=f"{prefix}-012")
                field.update()
                return
            await self._done(desk.call_number(number))

        async def on_submit(_event: Any) -> None:
            await submit()

        field.on_submit = on_submit
        candidates = [*desk.waiting, *desk.skipped]
        rows: list[ft.Control] = [ft.Semantics(identifier="call-number-field", content=field)]
        if candidates:
            rows.append(ft.Text(_("Atau pilih:"), theme_style=ft.TextThemeStyle.TITLE_SMALL))

            async def call(chosen: TicketView) -> None:
                await self._done(desk.call_number(chosen.number))

            rows += [_ticket_button(t, f"call-number-{ticket.ticket_id}", None, ticket, _picked(call, ticket))
                     for ticket in candidates[:12]]
        self._show(_dialog(t, _("Panggil nomor ke {counter}").format(counter=desk.counter), rows, self.close,
                           extra=[ft.FilledButton(content=_("Panggil (Enter)"), on_click=submit)]),
                   None)

    def _pick(
        self, t: Translator, identifier: str, title: str, tickets: Sequence[TicketView],
        on_pick: Callable[[TicketView], Awaitable[None]], *, note: str | None = None,
    ) -> None:
        rows: list[ft.Control] = [ft.Text(note)] if note else []
        rows += [
            _ticket_button(t, f"{identifier}-{ticket.ticket_id}", str(i) if i <= 9 else None, ticket,
                           _picked(on_pick, ticket))
            for i, ticket in enumerate(tickets, start=1)
        ]
        self._show(_dialog(t, title, rows, self.close), _digits(list(tickets), on_pick))

    async def _ask_lane(self, t: Translator, ticket: TicketView) -> None:
        """The second step of L: the lane (and reason) for the chosen ticket."""
        choices: list[LaneChoice] = [(Lane.regular, None)] if ticket.lane is Lane.priority else []
        choices += [(Lane.priority, reason) for reason in REASON_LABELS]
        desk = self._desk

        async def choose(choice: LaneChoice) -> None:
            await self._done(desk.change_lane(ticket, *choice))

        rows = [
            _button(f"lane-{(reason or lane).value}", str(i), lane_label(t, lane, reason),
                    _picked(choose, (lane, reason)))
            for i, (lane, reason) in enumerate(choices, start=1)
        ]
        title = t.gettext("Jalur untuk {number} (sekarang {lane}):").format(
            number=ticket.display_number, lane=lane_label(t, ticket.lane, None))
        self._show(_dialog(t, title, rows, self.close), _digits(choices, choose))


def _digits(items: list[Any], on_pick: Callable[[Any], Awaitable[None]]) -> KeyStep:
    async def key(key: str) -> None:
        if key.isdigit() and 1 <= int(key) <= min(9, len(items)):
            await on_pick(items[int(key) - 1])

    return key


def _picked(on_pick: Callable[[Any], Awaitable[None]], item: Any) -> Callable[[], Awaitable[None]]:
    async def click() -> None:
        await on_pick(item)

    return click


def _dialog(
    t: Translator, title: str, rows: list[ft.Control], on_cancel: Callable[[], None], *,
    extra: list[ft.Control] | None = None,
) -> ft.AlertDialog:
    return ft.AlertDialog(
        title=ft.Text(title),
        # As tall as its rows (a label may take two lines); the dialog scrolls when
        # they are more than the screen holds.
        scrollable=True,
        content=ft.Column(rows, spacing=8, width=440, tight=True,
                          horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        actions=[ft.TextButton(content=t.gettext("Batal (Esc)"), on_click=lambda: on_cancel()),
                 *(extra or [])],
    )


def _ticket_button(
    t: Translator, identifier: str, key: str | None, ticket: TicketView,
    on_click: Callable[[], Awaitable[None]],
) -> ft.Control:
    _ = t.gettext
    if ticket.requeued_calls_left is not None:  # as the waiting list says it
        state = place_words(t, ticket.requeued_calls_left)
    elif ticket.status is TicketStatus.no_show:
        state = _("Tidak hadir")
    else:
        state = _("Belum datang") if ticket.status is TicketStatus.booked else _("Menunggu")
    label = " · ".join((ticket.display_number, lane_label(t, ticket.lane, None), state))
    return _button(identifier, key, label, on_click)


def _button(
    identifier: str, key: str | None, label: str, on_click: Callable[[], Awaitable[None]]
) -> ft.Control:
    # No fixed height: a long label ("U-028 · Reguler · kembali · dipanggil setelah 2
    # panggilan") wraps to a second line inside the button instead of being cut.
    return ft.Semantics(identifier=identifier, content=ft.OutlinedButton(
        on_click=on_click,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=16, vertical=14)),
        content=ft.Row(spacing=12, controls=[
            key_cap(key) if key else ft.Container(width=24),
            ft.Text(label, size=16, expand=True),
        ]),
    ))


@ft.component
def ExceptionBar(desk: Desk, run: Callable[[str], Awaitable[None]]) -> ft.Control:
    t = use_t()
    allowed = enabled_exceptions(desk)
    return ft.Row(wrap=True, spacing=12, run_spacing=12, controls=[
        ExceptionButton(exception_label(t, action.name, desk), action, action.name in allowed,
                        desk.busy == action.name, run)
        for action in EXCEPTIONS
    ])


@ft.component
def ExceptionButton(
    label: str, action: Action, enabled: bool, working: bool, run: Callable[[str], Awaitable[None]]
) -> ft.Control:
    t = use_t()

    async def click() -> None:
        await run(action.name)

    return ft.Semantics(identifier=f"action-{action.name.replace('_', '-')}", content=ft.OutlinedButton(
        tooltip=t.gettext("{action} (tombol {key})").format(action=label, key=action.key),
        disabled=not enabled, on_click=click, height=48,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=14)),  # four in one row
        content=ft.Row(tight=True, spacing=8, controls=[
            ft.ProgressRing(width=18, height=18, stroke_width=2) if working else ft.Icon(action.icon),
            ft.Text(label, size=15, weight=ft.FontWeight.W_500),
            key_cap(action.key),
        ]),
    ))


@ft.component
def PausedLine(desk: Desk) -> ft.Control:
    """This counter is on a break: said at the top, with the way back."""
    t = use_t()
    if not desk.paused:
        return ft.Container(height=0)
    return ft.Semantics(identifier="desk-paused", live_region=True, content=ft.Container(
        padding=12, border_radius=8, bgcolor=ft.Colors.TERTIARY_CONTAINER,
        content=ft.Row([
            ft.Icon(ft.Icons.FREE_BREAKFAST, color=ft.Colors.ON_TERTIARY_CONTAINER),
            ft.Text(t.gettext("{counter} sedang istirahat. Tekan Lanjut melayani (P) untuk memanggil lagi.")
                    .format(counter=desk.counter), expand=True, weight=ft.FontWeight.W_600,
                    color=ft.Colors.ON_TERTIARY_CONTAINER),
        ]),
    ))
