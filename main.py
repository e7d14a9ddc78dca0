"""Layanan Sehat Rembang: the app for Android, the kiosk PC, or a standalone web app.

The central service serves the same app at its own URL (`python -m server`). This
entry is for `flet build apk` and the kiosk PC (`LSR_MODE=kiosk`, local web app in
Chromium `--kiosk`, or the Flet desktop client). Settings: views/settings.py.
"""

import flet as ft

from views.app import main_for
from views.settings import AppSettings

if __name__ == "__main__":
    settings = AppSettings.from_env()
    ft.run(main_for(settings), host="127.0.0.1", port=settings.port, no_cdn=True, assets_dir="assets")
