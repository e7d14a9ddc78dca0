"""Reports to file from the command line, for a cron job on the service's machine:

    python -m server.reports skm   --month 2026-11 --facility pkm-sumber --out skm-sumber-2026-11.xlsx
    python -m server.reports recap --month 2026-11 [--facility pkm-sumber] --format csv --out rekap.csv

`skm` is the SKM report (PermenPANRB 14/2017), `recap` the monthly recap of the
dashboard's tables; without `--facility` both cover every facility (the regency's
recap has one row per facility besides). `--month` defaults to the last full month
(WIB); `--format` to the extension of `--out` (`xlsx` or `csv`). The files are the
ones the dashboard's "Laporan" card downloads.

The database is the one the service uses (`DATABASE_URL`, else the SQLite file under
`LSR_DATA_DIR`: server/settings.py), read only; nothing is written to it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from api_client.models import ReportFile
from server.clock import Clock, service_date_of, system_clock
from server.db import Database
from server.facilities.directory import Directory
from server.reports.build import build_report
from server.reports.month import Month
from server.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server.reports", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="report", required=True)
    for name, about in (("skm", "the SKM report of a month"),
                        ("recap", "the monthly recap of the dashboard's tables")):
        command = commands.add_parser(name, help=about)
        command.add_argument("--month", help="YYYY-MM; default: the last full month")
        command.add_argument("--facility", help="a facility id; default: every facility")
        command.add_argument("--format", choices=("xlsx", "csv"), help="default: from --out's extension")
        command.add_argument("--out", type=Path, required=True, help="the file to write")
    return parser


def run(argv: Sequence[str] | None = None, *, settings: Settings | None = None,
        clock: Clock = system_clock) -> int:
    """Write one report; 0 when written, 2 with a sentence on stderr when refused."""
    parser = _parser()
    args = parser.parse_args(argv)
    today = service_date_of(clock())
    file_format = args.format or args.out.suffix.lstrip(".").lower()
    if file_format not in ("xlsx", "csv"):
        parser.error(f"--format is xlsx or csv (or --out ends in .xlsx or .csv), got {file_format!r}")
    try:
        month = Month.parse(args.month) if args.month else Month.before(today)
    except ValueError as problem:
        parser.error(str(problem))
    settings = settings or Settings()
    db = Database(settings.resolved_database_url(), sqlite_synchronous=settings.sqlite_synchronous)
    try:
        with db.read() as session:
            directory = Directory.load(session)
            if args.facility and args.facility not in directory.facilities:
                known = ", ".join(sorted(directory.facilities))
                parser.error(f"no facility {args.facility!r}; known: {known}")
            built = build_report(ReportFile(f"{args.report}.{file_format}"), session=session,
                                 directory=directory, facility_id=args.facility, month=month, today=today)
    except SQLAlchemyError as problem:
        print(f"python -m server.reports: the database cannot be read ({type(problem).__name__}); "
              "has the service run on it (it creates and migrates it)?", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    args.out.write_bytes(built.body)
    print(f"{args.out}: {args.report} {month.key} {args.facility or 'semua faskes'}")
    return 0


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
