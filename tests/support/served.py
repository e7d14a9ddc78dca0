"""The app as uvicorn serves it (`python -m server`): its proxy headers middleware,
trusting `X-Forwarded-For` from loopback only. In-process clients (httpx's
ASGITransport connects from 127.0.0.1) then reach the app as a request through
nginx would: `X-Forwarded-For` names the client, anything else is the peer."""

from __future__ import annotations

from typing import Any

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from server.ratelimit import TRUSTED_PROXIES


def as_served(app: Any) -> Any:
    return ProxyHeadersMiddleware(app, trusted_hosts=sorted(TRUSTED_PROXIES))
