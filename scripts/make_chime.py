"""Make the "your turn is near" chime: two soft bell tones (E6 then A6), half a second,
written with the standard library only.

    .venv/bin/python scripts/make_chime.py

Writes assets/sounds/near-turn.wav (mono, 16-bit, 16 kHz, ~20 KB). The ticket screen
plays it once when the turn is near (views/tickets/near_turn.py).
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assets" / "sounds" / "near-turn.wav"
RATE = 16_000
NOTES = ((1318.5, 0.0), (1760.0, 0.18))  # (Hz, start in s): E6, then A6
LENGTH = 0.62  # s
DECAY = 7.0  # per second: a bell, not a beep
VOLUME = 0.45


def sample(t: float) -> float:
    total = 0.0
    for freq, start in NOTES:
        if t < start:
            continue
        age = t - start
        attack = min(1.0, age / 0.005)  # 5 ms, so it does not click
        tone = math.sin(2 * math.pi * freq * age) + 0.3 * math.sin(2 * math.pi * 2 * freq * age)
        total += attack * math.exp(-DECAY * age) * tone
    fade = min(1.0, (LENGTH - t) / 0.03)  # no click at the end either
    return VOLUME * fade * total / 1.3


def main() -> None:
    frames = b"".join(
        struct.pack("<h", round(32767 * max(-1.0, min(1.0, sample(i / RATE)))))
        for i in range(int(LENGTH * RATE))
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
