"""What a face of the app needs to know at start: where the API is, and its mode.

Read from the environment (`AppSettings.from_env`):

| variable | default | meaning |
|---|---|---|
| `LSR_API_URL` | `http://127.0.0.1:8000/api` | the central API (set at build time for the APK) |
| `LSR_MODE` | `citizen` | `citizen` or `kiosk` |
| `LSR_PORT` | `8550` | port of the local web app (`python main.py`: kiosk PC, development) |
| `LSR_KIOSK_KEY` | – | the kiosk's device credential |
| `LSR_KIOSK_FACILITY` | – | the facility id of this kiosk |
| `LSR_KIOSK_PRINTER` | `none` | `network:HOST[:PORT]`, `file:/dev/usb/lp0`, `usb:VID:PID` or `none` |
| `LSR_KIOSK_LANGUAGE` | `id` | the kiosk's language after every reset |
| `LSR_KIOSK_IDLE_SECONDS` | `60` | back to the start screen after this long untouched |
| `LSR_PUBLIC_URL` | `http://127.0.0.1:8000` | printed on tickets: where to follow the queue |
"""

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
    port: int = 8550
    kiosk_key: str | None = None
    kiosk_facility: str | None = None
    kiosk_printer: str = "none"
    kiosk_language: str = "id"
    kiosk_idle_seconds: int = 60
    public_url: str = "http://127.0.0.1:8000"

    @classmethod
    def from_env(cls) -> AppSettings:
        env = os.environ.get
        return cls(
            api_url=env("LSR_API_URL", cls.api_url),
            mode=Mode(env("LSR_MODE", Mode.citizen)),
            port=int(env("LSR_PORT", str(cls.port))),
            kiosk_key=env("LSR_KIOSK_KEY") or None,
            kiosk_facility=env("LSR_KIOSK_FACILITY") or None,
            kiosk_printer=env("LSR_KIOSK_PRINTER", cls.kiosk_printer),
            kiosk_language=env("LSR_KIOSK_LANGUAGE", cls.kiosk_language),
            kiosk_idle_seconds=int(env("LSR_KIOSK_IDLE_SECONDS", str(cls.kiosk_idle_seconds))),
            public_url=env("LSR_PUBLIC_URL", cls.public_url),
        )
