"""The counter at work: the current ticket and its actions on the left, today's numbers
and the waiting list on the right, under the check-in field (or the walk-in form).
Keyboard shortcuts (C, R, S, D, T; F check-in field, W walk-in; N, Q, L, P for the
day's exceptions, views/staff/exceptions.py; X closes the queue early,
views/staff/close_early.py; in a dialog 1–9 and Esc) go through
`page.on_keyboard_event`, past `desk_keys.DeskKeys`, which keeps a scanner's code
from firing them. The list follows the
facility's live events, with a slow poll beside them in case the stream is down
(session/follow.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Collection
from typing import Any

import flet as ft
from flet.components.hooks.use_ref import MutableRef

from api_client import ApiClient
from api_client.models import Service, StaffAction
from components.facility_states import RetryButton
from session.context import use_t
from session.follow import follow, use_task
from session.typed import use_state_from
from views.staff.checkin_model import DeskCheckin
from views.staff.close_early import KEY as CLOSE_EARLY_KEY
from views.staff.close_early import CloseEarlyButton, EarlyClosing
from views.staff.current import ACTIONS, ActionBar, CurrentTicket, NoticeLine, enabled_actions
from views.staff.desk_checkin import CheckinPanel
from views.staff.desk_keys import BURST_SECONDS, DeskKeys, Scanned, Shortcut
from views.staff.desk_model import Desk
from views.staff.desk_walkin import DeskPrinter, WalkinForm
from views.staff.exceptions import EXCEPTIONS, Dialogs, ExceptionBar, PausedLine
from views.staff.post import Post
from views.staff.transfer import transfer_dialog
from views.staff.waiting import TodayNumbers, WaitingList
from views.staff.walkin_desk import use_walkin_desk

POLL_SECONDS = 30.0
DISMISS_SECONDS = 0.5
"""A dialog closed by a click outside it says so only once its closing animation has
run: a key pressed within that time waits for the word before it counts as the
dialog's (browser test: transfer dialog, click outside, S at once)."""
SHORTCUTS = {action.key: action.name for action in (*ACTIONS, *EXCEPTIONS)}
DESK_KEYS = ("F", "W", CLOSE_EARLY_KEY, "ENTER", "ESCAPE", *"12345")  # check-in, walk-in, close early,
# confirm, cancel, lanes
OpenDialog = tuple[list[Service], Callable[[Service], Awaitable[None]], Callable[[], None]]
"""The transfer dialog's targets, what picking one does, and how it closes."""
KeyHandler = Callable[[ft.KeyboardEvent], Awaitable[None]]


