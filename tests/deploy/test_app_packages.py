"""The builds of the app (docs/android.md, .github/workflows/build-apps.yml) can work:
every package they carry can be packaged, the code loads nothing they leave out, and
each is built with the service's address.

`flet build apk` installs `[project].dependencies` (plus `[tool.flet.android]
.dependencies`) and what they need in turn for Android, from wheels only: a package
published as a source archive alone (docopt, which num2words needs) stops the build,
because nothing compiles on the way. Each package the APK carries is named below with
the reason it can be packaged; a new dependency fails here until someone checks it
and says why. `flet build linux` (the kiosk PC) adds `[tool.flet.linux].dependencies`,
which must be the kiosk extra: the receipt printer.

The packages' own requirements are read from the installed distributions
(`importlib.metadata`), with the markers evaluated as on a phone. Without
`lsr-build.json` a phone build has no service to talk to (tests/views/
test_service_address.py): the workflow writes it before every build and refuses an
APK without an https address.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.live_server import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
FLET = PYPROJECT["tool"]["flet"]
WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "build-apps.yml").read_text(encoding="utf-8"))

PURE = "pure Python: a py3-none-any wheel on PyPI"
FLET_INDEX = "binary: Android wheels on Flet's own index, pypi.flet.dev (flet-dev/mobile-forge, recipes/{})"
# Every package the APK carries, and why `flet build apk` can package it.
ANDROID = {
    "flet": PURE,
    "flet-audio": PURE,
    "flet-charts": PURE,
    "flet-geolocator": PURE,
    "flet-map": PURE,
    "flet-secure-storage": PURE + " (its Flutter side, flutter_secure_storage, is built by flet build)",
    "cryptography": FLET_INDEX.format("cryptography") + ": 43.0.1 for Python 3.12-3.13, 48.0.0 for "
                    "3.14 (hence the floor >=43.0.1 in pyproject.toml)",
    "cffi": FLET_INDEX.format("cffi") + " (via cryptography)",
    "pycparser": PURE + " (via cffi)",
    "msgpack": FLET_INDEX.format("msgpack") + "; flet itself needs it",
    "oauthlib": PURE + " (via flet)",
    "repath": PURE + " (via flet)",
    "six": PURE + " (via repath)",
    "httpx": PURE,
    "httpcore": PURE + " (via httpx)",
    "anyio": PURE + " (via httpx)",
    "h11": PURE,
    "idna": PURE,
    "certifi": PURE,
    "httpx-sse": PURE,
    "stamina": PURE,
    "tenacity": PURE + " (via stamina)",
    "tinydb": PURE,
    "pydantic": PURE,
    "pydantic-core": FLET_INDEX.format("pydantic-core") + "; if the newest Python has none yet, "
                     "build with --python-version 3.13 (docs/android.md)",
    "annotated-types": PURE + " (via pydantic)",
    "typing-extensions": PURE + " (via pydantic)",
    "typing-inspection": PURE + " (via pydantic)",
    "babel": PURE,
    "phonenumbers": PURE,
    "segno": PURE,
    "tzdata": PURE + " (the time zones; Android has no /usr/share/zoneinfo for Python)",
}

# A phone: Android on ARM or x86, with any Python Flet 1.0.5 may embed.
PHONES = [
    {"sys_platform": "android", "platform_system": "Android", "os_name": "posix",
     "platform_machine": machine, "implementation_name": "cpython",
     "platform_python_implementation": "CPython", "python_version": version,
     "python_full_version": f"{version}.0"}
    for machine in ("aarch64", "armv7l", "x86_64") for version in ("3.12", "3.13", "3.14")
]
KIOSK_PC = [{"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
             "platform_machine": "x86_64", "implementation_name": "cpython",
             "platform_python_implementation": "CPython", "python_version": "3.12",
             "python_full_version": "3.12.0"}]


def applies(requirement: Requirement, extras: set[str], machines: list[dict[str, str]]) -> bool:
    marker = requirement.marker
    return marker is None or any(marker.evaluate({**machine, "extra": extra})
                                 for machine in machines for extra in extras | {""})


def packaged(requirements: list[str], machines: list[dict[str, str]]) -> dict[str, str]:
    """Every distribution the requirements lead to on these machines → what needs it
    ("pyproject.toml" for a direct one)."""
    needed_by: dict[str, str] = {}
    todo = [(Requirement(line), "pyproject.toml") for line in requirements]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        requirement, parent = todo.pop()
        name = canonicalize_name(requirement.name)
        extras = set(requirement.extras)
        if (name, frozenset(extras)) in seen:
            continue
        seen.add((name, frozenset(extras)))
        needed_by.setdefault(name, parent)
        try:
            requires = distribution(requirement.name).requires or []
        except PackageNotFoundError:  # pragma: no cover - the venv is made from the lock
            raise AssertionError(f"{requirement.name} is not installed here to read what it needs") from None
        todo += [(Requirement(line), name) for line in requires
                 if applies(Requirement(line), extras, machines)]
    return needed_by


def apk_requirements() -> list[str]:
    return PYPROJECT["project"]["dependencies"] + FLET.get("android", {}).get("dependencies", [])


def kiosk_requirements() -> list[str]:
    return PYPROJECT["project"]["dependencies"] + FLET.get("linux", {}).get("dependencies", [])


def test_every_package_the_apk_carries_can_be_packaged_for_android():
    carried = packaged(apk_requirements(), PHONES)
    unknown = {name: f"needed by {parent}" for name, parent in carried.items() if name not in ANDROID}
    assert unknown == {}, "check each for an Android wheel and add it to ANDROID with the reason"


def test_the_list_names_nothing_the_apk_no_longer_carries():
    assert set(ANDROID) - set(packaged(apk_requirements(), PHONES)) == set()


def test_the_voice_stays_with_the_service():
    """num2words needs docopt, which has no wheel at all: the number words are the
    service's (server/voice/), and the clips stay out of the APK too."""
    carried = packaged(apk_requirements(), PHONES)
    assert {"num2words", "docopt"} & set(carried) == set()
    assert "num2words" in {canonicalize_name(Requirement(line).name)
                           for line in PYPROJECT["project"]["optional-dependencies"]["server"]}
    assert {"server", "assets/voice"} <= set(FLET["app"]["exclude"])


