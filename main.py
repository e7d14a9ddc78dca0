"""Layanan Sehat Rembang: the app for Android, the kiosk PC, or a standalone web app.

The central service serves the same app at its own URL (`python -m server`). This
entry is for `flet build apk`, `flet build linux` (the kiosk's desktop client) and
the kiosk PC's local web app (`LSR_MODE=kiosk python main.py`, shown by Chromium
`--kiosk --app=http://127.0.0.1:8550`). Settings: session/settings.py; the kiosk:
docs/kiosk.md.
"""

import logging
import os

import flet as ft

from session import rembang_clock
from session.settings import AppSettings, Mode
from views.app import main_for


def kiosk_process() -> None:
    """The lobby PC: printer failures go to the journal for staff (never personal
    data: the HTTP client's request lines, which name booking codes, stay quiet);
    the local web app only serves, Chromium is started on its own. Inside a
    `flet build` desktop client (FLET_PLATFORM set) flet's own transport is used."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if "FLET_PLATFORM" not in os.environ:
        os.environ.setdefault("FLET_FORCE_WEB_SERVER", "true")


if __name__ == "__main__":
    settings = AppSettings.from_env()
    if settings.mode is Mode.kiosk:
        kiosk_process()
    if settings.demo_clock:  # beside a demo service started with the same LSR_DEMO_CLOCK
        rembang_clock.follow(rembang_clock.starting_at(settings.demo_clock))
    ft.run(main_for(settings), host="127.0.0.1", port=settings.port, no_cdn=True, assets_dir="assets")
