"""The app's floors: imports run one way, faces → shared components → session kit →
api_client. A lower floor importing a higher one fails here, with the file and line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = ("api_client", "session", "components", "views", "server")
# Each floor and what it may import of ours (the rest of the world is free).
MAY_IMPORT = {
    "api_client": {"api_client"},
    "session": {"api_client", "session"},
    "components": {"api_client", "session", "components"},
}
# A face's private parts still in components/, reaching back into their face: they
# move into their wing (views/kiosk/, views/dashboard/) with the rest of issue 13.
NOT_YET_IN_THEIR_WING = {
    "components/dashboard_filters.py", "components/kiosk_identity.py",
    "components/kiosk_problem.py", "components/kiosk_result.py",
    "components/kiosk_services.py", "components/kiosk_start.py",
}


def imported_packages(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return [(line, package) for line, package in found if package in OURS]


@pytest.mark.parametrize("floor", sorted(MAY_IMPORT))
def test_no_floor_imports_one_above_it(floor: str) -> None:
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in sorted((ROOT / floor).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in NOT_YET_IN_THEIR_WING
        for line, package in imported_packages(path)
        if package not in MAY_IMPORT[floor]
    ]
    assert upward == []


def test_the_parts_waiting_for_their_wing_are_still_where_they_were() -> None:
    """The list above only shrinks: a file moved into its wing leaves it."""
    assert all((ROOT / name).is_file() for name in NOT_YET_IN_THEIR_WING)
