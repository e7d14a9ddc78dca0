"""A retried request gets the answer of the first one, byte for byte, even when the
copies race each other into two worker processes on a quota that runs out
(`python -m server --workers 2`, real HTTP, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_client.models import BookingCreate, Payer
from tests.api.helpers import SUMBER, patient
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

PATIENTS = 32  # per day, on a quota of a few (Gizi at Puskesmas Sumber: JKN 5, non-JKN 3)
COPIES = 4  # each key sent this many times at once: a client retrying while the first is in flight


@pytest.fixture
def two_workers(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path, database_url, env={"LSR_WORKERS": "2"})
    server.start()
    yield server
    server.stop()


Answer = tuple[int, bytes]


async def send(http: httpx.AsyncClient, key: str, body: bytes) -> Answer:
    response = await http.post("/bookings", content=body, headers={
        "content-type": "application/json", "idempotency-key": key})
    return response.status_code, response.content


async def test_every_copy_of_a_request_gets_the_first_answer_byte_for_byte(two_workers):  # type: ignore[no-untyped-def]
    limits = httpx.Limits(max_connections=PATIENTS * COPIES, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=two_workers.api_url, limits=limits, timeout=60) as http:
        facility = (await http.get(f"/facilities/{SUMBER}")).json()
        gizi = next(s for s in facility["services"] if s["code"] == "gizi")
        days = (await http.get(f"/services/{gizi['id']}/availability")).json()["days"]
        open_days = [dt.date.fromisoformat(d["service_date"]) for d in days
                     if d["open"] and d["left_jkn"] and d["left_non_jkn"]][:3]
        assert open_days, days
        requests: dict[str, bytes] = {}
        for n, day in enumerate(open_days):
            for i in range(PATIENTS):
                serial = 1000 * (n + 1) + i
                payer = Payer.jkn if i % 2 else Payer.non_jkn
                requests[f"replay-{day:%m%d}-{i:04d}"] = BookingCreate(
                    service_id=gizi["id"], service_date=day, payer=payer,
                    patient=patient(serial, bpjs_number=f"{serial:013d}" if payer is Payer.jkn else None),
                    consent_version="2026-11",
                ).model_dump_json().encode()
        copies = [(key, body) for key, body in requests.items() for _ in range(COPIES)]
        racing = await asyncio.gather(*(send(http, key, body) for key, body in copies))
        later = {key: await send(http, key, body) for key, body in requests.items()}

    answers: dict[str, list[Answer]] = {key: [] for key in requests}
    for (key, _), answer in zip(copies, racing, strict=True):
        answers[key].append(answer)
    differing = {key: sorted(Counter([*got, later[key]]).items()) for key, got in answers.items()
                 if len({*got, later[key]}) > 1}
    assert not differing, differing
    statuses = Counter(later[key][0] for key in requests)
    assert set(statuses) == {201, 409}, statuses
    assert all(b'"quota_full"' in later[key][1] for key in requests if later[key][0] == 409)
