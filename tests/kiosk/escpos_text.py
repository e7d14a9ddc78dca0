"""ESC/POS bytes as a person would read the paper: text lines, [4x] before the large
number, [QR: …] for the QR code's content, and the cut. For reviewing golden files:

    .venv/bin/python -m tests.kiosk.escpos_text tests/kiosk/golden/kiosk-ticket-jv.bin
"""

from __future__ import annotations

import sys
from pathlib import Path

_THREE_BYTE = {b"\x1b!", b"\x1bE", b"\x1bM", b"\x1ba", b"\x1dB", b"\x1bt", b"\x1bd", b"\x1d!", b"\x1dV"}


def decode(data: bytes) -> str:
    out: list[str] = []
    text = bytearray()
    i = 0
    while i < len(data):
        two = data[i:i + 2]
        if two == b"\x1d(":  # GS ( k pL pH …: a QR function
            size = data[i + 3] + data[i + 4] * 256
            payload = data[i + 5:i + 5 + size]
            if payload[:3] == b"1P0":
                text += b"[QR: " + payload[3:] + b"]\n"
            i += 5 + size
        elif two in _THREE_BYTE:
            if two == b"\x1d!" and data[i + 2] != 0:
                text += b"[4x] "
            if two == b"\x1dV":
                text += b"--- cut ---\n"
            i += 3
        else:
            text.append(data[i])
            i += 1
    out.append(text.decode("cp437"))
    return "".join(out)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"== {name}\n{decode(Path(name).read_bytes())}")
