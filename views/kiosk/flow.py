"""The kiosk's state: which screen, what the patient chose and typed, and what came
back. Plain frozen data, replaced as a whole, kept in memory only.

    start ─┬─ services ── lane ── identity ──► result (number big, ticket prints)
           └─ checkin ──────────────────────► result
    any ──► problem (a plain message and the way to the loket)
    any ──(idle, or "Selesai")──► start, everything cleared

`KioskState()` is the start screen with nothing entered: an idle reset is
`set_state(KioskState())`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from api_client import identity
from api_client.models import Booking, Lane, PriorityReason, Service
from views.kiosk.printing import PrintStatus

SHOW_NUMBER_SECONDS = 15.0
"""How long the number stays on screen after its ticket printed (then back to start)."""

NIK_LENGTH = identity.NIK_LENGTH
CODE_LENGTH = identity.BOOKING_CODE_LENGTH


class Screen(StrEnum):
    start = "start"
    services = "services"
    lane = "lane"
    identity = "identity"
    checkin = "checkin"
    result = "result"
    problem = "problem"


class Journey(StrEnum):
    walkin = "walkin"
    checkin = "checkin"


@dataclass(frozen=True)
class Problem:
    """An API or form error code, its params, and where "Coba lagi" leads."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    retry: Screen = Screen.start
    to_loket: bool = True


@dataclass(frozen=True)
class Result:
    journey: Journey
    booking: Booking
    reason: PriorityReason | None
    printing: PrintStatus = PrintStatus.printing
    printed_once: bool = False  # a copy came out: the next one is a marked reprint


@dataclass(frozen=True)
class KioskState:
    screen: Screen = Screen.start
    service: Service | None = None
    lane: Lane = Lane.regular
    reason: PriorityReason | None = None
    nik: str = ""  # digits typed on the keypad; never logged, never stored
    nik_problem: Problem | None = None
    code: str = ""  # booking code typed on the keypad
    busy: bool = False
    problem: Problem | None = None
    result: Result | None = None
    attempt: int = 0  # bumped to give the scanner field a fresh, empty start

    @property
    def entered_anything(self) -> bool:
        return self != KioskState(attempt=self.attempt)


def walkin_body(state: KioskState) -> tuple[object, ...]:
    """What a walk-in request says: one idempotency key per distinct body."""
    return (state.service.id if state.service else None, state.lane, state.reason, state.nik or None)


def scanned_code(text: str) -> str:
    """What a USB scanner or the keyboard typed, as a booking code to send.

    Spaces and dashes go; a scanned address (``…/tiket/K7QD2M9FXH3TA``) gives its
    last part. The server reads O as 0 and I or L as 1, and says when a code is unknown.
    """
    last = text.strip().rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in last if ch.isalnum()).upper()
