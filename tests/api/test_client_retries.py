"""The client retries what is safe to retry, and fails with errors by meaning."""

from __future__ import annotations

import httpx
import pytest
import stamina

from api_client import (
    ApiClient,
    ApiConnectionError,
    ApiTimeoutError,
    Conflict,
    RateLimited,
    ServerError,
)

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def no_waiting():
    stamina.set_testing(True, attempts=4)  # retries still happen, without sleeping
    yield
    stamina.set_testing(False)


def flaky(responses: list[httpx.Response | Exception]):  # type: ignore[no-untyped-def]
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        answer = responses[min(len(calls) - 1, len(responses) - 1)]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handler), calls


def error(status: int, code: str, **headers: str) -> httpx.Response:
    body = {"error": {"code": code, "message": code, "fields": [], "next_available": []}}
    return httpx.Response(status, json=body, headers=headers)


async def test_a_get_is_retried_after_a_dropped_connection_and_a_503():
    transport, calls = flaky([
        httpx.ConnectError("no signal"), error(503, "http_503"), httpx.Response(200, json=[]),
    ])
    async with ApiClient("http://x/api", transport=transport) as client:
        assert await client.facilities.list() == []
    assert len(calls) == 3


async def test_a_post_without_an_idempotency_key_is_sent_once():
    transport, calls = flaky([error(503, "http_503")])
    async with ApiClient("http://x/api", transport=transport) as client:
        with pytest.raises(ServerError):
            await client.bookings.cancel("K7QD2M9FXH3TA")
    assert len(calls) == 1


async def test_a_post_with_an_idempotency_key_is_retried_with_the_same_key():
    transport, calls = flaky([httpx.ReadTimeout("slow"), error(502, "http_502"), error(409, "quota_full")])
    async with ApiClient("http://x/api", transport=transport) as client:
        with pytest.raises(Conflict) as err:
            await client.bookings.walk_in(service_id=1, idempotency_key="the-same-key-1")
    assert err.value.code == "quota_full"
    assert {c.headers["Idempotency-Key"] for c in calls} == {"the-same-key-1"}
    assert len(calls) == 3


async def test_a_real_conflict_is_not_retried():
    transport, calls = flaky([error(409, "already_booked")])
    async with ApiClient("http://x/api", transport=transport) as client:
        with pytest.raises(Conflict):
            await client.bookings.walk_in(service_id=1, idempotency_key="the-same-key-2")
    assert len(calls) == 1


async def test_rate_limited_carries_retry_after_when_retries_run_out():
    transport, calls = flaky([error(429, "rate_limited", **{"Retry-After": "7"})])
    async with ApiClient("http://x/api", transport=transport) as client:
        with pytest.raises(RateLimited) as err:
            await client.facilities.get("pkm-sumber")
    assert err.value.retry_after == 7
    assert len(calls) == 4


async def test_no_answer_at_all_is_a_connection_error_and_a_timeout_is_one_too():
    transport, _ = flaky([httpx.ConnectError("offline")])
    async with ApiClient("http://x/api", transport=transport) as client:
        with pytest.raises(ApiConnectionError):
            await client.facilities.list()
    transport, _ = flaky([httpx.ReadTimeout("slow")])
    async with ApiClient("http://x/api", transport=transport) as client:
        with pytest.raises(ApiTimeoutError):
            await client.facilities.list()


async def test_a_non_json_error_page_from_a_proxy_still_becomes_an_api_error():
    transport, _ = flaky([httpx.Response(502, text="<html>Bad Gateway</html>")])
    async with ApiClient("http://x/api", transport=transport, retry_attempts=1) as client:
        with pytest.raises(ServerError) as err:
            await client.facilities.list()
    assert err.value.code == "http_502"


async def test_a_live_queue_refused_for_too_many_streams_tries_again_and_follows():
    """nginx answers 429 (an HTML page) when one address holds too many event streams
    (deploy/nginx: a puskesmas's Wi-Fi, a family's router): the app waits and comes
    back instead of losing the live queue."""
    event = ('{"id": 7, "type": "called", "facility_id": "pkm-lasem", "service_id": 3, '
             '"service_date": "2026-11-30", "display_number": "A-007", "at": "2026-11-30T08:00:00+07:00"}')
    stream = httpx.Response(200, headers={"content-type": "text/event-stream"},
                            content=f"id: 7\nevent: called\ndata: {event}\n\n".encode())
    transport, calls = flaky([httpx.Response(429, text="<html>429 Too Many Requests</html>"), stream])
    async with ApiClient("http://x/api", transport=transport) as client:
        events = client.queues.events(3)
        first = await anext(events)
        await events.aclose()
    assert (first.id, first.display_number) == (7, "A-007")
    assert len(calls) == 2


async def test_a_live_event_of_a_kind_this_app_does_not_know_is_passed_over():
    """A newer service may send a kind of event an installed app does not know yet (the
    directory's `reconfigured` came after the first APKs): the app follows on."""
    unknown = ('{"id": 8, "type": "something_new", "facility_id": "pkm-lasem", "service_id": 3, '
               '"service_date": "2026-11-30", "display_number": "", "at": "2026-11-30T08:00:00+07:00"}')
    called = ('{"id": 9, "type": "called", "facility_id": "pkm-lasem", "service_id": 3, '
              '"service_date": "2026-11-30", "display_number": "A-009", "at": "2026-11-30T08:01:00+07:00"}')
    stream = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=(
        f"id: 8\nevent: something_new\ndata: {unknown}\n\nid: 9\nevent: called\ndata: {called}\n\n").encode())
    transport, _ = flaky([stream])
    async with ApiClient("http://x/api", transport=transport) as client:
        events = client.queues.events(3)
        first = await anext(events)
        await events.aclose()
    assert (first.id, first.display_number) == (9, "A-009")
