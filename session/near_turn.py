"""Whether the person was told already that a ticket's turn is near.

The ticket screen chimes, vibrates and changes the tab title once when the number of
people ahead falls to the threshold (views/tickets/near_turn.py). A refresh that finds
the ticket still near says nothing again; a ticket that falls back (a priority patient
arrived) and comes near again is told again. The memory lasts the session (one app
run, one browser tab), so opening the ticket again does not chime again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from session.settings import AppSettings
from session.state import Preferences


def near_turn_threshold(settings: AppSettings, prefs: Preferences) -> int:
    """People ahead at which the ticket says the turn is near: the person's choice in
    Pengaturan if they made one, else the app's (`LSR_NEAR_TURN`); 0 = never."""
    return settings.near_turn if prefs.near_turn is None else prefs.near_turn


@dataclass
class NearTurnMemory:
    """Which tickets were told, at which threshold, in this session."""

    _told: set[tuple[str, int]] = field(default_factory=set)

    def crossed(self, booking_code: str, within: int, *, near: bool) -> bool:
        """True once when ``near`` becomes true for this ticket and threshold; a ticket
        no longer near is forgotten, so the next crossing counts again."""
        key = (booking_code, within)
        if not near:
            self._told.discard(key)
            return False
        if key in self._told:
            return False
        self._told.add(key)
        return True
