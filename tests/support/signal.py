"""A device's connection to the service that can drop and come back (view tests)."""

from __future__ import annotations

import httpx


class Signal(httpx.AsyncBaseTransport):
    """Wraps the in-process transport; while `lost`, every request fails to connect."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.lost = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.lost:
            raise httpx.ConnectError("no signal", request=request)
        return await self.inner.handle_async_request(request)
