"""What an operator sees of a running instance: Prometheus metrics at `/metrics`
and one structured log line per request, both free of personal data.

Metrics (one registry per app, so several apps in one test process stay apart):

    lsr_http_requests_total{method, route, status}      every API request, by route template
    lsr_http_request_seconds{method, route}             latency histogram
    lsr_bookings_total{kind, result}                    answers to POST /api/bookings and
                                                        /api/walkins: confirmed (201), refused
                                                        (409: quota full, already booked, …),
                                                        invalid (422), limited (429), failed
                                                        (5xx); a replayed request (same
                                                        Idempotency-Key) counts again
    lsr_web_sessions_open                               open web-app websockets (a tab each)
    lsr_web_sessions_held                               web sessions in memory: open tabs, and
                                                        closed ones within the session timeout
    lsr_event_streams_open                              open server-sent event streams
    lsr_queue_waiting{facility_id}                      today's tickets not yet called
    lsr_queue_wait_seconds{facility_id}                 today's mean wait, arrival → call

`/metrics` is served by the instance on 127.0.0.1 only: nginx (deploy/nginx/)
proxies `/api/` and `/ws`, never `/metrics`.

The log line (logger `lsr.access`, JSON): request id, method, route *template*
(`/api/bookings/{booking_code}`, never the code itself), status, milliseconds. The
request id comes from nginx (`X-Request-ID`, trusted from loopback only) or is
made here, and is sent back in the response's `X-Request-ID`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.bpjs.tables import OutboxRow
from server.clock import service_date_of
from server.facilities.tables import ServiceRow
from server.queue.tables import TicketRow
from server.ratelimit import TRUSTED_PROXIES
from server.state import AppState

log = logging.getLogger("lsr.access")
# FastAPI's own OpenTelemetry, off in every app of the service: its metrics and log are
# these (Prometheus at /metrics, `lsr.access`), and with no OpenTelemetry set up FastAPI
# still asked the three global providers (and the environment) on every request:
# ~5 % of the booking route's CPU (docs/benchmarks.md, issue 19).
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}
BOOKING_ROUTES = {"/api/bookings": "booking", "/api/walkins": "walkin"}
EVENT_STREAM = re.compile(r"^/api/(services|facilities)/[^/]+/events$")
REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
UNMATCHED = "unmatched"


def booking_result(status: int) -> str:
    if status in (200, 201):
        return "confirmed"
    failed = "failed" if status >= 500 else "other"
    return {409: "refused", 422: "invalid", 429: "limited"}.get(status, failed)


class QueueCollector(Collector):
    """Read at scrape time from the database: the same numbers on every instance."""

    def __init__(self, state: AppState) -> None:
        self.state = state

    def collect(self) -> Iterator[GaugeMetricFamily]:
        waiting = GaugeMetricFamily("lsr_queue_waiting", "today's tickets not yet called",
                                    labels=["facility_id"])
        wait = GaugeMetricFamily("lsr_queue_wait_seconds", "today's mean wait from arrival to call",
                                 labels=["facility_id"])
        today = service_date_of(self.state.clock())
        query = (
            select(ServiceRow.facility_id, TicketRow.status, TicketRow.issued_at,
                   TicketRow.checked_in_at, TicketRow.called_at)
            .join(ServiceRow, ServiceRow.id == TicketRow.service_id)
            .where(TicketRow.service_date == today)
        )
        counts: dict[str, int] = defaultdict(int)
        waits: dict[str, list[float]] = defaultdict(list)
        with self.state.db.read() as session:
            for facility_id, status, issued_at, checked_in_at, called_at in session.execute(query):
                if status in ("booked", "checked_in"):
                    counts[facility_id] += 1
                elif called_at is not None:
                    arrived: dt.datetime = checked_in_at or issued_at
                    waits[facility_id].append(max(0.0, (called_at - arrived).total_seconds()))
        for facility_id, count in sorted(counts.items()):
            waiting.add_metric([facility_id], count)
        for facility_id, seconds in sorted(waits.items()):
            wait.add_metric([facility_id], sum(seconds) / len(seconds))
        yield waiting
        yield wait
        yield self._bpjs_outbox()

    def _bpjs_outbox(self) -> GaugeMetricFamily:
        """Messages to BPJS not sent yet, by facility and state (waiting, failed): an
        alert on failed > 0 or a waiting count that only grows (docs/bpjs.md)."""
        outbox = GaugeMetricFamily("lsr_bpjs_outbox", "messages to BPJS not sent yet",
                                   labels=["facility_id", "state"])
        with self.state.db.read() as session:
            for facility_id, state, count in session.execute(
                select(OutboxRow.facility_id, OutboxRow.state, func.count())
                .where(OutboxRow.state.in_(("waiting", "failed")))
                .group_by(OutboxRow.facility_id, OutboxRow.state)
                .order_by(OutboxRow.facility_id, OutboxRow.state)
            ):
                outbox.add_metric([facility_id, state], count)
        return outbox


class Observability:
    """The ASGI middleware (logs and request metrics) and the `/metrics` route."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == "/ws":
            self.metrics.web_sessions.inc()
            try:
                await self.app(scope, receive, send)
            finally:
                self.metrics.web_sessions.dec()
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        status = {"code": 500}
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        stream = EVENT_STREAM.match(scope["path"]) is not None
        if stream:
            self.metrics.event_streams.inc()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if stream:
                self.metrics.event_streams.dec()
            self._record(scope, request_id, status["code"], time.perf_counter() - started)

    @staticmethod
    def _request_id(scope: Scope) -> str:
        client = scope.get("client")
        if client and client[0] in TRUSTED_PROXIES:
            for name, value in scope.get("headers", []):
                if name == b"x-request-id" and REQUEST_ID.match(value.decode("latin-1")):
                    request_id: str = value.decode("latin-1")
                    return request_id
        return secrets.token_hex(8)

    def _record(self, scope: Scope, request_id: str, status: int, seconds: float) -> None:
        route = route_template(scope)
        method = scope["method"]
        if route.startswith("/api/") or route == "/metrics":
            counted, timed = self.metrics.of_route(method, route, status)
            counted.inc()
            timed.observe(seconds)
            kind = BOOKING_ROUTES.get(route)
            if kind and method == "POST":
                self.metrics.bookings.labels(kind, booking_result(status)).inc()
            log.info(json.dumps({
                "request_id": request_id, "method": method, "route": route, "status": status,
                "ms": round(seconds * 1000, 1),
            }))


