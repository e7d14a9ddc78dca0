"""The spoken call as audio: `GET /api/voice/call` joins the clips of one call into a WAV."""

from __future__ import annotations

import httpx
import pytest

from server.voice.announcer import (
    PAUSE_SECONDS,
    VOICE_DIR,
    announcement_clips,
    available_clips,
    wav_seconds,
)
from tests.api.helpers import service_id

pytestmark = pytest.mark.anyio


@pytest.fixture
async def http(app):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://lsr.test/api"
    ) as client:
        yield client


def clip_seconds(name: str) -> float:
    return wav_seconds((VOICE_DIR / f"{name}.wav").read_bytes())


@pytest.mark.parametrize(
    ("code", "number", "counter", "ending"),
    [
        ("loket", "A-012", "Loket 2", ["silakan-menuju", "tujuan-loket", "dua"]),
        ("poli-umum", "B-115", None, ["silakan-menuju", "tujuan-poli-umum"]),
        ("ugd", "U-007", "Ruang Tindakan", ["silakan-menuju", "tujuan-ugd"]),
    ],
)
async def test_a_call_is_one_wav_as_long_as_its_clips_joined(
    http, client, code, number, counter, ending
):  # type: ignore[no-untyped-def]
    sid = await service_id(client, "pkm-lasem", code)
    params = {"display_number": number, "service_id": sid}
    if counter:
        params["counter"] = counter
    response = await http.get("/voice/call", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    detail = await client.facilities.get("pkm-lasem")
    name = next(s.name for s in detail.services if s.id == sid)
    clips = announcement_clips(number, service_name=name, counter=counter, available=available_clips())
    assert clips[-len(ending):] == ending
    expected = sum(clip_seconds(c) for c in clips) + PAUSE_SECONDS * len(clips)
    assert wav_seconds(response.content) == pytest.approx(expected, abs=0.01)


async def test_the_same_call_gives_the_same_bytes_and_may_be_cached(http, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, "pkm-lasem", "loket")
    params = {"display_number": "A-001", "service_id": sid, "counter": "Loket 1"}
    first, again = [await http.get("/voice/call", params=params) for _ in range(2)]
    assert first.content == again.content
    assert "max-age" in first.headers["cache-control"]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"display_number": "A12"}, "display_number", "string_pattern_mismatch"),
        ({"display_number": "A-1000"}, "display_number", "string_pattern_mismatch"),
        ({"display_number": "a-012"}, "display_number", "string_pattern_mismatch"),
        ({"display_number": "B-012"}, "display_number", "string_pattern_mismatch"),  # not loket's
        ({}, "display_number", "missing"),
        ({"display_number": "A-012", "counter": "L" * 41}, "counter", "string_too_long"),
        ({"display_number": "A-012", "service_id": "loket"}, "service_id", "int_parsing"),
    ],
)
async def test_bad_input_gets_422_naming_the_field(http, client, params, field, code):  # type: ignore[no-untyped-def]
    sid = await service_id(client, "pkm-lasem", "loket")
    response = await http.get("/voice/call", params={"service_id": sid, **params})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert [(f["field"], f["code"]) for f in error["fields"]] == [(field, code)]


async def test_an_unknown_service_gets_404(http):  # type: ignore[no-untyped-def]
    response = await http.get("/voice/call", params={"display_number": "A-012", "service_id": 99999})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "service_not_found"
