"""The one module that speaks HTTP (httpx, httpx-sse). Everything else in the client
goes through `Http`.

Retries: GETs, and POSTs that carry an `Idempotency-Key`, are retried on a lost
connection, a timeout, 408/409-in-progress/425/429/5xx, with exponential backoff
and jitter (stamina), honouring `Retry-After`. Other POSTs are sent once.
"""

from __future__ import annotations

import functools
import json
import ssl
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import stamina
from httpx_sse import aconnect_sse

from api_client import constants
from api_client.errors import (
    ApiConnectionError,
    ApiError,
    ApiStatusError,
    ApiTimeoutError,
    status_error,
)
from api_client.models import ErrorCode, ErrorDetail


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The certificate authorities httpx trusts by default (certifi, or `SSL_CERT_FILE`),
    loaded once per process. httpx builds a new context for every client otherwise:
    ~830 KB and ~17 ms of CPU each, and the service's web app has a client per web
    session (its calls over loopback are plain HTTP and never use it)."""
    return httpx.create_ssl_context()


class Http:
    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry_attempts: int = constants.RETRY_ATTEMPTS,
    ) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            transport=transport,
            verify=_tls_context(),
            timeout=httpx.Timeout(constants.READ_TIMEOUT, connect=constants.CONNECT_TIMEOUT),
            headers={"User-Agent": constants.USER_AGENT},
        )
        self.retry_attempts = retry_attempts
        self.headers: dict[str, str] = {}
        self.on_reach: Callable[[bool], None] | None = None
        """Told after every attempt whether the service answered at all (any status)
        or not (no connection, no answer in time): the app's offline banner."""

    def _reached(self, answered: bool) -> None:
        if self.on_reach is not None:
            self.on_reach(answered)

    async def close(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> Any:
        """Send, retrying when that is safe; the decoded JSON, or None for 204."""
        headers = dict(self.headers)
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        params = {k: v for k, v in (params or {}).items() if v is not None}
        if method != "GET" and idempotency_key is None:
            return await self._send(method, path, json_body, params, headers)  # never resent
        async for attempt in stamina.retry_context(
            on=_retry_hook,
            attempts=self.retry_attempts,
            timeout=constants.RETRY_TIMEOUT,
            wait_initial=constants.RETRY_WAIT_INITIAL,
            wait_max=constants.RETRY_WAIT_MAX,
        ):
            with attempt:
                return await self._send(method, path, json_body, params, headers)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send(
        self, method: str, path: str, json_body: Any, params: dict[str, Any],
        headers: dict[str, str],
    ) -> Any:
        try:
            response = await self._client.request(
                method, path, json=json_body, params=params, headers=headers
            )
        except httpx.TimeoutException as exc:
            self._reached(False)
            raise ApiTimeoutError(f"{method} {path}: no answer in time") from exc
        except httpx.TransportError as exc:
            self._reached(False)
            raise ApiConnectionError(f"{method} {path}: {exc.__class__.__name__}") from exc
        self._reached(True)
        if response.status_code == 204:
            return None
        if response.is_success:
            return response.json()
        raise _error_from(response)

    async def events(
        self, path: str, *, last_event_id: int | None
    ) -> AsyncIterator[tuple[str, str, str]]:
        """One connection's server-sent events as (id, event, data)."""
        headers = dict(self.headers)
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        timeout = httpx.Timeout(None, connect=constants.CONNECT_TIMEOUT)
        try:
            async with aconnect_sse(
                self._client, "GET", path, headers=headers, timeout=timeout
            ) as source:
                self._reached(True)
                if not source.response.is_success:
                    await source.response.aread()
                    raise _error_from(source.response)
                async for sse in source.aiter_sse():
                    if sse.data:
                        yield sse.id, sse.event, sse.data
        except httpx.TimeoutException as exc:
            self._reached(False)
            raise ApiTimeoutError(f"GET {path}: no answer in time") from exc
        except httpx.TransportError as exc:
            self._reached(False)
            raise ApiConnectionError(f"GET {path}: {exc.__class__.__name__}") from exc


def _error_from(response: httpx.Response) -> ApiStatusError:
    retry_after = _retry_after(response.headers.get("Retry-After"))
    try:
        detail = ErrorDetail.model_validate(response.json()["error"])
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        detail = ErrorDetail(
            code=f"http_{response.status_code}", message=response.text[:200] or response.reason_phrase
        )
    return status_error(response.status_code, detail, retry_after)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None


def _retry_hook(exc: Exception) -> bool | float:
    if isinstance(exc, ApiConnectionError):
        return True
    if isinstance(exc, ApiStatusError) and exc.status in constants.RETRY_STATUSES:
        if exc.status == 409 and exc.code != ErrorCode.request_in_progress:
            return False  # a real conflict (quota full, already booked) will not change
        if exc.retry_after is not None:
            return min(exc.retry_after, constants.RETRY_WAIT_MAX)
        return True
    return False


__all__ = ["ApiError", "Http"]
