"""An in-process connection on which server-sent event streams flow (view tests).

`httpx.ASGITransport` hands a response over once the app has finished it, and a live
stream never finishes. `LiveStreams` hands an `/events` response over at its start and
passes its body on as the app sends it; closing the response tells the app the client
went away (as uvicorn does). Every other request goes through `inner` unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx


class LiveStreams(httpx.AsyncBaseTransport):
    def __init__(self, app: Any, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.app = app
        self.inner = inner or httpx.ASGITransport(app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/events"):
            return await self.inner.handle_async_request(request)
        return await _streamed(self.app, request)


class _Body(httpx.AsyncByteStream):
    def __init__(self, chunks: asyncio.Queue[bytes | None], gone: asyncio.Event, task: asyncio.Task[None]):
        self.chunks, self.gone, self.task = chunks, gone, task

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while (chunk := await self.chunks.get()) is not None:
            yield chunk

    async def aclose(self) -> None:
        self.gone.set()
        self.task.cancel()
        await asyncio.wait([self.task])  # a cancellation of the caller still goes through


async def _streamed(app: Any, request: httpx.Request) -> httpx.Response:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": request.method,
        "headers": [(k.lower(), v) for k, v in request.headers.raw], "scheme": request.url.scheme,
        "path": request.url.path, "raw_path": request.url.raw_path.split(b"?")[0],
        "query_string": request.url.query, "server": (request.url.host, request.url.port),
        "client": ("127.0.0.1", 123), "root_path": "",
    }
    chunks: asyncio.Queue[bytes | None] = asyncio.Queue()
    started: asyncio.Future[tuple[int, list[tuple[bytes, bytes]]]] = (
        asyncio.get_running_loop().create_future())
    gone = asyncio.Event()
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            started.set_result((message["status"], message.get("headers", [])))
        elif message["type"] == "http.response.body":
            if message.get("body"):
                chunks.put_nowait(message["body"])
            if not message.get("more_body", False):
                chunks.put_nowait(None)

    async def run() -> None:
        try:
            await app(scope, receive, send)
        except Exception as exc:
            if not started.done():
                started.set_exception(exc)
        finally:
            chunks.put_nowait(None)
            if not started.done():
                started.set_exception(httpx.RemoteProtocolError("the app sent no answer", request=request))

    task = asyncio.create_task(run())
    try:
        status, headers = await started
    except asyncio.CancelledError:
        task.cancel()
        raise
    return httpx.Response(status, headers=headers, stream=_Body(chunks, gone, task), request=request)


async def until_listening(bus: Any, more_than: int) -> None:
    """Until the service has more than `more_than` live listeners (a stream just opened
    is following: what happens from now on reaches it)."""
    while bus.listener_count() <= more_than:
        await asyncio.sleep(0.01)
