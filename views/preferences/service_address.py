"""What a phone build without the service's address shows instead of the app.

`flet build apk` packages the API URL in `lsr-build.json` (docs/android.md). A build
made without it has nowhere to send anything; rather than quietly asking the phone
itself (127.0.0.1) and failing on every screen, the app says so on start, in the
phone's language, and makes no request at all.
"""

from __future__ import annotations

import flet as ft

from session.i18n import APP_NAME, Translator


@ft.component
def ServiceAddressMissing(t: Translator) -> ft.View:
    _ = t.gettext
    return ft.View(
        route="/",
        appbar=ft.AppBar(title=ft.Text(APP_NAME)),
        vertical_alignment=ft.MainAxisAlignment.CENTER,
        controls=[
            ft.Semantics(identifier="service-address-missing", live_region=True, content=ft.Column(
                [
                    ft.Icon(ft.Icons.LINK_OFF, size=48, color=ft.Colors.ERROR),
                    ft.Text(_("Alamat layanan belum diatur"),
                            theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
                    ft.Text(_("Aplikasi ini dibuat tanpa alamat layanan pusat, jadi belum bisa "
                              "menampilkan faskes atau mengambil nomor antrean. Pasang aplikasi "
                              "resmi dari Dinas Kesehatan Kabupaten Rembang.")),
                ],
                spacing=12,
            )),
        ],
        padding=24,
    )
