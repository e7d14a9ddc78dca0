"""What each role serves and may do: the table `permissions` enforces and the answers
of a sign-in (`TokenResponse`) and of `/auth/me` (`StaffMe`) carry to the app, so the
console offers only what the service would allow.

Staff and kiosks act only within their own facility (see `permissions.allowed`).
"""

from __future__ import annotations

from api_client.models import Role, ServiceKind, StaffAbilities, StaffAction

SERVES: dict[Role, frozenset[ServiceKind]] = {
    Role.loket: frozenset({ServiceKind.loket}),
    Role.poli: frozenset({ServiceKind.poli, ServiceKind.lab, ServiceKind.ugd}),
    Role.apotek: frozenset({ServiceKind.apotek}),
    Role.admin: frozenset(ServiceKind),
    Role.kiosk: frozenset(),
}

MAY: dict[StaffAction, frozenset[Role]] = {
    StaffAction.walkin: frozenset({Role.loket, Role.admin, Role.kiosk}),
    StaffAction.check_in: frozenset({Role.loket, Role.poli, Role.admin, Role.kiosk}),
    StaffAction.view_tickets: frozenset({Role.loket, Role.poli, Role.apotek, Role.admin}),
    StaffAction.view_complaints: frozenset({Role.loket, Role.admin}),
    StaffAction.handle_complaints: frozenset({Role.loket, Role.admin}),
    StaffAction.view_dashboard: frozenset({Role.admin}),
    StaffAction.manage_announcements: frozenset({Role.admin}),
    StaffAction.find_bookings: frozenset({Role.loket, Role.poli, Role.admin}),
    StaffAction.manage_directory: frozenset({Role.admin}),
    StaffAction.manage_accounts: frozenset({Role.admin}),
    StaffAction.manage_kiosks: frozenset({Role.admin}),
    StaffAction.view_audit: frozenset({Role.admin}),
    StaffAction.manage_doctors: frozenset({Role.admin}),
    StaffAction.manage_bpjs: frozenset({Role.admin}),
}


def abilities(role: Role) -> StaffAbilities:
    """The kinds `role` serves (in `ServiceKind` order) and the actions it may take."""
    serves = [kind for kind in ServiceKind if kind in SERVES[role]]
    may = [
        action for action in StaffAction
        if (action is StaffAction.serve and serves) or role in MAY.get(action, frozenset())
    ]
    return StaffAbilities(serves=serves, may=may)
