"""The app's saved state and settings survive a round trip."""

from __future__ import annotations

import json
from pathlib import Path

from session.settings import AppSettings
from session.state import Preferences


def test_preferences_with_followed_facilities_save_and_load():
    prefs = Preferences(language="jv", text_scale=1.5)
    prefs.followed.append("pkm-sumber")
    saved = json.loads(json.dumps(prefs.to_json()))
    assert Preferences.from_json(saved) == Preferences(
        language="jv", text_scale=1.5, followed=["pkm-sumber"]
    )


def test_a_built_app_reads_its_api_url_from_the_build_file(tmp_path: Path, monkeypatch):
    build = tmp_path / "lsr-build.json"
    build.write_text(json.dumps({"api_url": "https://sehat.example/api"}))
    monkeypatch.delenv("LSR_API_URL", raising=False)
    assert AppSettings.from_env(build).api_url == "https://sehat.example/api"
    monkeypatch.setenv("LSR_API_URL", "http://10.0.2.2:8000/api")
    assert AppSettings.from_env(build).api_url == "http://10.0.2.2:8000/api"
