"""The waiting-room TV (`/display/<facility>`), made for 1920×1080 and 5 m: each
service's number now called and where to go, the last numbers called, the date and
a clock, and the facility's announcements running along the bottom. It speaks each
call (views/display/voice.py).

Always in Indonesian (the waiting room's common language, and the language of the
voice), whatever the browser's language. Live through the facility's server-sent
events (a call shows within a second; the live loop: session/follow.py); the stream
reconnects by itself and resumes after the last event, and the queue states are read
again every `POLL_SECONDS`, so the TV recovers by itself from a network drop or a
server restart. Numbers only: never a name or a NIK.

Made for 1920×1080; a smaller screen (a 1366×768 TV) shows the same picture smaller,
and the tiles' text is sized so that every name, number and "Silakan ke …" fits whole.
"""

from __future__ import annotations

import asyncio

import flet as ft

from session.context import use_session, with_translator
from session.follow import follow, until_reached, use_task
from session.i18n import Translator
from views.display.board_model import Board
from views.display.fit import screen_unit
from views.display.header import DisplayHeader
from views.display.ticker import Ticker, ticker_text
from views.display.tiles import BACKGROUND, MUTED, TEXT, RecentCalls, ServiceGrid
from views.display.voice import AudioPlayer, Voice, public_api_url, voice_url

POLL_SECONDS = 15.0
RETRY_SECONDS = 5.0
ANNOUNCEMENTS_EVERY = 40  # polls (10 minutes)
PADDING = 24  # around the screen, at 1920×1080


@ft.component
def DisplayView() -> ft.View:
    facility_id = ft.use_route_params()["facility_id"]
    session = use_session()
    client = session.deps.client
    t = ft.use_memo(lambda: Translator("id"), [])
    _ = t.gettext
    page = ft.context.page
    api_url = session.deps.settings.api_url
    assert api_url is not None  # main() shows nothing else without one
    api_base = public_api_url(api_url, page.url if page.web else None)

    voice_state: tuple[Voice, object] = ft.use_state(lambda: _voice(api_base))
    voice = voice_state[0]
    board_state: tuple[Board, object] = ft.use_state(lambda: Board(client, facility_id, on_call=voice.say))
    board = board_state[0]
    screen, set_screen = ft.use_state((page.width, page.height))  # the body's size, once measured
    unit = screen_unit(*screen)

    def resized(e: ft.LayoutSizeChangeEvent[ft.LayoutControl]) -> None:
        padding = 2 * PADDING * unit
        set_screen((e.width + padding, e.height + padding))

    async def live() -> None:
        polls = 0

        async def poll() -> bool:
            nonlocal polls
            reachable = await board.refresh()
            polls += 1
            if polls % ANNOUNCEMENTS_EVERY == 0:
                await board.load_announcements()
            return reachable

        await until_reached(board.load, RETRY_SECONDS)
        if board.missing:
            return
        async with asyncio.TaskGroup() as group:
            group.create_task(voice.run())
            group.create_task(follow(
                lambda since: client.facilities.events(facility_id, last_event_id=since), board.apply,
                poll=poll, poll_seconds=POLL_SECONDS, retry_seconds=RETRY_SECONDS,
                resume_from=board.resume_from, poll_first=True,
            ))

    use_task(live, [])

    if board.missing:
        body: ft.Control = ft.Container(expand=True, alignment=ft.Alignment.CENTER, content=ft.Text(
            _("Faskes “{facility}” tidak ditemukan. Periksa alamat layar ini.").format(facility=facility_id),
            size=40, color=TEXT, text_align=ft.TextAlign.CENTER,
        ))
    elif board.facility is None:
        body = ft.Container(expand=True, alignment=ft.Alignment.CENTER, content=ft.Column(
            tight=True, horizontal_alignment=ft.CrossAxisAlignment.CENTER, controls=[
                ft.ProgressRing(width=64, height=64),
                ft.Text(_("Menyambungkan ke server…") if board.offline else _("Memuat…"),
                        size=32, color=MUTED),
            ],
        ))
    else:
        name = board.facility.name
        body = with_translator(session, t, lambda: ft.Column(expand=True, spacing=16 * unit, controls=[
            DisplayHeader(
                name, offline=board.offline, blocked=voice.blocked,
                speaking=voice.speaking, on_enable_sound=voice.enable, unit=unit,
            ),
            ft.Row(expand=True, spacing=16 * unit, vertical_alignment=ft.CrossAxisAlignment.STRETCH,
                   controls=[
                       ServiceGrid(board.tiles, board.flashing, board.closed, unit),
                       RecentCalls(board.recent, unit),
                   ]),
            Ticker(ticker_text(t, name, board.announcements), unit),
        ]))
    return ft.View(
        route=f"/display/{facility_id}",
        bgcolor=BACKGROUND,
        padding=PADDING * unit,
        controls=[ft.Container(expand=True, content=body, on_size_change=resized)],
    )


def _voice(api_base: str) -> Voice:
    player = AudioPlayer(lambda call: voice_url(api_base, call))
    return Voice(player, on_enable=player.quiet_stalled)
