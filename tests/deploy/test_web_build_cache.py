"""The service builds the web app's compressed files once (minutes of CPU) and finds
them at every later start; a build for another flet-web, other assets or other code
goes away once unused for a day; a build cut short leaves nothing half-made behind.
(`build` itself is replaced here by a quick stand-in: tests/api/test_web_files.py
serves the real one.)"""

from __future__ import annotations

import os
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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key-now"]  # no scratch folder left


def test_another_keys_build_goes_once_unused_for_a_day(tmp_path, builds):  # type: ignore[no-untyped-def]
    for name, age in (("key-old", 2 * 24 * 3600), ("key-recent", 3600)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "build.json").write_text("{}")
        os.utime(tmp_path / name / "build.json", (time.time() - age, time.time() - age))
    web_build.ensure_built(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key-now", "key-recent"]


def test_a_build_cut_short_leaves_nothing_and_the_next_start_builds_again(tmp_path, builds, monkeypatch):  # type: ignore[no-untyped-def]
    def interrupted(out: Path, **_: object) -> dict[str, object]:
        (out / "static").mkdir(parents=True)
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(web_build, "build", interrupted)
        with pytest.raises(KeyboardInterrupt):
            web_build.ensure_built(tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert web_build.ensure_built(tmp_path) == tmp_path / "key-now" and len(builds) == 1


def test_the_key_follows_the_runtime_and_the_code(tmp_path):  # type: ignore[no-untyped-def]
    runtime = tmp_path / "web"
    runtime.mkdir()
    (runtime / "main.dart.js").write_text("one")
    before = web_build.build_key(runtime)
    assert web_build.build_key(runtime) == before
    (runtime / "main.dart.js").write_text("two")
    assert web_build.build_key(runtime) != before
