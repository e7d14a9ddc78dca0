"""The TV's voice queue without a page: calls that arrive together are spoken in
order, one at a time, none dropped; a play that never starts does not stall it; and
where the browser fetches the audio from."""

from __future__ import annotations

import asyncio

import pytest

from views.display.board_model import Called
from views.display.voice import Voice, public_api_url, voice_url

pytestmark = pytest.mark.anyio


def call(number: str, service_id: int = 5, counter: str | None = "Loket 1") -> Called:
    return Called(number, service_id, "Loket Pendaftaran", counter)


class Speaker:
    """A fake player that takes a while per call and notes overlaps."""

    def __init__(self, seconds: float = 0.02, refuse: bool = False) -> None:
        self.seconds = seconds
        self.refuse = refuse
        self.spoken: list[str] = []
        self.playing = 0
        self.most_at_once = 0

    async def __call__(self, called: Called) -> str:
        self.playing += 1
        self.most_at_once = max(self.most_at_once, self.playing)
        try:
            if self.refuse:
                return "blocked"
            await asyncio.sleep(self.seconds)
            self.spoken.append(called.display_number)
            return "spoken"
        finally:
            self.playing -= 1


async def run_until(voice: Voice, done, timeout: float = 2.0) -> None:  # type: ignore[no-untyped-def]
    worker = asyncio.ensure_future(voice.run())
    try:
        async with asyncio.timeout(timeout):
            while not done():
                await asyncio.sleep(0.005)
    finally:
        worker.cancel()


async def test_calls_that_arrive_together_are_spoken_in_order_one_at_a_time():
    speaker = Speaker()
    voice = Voice(speaker)  # type: ignore[arg-type]
    numbers = ["A-001", "B-004", "A-002", "U-010", "A-002"]  # the last one recalled
    for number in numbers:
        voice.say(call(number))
    await run_until(voice, lambda: len(speaker.spoken) == len(numbers))
    assert speaker.spoken == numbers
    assert speaker.most_at_once == 1


async def test_a_call_during_speech_waits_its_turn():
    speaker = Speaker(seconds=0.05)
    voice = Voice(speaker)  # type: ignore[arg-type]
    voice.say(call("A-001"))
    worker = asyncio.ensure_future(voice.run())
    await asyncio.sleep(0.01)
    assert voice.speaking == call("A-001")
    voice.say(call("A-002"))
    assert voice.pending == 1
    async with asyncio.timeout(2):
        while len(speaker.spoken) < 2:
            await asyncio.sleep(0.005)
    worker.cancel()
    assert speaker.spoken == ["A-001", "A-002"]


async def test_a_refused_sound_asks_for_a_tap_and_never_stalls_the_queue():
    speaker = Speaker(refuse=True)
    voice = Voice(speaker)  # type: ignore[arg-type]
    for number in ("A-001", "A-002", "A-003"):
        voice.say(call(number))
    await run_until(voice, lambda: voice.blocked and voice.pending == 0)
    assert voice.speaking is None
    speaker.refuse = False
    voice.enable()  # the tap
    await run_until(voice, lambda: speaker.spoken)
    assert speaker.spoken == ["A-003"]  # the latest call, once
    assert not voice.blocked


def test_the_audio_url_names_the_number_service_and_counter():
    url = voice_url("http://127.0.0.1:8000/api", call("A-012", 5, "Loket 2"))
    assert url == "http://127.0.0.1:8000/api/voice/call?display_number=A-012&service_id=5&counter=Loket+2"
    assert "counter" not in voice_url("http://127.0.0.1:8000/api", call("A-012", 5, None))


@pytest.mark.parametrize(
    ("api_url", "page_url", "expected"),
    [
        # the central service's own web app: the TV reaches the API at the page's origin
        ("http://127.0.0.1:8000/api", "wss://antrean.rembangkab.go.id", "https://antrean.rembangkab.go.id/api"),
        ("http://127.0.0.1:8000/api", "ws://192.168.1.20:8000", "http://192.168.1.20:8000/api"),
        # the TV's browser runs on the same machine: loopback works as it is
        ("http://127.0.0.1:8000/api", "ws://127.0.0.1:8000", "http://127.0.0.1:8000/api"),
        # a mini-PC running the app, the API elsewhere
        ("https://antrean.rembangkab.go.id/api/", "ws://127.0.0.1:8550", "https://antrean.rembangkab.go.id/api"),
        ("https://antrean.rembangkab.go.id/api", None, "https://antrean.rembangkab.go.id/api"),
    ],
)
def test_the_browser_fetches_the_audio_where_it_can_reach_the_api(api_url, page_url, expected):  # type: ignore[no-untyped-def]
    assert public_api_url(api_url, page_url) == expected
