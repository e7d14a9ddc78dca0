"""What an operator sees: Prometheus metrics that count what happened, and access
log lines with a request id and route templates, never a booking code or a NIK."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api_client import QuotaFull
from api_client.models import Lane
from tests.api.helpers import book, nik_for, service_id
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio


async def scrape(app) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as web:
        response = await web.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


async def test_bookings_are_counted_by_result(app, client, make_client) -> None:  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    first = await book(client, sid, serial=1, key="metrics-key-000000001")
    await book(client, sid, serial=1, key="metrics-key-000000001")  # a retry: the same answer
    with pytest.raises(Exception):  # noqa: B017 - the same patient again: refused
        await book(client, sid, serial=1)
    kiosk = make_client(kiosk_key="demo-kiosk-pkm-sumber")
    await kiosk.bookings.walk_in(service_id=sid, idempotency_key="metrics-walkin-0000001", lane=Lane.regular)
    metrics = await scrape(app)
    assert metrics[("lsr_bookings_total", (("kind", "booking"), ("result", "confirmed")))] == 2
    assert metrics[("lsr_bookings_total", (("kind", "booking"), ("result", "refused")))] == 1
    assert metrics[("lsr_bookings_total", (("kind", "walkin"), ("result", "confirmed")))] == 1
    route = ("method", "GET"), ("route", "/api/facilities/{facility_id}"), ("status", "200")
    assert metrics[("lsr_http_requests_total", route)] >= 1
    assert first.booking_code not in json.dumps([list(k) for k in metrics])


async def test_the_queue_gauges_follow_the_calls(app, client, make_client, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    kiosk = make_client(kiosk_key="demo-kiosk-pkm-sumber")
    for n in range(3):
        await kiosk.bookings.walk_in(service_id=sid, idempotency_key=f"metrics-queue-{n:08d}",
                                     lane=Lane.regular)
    assert (await scrape(app))[("lsr_queue_waiting", (("facility_id", "pkm-sumber"),))] == 3
    clock.advance(minutes=10)
    console = make_client()
    await console.staff.login("poli.pkm-sumber", "rembang-demo")
    await console.staff.call_next(sid, counter="Ruang 1")
    metrics = await scrape(app)
    assert metrics[("lsr_queue_waiting", (("facility_id", "pkm-sumber"),))] == 2
    assert metrics[("lsr_queue_wait_seconds", (("facility_id", "pkm-sumber"),))] == 600


async def test_each_request_logs_one_line_with_its_id_and_no_personal_data(app, client, caplog) -> None:  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    with caplog.at_level(logging.INFO, logger="lsr.access"):
        booking = await book(client, sid, serial=7)
        await client.bookings.get(booking.booking_code)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "lsr.access"]
    routes = [(line["method"], line["route"], line["status"]) for line in lines]
    assert ("POST", "/api/bookings", 201) in routes
    assert ("GET", "/api/bookings/{code}", 200) in routes
    assert all(len(line["request_id"]) >= 8 for line in lines)
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "lsr.access")
    assert booking.booking_code not in text and nik_for(7) not in text


async def test_a_request_id_from_nginx_is_kept_and_one_from_outside_is_not(app) -> None:  # type: ignore[no-untyped-def]
    async def request_id(client_address: str, sent: str) -> str:
        transport = httpx.ASGITransport(app, client=(client_address, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://lsr.test") as web:
            response = await web.get("/api/health", headers={"X-Request-ID": sent})
        return response.headers["x-request-id"]

    assert await request_id("127.0.0.1", "nginx-0123456789abcdef") == "nginx-0123456789abcdef"
    assert await request_id("203.0.113.9", "forged-0123456789abcdef") != "forged-0123456789abcdef"


async def test_quota_full_counts_as_refused(app, client) -> None:  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    with pytest.raises(QuotaFull):
        for serial in range(1, 200):
            await book(client, sid, serial=serial)
    metrics = await scrape(app)
    assert metrics[("lsr_bookings_total", (("kind", "booking"), ("result", "refused")))] == 1