def route_template(scope: Scope) -> str:
    """`/api/bookings/{booking_code}`: the matched route's template, never the path
    itself (paths carry booking codes). The web app's own files count as one."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return UNMATCHED if scope["path"].startswith("/api/") else "web"
    return f"{scope.get('root_path', '')}{path}"


class Metrics:
    def __init__(self, state: AppState) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("lsr_http_requests", "requests by route template and status",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("lsr_http_request_seconds", "request latency", ["method", "route"],
                                 registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
        self.bookings = Counter("lsr_bookings", "booking and walk-in requests by result",
                                ["kind", "result"], registry=self.registry)
        self.web_sessions = Gauge("lsr_web_sessions_open", "open web-app websockets",
                                  registry=self.registry)
        self.web_sessions_held = Gauge("lsr_web_sessions_held",
                                       "web sessions in memory, open or within their timeout",
                                       registry=self.registry)
        self.event_streams = Gauge("lsr_event_streams_open", "open server-sent event streams",
                                   registry=self.registry)
        self.registry.register(QueueCollector(state))
        self._routes: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def of_route(self, method: str, route: str, status: int) -> tuple[Any, Any]:
        """The request counter and latency histogram of a route and status (looked up
        once: `labels` validates and locks on every call, on every request)."""
        children = self._routes.get((method, route, status))
        if children is None:
            children = self._routes[(method, route, status)] = (
                self.requests.labels(method, route, str(status)), self.latency.labels(method, route))
        return children

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


def install_observability(root: FastAPI, state: AppState) -> None:
    """Call before the web app is mounted at `/` (its catch-all would take /metrics)."""
    metrics = Metrics(state)
    root.state.metrics = metrics

    # From the request, not a closure: FastAPI keeps every endpoint in a process-wide
    # cache, and one closed over `metrics` would keep the whole app alive after it ends.
    @root.get("/metrics", include_in_schema=False)
    def prometheus_metrics(request: Request) -> Response:
        metrics_of_app: Metrics = request.app.state.metrics
        return metrics_of_app.render()

    root.add_middleware(Observability, metrics=metrics)
