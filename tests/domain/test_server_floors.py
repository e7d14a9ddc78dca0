"""The server's floors: no circle of files importing each other (even through
others), and the queue domain's files import one way, from its routers at the top
down to its tables and rules. A circle or an upward import fails here, with the
files."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"
QUEUE = SERVER / "queue"
# The queue domain's floors, bottom up: a file imports only files of its own floor
# or below (within a floor: no circle, see below).
QUEUE_FLOORS = [
    {"tables", "rules", "codes", "arrival"},
    {"allocation", "limits", "task_times", "events"},
    {"tickets", "answers", "window"},
    {"intake", "bookings", "issue", "actions"},
    {"group_commit"},
    {"router", "booking_router"},
]


def imported_modules(path: Path) -> Iterator[str]:
    """Each module of ours a file imports, at any depth of the file (a function's
    import counts too); `from x import y` yields `x.y` as well, so that a submodule
    imported by name counts."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def module_file(module: str) -> Path | None:
    base = ROOT / module.replace(".", "/")
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def server_files() -> list[Path]:
    return sorted(
        path for path in SERVER.rglob("*.py")
        if "__pycache__" not in path.parts and "migrations" not in path.parts
    )


def edges() -> dict[Path, set[Path]]:
    return {
        path: {
            target
            for module in imported_modules(path)
            if module.split(".")[0] == "server"
            and (target := module_file(module)) is not None
            and target != path and target.name != "__init__.py"
        }
        for path in server_files()
    }


def test_no_circle_of_server_files() -> None:
    """Two files (or more) importing each other, even through others, make a circle
    that only import order keeps from breaking."""
    graph = edges()
    circles: list[str] = []
    state: dict[Path, str] = {}

    def visit(path: Path, trail: list[Path]) -> None:
        state[path] = "open"
        for target in sorted(graph.get(path, ())):
            if state.get(target) == "open":
                circle = trail[trail.index(target):] + [target]
                circles.append(" → ".join(str(p.relative_to(ROOT)) for p in circle))
            elif target not in state:
                visit(target, trail + [target])
        state[path] = "done"

    for path in graph:
        if path not in state:
            visit(path, [path])
    assert circles == []


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


def test_nothing_outside_imports_the_old_halves() -> None:
    """`server.bookings` and `server.queues` were one domain cut in two; it is
    `server.queue` now."""
    assert not (SERVER / "bookings").exists()
    assert not (SERVER / "queues").exists()
