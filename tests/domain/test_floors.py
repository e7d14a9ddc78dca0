"""The app's floors: imports run one way, faces → shared components → session kit →
api_client. A lower floor importing a higher one, a face importing another face, or
a circle of files importing each other fails here, with the file and line."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = ("api_client", "session", "components", "views", "server")
# Each floor and what it may import of ours (the rest of the world is free).
MAY_IMPORT = {
    "api_client": {"api_client"},
    "session": {"api_client", "session"},
    "components": {"api_client", "session", "components"},
    "views": {"api_client", "session", "components", "views"},
}
# The route table ties the faces together; it is the one file that imports them all.
ROUTE_TABLE = "views/app.py"
FACES = sorted(path.name for path in (ROOT / "views").iterdir() if (path / "__init__.py").is_file())


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted module) for each import of ours; `from x import y` yields `x.y`
    too, so that a submodule imported by name counts."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def ours(path: Path) -> list[tuple[int, str]]:
    return [(line, module) for line, module in imported_modules(path) if module.split(".")[0] in OURS]


def python_files(folder: str) -> list[Path]:
    return sorted(path for path in (ROOT / folder).rglob("*.py") if "__pycache__" not in path.parts)


def face_of(module_or_path: str) -> str | None:
    parts = module_or_path.replace("/", ".").split(".")
    return parts[1] if parts[0] == "views" and len(parts) > 2 and parts[1] in FACES else None


@pytest.mark.parametrize("floor", sorted(MAY_IMPORT))
def test_no_floor_imports_one_above_it(floor: str) -> None:
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files(floor)
        for line, module in ours(path)
        if module.split(".")[0] not in MAY_IMPORT[floor]
    ]
    assert upward == []


def test_no_face_imports_another_face() -> None:
    assert len(FACES) >= 10, FACES
    crossing = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files("views")
        if str(path.relative_to(ROOT)) != ROUTE_TABLE
        for line, module in ours(path)
        if face_of(module) not in (None, face_of(str(path.relative_to(ROOT))))
    ]
    assert crossing == []


def test_components_holds_only_what_two_faces_use() -> None:
    """A part used by one face only lives in that face's wing."""
    users: dict[str, set[str]] = {}
    for path in python_files("views") + python_files("components"):
        for _, module in ours(path):
            parts = module.split(".")
            if parts[0] == "components" and len(parts) > 1:
                users.setdefault(parts[1], set()).add(str(path.relative_to(ROOT)))

    def faces(part: str, seen: frozenset[str] = frozenset()) -> set[str]:
        found: set[str] = set()
        for user in users.get(part, set()) - seen:
            if user.startswith("components/"):
                found |= faces(Path(user).stem, seen | {user})
            else:
                found.add(face_of(user) or user)
        return found

    private = {
        part: sorted(faces(part))
        for part in (path.stem for path in python_files("components") if path.stem != "__init__")
        if len(faces(part)) < 2
    }
    assert private == {}


def module_file(module: str) -> Path | None:
    path = ROOT / module.replace(".", "/")
    for candidate in (path.with_name(path.name + ".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def test_no_circle_of_files() -> None:
    """Two files (or more) importing each other, even through others, make a circle
    that only import order keeps from breaking."""
    folders = ("api_client", "session", "components", "views")
    app = [path for folder in folders for path in python_files(folder)]
    edges = {
        path: {
            target
            for _, module in ours(path)
            if (target := module_file(module)) is not None and target != path and target.name != "__init__.py"
        }
        for path in app
    }
    assert circles(edges) == []


def circles(edges: dict[Path, set[Path]]) -> list[str]:
    """Each circle of files in an import graph (file: the files it imports), as
    `a → b → a` (shared with tests/domain/test_server_floors.py)."""
    found: list[str] = []
    state: dict[Path, str] = {}

    def visit(path: Path, trail: list[Path]) -> None:
        state[path] = "open"
        for target in sorted(edges.get(path, ())):
            if state.get(target) == "open":
                circle = trail[trail.index(target):] + [target]
                found.append(" → ".join(str(p.relative_to(ROOT)) for p in circle))
            elif target not in state:
                visit(target, trail + [target])
        state[path] = "done"

    for path in edges:
        if path not in state:
            visit(path, [path])
    return found
