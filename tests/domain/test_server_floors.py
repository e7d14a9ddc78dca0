"""The server's floors: no circle of files importing each other (even through
others), and the queue domain's files import one way, from its routers at the top
down to its tables and rules. A circle or an upward import fails here, with the
files."""

from __future__ import annotations

from pathlib import Path

from tests.domain.test_floors import circles, imported_modules, module_file

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"
QUEUE = SERVER / "queue"
# The queue domain's floors, bottom up: a file imports only files of its own floor
# or below (within a floor: no circle, see below).
QUEUE_FLOORS = [
    {"tables", "rules", "codes", "arrival", "estimate", "day_order"},
    {"allocation", "limits", "task_times", "events", "day_orders"},
    {"tickets", "answers", "window"},
    {"intake", "bookings", "issue", "actions", "exceptions", "desk_search", "patient_at_desk"},
    {"group_commit"},
    {"router", "booking_router"},
    {"booking_fast_path"},
]


def server_files() -> list[Path]:
    return sorted(
        path for path in SERVER.rglob("*.py")
        if "__pycache__" not in path.parts and "migrations" not in path.parts
    )


def edges() -> dict[Path, set[Path]]:
    return {
        path: {
            target
            for _, module in imported_modules(path)
            if module.split(".")[0] == "server"
            and (target := module_file(module)) is not None
            and target != path and target.name != "__init__.py"
        }
        for path in server_files()
    }


def test_no_circle_of_server_files() -> None:
    """Two files (or more) importing each other, even through others, make a circle
    that only import order keeps from breaking."""
    assert circles(edges()) == []


def test_the_queue_domain_imports_only_down_its_floors() -> None:
    floor_of = {name: n for n, floor in enumerate(QUEUE_FLOORS) for name in floor}
    files = sorted(p.stem for p in QUEUE.glob("*.py") if p.stem != "__init__")
    assert sorted(floor_of) == files, "every file of server/queue/ has its floor here"
    upward = [
        f"{path.relative_to(ROOT)} imports {target.relative_to(ROOT)}"
        for path, targets in edges().items() if path.parent == QUEUE
        for target in targets
        if target.parent == QUEUE and floor_of[target.stem] > floor_of[path.stem]
    ]
    assert upward == []


def test_the_queue_is_one_domain_not_two_halves() -> None:
    """`server.bookings` and `server.queues` were one domain cut in two; it is
    `server.queue` now."""
    assert not (SERVER / "bookings").exists()
    assert not (SERVER / "queues").exists()
