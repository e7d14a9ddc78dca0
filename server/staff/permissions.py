"""Who may do what. One table, tested role by role.

| action                         | loket | poli | apotek | admin | kiosk | nobody |
|--------------------------------|-------|------|--------|-------|-------|--------|
| call, recall, start, done, skip, transfer on a loket service | yes | – | – | yes | – | – |
| … on a poli, lab or UGD service | – | yes | – | yes | – | – |
| … on an apotek service          | – | – | yes | yes | – | – |
| issue a walk-in number          | yes | – | – | yes | yes | – |
| check in a booking              | yes | yes | – | yes | yes | – |
| see a service's ticket list     | yes | yes | yes | yes | – | – |

Staff and kiosks act only within their own facility; an admin without a facility
(Dinkes) acts in every facility.
"""

from __future__ import annotations

from enum import StrEnum

from api_client.models import Role, ServiceKind
from server.errors import ApiProblem
from server.staff.auth import Principal


class Action(StrEnum):
    serve = "serve"  # call, recall, start, done, skip, transfer
    walkin = "walkin"
    check_in = "check_in"
    view_tickets = "view_tickets"


SERVES: dict[Role, frozenset[ServiceKind]] = {
    Role.loket: frozenset({ServiceKind.loket}),
    Role.poli: frozenset({ServiceKind.poli, ServiceKind.lab, ServiceKind.ugd}),
    Role.apotek: frozenset({ServiceKind.apotek}),
    Role.admin: frozenset(ServiceKind),
    Role.kiosk: frozenset(),
}

MAY: dict[Action, frozenset[Role]] = {
    Action.walkin: frozenset({Role.loket, Role.admin, Role.kiosk}),
    Action.check_in: frozenset({Role.loket, Role.poli, Role.admin, Role.kiosk}),
    Action.view_tickets: frozenset({Role.loket, Role.poli, Role.apotek, Role.admin}),
}


def allowed(principal: Principal, action: Action, *, facility_id: str, kind: ServiceKind) -> bool:
    if principal.facility_id is not None and principal.facility_id != facility_id:
        return False
    if action is Action.serve:
        return kind in SERVES[principal.role]
    return principal.role in MAY[action]


def require(principal: Principal, action: Action, *, facility_id: str, kind: ServiceKind) -> None:
    if not allowed(principal, action, facility_id=facility_id, kind=kind):
        raise ApiProblem(
            403, "forbidden",
            f"{principal.role} of {principal.facility_id or 'Dinkes'} may not {action} "
            f"at a {kind} service of {facility_id}",
        )
