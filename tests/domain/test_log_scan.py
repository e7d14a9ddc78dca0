"""The log scan (tests/support/log_scan.py) finds what it must and says where,
without repeating the number it found."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.log_scan import scan_tree

ROOT = Path(__file__).resolve().parents[2]
NIK, BPJS, PHONES = "3317014506900001", "0000000000001", ("0812-3456-7890", "+6281234567890")


def test_a_planted_nik_bpjs_and_phones_are_found_by_file_and_line():
    """Planted outside this run's temporary folder, which the run's own scan reads."""
    with tempfile.TemporaryDirectory(prefix="lsr-log-scan-") as outside:
        found = _plant_and_scan(Path(outside))
    assert found == [
        ("server.log", 2, "NIK (16 digits)"),
        ("server.log", 5, "BPJS number (13 digits)"),
        ("server.log", 6, "phone number"),
        ("server.log", 7, "phone number"),
    ]


def _plant_and_scan(tmp_path: Path) -> list[tuple[str, int, str]]:
    log = tmp_path / "data" / "server.log"
    log.parent.mkdir()
    log.write_text(
        "INFO uvicorn 127.0.0.1 \"GET /api/health HTTP/1.1\" 200\n"
        f"INFO app patient {NIK} booked\n"
        "INFO app 2026-11-30 08:00:00 event 1764464400 id 9f3c0812345678901abc\n"
        '{"request_id": "1234567890123456", "route": "/api/bookings/{booking_code}"}\n'
        f"INFO app bpjs={BPJS}\n"
        f"INFO app phone {PHONES[0]}\n"
        f"INFO app phone {PHONES[1]}\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text(NIK)  # not a log
    return [(f.path.name, f.line, f.kind) for f in scan_tree(tmp_path)]


def test_a_test_run_that_logs_a_nik_fails_and_the_report_hides_the_number():
    """A whole pytest run with the plugin, outside this run's temporary folder (its
    planted log must not trip this run's own scan)."""
    with tempfile.TemporaryDirectory(prefix="lsr-log-scan-") as outside:
        folder = Path(outside)
        (folder / "test_leaky.py").write_text(
            "import logging\n"
            "def test_leaks():\n"
            f"    logging.getLogger('leaky').info('booked for %s', '{NIK}')\n"
            "def test_quiet():\n"
            "    logging.getLogger('quiet').info('booked A-012')\n"
        )
        (folder / "pytest.ini").write_text("[pytest]\n")
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "-p", "tests.support.log_scan", "--basetemp", str(folder / "tmp"),
             "--rootdir", str(folder), "-c", str(folder / "pytest.ini"), str(folder)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, timeout=120,
        )
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "2 passed" in output
    assert "records.log:1: a NIK (16 digits)" in output
    assert NIK not in output
