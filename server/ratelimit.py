"""Rate limits against abuse: token buckets per key, in this process's memory.

A limit allows `limit` requests per `per_seconds`, refilled smoothly. Answered with
429 `rate_limited` and `Retry-After`. Several instances each keep their own
buckets (a client is limited per instance; with sticky routing that is per client).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from fastapi import Request

from server.errors import ApiProblem

MAX_KEYS = 100_000
TRUSTED_PROXIES = frozenset({"127.0.0.1", "::1"})


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
COMPLAINT_PER_CLIENT = Limit("complaint_per_client", 5, 3600)  # a person has few to send


class RateLimiter:
    def __init__(self, *, enabled: bool = True, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.enabled = enabled
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}  # tokens, updated

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
                    429, "rate_limited", f"too many requests; try again in {wait} s",
                    headers={"Retry-After": str(wait)},
                )
            if len(self._buckets) >= MAX_KEYS:
                self._buckets.clear()  # crude, but bounded; limits restart
            self._buckets[(limit.name, key)] = (tokens - 1, now)


def client_address(request: Request) -> str:
    """The client's address; behind our own proxy (nginx, or the web app calling its
    API over loopback) the first address of `X-Forwarded-For`."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and peer in TRUSTED_PROXIES:
        return forwarded.split(",")[0].strip() or peer
    return peer
