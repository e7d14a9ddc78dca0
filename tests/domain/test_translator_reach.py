"""The translator reaches components one way: an `@ft.component` calls `use_t()`
(session/context.py); plain helper functions take `t: Translator`. No component takes
the translator as a parameter, none asks `use_session()` for it alone.

The waiting room's TV speaks Indonesian whatever the device's language: its screen hands
its translator down with `with_translator`, and its components still call `use_t()`."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACES = ("views", "components")

# The root of its own render (`page.render_views`, no session: a phone build without
# the service's address), so it is handed what every other screen reads from context.
ROOTS = {("views/preferences/service_address.py", "ServiceAddressMissing")}
WAITING: set[tuple[str, str]] = set()


def components() -> Iterator[tuple[str, ast.FunctionDef]]:
    for folder in FACES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and any(
                    ast.unparse(d) == "ft.component" for d in node.decorator_list
                ):
                    yield path.relative_to(ROOT).as_posix(), node


def takes_translator(fn: ast.FunctionDef) -> bool:
    params = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
    return any(
        p.arg == "t" or (p.annotation is not None and "Translator" in ast.unparse(p.annotation))
        for p in params
    )


def asks_the_session_for_the_translator_alone(fn: ast.FunctionDef) -> bool:
    parents = {child: node for node in ast.walk(fn) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(fn):
        if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "use_session"):
            continue
        parent = parents[node]
        if isinstance(parent, ast.Attribute) and parent.attr == "t":  # use_session().t
            return True
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(
            parent.targets[0], ast.Name
        ):
            name = parent.targets[0].id
            reads = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == name
                     and isinstance(n.ctx, ast.Load)]
            if reads and all(
                isinstance(parents[r], ast.Attribute) and parents[r].attr == "t" for r in reads
            ):
                return True
    return False


def test_no_component_takes_the_translator_as_a_parameter():
    found = {(path, fn.name) for path, fn in components() if takes_translator(fn)}
    assert found - ROOTS - WAITING == set()


def test_no_component_asks_the_session_for_the_translator_alone():
    found = {(path, fn.name) for path, fn in components()
             if asks_the_session_for_the_translator_alone(fn)}
    assert found == set()


def test_the_exceptions_listed_here_are_still_needed():
    """A renamed or fixed component leaves the lists: nothing stale is excused."""
    taking = {(path, fn.name) for path, fn in components() if takes_translator(fn)}
    assert ROOTS | WAITING <= taking
