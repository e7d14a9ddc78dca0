"""Who may do what. One table, tested role by role.

| action                         | loket | poli | apotek | admin | kiosk | nobody |
|--------------------------------|-------|------|--------|-------|-------|--------|
| serve a loket service (*serve*: below) | yes | – | – | yes | – | – |
| … on a poli, lab or UGD service | – | yes | – | yes | – | – |
| … on an apotek service          | – | – | yes | yes | – | – |
| issue a walk-in number          | yes | – | – | yes | yes | – |
| check in a booking              | yes | yes | – | yes | yes | – |
| see a service's ticket list     | yes | yes | yes | yes | – | – |
| see the facility's complaints   | yes | – | – | yes | – | – |
| reply to a complaint, change its status | yes | – | – | yes | – | – |
| see the dashboard of the facility | – | – | – | yes | – | – |
| see the patient at a loket counter | yes | – | – | yes | – | – |
| … at a poli, lab or UGD counter | – | yes | – | yes | – | – |
| … at an apotek counter | – | – | yes | yes | – | – |
| close a loket service's queue early for today | yes | – | – | yes | – | – |
| … a poli, lab or UGD service's   | – | yes | – | yes | – | – |
| … an apotek service's            | – | – | yes | yes | – | – |
| publish, preview, edit, withdraw announcements and closures | – | – | – | yes | – | – |
| find today's bookings at the desk, preview one, check it in | yes | yes | – | yes | – | – |
| change the directory: facility, marks, services, quotas from a date | – | – | – | yes | – | – |
| list, create, deactivate, reactivate accounts, reset passwords, require TOTP | – | – | – | yes | – | – |
| list, enrol, rename, revoke kiosk devices | – | – | – | yes | – | – |
| read and export the audit trail | – | – | – | yes | – | – |
| report its own printer's state (`POST /kiosk/status`) | – | – | – | – | yes | – |
| add, edit, retire doctors; their sessions and absences | – | – | – | yes | – | – |
| turn the BPJS bridge on and off, map services and doctors to BPJS codes | – | – | – | yes | – | – |

*serve* is every serving action on a queue: call next, call a number out of turn,
recall, start, done, skip, transfer, return a skipped ticket to the waiting list
(requeue), change a waiting ticket's lane, pause and resume a counter.

Staff and kiosks act only within their own facility; a ticket of another facility
answers as one that does not exist (404 `ticket_not_found`, `server.deps.get_ticket`).
An admin without a facility (Dinkes) acts in every facility, and only Dinkes sees the dashboard of all
facilities together, or every facility side by side (`GET /dashboard/facilities`).
Seeing the patient at a counter (name, age, payer: `GET /tickets/{id}/patient`) follows
the serving rule of the service's kind, only for a ticket called or being served today,
and only by the account that called it to its counter or recalled it there last (403
`patient_at_other_counter` for a colleague of the same kind, the admin or Dinkes).
Staff accounts (`server/staff/admin_accounts.py`): a facility's admin manages the
loket, poli, apotek and admin accounts of their facility; only Dinkes manages Dinkes
accounts or creates them; nobody deactivates or resets their own account. An account
outside one's reach answers as an unknown one (404 `account_not_found`). A facility's
admin may require an authenticator app; only Dinkes lifts a requirement (403
`totp_lift_dinkes_only`).
Only Dinkes answers a person's privacy request by NIK (export, consent withdrawal,
anonymisation: `require_dinkes`); the person themself needs no account.
Only Dinkes publishes and withdraws regency-wide announcements and closures (no
facility: cuti bersama, or one kecamatan's facilities: `require_regional`).
"""

from __future__ import annotations

from api_client.models import ErrorCode, Role, ServiceKind, StaffAction
from server.errors import ApiProblem
from server.staff.auth import Principal
from server.staff.roles import MAY, SERVES

Action = StaffAction  # the contract's name; the routers say `Action.serve`


def allowed(
    principal: Principal, action: Action, *, facility_id: str, kind: ServiceKind | None = None
) -> bool:
    """`kind` is the service acted on; facility-wide actions (complaints) have none."""
    if principal.facility_id is not None and principal.facility_id != facility_id:
        return False
    if action is Action.serve:
        return kind is not None and kind in SERVES[principal.role]
    return principal.role in MAY[action]


def require(
    principal: Principal, action: Action, *, facility_id: str, kind: ServiceKind | None = None
) -> None:
    if not allowed(principal, action, facility_id=facility_id, kind=kind):
        where = f"a {kind} service of {facility_id}" if kind else facility_id
        raise ApiProblem(
            403, ErrorCode.forbidden,
            f"{principal.role} of {principal.facility_id or 'Dinkes'} may not {action} at {where}",
        )


def require_dashboard(principal: Principal, *, facility_id: str | None) -> None:
    """The dashboard of one facility (its admin, or Dinkes), or of all (`None`): Dinkes."""
    if facility_id is not None:
        require(principal, Action.view_dashboard, facility_id=facility_id)
    elif not sees_every_facility(principal):
        raise ApiProblem(
            403, ErrorCode.forbidden,
            f"{principal.role} of {principal.facility_id or 'Dinkes'} may not see the dashboard "
            "of every facility",
        )


def sees_every_facility(principal: Principal) -> bool:
    """Dinkes: may see the dashboard of every facility together."""
    return principal.role in MAY[Action.view_dashboard] and principal.facility_id is None


def require_dinkes(principal: Principal, what: str) -> None:
    """Dinkes only (an admin of no single facility): a person's data across facilities."""
    if principal.role is not Role.admin or principal.facility_id is not None:
        raise ApiProblem(
            403, ErrorCode.forbidden,
            f"{principal.role} of {principal.facility_id or 'Dinkes'} may not {what} for a person; "
            "only Dinkes may",
        )


def facility_scope(principal: Principal, action: Action, *, facility_id: str | None) -> str | None:
    """The facility a facility-wide list covers: the one asked for (its admin or Dinkes),
    else the principal's own; `None` (every facility) only for Dinkes asking for none."""
    facility_id = facility_id or principal.facility_id
    if facility_id is not None:
        require(principal, action, facility_id=facility_id)
        return facility_id
    if principal.role not in MAY[action]:
        raise ApiProblem(403, ErrorCode.forbidden,
                         f"{principal.role} of Dinkes may not {action} at every facility")
    return None


def require_regional(principal: Principal) -> None:
    """Dinkes only (an announcer of no single facility): for every facility, or a kecamatan's."""
    if principal.facility_id is not None or principal.role not in MAY[Action.manage_announcements]:
        raise ApiProblem(
            403, ErrorCode.forbidden,
            f"{principal.role} of {principal.facility_id or 'Dinkes'} may not publish for the whole "
            "regency; only Dinkes may",
        )
