"""What a face of the app needs to know at start: where the API is, and its mode.

Read from the environment (`AppSettings.from_env`):

| variable | default | meaning |
|---|---|---|
| `LSR_API_URL` | `http://127.0.0.1:8000/api` | the central API (for the APK: at build time, no default) |
| `LSR_MODE` | `citizen` | `citizen` or `kiosk` |
| `LSR_PORT` | `8550` | port of the local web app (`python main.py`: kiosk PC, development) |
| `LSR_KIOSK_KEY` | – | the kiosk's device credential |
| `LSR_KIOSK_FACILITY` | – | the facility id of this kiosk |
| `LSR_KIOSK_PRINTER` | `none` | `network:HOST[:PORT]`, `file:/dev/usb/lp0`, `usb:VID:PID` or `none` |
| `LSR_KIOSK_LANGUAGE` | `id` | the kiosk's language after every reset |
| `LSR_KIOSK_IDLE_SECONDS` | `60` | back to the start screen after this long untouched |
| `LSR_PUBLIC_URL` | `http://127.0.0.1:8000` | printed on tickets: where to follow the queue |
| `LSR_DEMO_CLOCK` | – | beside a demo service with the same (`HH:MM`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DD`) |
| `LSR_NEAR_TURN` | `5` | the ticket chimes at this many people ahead or fewer (0: never; see Pengaturan) |

An app built with `flet build` cannot see the build machine's environment, so the
build writes `lsr-build.json` beside `main.py` (`{"api_url": …, "public_url": …}`,
see docs/android.md); its values are the defaults when the variables are unset.
A phone build (`FLET_PLATFORM` android or ios, set by Flet's host) without either
has no API URL at all (`api_url is None`): the app then says "Alamat layanan belum
diatur" instead of quietly asking the phone itself (127.0.0.1) for the service.
The web app served by the service, `python main.py` and the kiosk keep the local
default.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

BUILD_FILE = Path(__file__).resolve().parents[1] / "lsr-build.json"
LOCAL_API_URL = "http://127.0.0.1:8000/api"
PHONES = ("android", "ios")  # FLET_PLATFORM inside a `flet build apk|aab|ipa` app


class Mode(StrEnum):
    citizen = "citizen"
    kiosk = "kiosk"


@dataclass(frozen=True)
class AppSettings:
    api_url: str | None = LOCAL_API_URL  # None: a phone build that was given none
    mode: Mode = Mode.citizen
    port: int = 8550
    kiosk_key: str | None = None
    kiosk_facility: str | None = None
    kiosk_printer: str = "none"
    kiosk_language: str = "id"
    kiosk_idle_seconds: int = 60
    public_url: str = "http://127.0.0.1:8000"
    demo_clock: str | None = None
    near_turn: int = 5

    @classmethod
    def from_env(cls, build_file: Path = BUILD_FILE) -> AppSettings:
        built = json.loads(build_file.read_text(encoding="utf-8")) if build_file.exists() else {}
        env = os.environ.get
        on_phone = env("FLET_PLATFORM") in PHONES
        return cls(
            api_url=env("LSR_API_URL") or built.get("api_url") or (None if on_phone else LOCAL_API_URL),
            mode=Mode(env("LSR_MODE", Mode.citizen)),
            port=int(env("LSR_PORT", str(cls.port))),
            kiosk_key=env("LSR_KIOSK_KEY") or None,
            kiosk_facility=env("LSR_KIOSK_FACILITY") or None,
            kiosk_printer=env("LSR_KIOSK_PRINTER", cls.kiosk_printer),
            kiosk_language=env("LSR_KIOSK_LANGUAGE", cls.kiosk_language),
            kiosk_idle_seconds=int(env("LSR_KIOSK_IDLE_SECONDS", str(cls.kiosk_idle_seconds))),
            public_url=env("LSR_PUBLIC_URL", built.get("public_url", cls.public_url)),
            demo_clock=env("LSR_DEMO_CLOCK") or None,
            near_turn=near_turn_from_env(),
        )


def near_turn_from_env() -> int:
    """`LSR_NEAR_TURN`: also read by the web app the service serves (server/web.py)."""
    return int(os.environ.get("LSR_NEAR_TURN", str(AppSettings.near_turn)))