def test_no_package_may_be_built_from_source_in_the_build():
    """`source_packages` would let pip compile on the runner, for the wrong machine."""
    for table in (FLET, FLET.get("android", {}), FLET.get("linux", {})):
        assert "source_packages" not in table
    commands = [step.get("run", "") for job in WORKFLOW["jobs"].values() for step in job["steps"]]
    assert not [command for command in commands if "--source-packages" in command]


def top_level_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def packaged_code() -> list[Path]:
    """The Python files `flet build` packages: the repo root minus the exclude list,
    hidden files and build/ (as flet-cli 1.0.5 does)."""
    excluded = {ROOT / path for path in FLET["app"]["exclude"]} | {ROOT / "build"}
    return [path for path in ROOT.rglob("*.py")
            if not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
            and not any(path.is_relative_to(folder) for folder in excluded)]


def test_the_packaged_code_imports_only_what_the_builds_carry():
    """An import of a package the build leaves out breaks the app on the phone or the
    kiosk PC only (e.g. num2words, had the announcer stayed in components/)."""
    code = packaged_code()
    ours = {path.relative_to(ROOT).parts[0].removesuffix(".py") for path in code}
    carried = set(packaged(apk_requirements(), PHONES)) | set(packaged(kiosk_requirements(), KIOSK_PC))
    owners = packages_distributions()
    missing = {}
    for path in code:
        for module in top_level_imports(path) - ours - set(sys.stdlib_module_names):
            dists = {canonicalize_name(d) for d in owners.get(module, [module])}
            if not dists & carried:
                missing[f"{path.relative_to(ROOT)}: {module}"] = sorted(dists)
    assert code and missing == {}


