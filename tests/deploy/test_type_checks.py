"""mypy checks the whole app, from pyproject.toml alone (a plain `mypy`, as `make lint`
runs it), and CI runs `make lint` before the tests: a type error in a screen fails CI
like one in the service."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib

import pytest

from tests.support.live_server import ROOT

APP = {"api_client", "server", "session", "components", "views", "main.py"}
STRICT_PACKAGES = ("api_client", "server", "session")
# What `mypy --strict` turns on that a per-module section can say (`mypy --help`).
STRICT_FLAGS = {
    "disallow_any_generics": True,
    "disallow_subclassing_any": True,
    "disallow_untyped_calls": True,
    "disallow_untyped_defs": True,
    "disallow_incomplete_defs": True,
    "disallow_untyped_decorators": True,
    "warn_unused_ignores": True,
    "warn_return_any": True,
    "implicit_reexport": False,
    "strict_equality": True,
}


def mypy_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def test_mypy_checks_every_app_package_with_no_module_silenced():
    config = mypy_config()
    assert APP <= set(config["files"])
    assert config["check_untyped_defs"] is True
    for override in config.get("overrides", []):
        assert "follow_imports" not in override, override["module"]
        assert not override.get("ignore_errors"), override["module"]


def test_the_client_the_service_and_the_session_kit_are_checked_strictly():
    strict = [o for o in mypy_config()["overrides"] if STRICT_FLAGS.items() <= o.items()]
    covered = {module for override in strict for module in override["module"]}
    for package in STRICT_PACKAGES:
        assert {package, f"{package}.*"} <= covered, package


def test_ci_runs_ruff_and_mypy_before_the_tests():
    steps = [line.split() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    lint = next(i for i, words in enumerate(steps) if words[:1] == ["make"] and "lint" in words)
    assert lint < steps.index(["make", "test"])
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make on this machine")
    planned = subprocess.run(  # noqa: S603 - make's dry run: prints the commands, runs none
        [make, "-n", "lint"], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "MAKEFLAGS": ""},
    ).stdout.splitlines()
    assert any(line.endswith("/mypy") for line in planned)
    assert any(line.endswith("ruff check .") for line in planned)
