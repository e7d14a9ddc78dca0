"""requirements.lock (what `make run` and `make test` install, with hashes) agrees
with pyproject.toml: every dependency of the groups the Makefile installs, and
everything those need in turn, is pinned there at a version the ranges allow. The
production lock (requirements-server.lock, the service alone) agrees the same way,
at the very versions the tests ran with."""

from __future__ import annotations

import re
import subprocess
import tomllib
from importlib.metadata import PackageNotFoundError, distribution

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.support.live_server import ROOT

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
# The machine the lock is made for (`make lock`): CPython 3.11 on Linux.
TARGET = {
    "python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux",
    "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64",
    "implementation_name": "cpython", "platform_python_implementation": "CPython",
}


def make_variable(name: str) -> str:
    return re.search(rf"^{name} := (.+)$", MAKEFILE, re.M).group(1).strip()  # type: ignore[union-attr]


# lock file → the optional groups it holds besides the app's dependencies
LOCKS = {make_variable("LOCK"): make_variable("EXTRAS").split(),
         make_variable("SERVER_LOCK"): make_variable("SERVER_EXTRAS").split()}
TESTED = make_variable("LOCK")


def locked(lock: str) -> dict[str, tuple[Version, list[str]]]:
    """name → (version, sha256 hashes)."""
    entries = {}
    for block in re.split(r"\n(?=\S)", (ROOT / lock).read_text(encoding="utf-8")):
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if match:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            entries[canonicalize_name(match.group(1))] = (Version(match.group(2)), hashes)
    return entries


def applies(requirement: Requirement, extras: set[str]) -> bool:
    """Whether the requirement holds on the target, for a package installed with these extras."""
    marker = requirement.marker
    return marker is None or any(marker.evaluate({**TARGET, "extra": extra}) for extra in extras | {""})


def direct_requirements(lock: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = [project["dependencies"]] + [project["optional-dependencies"][e] for e in LOCKS[lock]]
    return [Requirement(line) for group in groups for line in group]


@pytest.mark.parametrize("lock", LOCKS)
def test_every_dependency_of_pyproject_is_locked_within_its_range(lock):
    pins = locked(lock)
    wrong = [(str(req), str(pins[canonicalize_name(req.name)][0]) if canonicalize_name(req.name) in pins
              else "missing")
             for req in direct_requirements(lock)
             if applies(req, set())
             and (canonicalize_name(req.name) not in pins
                  or not req.specifier.contains(pins[canonicalize_name(req.name)][0], prereleases=True))]
    assert wrong == []


def closure(lock: str) -> tuple[set[str], list[str]]:
    """What pyproject.toml leads to (extras included), walked through the installed
    packages' metadata, and what the lock gets wrong on the way."""
    pins = locked(lock)
    todo = [(req, set(req.extras)) for req in direct_requirements(lock) if applies(req, set())]
    seen: set[tuple[str, frozenset[str]]] = set()
    wrong = []
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if (name, frozenset(extras)) in seen:
            continue
        seen.add((name, frozenset(extras)))
        if name not in pins:
            wrong.append(f"{req} is not locked")
            continue
        if not req.specifier.contains(pins[name][0], prereleases=True):
            wrong.append(f"{req}, locked at {pins[name][0]}")
        try:
            requires = distribution(req.name).requires or []
        except PackageNotFoundError:
            wrong.append(f"{req.name} is not installed here to read what it needs")
            continue
        for line in requires:
            needed = Requirement(line)
            if applies(needed, extras):
                todo.append((needed, set(needed.extras)))
    return {name for name, _ in seen}, wrong


@pytest.mark.parametrize("lock", LOCKS)
def test_what_the_dependencies_need_in_turn_is_locked_too(lock):
    assert closure(lock)[1] == []


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_carries_its_hashes(lock):
    assert [name for name, (_, hashes) in locked(lock).items() if not hashes] == []


@pytest.mark.parametrize("lock", LOCKS)
def test_the_lock_holds_nothing_pyproject_does_not_lead_to(lock):
    """A package dropped from pyproject.toml leaves the lock at the next `make lock`."""
    assert set(locked(lock)) - closure(lock)[0] == set()


def test_production_gets_the_versions_the_tests_ran_with():
    tested = locked(TESTED)
    for lock in LOCKS:
        assert {name: pin for name, pin in locked(lock).items() if tested.get(name) != pin} == {}


def test_make_installs_from_the_lock_with_hashes_then_the_project_alone():
    plan = subprocess.run(["make", "-n", "-B", "test", "VENV=/nonexistent-venv"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    from_lock = plan.index("pip install -q --require-hashes -r requirements.lock")
    assert plan.index("pip install -q --no-deps -e .") > from_lock
    assert re.search(r"pip install .*\.\[", plan) is None  # nothing resolved outside the lock
