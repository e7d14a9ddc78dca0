"""A steady tick for the kiosk: the idle reset, the number's time on screen and the
start screen's refresh all hang off it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import flet as ft
from flet.components.hooks.use_ref import MutableRef

TICK_SECONDS = 0.25
log = logging.getLogger("kiosk")


def use_ticker(on_tick: Callable[[], object], *, seconds: float = TICK_SECONDS) -> None:
    """Call the latest `on_tick` every `seconds` while the component is mounted."""
    latest: MutableRef[Callable[[], object]] = ft.use_ref(None)  # (use_ref would call a callable)
    latest.current = on_tick
    task: MutableRef[asyncio.Task[None]] = ft.use_ref(None)

    async def run() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                if latest.current is not None:
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
