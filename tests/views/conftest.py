"""View tests run the real app in a real flet Session, against the real service
in-process (its `ApiClient` goes through `httpx.ASGITransport`)."""

from __future__ import annotations

import httpx
import pytest

from api_client import ApiClient
from views.app import main_for
from views.settings import AppSettings


@pytest.fixture
def app_main(app):  # type: ignore[no-untyped-def]
    """The web app's `main`, talking to the in-process service."""
    return main_for(
        AppSettings(),
        make_client=lambda: ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(app)),
    )
