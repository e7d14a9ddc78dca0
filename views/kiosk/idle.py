"""A steady tick for the kiosk: the idle reset, the number's time on screen and the
start screen's refresh all hang off it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import flet as ft

TICK_SECONDS = 0.25
log = logging.getLogger("kiosk")


def use_ticker(on_tick: Callable[[], object], *, seconds: float = TICK_SECONDS) -> None:
    """Call the latest `on_tick` every `seconds` while the component is mounted."""
    latest = ft.use_ref(None)  # (use_ref would call a callable initial value)
    latest.current = on_tick
    task = ft.use_ref(None)

    async def run() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                latest.current()
            except Exception as exc:  # one bad tick must not stop the idle reset for good
                log.error("kiosk tick failed: %s", exc.__class__.__name__)  # no message: no data

    def start() -> None:
        task.current = asyncio.get_running_loop().create_task(run())

    def stop() -> None:
        if task.current is not None:
            task.current.cancel()
            task.current = None

    ft.use_effect(start, [], cleanup=stop)
