"""After web sessions end, the service frees what they held in reference cycles
without waiting for Python's own full collection (server/web_memory.py)."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from server.web_memory import SessionMemory

pytestmark = pytest.mark.anyio


class Held:
    """Stands for a session's controls: parent and child point at each other."""

    def __init__(self) -> None:
        self.child = Held.__new__(Held)
        self.child.child = self


@pytest.fixture
def no_automatic_collection() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def held_then_dropped() -> weakref.ref[Held]:
    return weakref.ref(Held())


async def test_what_ended_sessions_held_is_freed_soon_after(no_automatic_collection):  # type: ignore[no-untyped-def]
    memory = SessionMemory(delay_seconds=0.05, at_most_every_seconds=0.05)
    await memory.start()
    try:
        held = held_then_dropped()
        await asyncio.sleep(0.3)
        assert held() is not None  # no session ended: nothing is swept
        memory.session_ended()
        for _ in range(100):
            if held() is None:
                break
            await asyncio.sleep(0.02)
        assert held() is None
    finally:
        await memory.stop()
