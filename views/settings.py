"""What a face of the app needs to know at start: where the API is, and its mode."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum


class Mode(StrEnum):
    citizen = "citizen"
    kiosk = "kiosk"


@dataclass(frozen=True)
class AppSettings:
    api_url: str = "http://127.0.0.1:8000/api"
    mode: Mode = Mode.citizen
    kiosk_key: str | None = None

    @classmethod
    def from_env(cls) -> AppSettings:
        """`LSR_API_URL` (set at build time for the APK), `LSR_MODE`, `LSR_KIOSK_KEY`."""
        return cls(
            api_url=os.environ.get("LSR_API_URL", cls.api_url),
            mode=Mode(os.environ.get("LSR_MODE", Mode.citizen)),
            kiosk_key=os.environ.get("LSR_KIOSK_KEY") or None,
        )
