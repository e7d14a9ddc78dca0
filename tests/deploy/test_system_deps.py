"""What the tests need from Debian comes from one script, scripts/system-deps.sh, that
`make test`, .ci/run and scripts/test-postgres.sh all run: as root it installs what is
missing, otherwise it names the packages and the command instead of 66 test errors.

The script runs here with a PATH of stubs (`id` says who we are, `apt-get` writes down
what it was asked) and SYSTEM_DEPS_ROOT pointing at an empty or made-up filesystem:
nothing is installed for real."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.live_server import ROOT

SCRIPT = ROOT / "scripts" / "system-deps.sh"
BASH = shutil.which("bash") or "/bin/bash"
EVERYTHING = ["chromium", "nginx", "libnginx-mod-http-brotli-static", "postgresql", "make", "python3-venv"]


class Machine:
    """A made-up Debian machine: a root filesystem, a PATH of stubs and an apt-get log."""

    def __init__(self, folder: Path, *, uid: int) -> None:
        self.root = folder / "root"
        self.bin = folder / "bin"
        self.apt_log = folder / "apt-get.log"
        self.root.mkdir()
        self.bin.mkdir()
        self.stub("id", f'[ "$1" = -u ] && echo {uid}')
        self.stub("apt-get", f'echo "$*" >> {self.apt_log}')
        self.stub("python3", "exit 1")  # a Python without ensurepip: no python3-venv
        for tool in ("cat",):
            (self.bin / tool).symlink_to(shutil.which(tool) or f"/bin/{tool}")

    def stub(self, name: str, body: str) -> None:
        path = self.bin / name
        path.write_text(f"#!{BASH}\n{body}\n")
        path.chmod(0o755)

    def has_file(self, relative: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
        path.chmod(0o755)

    def has_everything(self) -> None:
        self.has_file("usr/bin/chromium")
        self.has_file("usr/sbin/nginx")
        self.has_file("usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
        self.has_file("usr/lib/postgresql/15/bin/pg_ctl")
        self.stub("make", "exit 0")
        self.stub("python3", "exit 0")

    def run(self, *packages: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": str(self.bin), "SYSTEM_DEPS_ROOT": str(self.root)}
        return subprocess.run(  # noqa: S603 - our own script
            [BASH, str(SCRIPT), *packages], env=env, capture_output=True, text=True, timeout=30, check=False
        )

    def apt_calls(self) -> list[str]:
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


def test_without_root_it_names_every_missing_package_and_the_command_and_stops(tmp_path):  # type: ignore[no-untyped-def]
    machine = Machine(tmp_path, uid=1000)
    result = machine.run()
    assert result.returncode == 1
    assert f"\n    {' '.join(EVERYTHING)}\n" in result.stderr
    assert f"apt-get update && apt-get install -y {' '.join(EVERYTHING)}" in result.stderr
    assert "as root" in result.stderr
    assert machine.apt_calls() == []  # nothing tried without root


def test_without_root_it_names_only_what_is_missing(tmp_path):  # type: ignore[no-untyped-def]
    machine = Machine(tmp_path, uid=1000)
    machine.has_everything()
    (machine.root / "usr/lib/nginx/modules/ngx_http_brotli_static_module.so").unlink()
    (machine.root / "usr/bin/chromium").unlink()
    result = machine.run()
    assert result.returncode == 1
    assert "apt-get install -y chromium libnginx-mod-http-brotli-static\n" in result.stderr
    assert "postgresql" not in result.stderr and " nginx " not in result.stderr


def test_as_root_it_installs_what_is_missing_from_debian(tmp_path):  # type: ignore[no-untyped-def]
    machine = Machine(tmp_path, uid=0)
    machine.has_everything()
    (machine.root / "usr/sbin/nginx").unlink()
    shutil.rmtree(machine.root / "usr/lib/postgresql")
    result = machine.run()
    assert result.returncode == 0, result.stderr
    assert machine.apt_calls() == ["update -qq", "install -y -qq nginx postgresql"]


@pytest.mark.parametrize("uid", [0, 1000])
def test_with_nothing_missing_it_says_nothing_and_installs_nothing(tmp_path, uid):  # type: ignore[no-untyped-def]
    machine = Machine(tmp_path, uid=uid)
    machine.has_everything()
    result = machine.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.apt_calls() == []


def test_it_can_be_asked_for_one_package(tmp_path):  # type: ignore[no-untyped-def]
    """scripts/test-postgres.sh asks for postgresql alone."""
    machine = Machine(tmp_path, uid=0)
    assert machine.run("postgresql").returncode == 0
    assert machine.apt_calls() == ["update -qq", "install -y -qq postgresql"]


def test_make_test_ci_and_the_postgres_script_all_go_through_the_script():
    """One list of packages: nobody else runs apt-get for the tests."""
    ci = (ROOT / ".ci" / "run").read_text()
    postgres = (ROOT / "scripts" / "test-postgres.sh").read_text()
    assert "scripts/system-deps.sh" in ci and ci.rstrip().endswith("make test")
    assert '/system-deps.sh" postgresql' in postgres
    assert "apt-get" not in ci and "apt-get" not in postgres
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make on this machine")
    planned = subprocess.run(  # noqa: S603 - make's dry run: prints the commands, runs none
        [make, "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "MAKEFLAGS": ""},
    ).stdout
    assert "scripts/system-deps.sh" in planned and "-m pytest" in planned
    assert planned.index("scripts/system-deps.sh") < planned.index("-m pytest")
