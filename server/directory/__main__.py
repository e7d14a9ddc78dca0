"""The facility directory as a file, for Dinkes to prepare a change and apply it.

    python -m server.directory export [-o FILE] [--on DATE]
    python -m server.directory import FILE --dry-run [--effective-from DATE]
    python -m server.directory import FILE [--effective-from DATE]

`export` writes the directory in the seed format (server/seed/schema.py): facilities,
hours, services with their quotas, average minutes and counters in force on `--on`
(by default tomorrow, the day an import takes effect), doctors and their schedules,
regency-wide closures from today on. No account, key or personal data.

`import --dry-run` lists the differences (added, changed, removed; kept: what the
tool does not do, and why) and checks them with the admin screens' rules, changing
nothing. `import` applies them all in one transaction, or nothing when one is refused
(a quota below what is already booked, with the day and count; a new prefix while
numbers with the old one are issued). Quotas, average minutes and counters change
from `--effective-from` (by default tomorrow; never before today); everything else at
once. A service missing from the file is disabled, not deleted; a facility missing
from it is kept. Each change is audited under the operator's login on this machine;
the running service reads the directory again within LSR_DIRECTORY_REFRESH_SECONDS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import yaml
from pydantic import ValidationError

from server.app import open_state
from server.clock import Clock, service_date_of, system_clock
from server.directory.apply import Refused, apply_edits
from server.directory.changes import Change
from server.directory.diff import differences, planned_later
from server.directory.export import current_seed, seed_yaml
from server.seed.load import read_seed
from server.settings import Settings
from server.staff import accounts


class _DryRun(Exception):
    """Roll the checked changes back."""


def run(
    argv: Sequence[str],
    *,
    settings: Settings | None = None,
    clock: Clock = system_clock,
    out: TextIO = sys.stdout,
    operator_name: str | None = None,
) -> int:
    """Do one command; the exit status (0 done, 1 refused with a sentence on `out`)."""
    args = _parser().parse_args(argv)
    now = clock()
    today = service_date_of(now)
    on = args.effective_from if args.command == "import" else args.on
    on = on or today + dt.timedelta(days=1)
    if on < today:
        print(f"refused: {on} is before today {today}: a change never takes effect in the past", file=out)
        return 1
    if args.command == "import":
        try:
            wanted = read_seed(Path(args.file))
        except (OSError, yaml.YAMLError, ValidationError) as problem:
            print(f"refused: {args.file} is not a directory file: {problem}", file=out)
            return 1
    state = open_state(settings or Settings(), clock=clock)
    try:
        if args.command == "export":
            with state.db.read() as session:
                text = seed_yaml(
                    current_seed(session=session, directory=state.directory, on=on, today=today),
                    today=today,
                    on=on,
                )
            if args.output:
                Path(args.output).write_text(text, encoding="utf-8")
            else:
                out.write(text)
            return 0
        by = accounts.operator(operator_name or getpass.getuser())
        try:
            with state.db.write_transaction() as session:
                current = current_seed(session=session, directory=state.directory, on=on, today=today)
                edits = differences(current, wanted, today=today)
                edits += planned_later(edits, directory=state.directory, on=on)
                for edit in edits:
                    print(edit.line(), file=out)
                apply_edits(
                    session=session,
                    directory=state.directory,
                    wanted=wanted,
                    edits=edits,
                    effective_from=on,
                    now=now,
                    by=by,
                    days_ahead=state.settings.booking_days_ahead,
                )
                if args.dry_run:
                    raise _DryRun
        except _DryRun:
            print(
                f"dry run: {_count(edits)} changes would apply (quotas from {on}); nothing changed", file=out
            )
            return 0
        except Refused as problem:
            print(f"refused: {problem}\nnothing was applied", file=out)
            return 1
        print(
            f"applied {_count(edits)} changes (quotas from {on}); the running service reads them within "
            f"{state.settings.directory_refresh_seconds:g} s",
            file=out,
        )
        return 0
    finally:
        state.db.dispose()


def _count(edits: list) -> int:  # type: ignore[type-arg]
    return sum(e.change in (Change.added, Change.changed, Change.removed) for e in edits)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m server.directory",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="the directory as a seed-format YAML file")
    export.add_argument("-o", "--output", help="write to this file (default: standard output)")
    export.add_argument(
        "--on", type=dt.date.fromisoformat, help="settings in force on DATE (default tomorrow)"
    )
    load = commands.add_parser("import", help="show (--dry-run) or apply a file's differences")
    load.add_argument("file")
    load.add_argument("--dry-run", action="store_true", help="show and check the differences, change nothing")
    load.add_argument(
        "--effective-from",
        type=dt.date.fromisoformat,
        help="quotas, minutes and counters change from DATE (default tomorrow; not before today)",
    )
    return parser


def main() -> None:
    raise SystemExit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
