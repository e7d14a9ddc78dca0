"""The kiosk face (Anjungan Pasien Mandiri): its own route table, used instead of the
citizen app's when `AppSettings.mode` is kiosk. One full-screen view at `/` (what
Chromium `--kiosk --app=http://127.0.0.1:8550` opens) and at `/kiosk`; the flow
inside it is in `views.kiosk.kiosk`."""

from __future__ import annotations

import flet as ft

from views.kiosk.kiosk import KioskView

KIOSK_ROUTES = [
    ft.Route(index=True, component=KioskView),
    ft.Route(path="kiosk", component=KioskView),
]
