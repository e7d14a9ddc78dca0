"""A USB barcode/QR scanner is a keyboard: it types the code, then Enter, within a
fraction of a second. `ScanBuffer` collects those keys from `page.on_keyboard_event`
when no text field has focus: at the kiosk (its start screen) and at the staff
console's desk (`views.staff.desk_keys`, which also keeps a scan from firing the
desk's letter shortcuts)."""

from __future__ import annotations

ENTER_KEYS = frozenset({"Enter", "Numpad Enter"})
GAP_SECONDS = 2.0  # a pause this long starts a new scan (a scanner never pauses)


class ScanBuffer:
    def __init__(self, *, gap_seconds: float = GAP_SECONDS) -> None:
        self._gap = gap_seconds
        self._chars: list[str] = []
        self._last = float("-inf")

    def clear(self) -> None:
        self._chars.clear()

    @property
    def length(self) -> int:
        """How many characters of a code have come so far."""
        return len(self._chars)

    def key(self, key: str, at: float) -> str | None:
        """Feed one key (Flutter's key label: "A", "7", "Enter"); the text typed so far
        when it is Enter, else None."""
        if at - self._last > self._gap:
            self._chars.clear()
        self._last = at
        if key in ENTER_KEYS:
            text = "".join(self._chars)
            self._chars.clear()
            return text or None
        if len(key) == 1 and key.isascii() and (key.isalnum() or key in "-/"):
            self._chars.append(key.upper())
        return None
