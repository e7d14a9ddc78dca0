"""`POST /api/bookings` without the framework's layers in between, when nothing about
the request is unusual.

In a booking rush, Starlette's routing through the mount and every route of the API,
FastAPI's dependency solving and the API's own middlewares took about half of the
service's CPU per booking (docs/benchmarks.md, issue 19). This ASGI middleware sits
inside the service's security headers and observability (so the answer carries the
same headers, and counts in the same metrics and log) and answers a booking itself
with the route's own function (`booking_router.book_online`) when:

- the request is `POST /api/bookings` with a JSON body (`Content-Type: application/json`),
  no kiosk key (the API's `KioskSeen` notes kiosks) and one `Idempotency-Key` that the
  route's own rules accept;
- the body validates as `BookingCreate`, exactly as FastAPI validates it (Python
  mode over the parsed JSON).

Anything else (a body that is not JSON or does not validate, a missing or malformed
key, another content type) goes on to the API unchanged, body included: its answer,
a 422 in the API's shape for example, is FastAPI's own. The route stays in the
OpenAPI schema and answers what this passes on. `tests/api/test_booking_fast_path.py`
holds the two to the same answers.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError, WebSocketRequestValidationError
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api_client.models import BookingCreate
from server.errors import ApiProblem, problem_response
from server.queue.booking_router import book_online, router
from server.staff.kiosk_seen import KioskSeen

PATH = "/bookings"
KEY = re.compile(rb"[A-Za-z0-9_.:\-]{8,128}")  # whole (fullmatch), as `server.idempotency.IdempotencyKey`
JSON_TYPES = (b"application/json", b"application/json; charset=utf-8")


class BookingFastPath:
    def __init__(self, app: ASGIApp, *, api: FastAPI, mount_path: str) -> None:
        self.app = app
        self.api = api
        self.path = f"{mount_path}{PATH}"
        self.mount_path = mount_path
        self.route = next(r for r in router.routes if isinstance(r, APIRoute)
                          and r.path == PATH and "POST" in (r.methods or ()))
        _check_nothing_skipped(api, self.route)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path
                or scope.get("root_path")):  # served under a prefix: the router decides
            await self.app(scope, receive, send)
            return
        key = _usual_headers(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        body = await _whole_body(receive)
        data = _valid_body(body)
        if data is None:  # the API answers it, body and all
            await self.app(scope, _replaying(body, receive), send)
            return
        # What the mount and the router would have set: the API's app and this route
        # (the metrics' route template, `server.observability.route_template`).
        scope.update(app=self.api, root_path=scope.get("root_path", "") + self.mount_path,
                     route=self.route, endpoint=self.route.endpoint)
        request = Request(scope, receive)
        try:
            response = await book_online(request, data, key)
        except ApiProblem as problem:
            response = problem_response(problem)
        await response(scope, receive, send)


def _check_nothing_skipped(api: FastAPI, route: APIRoute) -> None:
    """Refuse to start if the API gained what this path would skip: a middleware other
    than `KioskSeen` (whose requests are passed on), dependencies on the API, the router
    or the route beyond its body and its key, or exception handlers other than ours."""
    middlewares: list[object] = [m.cls for m in api.user_middleware]
    handlers = set(api.exception_handlers) - {
        ApiProblem, RequestValidationError, WebSocketRequestValidationError, HTTPException}
    params = route.dependant
    if (middlewares != [KioskSeen] or api.router.dependencies or router.dependencies or route.dependencies
            or params.dependencies or params.query_params or params.path_params
            or params.cookie_params or [p.alias for p in params.header_params] != ["Idempotency-Key"]
            or len(params.body_params) != 1 or handlers):
        raise RuntimeError("server.queue.booking_fast_path would skip what the API now does "
                           "for POST /bookings: make it do the same, or pass those requests on")


def _usual_headers(scope: Scope) -> str | None:
    """The request's `Idempotency-Key`, if the headers are as the app sends them."""
    content_type = key = None
    for name, value in scope["headers"]:
        if name == b"content-type":
            if content_type is not None:
                return None
            content_type = value.lower()
        elif name == b"idempotency-key":
            if key is not None:
                return None
            key = value
        elif name == b"x-kiosk-key":
            return None
    if content_type not in JSON_TYPES or key is None or not KEY.fullmatch(key):
        return None
    return bytes(key).decode("ascii")


async def _whole_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away: nothing to parse
            return b""
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _valid_body(body: bytes) -> BookingCreate | None:
    try:
        parsed: Any = json.loads(body)
        return BookingCreate.model_validate(parsed)
    except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None


def _replaying(body: bytes, receive: Receive) -> Receive:
    """`receive` once more from the start: the body already read, then what follows."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
