"""When the turn is near: a chime, a vibration, a banner and (on the web) the tab's title.

When the people ahead fall to the threshold (default 5, `AppSettings.near_turn`; the
person's own choice in Pengaturan, `Preferences.near_turn`; 0 = never) the open ticket
plays assets/sounds/near-turn.wav (scripts/make_chime.py) and vibrates, once per
crossing (session/near_turn.py), and shows a banner for as long as it stays near. The
tab reads "(3) Antrean Anda dekat" meanwhile and goes back to the app's name when the
number is called, the person leaves the ticket, or the queue moves them back.

Flet 1.0.5 has no local notifications (docs/flet-notes.md): while the app is in the
background nothing is shown outside it; the chime plays if the app still runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Awaitable

import flet as ft
import flet_audio as fa
from flet.components.hooks.use_ref import MutableRef

from api_client.models import Booking, TicketStatus, TicketView
from components.ticket_status import WAITING
from session.context import use_session
from session.follow import use_task
from session.i18n import APP_NAME, Translator
from session.near_turn import near_turn_threshold

CHIME = "sounds/near-turn.wav"
LOAD_SECONDS = 3.0  # the chime is fetched when the ticket opens; play anyway after this
PLAY_SECONDS = 5.0  # a browser without a tap yet never answers play() (docs/flet-notes.md)


def is_near(ticket: TicketView, *, today: dt.date, within: int) -> bool:
    """Still waiting today with at most ``within`` people ahead."""
    return (
        within > 0
        and ticket.status in WAITING
        and ticket.service_date == today
        and ticket.people_ahead <= within
    )


def near_turn_title(t: Translator, people_ahead: int) -> str:
    if people_ahead == 0:
        return t.gettext("Giliran Anda berikutnya")
    return t.gettext("({n}) Antrean Anda dekat").format(n=t.format_number(people_ahead))


def near_turn_words(t: Translator, ticket: TicketView) -> tuple[str, str]:
    """The banner's headline and what to do now."""
    _ = t.gettext
    n = ticket.people_ahead
    headline = (
        _("Giliran Anda sudah dekat: Anda berikutnya.") if n == 0 else t.ngettext(
            "Giliran Anda sudah dekat: tinggal {n} orang lagi di depan Anda.",
            "Giliran Anda sudah dekat: tinggal {n} orang lagi di depan Anda.", n,
        ).format(n=t.format_number(n))
    )
    todo = (
        _("Tetaplah di dekat ruang tunggu agar tidak terlewat.")
        if ticket.status is TicketStatus.checked_in
        else _("Segeralah datang dan lapor di anjungan atau loket.")
    )
    return headline, todo


class Chime:
    """The chime and the vibration; made when a ticket may come near, so the sound is
    loaded before it is needed. Kept in a ref: Flet drops services nobody holds."""

    def __init__(self) -> None:
        self._loaded = asyncio.Event()
        self.audio = fa.Audio(src=CHIME, on_loaded=lambda _e: self._loaded.set())
        self.haptic = ft.HapticFeedback()

    async def ring(self) -> None:
        """Vibrate and play, each given up quietly if the device cannot (no vibrator
        on a desktop browser, no tap yet for a browser's sound)."""
        await asyncio.gather(
            _quietly(self.haptic.vibrate(), PLAY_SECONDS), self._play(),
        )

    async def _play(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._loaded.wait(), LOAD_SECONDS)
        await _quietly(self.audio.play(), PLAY_SECONDS)


async def _quietly(step: Awaitable[object], seconds: float) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(step, seconds)


@ft.component
def NearTurnAlert(booking: Booking, *, today: dt.date) -> ft.Control:
    session = use_session()
    t = session.t
    page = ft.context.page
    ticket = booking.ticket
    within = near_turn_threshold(session.deps.settings, session.prefs)
    near = is_near(ticket, today=today, within=within)
    may_come_near = within > 0 and ticket.status in WAITING and booking.service_date == today
    chime: MutableRef[Chime | None] = ft.use_ref(None)
    code = booking.booking_code

    def prepare() -> None:
        if may_come_near and chime.current is None:
            chime.current = Chime()

    ft.use_effect(prepare, [may_come_near])

    async def tell() -> None:
        if session.deps.near_turn.crossed(code, within, near=near):
            prepare()
            if chime.current is not None:
                await chime.current.ring()

    use_task(tell, [code, within, near])

    def retitle() -> None:
        page.title = near_turn_title(t, ticket.people_ahead) if near else APP_NAME

    def untitle() -> None:
        page.title = APP_NAME

    ft.use_effect(retitle, [near, ticket.people_ahead, t.language])
    ft.use_effect(lambda: None, [], cleanup=untitle)

    if not near:
        return ft.Container(visible=False)
    headline, todo = near_turn_words(t, ticket)
    return ft.Semantics(
        identifier="near-turn-banner",
        live_region=True,
        container=True,
        content=ft.Container(
            bgcolor=ft.Colors.TERTIARY_CONTAINER,
            border_radius=12,
            padding=16,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.NOTIFICATIONS_ACTIVE, color=ft.Colors.ON_TERTIARY_CONTAINER,
                            size=32),
                    ft.Column(
                        [
                            ft.Text(headline, color=ft.Colors.ON_TERTIARY_CONTAINER,
                                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                    weight=ft.FontWeight.BOLD),
                            ft.Text(todo, color=ft.Colors.ON_TERTIARY_CONTAINER,
                                    theme_style=ft.TextThemeStyle.BODY_LARGE),
                        ],
                        spacing=4,
                        expand=True,
                    ),
                ],
                spacing=12,
            ),
        ),
    )