def imports_run_on_load(path: Path) -> set[str]:
    """The modules a file imports when it is loaded: not those inside functions (run
    later, if ever) nor under `if TYPE_CHECKING:`. `from a import b` gives a and a.b."""
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
            elif isinstance(node, ast.ClassDef | ast.If | ast.Try | ast.With):
                for field in ("body", "orelse", "finalbody", "handlers"):
                    for child in getattr(node, field, []):
                        visit(child.body if isinstance(child, ast.ExceptHandler) else [child])

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def local_file(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def test_the_phone_app_loads_nothing_the_apk_leaves_out():
    """From main.py, every module loaded at start (and its packages) imports only what
    the APK carries; the kiosk's printer (python-escpos) is imported only when a
    kiosk prints."""
    carried = set(packaged(apk_requirements(), PHONES))
    owners = packages_distributions()
    todo, seen, missing = ["main"], set(), {}
    while todo:
        module = todo.pop()
        parts = module.split(".")
        files = [local_file(".".join(parts[:i])) for i in range(1, len(parts) + 1)]
        for path in filter(None, files):
            if path in seen:
                continue
            seen.add(path)
            for imported in imports_run_on_load(path):
                top = imported.split(".")[0]
                if local_file(top):
                    todo.append(imported)
                elif top not in sys.stdlib_module_names:
                    dists = {canonicalize_name(d) for d in owners.get(top, [top])}
                    if not dists & carried:
                        missing[f"{path.relative_to(ROOT)}: {top}"] = sorted(dists)
    assert ROOT / "views" / "app.py" in seen and missing == {}


def test_the_kiosk_build_carries_the_kiosk_extra():
    """`flet build linux` (the kiosk job of the workflow) adds `[tool.flet.linux]
    .dependencies` to the app's: they are the kiosk extra, the receipt printer."""
    def names(lines: list[str]) -> dict[str, str]:
        return {canonicalize_name(Requirement(line).name): str(Requirement(line).specifier) for line in lines}

    kiosk = names(PYPROJECT["project"]["optional-dependencies"]["kiosk"])
    assert "python-escpos" in kiosk
    assert names(FLET["linux"]["dependencies"]) == kiosk
    assert set(kiosk) & set(packaged(apk_requirements(), PHONES)) == set()  # never on a phone


def flet_builds() -> dict[str, list[str]]:
    """Job name → the `flet build` commands it runs."""
    return {name: [line.strip() for step in job["steps"] for line in step.get("run", "").splitlines()
                   if "flet build" in line]
            for name, job in WORKFLOW["jobs"].items()}


def test_the_workflow_builds_the_kiosk_for_linux_and_the_phone_for_android():
    """Which platform table of pyproject.toml applies is the `flet build` target."""
    builds = flet_builds()
    assert [b.split()[2] for b in builds["kiosk-linux"]] == ["linux"]
    assert [b.split()[2] for b in builds["android"]] == ["apk"]
    installs = [line for job in WORKFLOW["jobs"].values() for step in job["steps"]
                for line in step.get("run", "").splitlines() if "pip install" in line]
    assert installs and all('"$FLET_CLI"' in line for line in installs)  # nothing beside the build's own


def address_step(job: str) -> tuple[int, str]:
    """The step of a build job that writes lsr-build.json: its index and script."""
    steps = WORKFLOW["jobs"][job]["steps"]
    return next((i, step["run"]) for i, step in enumerate(steps) if "lsr-build.json" in step.get("run", ""))


def build_step(job: str) -> int:
    steps = WORKFLOW["jobs"][job]["steps"]
    return next(i for i, step in enumerate(steps) if "flet build" in step.get("run", ""))


def test_every_build_writes_the_service_address_before_building():
    for job in ("android", "kiosk-linux"):
        assert address_step(job)[0] < build_step(job)


@pytest.mark.parametrize("api_url", ["https://layanansehat.rembangkab.go.id/api", "http://10.0.0.5/api", ""])
def test_the_apk_is_only_built_with_an_https_service_address(tmp_path, api_url):
    """Without an address the app can only say it has none, and Android refuses plain
    http: the job stops before the build instead."""
    env = {"PATH": os.environ["PATH"], "API_URL": api_url, "PUBLIC_URL": "https://layanansehat.rembangkab.go.id"}
    run = subprocess.run(["bash", "-e", "-c", address_step("android")[1]], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    written = tmp_path / "lsr-build.json"
    if api_url.startswith("https://"):
        assert run.returncode == 0
        assert json.loads(written.read_text())["api_url"] == api_url
    else:
        assert run.returncode != 0 and not written.exists()
        assert "api_url must be https://" in run.stderr
