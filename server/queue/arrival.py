"""A self check-in ("Saya sudah sampai") counts only near the facility.

The app sends where the phone is; the service checks it against the facility's
coordinates in the directory: within `LSR_CHECK_IN_RADIUS_M` (default 300 m). Where
the seed file marks a facility's coordinates as unconfirmed (`unconfirmed:
[coordinates]`, Dinkes still has to check them), the point may be off by a few
hundred metres, so the wider `LSR_CHECK_IN_RADIUS_UNCONFIRMED_M` (default 2 km)
applies until Dinkes confirms them. Away from the facility, or without a location,
the person checks in at the kiosk or the loket (`check_in_at_facility`), which is
not affected.

The location is used for this check only: never stored, logged or put in a
message. A phone can lie about where it is; this keeps honest people from
checking in from home, it is not a proof of presence.
"""

from __future__ import annotations

from dataclasses import dataclass

from api_client.geo import haversine_km
from api_client.models import ErrorCode, Facility, SelfCheckIn
from server.errors import ApiProblem


@dataclass(frozen=True)
class ArrivalRule:
    radius_m: float
    radius_unconfirmed_m: float

    def radius_for(self, facility: Facility) -> float:
        unconfirmed = "coordinates" in facility.unconfirmed
        return self.radius_unconfirmed_m if unconfirmed else self.radius_m


def require_near(facility: Facility, where: SelfCheckIn | None, rule: ArrivalRule) -> None:
    """Refuse a self check-in without a location, or farther than the facility's radius."""
    if where is None or where.lat is None or where.lon is None:
        raise ApiProblem(
            422, ErrorCode.check_in_location_required,
            "a self check-in needs the phone's location (lat, lon); "
            "without it, check in at the kiosk or the loket",
        )
    radius = rule.radius_for(facility)
    if haversine_km(where.lat, where.lon, facility.lat, facility.lon) * 1000 > radius:
        raise ApiProblem(
            409, ErrorCode.check_in_not_near,
            f"the phone is more than {radius:.0f} m from {facility.name}; "
            "check in at the kiosk or the loket",
        )
