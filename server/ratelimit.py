"""Rate limits against abuse: token buckets per key, in this process's memory.

A limit allows `limit` requests per `per_seconds`, refilled smoothly. Answered with
429 `rate_limited` and `Retry-After`. Several instances each keep their own
buckets (a client is limited per instance; with sticky routing that is per client).
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from fastapi import Request

from api_client.models import ErrorCode
from server.errors import ApiProblem

MAX_KEYS = 100_000
TRUSTED_PROXIES = frozenset({"127.0.0.1", "::1"})  # whose X-Request-Id is kept (observability)
IPV6_PREFIX = 64  # one host (a home, a phone) holds a whole /64


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    per_seconds: float


# Generous for people, tight for scripts. A family books a few numbers a day.
BOOKING_PER_CLIENT = Limit("booking_per_client", 20, 600)
BOOKING_PER_PATIENT = Limit("booking_per_patient", 6, 3600)
BOOKING_PER_PHONE = Limit("booking_per_phone", 12, 3600)
LOOKUP_PER_CLIENT = Limit("lookup_per_client", 60, 60)
BPJS_WS_WRONG_PASSWORD = Limit("bpjs_ws_wrong_password", 10, 600)  # per facility and client
COMPLAINT_PER_CLIENT = Limit("complaint_per_client", 5, 3600)  # a person has few to send


class RateLimiter:
    def __init__(self, *, enabled: bool = True, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.enabled = enabled
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}  # tokens, updated

    def check(self, limit: Limit, key: str) -> None:
        """Raise 429 as `hit` would, without taking a token: for limits counted only
        when something fails (a wrong password), checked before trying."""
        if not self.enabled:
            return
        now = self._clock()
        with self._lock:
            tokens, updated = self._buckets.get((limit.name, key), (float(limit.limit), now))
        rate = limit.limit / limit.per_seconds
        tokens = min(float(limit.limit), tokens + (now - updated) * rate)
        if tokens < 1:
            wait = math.ceil((1 - tokens) / rate)
            raise ApiProblem(429, ErrorCode.rate_limited, f"too many requests; try again in {wait} s",
                             headers={"Retry-After": str(wait)})

    def hit(self, limit: Limit, key: str) -> None:
        """Take one token for `key`, or raise 429 with the seconds until the next one."""
        if not self.enabled:
            return
        now = self._clock()
        rate = limit.limit / limit.per_seconds
        with self._lock:
            tokens, updated = self._buckets.get((limit.name, key), (float(limit.limit), now))
            tokens = min(float(limit.limit), tokens + (now - updated) * rate)
            if tokens < 1:
                wait = math.ceil((1 - tokens) / rate)
                raise ApiProblem(
                    429, ErrorCode.rate_limited, f"too many requests; try again in {wait} s",
                    headers={"Retry-After": str(wait)},
                )
            if len(self._buckets) >= MAX_KEYS:
                self._buckets.clear()  # crude, but bounded; limits restart
            self._buckets[(limit.name, key)] = (tokens - 1, now)


def client_address(request: Request) -> str:
    """Who the limits and sign-in counts are kept for: the connection's client as the
    ASGI server gave it. uvicorn (`python -m server`) takes it from nginx's
    `X-Forwarded-For` only when the connection comes from 127.0.0.1 (its proxy
    headers, `forwarded_allow_ips`); nothing here reads that header again, so nobody
    can choose their own address. An IPv4 address counts alone; an IPv6 address
    counts as its /64 network, since one host can take any address in it."""
    return _counted_address(request.client.host if request.client else "unknown")


@lru_cache(maxsize=4096)  # the same few addresses again and again (nginx, a puskesmas' NAT)
def _counted_address(host: str) -> str:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)
