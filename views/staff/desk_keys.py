"""The desk's keyboard: the officer's letter shortcuts (C, D, R, S, T, F, W, …) and a
USB scanner typing a booking code, told apart.

How keys arrive (flet 1.0.5; its page.dart): the page listens to Flutter's
`HardwareKeyboard`, so `page.on_keyboard_event` hears *every* key press, also those
typed into a focused text field. So:

- while one of the desk's text fields has focus (`field_focused`, from the field's
  on_focus/on_blur), the desk hears no shortcut at all: the field owns the keys and
  its on_submit sends what the scanner or the officer typed;
- with no focus, a scanner's code arrives as a burst of keys a few milliseconds apart
  ending in Enter, and the code's alphabet holds the shortcut letters (`K7QD…`). A
  letter shortcut therefore waits `BURST_SECONDS` before it acts: if another key
  follows within that time it was the first key of a scan, and no shortcut fires;
  the scan's Enter hands over the code (`Scanned`). An officer pressing one key
  notices no difference.
- the times are those at which the service hears the keys, after the network: a
  scanner's keys can arrive unevenly. So a code is kept together while its keys come
  less than `SCAN_GAP_SECONDS` apart (none is lost to a late one), and once two of its
  keys have come together, no later key of it is a shortcut. A person's keys never
  come together, so W, 2, Enter at the walk-in form stay three shortcuts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from components.scan_buffer import ScanBuffer

BURST_SECONDS = 0.15
"""Keys closer than this are a scanner's (a person presses one shortcut at a time)."""
SCAN_GAP_SECONDS = 1.0
"""A pause this long starts a new code (a scanner never pauses; the network may, a little)."""
SCAN_MIN_LENGTH = 4  # shorter is two keys pressed together, not a code


@dataclass(frozen=True)
class Shortcut:
    """A shortcut key pressed alone so far: act if `DeskKeys.still_alone` after the wait."""

    key: str
    generation: int


@dataclass(frozen=True)
class Scanned:
    text: str


class DeskKeys:
    def __init__(self, shortcuts: Collection[str]) -> None:
        self._shortcuts = frozenset(shortcuts)
        self._scan = ScanBuffer(gap_seconds=SCAN_GAP_SECONDS)
        self._last = float("-inf")
        self._generation = 0
        self._burst_seen = False
        self.field_focused = False

    def key(self, key: str, at: float) -> Shortcut | Scanned | None:
        """One key press (Flutter's key label) at monotonic time `at`."""
        self._generation += 1
        if self.field_focused:
            self._scan.clear()
            self._burst_seen = False
            return None
        gap = at - self._last
        self._last = at
        burst = gap <= BURST_SECONDS
        if gap >= SCAN_GAP_SECONDS:
            self._burst_seen = False
        scanning = self._burst_seen  # two of its keys came together: a scanner's code
        self._burst_seen = scanning or (burst and self._scan.length >= 1)
        text = self._scan.key(key, at)
        if text is not None:
            self._burst_seen = False
            if len(text) >= SCAN_MIN_LENGTH and (scanning or burst):
                return Scanned(text)
            # a person's keys before it (C, then Enter): Enter is Enter
        upper = key.upper()
        if not burst and not scanning and upper in self._shortcuts:
            return Shortcut(upper, self._generation)
        return None

    def still_alone(self, shortcut: Shortcut) -> bool:
        """No key followed the shortcut: it was pressed by a person, not scanned."""
        return shortcut.generation == self._generation and not self.field_focused
