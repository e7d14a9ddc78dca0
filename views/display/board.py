"""The waiting-room TV (`/display/<facility>`), made for 1920×1080 and 5 m: each
service's number now called and where to go, the last numbers called, the date and
a clock, and the facility's announcements running along the bottom. It speaks each
call (views/display/voice.py).

Always in Indonesian (the waiting room's common language, and the language of the
voice), whatever the browser's language. Live through the facility's server-sent
events (a call shows within a second); the client reconnects by itself and resumes
after the last event, and the queue states are read again every `POLL_SECONDS`, so
the TV recovers by itself from a network drop or a server restart. Numbers only:
never a name or a NIK.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import flet as ft

from api_client import ApiError
from session.context import use_session, with_translator
from session.i18n import Translator
from views.display.board_model import Board
from views.display.header import DisplayHeader
from views.display.ticker import Ticker, ticker_text
from views.display.tiles import BACKGROUND, MUTED, TEXT, RecentCalls, ServiceGrid
from views.display.voice import AudioPlayer, Voice, public_api_url, voice_url

POLL_SECONDS = 15.0
RETRY_SECONDS = 5.0
ANNOUNCEMENTS_EVERY = 40  # polls (10 minutes)


@ft.component
def DisplayView() -> ft.View:
    facility_id = ft.use_route_params()["facility_id"]
    session = use_session()
    client = session.deps.client
    t = ft.use_memo(lambda: Translator("id"), [])
    _ = t.gettext
    page = ft.context.page
    api_base = public_api_url(session.deps.settings.api_url, page.url if page.web else None)

    voice, _set_voice = ft.use_state(lambda: _voice(api_base))
    board, _set_board = ft.use_state(lambda: Board(client, facility_id, on_call=voice.say))
    tasks = ft.use_ref(None)

    async def listen() -> None:
        with contextlib.suppress(ApiError):  # the stream refused (no such facility)
            async for event in client.facilities.events(facility_id, last_event_id=board.resume_from):
                board.apply(event)

    async def poll() -> None:
        count = 0
        while True:
            reachable = await board.refresh()
            await asyncio.sleep(POLL_SECONDS if reachable else RETRY_SECONDS)
            count += 1
            if count % ANNOUNCEMENTS_EVERY == 0:
                await board.load_announcements()

    async def follow() -> None:
        tasks.current = asyncio.current_task()
        try:
            while not await board.load():
                await asyncio.sleep(RETRY_SECONDS)
            if board.missing:
                return
            async with asyncio.TaskGroup() as group:
                group.create_task(voice.run())
                group.create_task(listen())
                group.create_task(poll())
        except* RuntimeError:
            pass  # the session's client was closed: the tab is gone

    ft.use_effect(follow, [], cleanup=lambda: _cancel(tasks))

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
        body = with_translator(session, t, lambda: ft.Column(expand=True, spacing=16, controls=[
            DisplayHeader(
                name, offline=board.offline, blocked=voice.blocked,
                speaking=voice.speaking, on_enable_sound=voice.enable,
            ),
            ft.Row(expand=True, spacing=16, vertical_alignment=ft.CrossAxisAlignment.STRETCH, controls=[
                ServiceGrid(board.tiles, board.flashing),
                RecentCalls(board.recent),
            ]),
            Ticker(ticker_text(t, name, board.announcements)),
        ]))
    return ft.View(
        route=f"/display/{facility_id}",
        bgcolor=BACKGROUND,
        padding=24,
        controls=[body],
    )


def _voice(api_base: str) -> Voice:
    player = AudioPlayer(lambda call: voice_url(api_base, call))
    return Voice(player, on_enable=player.quiet_stalled)


def _cancel(ref: Any) -> None:
    task = ref.current
    ref.current = None
    if task is not None and not task.done():
        task.cancel()
