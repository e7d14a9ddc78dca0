"""Staff accounts and kiosk keys, for the operator of a system without demo data.

    python -m server.accounts first-dinkes USERNAME     # the first account of an empty system
    python -m server.accounts create USERNAME --role loket --facility pkm-sumber
    python -m server.accounts reset-password USERNAME
    python -m server.accounts deactivate USERNAME
    python -m server.accounts reset-totp USERNAME        # a lost phone: enrol again
    python -m server.accounts issue-kiosk-key FACILITY [--name "Kiosk lobi"]
    python -m server.accounts revoke-kiosk-key DEVICE_ID
    python -m server.accounts list

It reads the database from the service's own settings (`DATABASE_URL`, or SQLite
under `LSR_DATA_DIR`) and, like a start of the service, migrates and seeds it first.
A password it prints is one-time: shown once here, never stored in clear, and to be
replaced at the first sign-in. A kiosk key is shown once; only its hash is kept. An
admin without a facility is Dinkes (every facility). Each change leaves an audit row
naming the operator's login on this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import Role
from server.app import open_state
from server.clock import Clock, system_clock
from server.errors import ApiProblem
from server.settings import Settings
from server.staff import accounts
from server.staff.auth import Principal
from server.staff.tables import KioskDeviceRow, StaffAccountRow

ONE_TIME = "one-time password (shown once; it must be changed at the first sign-in)"


def run(
    argv: Sequence[str], *, settings: Settings | None = None, clock: Clock = system_clock,
    out: TextIO = sys.stdout, operator_name: str | None = None,
) -> int:
    """Do one command; the exit status (0 done, 1 refused with a sentence on `out`)."""
    args = _parser().parse_args(argv)
    state = open_state(settings or Settings(), clock=clock)
    by = accounts.operator(operator_name or getpass.getuser())
    try:
        with state.db.write_transaction() as session:
            args.do(session, args, now=clock(), by=by, out=out)
    except (accounts.Refused, ApiProblem) as problem:
        print(f"refused: {problem}", file=out)
        return 1
    finally:
        state.db.dispose()
    return 0


Command = Callable[..., None]


def _first_dinkes(
    session: Session, args: argparse.Namespace, *, now: dt.datetime, by: Principal, out: TextIO
) -> None:
    made = accounts.create_first_dinkes(session=session, username=args.username, now=now, by=by)
    print(f"Dinkes account {made.username} created; {ONE_TIME}: {made.password}", file=out)


def _create(
    session: Session, args: argparse.Namespace, *, now: dt.datetime, by: Principal, out: TextIO
) -> None:
    made = accounts.create_account(session=session, username=args.username, role=Role(args.role),
                                   facility_id=args.facility, now=now, by=by)
    where = args.facility or "every facility (Dinkes)"
    print(f"{args.role} account {made.username} for {where} created; {ONE_TIME}: {made.password}",
          file=out)


def _reset(
    session: Session, args: argparse.Namespace, *, now: dt.datetime, by: Principal, out: TextIO
) -> None:
    made = accounts.reset_password(session=session, username=args.username, now=now, by=by)
    print(f"password of {made.username} reset, its sign-ins ended; {ONE_TIME}: {made.password}",
          file=out)


def _deactivate(
    session: Session, args: argparse.Namespace, *, now: dt.datetime, by: Principal, out: TextIO
) -> None:
    ended = accounts.deactivate(session=session, username=args.username, now=now, by=by)
    print(f"{args.username} deactivated; {ended} open sign-ins ended", file=out)


def _reset_totp(
    session: Session, args: argparse.Namespace, *, now: dt.datetime, by: Principal, out: TextIO
) -> None:
    accounts.reset_totp(session=session, username=args.username, now=now, by=by)
    print(f"authenticator app of {args.username} removed; it enrols again at its next sign-in",
          file=out)


def _issue_key(
    session: Session, args: argparse.Namespace, *, now: dt.datetime, by: Principal, out: TextIO
) -> None:
    issued = accounts.issue_kiosk_key(
        session=session, facility_id=args.facility, name=args.name, now=now, by=by
    )
    print(f"kiosk device {issued.device_id} of {issued.facility_id}; key (shown once, set it as "
          f"LSR_KIOSK_KEY on the kiosk PC): {issued.key}", file=out)


def _revoke_key(
    session: Session, args: argparse.Namespace, *, now: dt.datetime, by: Principal, out: TextIO
) -> None:
    accounts.revoke_kiosk_key(session=session, device_id=args.device_id, now=now, by=by)
    print(f"kiosk device {args.device_id} revoked: its key no longer works", file=out)


def _list(
    session: Session, args: argparse.Namespace, *, now: dt.datetime, by: Principal, out: TextIO
) -> None:
    for a in session.scalars(select(StaffAccountRow).order_by(StaffAccountRow.username)):
        flags = [f for f, on in (("inactive", not a.active), ("demo", a.demo),
                                 ("must-change-password", a.password_change_required),
                                 ("totp", a.totp_enabled)) if on]
        print(f"{a.username}\t{a.role}\t{a.facility_id or 'Dinkes'}\t{' '.join(flags)}", file=out)
    for k in session.scalars(select(KioskDeviceRow).order_by(KioskDeviceRow.id)):
        flags = [f for f, on in (("revoked", not k.active), ("demo", k.demo)) if on]
        print(f"kiosk {k.id}\t{k.facility_id}\t{k.name}\t{' '.join(flags)}", file=out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server.accounts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, do: Command, help: str) -> argparse.ArgumentParser:  # noqa: A002
        sub = commands.add_parser(name, help=help)
        sub.set_defaults(do=do)
        return sub

    command("first-dinkes", _first_dinkes, "the first Dinkes account of an empty system"
            ).add_argument("username")
    create = command("create", _create, "a staff account with a one-time password")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=[r.value for r in accounts.STAFF_ROLES])
    create.add_argument("--facility", help="facility id; none for Dinkes (role admin)")
    command("reset-password", _reset, "a new one-time password; open sign-ins end"
            ).add_argument("username")
    command("deactivate", _deactivate, "the account can no longer sign in").add_argument("username")
    command("reset-totp", _reset_totp, "remove a lost authenticator app and its recovery codes"
            ).add_argument("username")
    issue = command("issue-kiosk-key", _issue_key, "a new kiosk key for a facility")
    issue.add_argument("facility")
    issue.add_argument("--name", default="Kiosk lobi")
    command("revoke-kiosk-key", _revoke_key, "a kiosk key stops working"
            ).add_argument("device_id", type=int)
    command("list", _list, "accounts and kiosk devices (never a password or key)")
    return parser


def main() -> None:
    raise SystemExit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
