"""What the waiting-room display says when a number is called, in Indonesian:
"Nomor antrean A dua belas, silakan menuju Poli Umum".

The sentence is joined from short voice clips in `assets/voice/id/` (WAV, mono,
16-bit, 16 kHz): fixed phrases, letters, number words (num2words, lang="id"),
counter words and service names. The clips can be replaced by human recordings
of the same names without code changes; `scripts/make_voice_clips.py` makes the
first set with espeak-ng.

The service makes the voice (`GET /api/voice/call`, server/voice/router.py); the
display only plays the WAV. So num2words (and its docopt, which has no wheel and so
cannot go into an Android build) is the service's dependency, not the app's.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import wave
from collections.abc import Iterable
from pathlib import Path

from num2words import num2words

log = logging.getLogger(__name__)
VOICE_DIR = Path(__file__).resolve().parents[2] / "assets" / "voice" / "id"
SAMPLE_RATE = 16_000
PAUSE_SECONDS = 0.15  # between parts of the sentence

# The letter names as Indonesians say them.
LETTERS = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge", "H": "ha",
    "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pe",
    "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u", "V": "fe", "W": "we", "X": "eks",
    "Y": "ye", "Z": "zet",
}
COUNTER_WORDS = ("loket", "ruang", "meja", "kamar", "apotek", "poli")


def slug(text: str) -> str:
    """`Poli Gigi & Mulut` → `poli-gigi-mulut`: the file name of a spoken name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def number_clips(n: int) -> list[str]:
    """`115` → `["seratus", "lima", "belas"]`."""
    if not 0 <= n <= 999:
        raise ValueError(f"queue numbers are spoken from 0 to 999, got {n}")
    words: str = num2words(n, lang="id")
    return words.split()


def letter_clips(prefix: str) -> list[str]:
    return [f"huruf-{letter.lower()}" for letter in prefix.upper() if letter in LETTERS]


def destination_clips(counter: str | None, service_name: str, available: set[str]) -> list[str]:
    """Where to go: the counter ("Loket 2") when it can be said, else the service."""
    if counter:
        match = re.fullmatch(r"\s*([A-Za-z]+)\s*(\d{1,3})?\s*", counter)
        if match and match.group(1).lower() in COUNTER_WORDS:
            word = f"tujuan-{match.group(1).lower()}"
            if word in available:
                return [word] + (number_clips(int(match.group(2))) if match.group(2) else [])
    service = f"tujuan-{slug(service_name)}"
    if service in available:
        return [service]
    log.warning("no voice clip for the destination %r", service_name)
    return []


def announcement_clips(
    display_number: str, *, service_name: str, counter: str | None, available: set[str]
) -> list[str]:
    """The clip names, in order, for calling `A-012` to its counter or service."""
    prefix, _, digits = display_number.partition("-")
    clips = ["nomor-antrean", *letter_clips(prefix), *number_clips(int(digits))]
    destination = destination_clips(counter, service_name, available)
    if destination:
        clips += ["silakan-menuju", *destination]
    return clips


def available_clips(voice_dir: Path = VOICE_DIR) -> set[str]:
    return {p.stem for p in voice_dir.glob("*.wav")}


def join_clips(names: Iterable[str], voice_dir: Path = VOICE_DIR) -> bytes:
    """One WAV file: the clips in order with a short pause between phrases."""
    frames: list[bytes] = []
    pause = b"\x00\x00" * int(SAMPLE_RATE * PAUSE_SECONDS)
    for name in names:
        with wave.open(str(voice_dir / f"{name}.wav"), "rb") as clip:
            if (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) != (1, 2, SAMPLE_RATE):
                raise ValueError(f"{name}.wav must be mono 16-bit {SAMPLE_RATE} Hz")
            frames += [clip.readframes(clip.getnframes()), pause]
    out = io.BytesIO()
    with wave.open(out, "wb") as joined:
        joined.setnchannels(1)
        joined.setsampwidth(2)
        joined.setframerate(SAMPLE_RATE)
        joined.writeframes(b"".join(frames))
    return out.getvalue()


def wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as w:
        return w.getnframes() / w.getframerate()
