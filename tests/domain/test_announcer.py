"""The spoken call: the right clips in the right order, joined into one WAV."""

from __future__ import annotations

import wave

import pytest

from server.voice.announcer import (
    LETTERS,
    PAUSE_SECONDS,
    VOICE_DIR,
    announcement_clips,
    available_clips,
    join_clips,
    number_clips,
    wav_seconds,
)

CLIPS = available_clips()


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, ["nol"]),
        (7, ["tujuh"]),
        (11, ["sebelas"]),
        (12, ["dua", "belas"]),
        (20, ["dua", "puluh"]),
        (100, ["seratus"]),
        (115, ["seratus", "lima", "belas"]),
        (999, ["sembilan", "ratus", "sembilan", "puluh", "sembilan"]),
    ],
)
def test_numbers_are_said_in_indonesian_words(n: int, words: list[str]):
    assert number_clips(n) == words
    clips = announcement_clips(f"A-{n:03d}", service_name="Poli Umum", counter=None,
                               available=CLIPS)
    assert clips == ["nomor-antrean", "huruf-a", *words, "silakan-menuju", "tujuan-poli-umum"]
    audio = join_clips(clips)
    expected = sum(_seconds(c) for c in clips) + PAUSE_SECONDS * len(clips)
    assert wav_seconds(audio) == pytest.approx(expected, abs=0.01)


def _seconds(name: str) -> float:
    with wave.open(str(VOICE_DIR / f"{name}.wav"), "rb") as clip:
        return clip.getnframes() / clip.getframerate()


def test_a_counter_with_a_number_is_said_instead_of_the_service():
    clips = announcement_clips("A-012", service_name="Loket Pendaftaran", counter="Loket 2",
                               available=CLIPS)
    assert clips[-3:] == ["silakan-menuju", "tujuan-loket", "dua"]


def test_a_destination_without_a_clip_is_left_out_rather_than_spelled():
    clips = announcement_clips("B-001", service_name="Poli Baru", counter="Ruang Laktasi",
                               available=CLIPS)
    assert clips == ["nomor-antrean", "huruf-b", "satu"]


def test_every_word_and_letter_and_seeded_service_has_a_clip_of_the_same_format():
    needed = {"nomor-antrean", "silakan-menuju"} | {f"huruf-{x.lower()}" for x in LETTERS}
    needed |= {w for n in range(1000) for w in number_clips(n)}
    assert needed <= CLIPS
    for name in CLIPS:
        with wave.open(str(VOICE_DIR / f"{name}.wav"), "rb") as clip:
            assert (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) == (1, 2, 16000)
            assert 0.1 < clip.getnframes() / 16000 < 4.0, name


def test_numbers_outside_0_to_999_are_refused():
    with pytest.raises(ValueError):
        number_clips(1000)
