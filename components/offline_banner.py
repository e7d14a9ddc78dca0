"""The offline banner: shown while the session's last request did not reach the
service (the connectivity watch that decides it: session/connectivity.py).

A queue number is never issued offline: booking is not an outbox action, it fails at
once and says so.
"""

from __future__ import annotations

import flet as ft

from session.context import Connectivity, use_t


@ft.component
def OfflineBanner(connectivity: Connectivity) -> ft.Control:
    """``connectivity`` is an argument so that a change re-renders this."""
    _ = use_t().gettext
    return ft.Semantics(
        identifier="offline-banner",
        live_region=True,
        visible=connectivity.offline,
        content=ft.Container(
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            border_radius=8,
            padding=12,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.WIFI_OFF, color=ft.Colors.ON_SECONDARY_CONTAINER),
                    ft.Text(
                        _("Tidak ada koneksi. Data yang tampil mungkin bukan yang terbaru."),
                        color=ft.Colors.ON_SECONDARY_CONTAINER, expand=True,
                    ),
                ],
            ),
        ),
    )
