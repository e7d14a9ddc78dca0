"""Personal data never reaches a log: a pytest plugin that scans every log the test
run wrote and fails the run when one holds something shaped like a NIK (16 digits),
a BPJS card number (13 digits) or an Indonesian mobile number (`08…`, `628…`,
`+628…`, separators allowed).

Two kinds of log are scanned at the end of the session:

- every `*.log` under pytest's temporary folder of this run (the real server
  processes of tests/support/live_server.py write `data_dir/server.log` there);
- the log records of the in-process tests (the app through `httpx.ASGITransport`,
  the client, the views), written to `log-scan/records.log` in that folder by a
  handler installed on the root logger for the whole session.

Under pytest-xdist each worker records into its own folder, which lies inside the
controller's; the controller scans the whole tree once every worker has finished.

A finding names the file, the line and the kind of number, never the number: the
report must not become the leak. Registered in tests/conftest.py.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_NOT_BEFORE = r"(?<![\w.+])"  # not inside a longer number, a hex hash or a decimal
_NOT_AFTER = r"(?![\w])"
PATTERNS: dict[str, re.Pattern[str]] = {
    "NIK (16 digits)": re.compile(_NOT_BEFORE + r"\d{16}" + _NOT_AFTER),
    "BPJS number (13 digits)": re.compile(_NOT_BEFORE + r"\d{13}" + _NOT_AFTER),
    # 08…, 628…, +628… with 7–11 more digits, dashes or spaces between them allowed.
    "phone number": re.compile(r"(?<![\w.])(?:\+62|62|0)8\d(?:[- ]?\d){7,11}" + _NOT_AFTER),
}
# Random ids that are digits only by chance ((10/16)^16 for a 16-hex request id: a few
# times in a long run): blanked before the scan. They are never personal data.
RANDOM_IDS = re.compile(r'"request_id": "[0-9a-f]+"')
RECORDS_FILE = "log-scan/records.log"


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    kind: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: a {self.kind}"


def scan_lines(path: Path, lines: Iterable[str]) -> Iterator[Finding]:
    for number, line in enumerate(lines, start=1):
        line = RANDOM_IDS.sub('"request_id": ""', line)
        for kind, pattern in PATTERNS.items():
            if pattern.search(line):
                yield Finding(path, number, kind)


def scan_file(path: Path) -> list[Finding]:
    with path.open(encoding="utf-8", errors="replace") as f:
        return list(scan_lines(path, f))


def scan_tree(root: Path) -> list[Finding]:
    """Every finding in every `*.log` under `root`, in a stable order."""
    return [finding for path in sorted(root.rglob("*.log")) for finding in scan_file(path)]


def report(findings: list[Finding]) -> str:
    lines = [f"personal data in the logs of this test run ({len(findings)} lines):"]
    lines += [f"  {finding}" for finding in findings]
    return "\n".join(lines)


# ------------------------------------------------------------------ the plugin

_handler_key = pytest.StashKey[logging.Handler]()
_levels_key = pytest.StashKey[tuple[int, int]]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Record every INFO-or-louder record of the run to a file the scan will read.
    SQLAlchemy stays at WARNING: at INFO it echoes each statement, which no
    deployment does."""
    records = session.config._tmp_path_factory.getbasetemp() / RECORDS_FILE  # type: ignore[attr-defined]
    records.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(records, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root, sqlalchemy = logging.getLogger(), logging.getLogger("sqlalchemy")
    session.stash[_levels_key] = (root.level, sqlalchemy.level)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    if sqlalchemy.level == logging.NOTSET:
        sqlalchemy.setLevel(logging.WARNING)
    root.addHandler(handler)
    session.stash[_handler_key] = handler


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    handler = session.stash.get(_handler_key, None)
    if handler is None:
        return
    root = logging.getLogger()
    root.removeHandler(handler)
    handler.close()
    root_level, sqlalchemy_level = session.stash[_levels_key]
    root.setLevel(root_level)
    logging.getLogger("sqlalchemy").setLevel(sqlalchemy_level)
    if hasattr(session.config, "workerinput"):
        return  # a pytest-xdist worker: its folder is inside the controller's, scanned there
    findings = scan_tree(session.config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]
    if not findings:
        return
    terminal = session.config.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None:
        terminal.write_sep("=", "log scan", red=True)
        terminal.write_line(report(findings))
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
