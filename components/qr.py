"""A QR code of a booking code, for the kiosk or the loket to scan (and of an admin's
new authenticator key, components/staff_totp.py).

Only the booking code goes in: no name, NIK or phone (UU 27/2022). The code is
drawn dark on white whatever the theme, so scanners read it in dark mode too.
"""

from __future__ import annotations

import functools
import io

import flet as ft
import segno


def qr_png_uncached(text: str, *, scale: int = 8) -> bytes:
    """The PNG of a QR code holding ``text`` (error correction M, 4-module quiet zone)."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(
        buffer, kind="png", scale=scale, border=4, dark="#000000", light="#FFFFFF"
    )
    return buffer.getvalue()


qr_png = functools.lru_cache(maxsize=64)(qr_png_uncached)


@ft.component
def QrCode(
    text: str, *, label: str, size: int = 200, identifier: str = "ticket-qr", secret: bool = False
) -> ft.Control:
    """``label`` names the image for screen readers (e.g. "Kode QR tiket"). A ``secret``
    (an authenticator key) is drawn without being kept in the cache."""
    return ft.Semantics(
        identifier=identifier,
        label=label,
        image=True,
        content=ft.Container(
            bgcolor="#FFFFFF",
            border_radius=8,
            padding=4,
            content=ft.Image(
                src=qr_png_uncached(text) if secret else qr_png(text),
                width=size,
                height=size,
                fit=ft.BoxFit.CONTAIN,
                filter_quality=ft.FilterQuality.NONE,
                semantics_label=label,
            ),
        ),
    )
