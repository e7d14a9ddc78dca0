"""The TV speaks each call: "Nomor antrean A dua belas, silakan menuju loket dua".

The audio is one WAV per call from the central service (`GET /api/voice/call`,
joined by server/voice/announcer.py from the clips in assets/voice/id: the number
words are the service's, never the app's), played with flet-audio. Calls are
spoken one at a time in the order they came, none dropped: an `asyncio.Queue` and
one worker. Every step of a play has a timeout, so a sound that cannot start never
stalls the display: a browser that was never tapped refuses to play (Chromium's
autoplay policy; `play()` then never returns), and the display shows an "Aktifkan
suara" button instead. One tap on it (or Chromium started with
`--autoplay-policy=no-user-gesture-required`) lets every later call play; the tap
replays the latest call. See docs/staff-and-display.md.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

import flet as ft
import flet_audio as fa

from views.display.board_model import Called

LOAD_SECONDS = 5.0  # the WAV reached the player
START_SECONDS = 4.0  # play() returned: sound started (never, without a user gesture)
MAX_CALL_SECONDS = 15.0  # a call is 3–5 s; then the next one anyway
Outcome = Literal["spoken", "blocked", "failed"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def public_api_url(api_url: str, page_url: str | None) -> str:
    """Where the *browser* reaches the API.

    The web app served by the central service calls its own API over loopback
    (`http://127.0.0.1:8000/api`), which a TV's browser cannot reach: there the API
    is at the page's own origin (`/api` beside `/`). Elsewhere the API URL is used as
    it is.
    """
    api = urlsplit(api_url)
    if page_url:
        page = urlsplit(page_url)
        if api.hostname in LOOPBACK and page.hostname and page.hostname not in LOOPBACK:
            scheme = {"ws": "http", "wss": "https"}.get(page.scheme, page.scheme)
            return urlunsplit((scheme, page.netloc, api.path.rstrip("/"), "", ""))
    return api_url.rstrip("/")


def voice_url(api_base: str, call: Called) -> str:
    query = {"display_number": call.display_number, "service_id": call.service_id}
    if call.counter:
        query["counter"] = call.counter
    return f"{api_base}/voice/call?{urlencode(query)}"


@ft.observable
class Voice:
    """The spoken calls, in order, one at a time."""

    def __init__(
        self,
        speak: Callable[[Called], Awaitable[Outcome]],
        *,
        on_enable: Callable[[], None] | None = None,
    ) -> None:
        self._speak = speak
        self._on_enable = on_enable
        self._queue: asyncio.Queue[Called] = asyncio.Queue()
        self.blocked = False  # the browser refused to play: ask for a tap
        self.speaking: Called | None = None
        self.latest: Called | None = None

    def say(self, call: Called) -> None:
        self.latest = call
        self._queue.put_nowait(call)

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    async def run(self) -> None:
        """The one worker: speak each call in turn (skipped while sound is refused)."""
        while True:
            call = await self._queue.get()
            if self.blocked:
                continue  # on screen anyway; the tap replays the latest
            self.speaking = call
            try:
                outcome = await self._speak(call)
            finally:
                self.speaking = None
            if outcome == "blocked":
                self.blocked = True

    def enable(self) -> None:
        """The tap on "Aktifkan suara": try again, with the latest call."""
        self.blocked = False
        if self._on_enable is not None:
            self._on_enable()
        if self.latest is not None and self._queue.empty() and self.speaking is None:
            self._queue.put_nowait(self.latest)


class AudioPlayer:
    """Plays one URL at a time with flet-audio; a fresh player for each call.

    A play the browser refused is not answered until the first tap, and then it
    starts after all: such a player is muted at once and kept (an answer for a
    player Flet no longer knows breaks the session's connection), and silenced
    for good when sound is enabled.
    """

    def __init__(self, url_for: Callable[[Called], str]) -> None:
        self._url_for = url_for
        self._audio: fa.Audio | None = None  # referenced while in use (else Flet drops it)
        self._stalled: list[fa.Audio] = []

    async def __call__(self, call: Called) -> Outcome:
        loaded, finished = asyncio.Event(), asyncio.Event()

        def on_state(event: fa.AudioStateChangeEvent) -> None:
            if event.state in (fa.AudioState.COMPLETED, fa.AudioState.DISPOSED):
                finished.set()

        self._audio = audio = fa.Audio(
            src=self._url_for(call), release_mode=fa.ReleaseMode.STOP,
            on_loaded=lambda _e: loaded.set(), on_state_change=on_state,
        )
        try:
            if not await _within(loaded.wait(), LOAD_SECONDS):
                return "failed"
            try:
                started = await _within(audio.play(), START_SECONDS)
            except Exception:  # the client refused: no gesture yet, or no audio device
                return "blocked"
            if not started:
                self._stall(audio)
                return "blocked"
            await _within(finished.wait(), MAX_CALL_SECONDS)
            return "spoken"
        finally:
            self._audio = None

    def _stall(self, audio: fa.Audio) -> None:
        self._stalled.append(audio)
        audio.volume = 0
        with contextlib.suppress(Exception):
            audio.update()

    def quiet_stalled(self) -> None:
        """Sound is enabled: stop the refused plays, which the tap lets start."""
        for audio in self._stalled:
            asyncio.ensure_future(_quietly(audio.release()))


async def _quietly(step: Awaitable[object]) -> None:
    with contextlib.suppress(Exception):
        await _within(step, 5.0)


async def _within(step: Awaitable[object], seconds: float) -> bool:
    """Run `step`; False if it took longer than `seconds` (it is then abandoned)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(step, seconds)
        return True
    return False
