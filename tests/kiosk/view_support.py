"""The kiosk in-process for view tests: its `main` on the real service (through
`httpx.ASGITransport`, with the kiosk's key), its clock agreeing with the
service's, its printer a file in tmp_path (or a closed port), and the keys a USB
scanner types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import flet as ft
import httpx
from flet.messaging.protocol import MessageAction

from api_client import ApiClient
from session.settings import AppSettings, Mode
from tests.kiosk.escpos_text import decode
from views.app import main_for

PUBLIC_URL = "https://antrean.rembangkab.go.id"
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}


def kiosk_main(
    app: Any,
    *,
    printer: str,
    facility: str = "pkm-sumber",
    idle_seconds: int = 60,
    language: str = "id",
    transport: httpx.AsyncBaseTransport | None = None,
) -> Any:
    """``transport``: the kiosk's connection to the service (default: straight to ``app``);
    through one, the client tries each request once."""
    settings = AppSettings(
        mode=Mode.kiosk,
        kiosk_key=f"demo-kiosk-{facility}",
        kiosk_facility=facility,
        kiosk_printer=printer,
        kiosk_language=language,
        kiosk_idle_seconds=idle_seconds,
        public_url=PUBLIC_URL,
    )
    return main_for(
        settings,
        make_client=lambda: ApiClient(
            "http://lsr.test/api", transport=transport or httpx.ASGITransport(app),
            kiosk_key=settings.kiosk_key, **({"retry_attempts": 1} if transport else {}),
        ),
    )


def paper(path: Path) -> str:
    """What the file printer printed last, as text."""
    return decode(path.read_bytes()) if path.exists() else ""


async def press(kiosk: Any, key: str) -> None:
    """One key-down as Flutter reports it to `page.on_keyboard_event` ("A", "7", "Enter")."""
    data = {"key": key, "shift": False, "ctrl": False, "alt": False, "meta": False}
    task = await kiosk._client_send(
        MessageAction.CONTROL_EVENT,
        {"target": kiosk.page._i, "name": "keyboard_event", "data": data},
    )
    await kiosk._finish(task)


async def scan(kiosk: Any, code: str) -> None:
    """A USB scanner with no text field focused: the code's keys, then Enter."""
    for char in code:
        await press(kiosk, char)
    await press(kiosk, "Enter")


async def scan_into_field(kiosk: Any, code: str) -> None:
    """A USB scanner typing into the focused check-in field, then Enter."""
    field = kiosk.find(ft.TextField, label="Kode booking")
    await kiosk.trigger(field, "focus")
    await kiosk.trigger(field, "change", code, props={"value": code})
    await kiosk.trigger(field, "submit", code)


async def tap_keys(kiosk: Any, prefix: str, text: str) -> None:
    """Tap an on-screen keypad, one key per character (`nik` or `code`)."""
    for char in text:
        await kiosk.click(identifier=f"{prefix}-key-{char}")


async def walk_in_to_identity(kiosk: Any, *, service: str = "poli-umum", lane: str = "umum") -> None:
    await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
    await kiosk.click(identifier="kiosk-walkin")
    await kiosk.wait_for(lambda: kiosk.exists(identifier=f"service-{service}"))
    await kiosk.click(identifier=f"service-{service}")
    await kiosk.click(identifier=f"lane-{lane}")
    assert kiosk.exists(text="NIK pasien (boleh dilewati)")
