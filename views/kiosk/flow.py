"""The kiosk flow's values: its screens, a problem, a result, and how a scanned code
is read. The flow itself (which screen, what the patient typed, the requests) is
`views.kiosk.kiosk_model.Kiosk`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from api_client import identity
from api_client.models import Booking, PriorityReason
from components.printing import PrintStatus

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
    params: dict[str, object] = field(default_factory=dict)
    retry: Screen = Screen.start
    to_loket: bool = True


@dataclass(frozen=True)
class Result:
    journey: Journey
    booking: Booking
    reason: PriorityReason | None
    printing: PrintStatus = PrintStatus.printing
    printed_once: bool = False  # a copy came out: the next one is a marked reprint


def scanned_code(text: str) -> str:
    """What a USB scanner or the keyboard typed, as a booking code to send.

    Spaces and dashes go; a scanned address (``…/tiket/K7QD2M9FXH3TA``) gives its
    last part. The server reads O as 0 and I or L as 1, and says when a code is unknown.
    """
    last = text.strip().rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in last if ch.isalnum()).upper()
