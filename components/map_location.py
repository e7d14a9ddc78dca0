"""Where the device is (only when the user asks), and how far a facility is.

The position comes from `flet_geolocator.Geolocator` (package flet-geolocator,
whose Dart side is in the stock web client). Without the package, without
permission, or when the device gives no fix, `current_position` raises
`LocationUnavailable` and the list simply stays in its order.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from api_client import geo

try:  # optional: the list works without it
    import flet_geolocator as ftg
except ImportError:  # pragma: no cover - depends on the installed packages
    ftg = None

ASK_TIMEOUT_S = 60.0  # the user may take a while to answer the permission prompt
FIX_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Position:
    lat: float
    lon: float


class LocationUnavailable(Exception):
    """`reason`: "unsupported", "denied" or "no_fix"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def haversine_km(a: Position, lat: float, lon: float) -> float:
    """Great-circle distance in km between `a` and (`lat`, `lon`)."""
    return geo.haversine_km(a.lat, a.lon, lat, lon)


async def current_position() -> Position:
    """Ask for permission (the browser or Android prompt), then for one fix."""
    if ftg is None:
        raise LocationUnavailable("unsupported")
    geolocator = ftg.Geolocator()
    try:
        status = await asyncio.wait_for(geolocator.request_permission(), ASK_TIMEOUT_S)
        if status in (
            ftg.GeolocatorPermissionStatus.DENIED,
            ftg.GeolocatorPermissionStatus.DENIED_FOREVER,
        ):
            raise LocationUnavailable("denied")
        fix = await asyncio.wait_for(geolocator.get_current_position(), FIX_TIMEOUT_S)
    except (TimeoutError, RuntimeError, ValueError) as exc:
        # RuntimeError: the client reports an error (no GPS, blocked by the browser).
        raise LocationUnavailable("no_fix") from exc
    if fix.latitude is None or fix.longitude is None:
        raise LocationUnavailable("no_fix")
    return Position(float(fix.latitude), float(fix.longitude))
