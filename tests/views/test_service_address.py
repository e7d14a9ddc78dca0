"""A phone build without the service's address (no `lsr-build.json`) says so on
start, in the phone's language, and sends nothing anywhere: before, it quietly
asked the phone itself (127.0.0.1) and every screen failed."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from session.settings import LOCAL_API_URL, AppSettings
from tests.views.harness import run_app
from views.app import main_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def requests_sent(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Every HTTP request the app tries, to anywhere (none gets an answer)."""
    sent: list[str] = []

    async def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(str(request.url))
        raise httpx.ConnectError("no network in this test", request=request)

    monkeypatch.setattr(httpx.AsyncClient, "send", send)
    return sent


def settings_on(monkeypatch, platform: str | None, build_file: Path, **env: str) -> AppSettings:  # type: ignore[no-untyped-def]
    for name in ("FLET_PLATFORM", "LSR_API_URL", "LSR_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    if platform:
        monkeypatch.setenv("FLET_PLATFORM", platform)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return AppSettings.from_env(build_file)


async def test_a_phone_build_without_the_address_says_so_and_asks_nobody(  # type: ignore[no-untyped-def]
    monkeypatch, tmp_path, requests_sent,
):
    settings = settings_on(monkeypatch, "android", tmp_path / "lsr-build.json")
    async with run_app(main_for(settings), route="/", shared_preferences={}) as app:
        await app.settle()
        assert requests_sent == []  # before: Beranda asked http://127.0.0.1:8000/api/…
        assert app.exists(text="Alamat layanan belum diatur")
        assert app.exists(text_contains="Pasang aplikasi resmi dari Dinas Kesehatan Kabupaten Rembang")
        assert not app.exists(text="Ambil Nomor")
    assert requests_sent == []


@pytest.mark.parametrize("platform", ["android", "ios"])
def test_a_phone_build_has_no_address_of_its_own(monkeypatch, tmp_path, platform):  # type: ignore[no-untyped-def]
    assert settings_on(monkeypatch, platform, tmp_path / "missing.json").api_url is None


def test_the_build_file_or_the_environment_gives_the_phone_its_address(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    build_file = tmp_path / "lsr-build.json"
    build_file.write_text(json.dumps({"api_url": "https://layanansehat.rembangkab.go.id/api"}))
    assert settings_on(monkeypatch, "android", build_file).api_url == "https://layanansehat.rembangkab.go.id/api"
    assert settings_on(monkeypatch, "android", tmp_path / "missing.json",
                       LSR_API_URL="https://uji.example/api").api_url == "https://uji.example/api"


@pytest.mark.parametrize("platform", [None, "linux", "windows"])
def test_desktop_and_development_runs_keep_the_local_service(monkeypatch, tmp_path, platform):  # type: ignore[no-untyped-def]
    """`python main.py`, the kiosk's desktop build and the web app served by the
    service (which passes its own loopback URL) still talk to the local service."""
    assert settings_on(monkeypatch, platform, tmp_path / "missing.json").api_url == LOCAL_API_URL
