"""The BPJS simulator behaves as the public description says the real Antrol does, so
the tests that rely on it mean something: it refuses a wrong signature, an old
timestamp, a duplicate booking code and a malformed body with BPJS's envelope, and its
encrypted answers open with the service's own `open_response`."""

from __future__ import annotations

import json

import httpx
import pytest

from server.bpjs.signing import open_response, signature
from tests.support.bpjs_simulator import Simulator

pytestmark = pytest.mark.anyio
NOW = 1_764_470_000


@pytest.fixture
def sim() -> Simulator:
    return Simulator(now=lambda: NOW)


def headers(sim: Simulator, *, stamp: int = NOW, secret: str | None = None) -> dict[str, str]:
    return {"X-cons-id": sim.cons_id, "X-timestamp": str(stamp),
            "X-signature": signature(sim.cons_id, secret or sim.secret, str(stamp)),
            "user_key": sim.user_key}


async def post(sim: Simulator, path: str, body: object, **changes: object) -> dict[str, object]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(sim.app), base_url="http://bpjs.test") as http:
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        reply = await http.post(path, content=content, headers=headers(sim, **changes))  # type: ignore[arg-type]
        return reply.json()  # type: ignore[no-any-return]


ADD = {"kodebooking": "LSR-0001", "kodepoli": "INT", "nik": "3317014506900001",
       "tanggalperiksa": "2026-11-30"}


async def test_an_accepted_registration_answers_sealed_and_it_opens_with_our_key(sim: Simulator) -> None:
    answer = await post(sim, "/antrean/add", ADD)
    assert answer["metadata"] == {"code": 200, "message": "Ok."}
    sealed = answer["response"]
    assert isinstance(sealed, str) and "LSR-0001" not in sealed
    assert open_response(sealed, cons_id=sim.cons_id, secret=sim.secret, timestamp=str(NOW)) == {
        "kodebooking": "LSR-0001"}
    with pytest.raises(ValueError):
        open_response(sealed, cons_id=sim.cons_id, secret=sim.secret, timestamp=str(NOW + 1))


@pytest.mark.parametrize(("changes", "said"), [
    ({"secret": "bukan-rahasianya"}, "Signature tidak valid"),
    ({"stamp": NOW - 600}, "Timestamp tidak valid"),
    ({"stamp": NOW + 600}, "Timestamp tidak valid"),
])
async def test_a_wrong_signature_or_a_timestamp_minutes_off_is_refused(
    sim: Simulator, changes: dict[str, object], said: str
) -> None:
    answer = await post(sim, "/antrean/add", ADD, **changes)
    assert answer == {"metadata": {"code": 201, "message": said}}
    assert sim.bookings == {} and sim.received == []


async def test_a_duplicate_booking_code_and_a_malformed_body_get_bpjs_errors(sim: Simulator) -> None:
    await post(sim, "/antrean/add", ADD)
    assert (await post(sim, "/antrean/add", ADD))["metadata"] == {
        "code": 201, "message": "Terdapat duplikasi Kode Booking"}
    assert (await post(sim, "/antrean/add", b"{kodebooking: LSR"))["metadata"] == {
        "code": 201, "message": "Format request tidak sesuai"}
    assert (await post(sim, "/antrean/updatewaktu", {"kodebooking": "LSR-0001", "taskid": 4,
                                                      "waktu": 2_000}))["metadata"]["code"] == 200
    assert (await post(sim, "/antrean/updatewaktu", {"kodebooking": "LSR-0001", "taskid": 5,
                                                      "waktu": 1_000}))["metadata"] == {
        "code": 201, "message": "waktu TaskId=5 tidak boleh kurang dari TaskId sebelumnya"}
