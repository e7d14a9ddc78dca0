"""The service builds the web app's compressed files once (minutes of CPU) and finds
them at every later start; a build for another flet-web, other assets or other code
goes away once unused for a day; a build cut short leaves nothing half-made behind.
(`build` itself is replaced here by a quick stand-in: tests/api/test_web_files.py
serves the real one.)"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

import server.web_build as web_build


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    made: list[Path] = []

    def quick_build(out: Path, **_: object) -> dict[str, object]:
        (out / "static").mkdir(parents=True)
        (out / "index.html").write_text("<html></html>")
        (out / "build.json").write_text("{}")
        made.append(out)
        return {}

    monkeypatch.setattr(web_build, "build", quick_build)
    monkeypatch.setattr(web_build, "build_key", lambda: "key-now")
    return made


def test_the_first_start_builds_and_every_later_one_finds_the_build(tmp_path, builds):  # type: ignore[no-untyped-def]
    first = web_build.ensure_built(tmp_path)
    again = web_build.ensure_built(tmp_path)
    assert first == again == tmp_path / "key-now"
    assert (first / "index.html").is_file() and len(builds) == 1
    assert _entries(tmp_path) == ["key-now"]  # no scratch folder left


def test_another_keys_build_goes_once_unused_for_a_day(tmp_path, builds):  # type: ignore[no-untyped-def]
    for name, age in (("key-old", 2 * 24 * 3600), ("key-recent", 3600)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "build.json").write_text("{}")
        os.utime(tmp_path / name / "build.json", (time.time() - age, time.time() - age))
    web_build.ensure_built(tmp_path)
    assert _entries(tmp_path) == ["key-now", "key-recent"]


def test_a_build_cut_short_leaves_nothing_and_the_next_start_builds_again(tmp_path, builds, monkeypatch):  # type: ignore[no-untyped-def]
    def interrupted(out: Path, **_: object) -> dict[str, object]:
        (out / "static").mkdir(parents=True)
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(web_build, "build", interrupted)
        with pytest.raises(KeyboardInterrupt):
            web_build.ensure_built(tmp_path)
    assert _entries(tmp_path) == []
    assert web_build.ensure_built(tmp_path) == tmp_path / "key-now" and len(builds) == 1


def test_processes_starting_at_once_build_once_the_others_wait_for_it(tmp_path, builds, monkeypatch):  # type: ignore[no-untyped-def]
    quick_build = web_build.build

    def slow_build(out: Path, **kwargs: object) -> dict[str, object]:
        time.sleep(0.3)  # long enough for every other start to arrive meanwhile
        return quick_build(out, **kwargs)

    monkeypatch.setattr(web_build, "build", slow_build)
    found: list[Path] = []
    starts = [threading.Thread(target=lambda: found.append(web_build.ensure_built(tmp_path)))
              for _ in range(3)]
    for start in starts:
        start.start()
    for start in starts:
        start.join()
    assert found == [tmp_path / "key-now"] * 3
    assert len(builds) == 1 and (tmp_path / "key-now" / "index.html").is_file()


def _entries(root: Path) -> list[str]:
    """What a build leaves in its folder, besides the lock the builders take turns at."""
    return sorted(p.name for p in root.iterdir() if p.name != ".build.lock")


def test_the_key_follows_the_runtime_and_the_code(tmp_path):  # type: ignore[no-untyped-def]
    runtime = tmp_path / "web"
    runtime.mkdir()
    (runtime / "main.dart.js").write_text("one")
    before = web_build.build_key(runtime)
    assert web_build.build_key(runtime) == before
    (runtime / "main.dart.js").write_text("two")
    assert web_build.build_key(runtime) != before
