"""`POST /api/bookings` answered before the framework's layers
(`server.queue.booking_fast_path`): a usual booking gets the answer and headers the
route gives, and anything unusual reaches the API whole, to be answered there."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from server.api import API_PATH
from server.queue.booking_fast_path import BookingFastPath
from tests.api.helpers import nik_for, service_id
from tests.support.served import as_served

pytestmark = pytest.mark.anyio

NOT_EVERY_TIME = {"x-request-id", "content-length", "date"}


def body(sid: int, serial: int, day: str, **changes: Any) -> dict[str, Any]:
    patient = {"name": "Siti Aminah", "nik": nik_for(serial), "phone": "0812-3456-7890",
               "birth_date": "1990-06-05", "bpjs_number": f"{serial:013d}"}
    return {"service_id": sid, "service_date": day, "payer": "jkn", "patient": patient,
            "consent_version": "2026-11", **changes}


async def post(app: Any, payload: object, *, key: str | None, content_type: str = "application/json",
               raw: bytes | None = None) -> httpx.Response:
    headers = {"content-type": content_type, **({"idempotency-key": key} if key else {})}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(as_served(app)),
                                 base_url="http://lsr.test") as web:
        return await web.post("/api/bookings", headers=headers,
                              content=raw if raw is not None else json.dumps(payload).encode())


@pytest.fixture
async def booking_day(client) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Poli Umum of Puskesmas Sumber, on a day it takes bookings (tests.api.helpers.book)."""
    return await service_id(client, code="poli-umum"), "2026-11-30"


def without_the_api(app: Any) -> BookingFastPath:
    """The fast path with nothing behind it: a request it passes on fails the test."""
    async def nothing_behind(scope, receive, send):  # type: ignore[no-untyped-def]
        raise AssertionError(f"passed on: {scope['method']} {scope['path']}")
    api = next(r.app for r in app.routes if getattr(r, "path", None) == API_PATH)
    return BookingFastPath(nothing_behind, api=api, mount_path=API_PATH)


async def test_a_usual_booking_is_answered_as_the_route_answers_it(app, booking_day) -> None:  # type: ignore[no-untyped-def]
    sid, day = booking_day
    fast = await post(without_the_api(app), body(sid, 1, day), key="fast-path-key-0001")
    assert fast.status_code == 201, fast.text
    # The same booking's retry, sent in a shape only the route takes (a +json type).
    routed = await post(app, body(sid, 1, day), key="fast-path-key-0001",
                        content_type="application/vnd.booking+json")
    assert routed.status_code == 201 and routed.json() == fast.json()
    # Through the whole app both get the service's headers (security, no-store, id).
    through_app = await post(app, body(sid, 2, day), key="fast-path-key-0002")
    another_via_route = await post(app, body(sid, 3, day), key="fast-path-key-0003",
                                   content_type="application/vnd.booking+json")
    headers = [{k: v for k, v in r.headers.items() if k not in NOT_EVERY_TIME}
               for r in (through_app, another_via_route)]
    assert headers[0] == headers[1]
    assert {"content-security-policy", "cache-control"} <= set(headers[0])
    assert through_app.headers["x-request-id"] != another_via_route.headers["x-request-id"]


@pytest.mark.parametrize(("case", "content_type", "key", "raw"), [
    ("not JSON", "application/json", "fast-path-bad-0001", b"{not json"),
    ("empty body", "application/json", "fast-path-bad-0002", b""),
    ("no key", "application/json", None, None),
    ("key too short", "application/json", "short", None),
    ("a form", "application/x-www-form-urlencoded", "fast-path-bad-0003", b"service_id=1"),
])
async def test_an_unusual_request_gets_the_apis_own_answer(  # type: ignore[no-untyped-def]
    app, booking_day, case, content_type, key, raw
) -> None:
    sid, day = booking_day
    answer = await post(app, body(sid, 4, day), key=key, content_type=content_type, raw=raw)
    assert answer.status_code == 422, (case, answer.text)
    assert answer.json()["error"]["code"] == "validation_failed"
    assert "content-security-policy" in answer.headers


async def test_a_body_that_does_not_validate_gets_the_fields_named(app, booking_day) -> None:  # type: ignore[no-untyped-def]
    """A wrong NIK: the API's 422, naming the field, exactly as the route answers it."""
    sid, day = booking_day
    wrong = body(sid, 5, day)
    wrong["patient"]["nik"] = "1234"
    answers = [await post(app, wrong, key=f"fast-path-nik-000{n}", content_type=content_type)
               for n, content_type in enumerate(("application/json", "application/vnd.booking+json"))]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()
    assert [f["field"] for f in answers[0].json()["error"]["fields"]] == ["patient.nik"]


async def test_a_key_ending_in_a_line_break_is_passed_on(app, booking_day) -> None:  # type: ignore[no-untyped-def]
    """FastAPI's pattern refuses it; the fast path must not take it (a proxy could let
    one through one day)."""
    sid, day = booking_day
    scope = {"type": "http", "method": "POST", "path": "/api/bookings", "root_path": "",
             "headers": [(b"content-type", b"application/json"),
                         (b"idempotency-key", b"fast-path-key-0009\n")],
             "query_string": b"", "client": ("127.0.0.1", 5000)}
    payload = json.dumps(body(sid, 9, day)).encode()

    async def receive():  # type: ignore[no-untyped-def]
        return {"type": "http.request", "body": payload, "more_body": False}

    async def send(message):  # type: ignore[no-untyped-def]
        raise AssertionError(f"answered: {message}")

    with pytest.raises(AssertionError, match="passed on"):
        await without_the_api(app)(scope, receive, send)


def test_the_fast_path_refuses_to_start_when_the_api_gained_a_layer(app) -> None:  # type: ignore[no-untyped-def]
    """A middleware added to the API later would be skipped for bookings: refused at start."""
    class Audit:
        def __init__(self, inner):  # type: ignore[no-untyped-def]
            self.inner = inner

        async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
            await self.inner(scope, receive, send)

    api = next(r.app for r in app.routes if getattr(r, "path", None) == API_PATH)
    api.add_middleware(Audit)
    with pytest.raises(RuntimeError, match="would skip"):
        BookingFastPath(app, api=api, mount_path=API_PATH)
