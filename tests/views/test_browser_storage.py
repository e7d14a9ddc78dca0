"""The browser's storage may not answer a session's first calls (a tab that has just
reconnected): the app asks again, then starts with defaults instead of hanging."""

from __future__ import annotations

import asyncio
import json

import pytest

from session.storage import BrowserStorage

pytestmark = pytest.mark.anyio


class SilentThenAnswering:
    """SharedPreferences whose first `silent` calls never get an answer."""

    def __init__(self, silent: int, value: str | None) -> None:
        self.silent = silent
        self.value = value
        self.calls = 0

    async def get(self, key: str) -> str | None:
        self.calls += 1
        if self.calls <= self.silent:
            await asyncio.Event().wait()
        return self.value

    async def set(self, key: str, value: str) -> bool:
        await asyncio.Event().wait()
        return True


@pytest.fixture
def storage(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(BrowserStorage, "TIMEOUT_SECONDS", 0.05)

    def make(prefs: SilentThenAnswering) -> BrowserStorage:
        store = BrowserStorage.__new__(BrowserStorage)
        store._prefs = prefs  # type: ignore[assignment]
        return store

    return make


async def test_a_storage_that_answers_late_is_asked_again(storage) -> None:  # type: ignore[no-untyped-def]
    prefs = SilentThenAnswering(silent=1, value=json.dumps({"language": "jv"}))
    assert await storage(prefs).load("preferences") == {"language": "jv"}
    assert prefs.calls == 2


async def test_a_storage_that_never_answers_gives_the_defaults(storage) -> None:  # type: ignore[no-untyped-def]
    prefs = SilentThenAnswering(silent=99, value=None)
    assert await storage(prefs).load("preferences") is None
    assert prefs.calls == BrowserStorage.ATTEMPTS


async def test_a_save_that_gets_no_answer_does_not_hang_the_screen(storage) -> None:  # type: ignore[no-untyped-def]
    await asyncio.wait_for(storage(SilentThenAnswering(0, None)).save("preferences", {}), 1.0)