@ft.component
def DeskScreen(
    client: ApiClient,
    post: Post,
    on_change_post: Callable[[], object],
    on_signed_out: Callable[[], Awaitable[None]],
    *,
    may: Collection[StaffAction] = (),
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    held: tuple[Desk, object] = ft.use_state(
        lambda: Desk(client, post.service, post.counter, on_signed_out=on_signed_out)
    )
    desk = held[0]
    closing = use_state_from(lambda: EarlyClosing(client, desk, on_signed_out=on_signed_out))[0]
    page = ft.context.page
    dialog: MutableRef[OpenDialog] = ft.use_ref(None)  # while the transfer dialog is open
    installed: MutableRef[KeyHandler] = ft.use_ref(None)  # the keyboard handler this desk put on the page
    exceptions = use_state_from(lambda: Dialogs(page, desk))[0]  # N, Q, L, P
    checks_in = StaffAction.find_bookings in may
    checkin = use_state_from(lambda: DeskCheckin(
        client, post.facility.id, on_checked_in=lambda _arrived: desk.reload_soon(),
        on_signed_out=on_signed_out,
    ))[0]
    keys: DeskKeys = ft.use_memo(lambda: DeskKeys({*SHORTCUTS, *DESK_KEYS}), [])
    checkin_field: MutableRef[ft.TextField] = ft.use_ref(None)
    gives_numbers = StaffAction.walkin in may and any(s.walkin for s in post.facility.services)
    walkins = use_walkin_desk(client, post, t, on_issued=lambda _booking: desk.reload_soon(),
                              on_signed_out=on_signed_out, on_closed=lambda: field_focus(False))

    async def run(name: str) -> None:
        if name == "transfer":
            if name in enabled_actions(desk):  # none from the apotek: the visit ends there
                open_transfer()
        elif name in exceptions.NAMES:
            await exceptions.run(name, t)
        elif name in enabled_actions(desk):
            await getattr(desk, name)()

    def open_transfer() -> None:
        current = desk.current
        if desk.busy or current is None or dialog.current is not None:
            return
        targets = post.transfer_targets

        def close() -> None:
            if dialog.current is not None:
                dialog.current = None
                page.pop_dialog()

        async def pick(service: Service) -> None:
            close()
            await desk.transfer(service)

        dialog.current = (targets, pick, close)
        box = transfer_dialog(t, current.display_number, targets, pick, close)
        box.on_dismiss = lambda: _forget_dialog(dialog)
        page.show_dialog(box)

    async def on_key(event: ft.KeyboardEvent) -> None:
        if event.ctrl or event.alt or event.meta:
            return
        key = event.key.upper()
        if closing.open:  # its reason field takes the typing; Esc closes it
            if key in ("ESCAPE", "ESC"):
                closing.dismiss()
            return
        if exceptions.open:  # its field, digits and Esc
            await exceptions.key(key)
            return
        if dialog.current is not None:
            targets, pick, close = dialog.current
            if key in ("ESCAPE", "ESC"):
                close()
                return
            if key.isdigit() and 1 <= int(key) <= min(9, len(targets)):
                await pick(targets[int(key) - 1])
                return
            await asyncio.sleep(DISMISS_SECONDS)  # closed by a click outside, a moment ago?
            if dialog.current is not None:
                return  # open: its keys are digits and Esc
        heard = keys.key(event.key, time.monotonic())
        if isinstance(heard, Scanned) and checks_in and not walkins.is_open():
            await checkin.submit(heard.text)
        elif isinstance(heard, Shortcut):
            await asyncio.sleep(BURST_SECONDS)  # a scan's first key is followed at once
            if keys.still_alone(heard):
                await press(heard.key)

    async def press(key: str) -> None:
        if walkins.is_open():  # the open walk-in form owns the keys
            await walkins.press(key)
        elif key == "F" and checks_in and checkin_field.current is not None:
            await checkin_field.current.focus()
        elif key == "W" and gives_numbers:
            walkins.open()
        elif key == CLOSE_EARLY_KEY:
            await closing.start()
        elif key == "ENTER" and checkin.preview is not None:
            await checkin.confirm()
        elif key == "ESCAPE" and checkin.open:
            checkin.cancel()
        elif key in SHORTCUTS:
            await run(SHORTCUTS[key])

    def field_focus(focused: bool) -> None:
        keys.field_focused = focused

    def install_keys() -> None:
        installed.current = on_key
        page.on_keyboard_event = on_key
        page.update()

    def remove_keys() -> None:
        # Flet runs the cleanup of the *latest* render: compare with the handler that
        # was installed, not with this render's `on_key`.
        if installed.current is not None and page.on_keyboard_event is installed.current:
            page.on_keyboard_event = None
            with contextlib.suppress(Exception):  # the session may be closing
                page.update()
        installed.current = None

    async def live() -> None:
        await desk.load()
        await follow(
            lambda since: client.facilities.events(post.facility.id, last_event_id=since),
            lambda event: desk.reload_soon() if event.service_id == post.service.id else None,
            poll=desk.load, poll_seconds=POLL_SECONDS,
        )

    ft.use_effect(install_keys, [], cleanup=remove_keys)
    use_task(live, [], on_stop=desk.close)

    header = ft.Row(spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER, controls=[
        ft.Column(spacing=2, expand=True, controls=[
            ft.Semantics(identifier="desk-post", content=ft.Text(
                " · ".join((post.service.name, post.counter)),
                theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD,
            )),
            ft.Text(post.facility.name, theme_style=ft.TextThemeStyle.TITLE_SMALL),
        ]),
        CloseEarlyButton(closing),
        ft.Semantics(identifier="change-post", content=ft.OutlinedButton(
            content=_("Ganti tempat tugas"), icon=ft.Icons.SWAP_HORIZ,
            on_click=lambda: on_change_post(),
        )),
    ])
    left: list[ft.Control] = [PausedLine(desk), CurrentTicket(desk), ActionBar(desk, run),
                              ExceptionBar(desk, run), NoticeLine(desk.notice)]
    # At the top right, in sight at 1366×768 with what it shows: the check-in (or the
    # walk-in form) and the number for a patient (W). The left column holds the ticket at
    # the counter and every serving key; all of it fits 1366×768 without scrolling
    # (tests/browser/test_staff_fold_browser.py).
    arrivals: list[ft.Control] = []
    if walkins.shown is not None:
        arrivals.append(WalkinForm(walkins.shown, walkins.close, field_focus))
    elif checks_in:
        arrivals.append(CheckinPanel(checkin, field_focus, checkin_field))
    if gives_numbers:  # beside the check-in: the left column keeps the serving keys in sight
        arrivals.append(DeskPrinter(walkins.printer, walkins.save_printer, field_focus, walkins.open))
    if desk.offline:
        left.append(ft.Semantics(identifier="desk-offline", content=ft.Text(
            _("Tidak tersambung ke server — daftar antrean mungkin belum terbaru. Mencoba lagi…"),
            color=ft.Colors.ERROR,
        )))
        left.append(ft.Row([RetryButton(desk.load)]))  # at once, not at the next poll
    return ft.Column(spacing=16, controls=[
        header,
        ft.ResponsiveRow(spacing=16, run_spacing=16, controls=[
            ft.Column(left, col={"xs": 12, "lg": 7}, spacing=16,
                      horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            ft.Column([*arrivals, TodayNumbers(desk), WaitingList(desk)], col={"xs": 12, "lg": 5},
                      spacing=16,
                      horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ]),
    ])


def _forget_dialog(ref: Any) -> None:
    ref.current = None
