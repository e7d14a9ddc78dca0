"""The running text at the bottom of the TV: the facility's announcements of today,
scrolling from right to left, again and again.

Flutter animates the movement (an implicit `offset` animation), so Python only
sends two small changes per pass, not one per frame.
"""

from __future__ import annotations

import asyncio
import math

import flet as ft

from api_client.models import Announcement
from session.follow import use_task
from session.i18n import Translator
from views.display.tiles import BAR, TEXT

SCREEN_WIDTH = 1920
PIXELS_PER_SECOND = 150
TEXT_SIZE = 34
SEPARATOR = "     •     "


def ticker_text(t: Translator, facility_name: str, announcements: list[Announcement]) -> str:
    _ = t.gettext
    if not announcements:
        return _(
            "Selamat datang di {facility}. Ambil nomor antrean di anjungan atau lewat aplikasi "
            "Layanan Sehat Rembang, lalu tunggu nomor Anda dipanggil."
        ).format(facility=facility_name)
    return SEPARATOR.join(f"{a.title}: {a.body}" for a in announcements)


def text_width(text: str) -> float:
    """A rough width in pixels (Roboto at TEXT_SIZE): only the pace depends on it."""
    return len(text) * TEXT_SIZE * 0.5


def ticker_loop(text: str) -> tuple[int, float]:
    """(copies, seconds): the text is repeated so that one copy can slide out while the
    next fills the screen; one copy's width passes in `seconds`, then the strip jumps
    back by exactly one copy, which looks the same: a seamless loop."""
    unit = text_width(text + SEPARATOR)
    copies = max(2, math.ceil(SCREEN_WIDTH / unit) + 1)
    return copies, unit / PIXELS_PER_SECOND


@ft.component
def Ticker(text: str, unit: float = 1.0) -> ft.Control:
    sliding, set_sliding = ft.use_state(False)
    copies, seconds = ticker_loop(text)

    async def run() -> None:
        while True:
            set_sliding(False)  # back by one copy in a blink: the same picture
            await asyncio.sleep(0.1)
            set_sliding(True)  # Flutter slides the strip by one copy
            await asyncio.sleep(seconds)

    use_task(run, [text])
    # Always animated (a control that gains or loses its animation jumps instead):
    # the slide takes `seconds`, the way back 1 ms.
    animation = ft.Animation(int(seconds * 1000) if sliding else 1, ft.AnimationCurve.LINEAR)
    # Read once by a screen reader, not once per copy.
    return ft.Semantics(identifier="ticker", label=text, exclude_semantics=True, content=ft.Container(
        height=72 * unit, bgcolor=BAR, border_radius=12 * unit, clip_behavior=ft.ClipBehavior.HARD_EDGE,
        content=ft.Stack(clip_behavior=ft.ClipBehavior.HARD_EDGE, controls=[
            ft.Container(
                left=0, top=10 * unit,
                offset=ft.Offset(-1 / copies if sliding else 0, 0),
                animate_offset=animation,
                content=ft.Row(tight=True, spacing=0, controls=[
                    ft.Text(text + SEPARATOR, size=TEXT_SIZE * unit, color=TEXT, no_wrap=True, max_lines=1)
                    for _ in range(copies)
                ]),
            ),
        ]),
    ))
