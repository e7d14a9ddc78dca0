"""A loop that runs while its component is shown: the TV's clock, the ticker's slide.

`run` never ends by itself; it starts as the component's effect (again when one of
`dependencies` changes), and its task is cancelled when the component goes or before
it starts again."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import flet as ft

from session.typed import use_ref

Task = asyncio.Task[Any]


def use_loop(run: Callable[[], Awaitable[None]], dependencies: Sequence[object]) -> None:
    running = use_ref(_no_task)

    async def start() -> None:
        running.current = asyncio.current_task()
        await run()

    def stop() -> None:
        task, running.current = running.current, None
        if task is not None and not task.done():
            task.cancel()

    ft.use_effect(start, dependencies, cleanup=stop)


def _no_task() -> Task | None:
    return None
