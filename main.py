"""Layanan Sehat Rembang: the app (Android, kiosk, or a standalone web app).

The central service serves the same app at its own URL (`python -m server`); this
entry is for `flet build apk` and the kiosk PC. Settings: `LSR_API_URL`, `LSR_MODE`,
`LSR_KIOSK_KEY` (see views/settings.py).
"""

import flet as ft

from views.app import main_for
from views.settings import AppSettings

if __name__ == "__main__":
    ft.run(main_for(AppSettings.from_env()), host="127.0.0.1", no_cdn=True, assets_dir="assets")
