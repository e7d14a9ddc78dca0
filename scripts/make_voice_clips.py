"""Make the first set of voice clips with espeak-ng's Indonesian voice (offline).

    apt-get install espeak-ng sox
    .venv/bin/python scripts/make_voice_clips.py

Writes assets/voice/id/*.wav (mono, 16-bit, 16 kHz). To use human recordings,
record the same sentences and save them under the same names; nothing else changes.
The service names come from server/seed/rembang.yaml; `SPOKEN` says how to read
abbreviations.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.voice.announcer import COUNTER_WORDS, LETTERS, SAMPLE_RATE, VOICE_DIR, slug  # noqa: E402

NUMBER_WORDS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
                "sembilan", "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus"]
PHRASES = {"nomor-antrean": "Nomor antrean", "silakan-menuju": "silakan menuju"}
SPOKEN = {  # how to say a service name aloud
    "KIA/KB": "K I A, K B", "MTBS (Balita Sakit)": "M T B S", "UGD": "U G D", "IGD": "I G D",
    "Poli THT-KL": "Poli T H T", "Poli VCT/HIV": "Poli V C T", "Farmasi (Apotek)": "Farmasi",
    "Poli Jiwa (Psikiatri)": "Poli Jiwa", "Poli Onkologi (Kanker)": "Poli Onkologi",
    "Poli Rehabilitasi Medik (Fisioterapi)": "Poli Fisioterapi",
}


def service_names() -> list[str]:
    seed = yaml.safe_load((ROOT / "server" / "seed" / "rembang.yaml").read_text(encoding="utf-8"))
    return sorted({s["name"] for f in seed["facilities"] for s in f["services"]})


def say(text: str, target: Path) -> None:
    with tempfile.NamedTemporaryFile(suffix=".wav") as raw:
        subprocess.run(["espeak-ng", "-v", "id", "-s", "150", "-w", raw.name, text], check=True)  # noqa: S603,S607
        subprocess.run(  # noqa: S603,S607 - trim silence, resample to 16 kHz mono
            ["sox", raw.name, "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(target),
             "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"],
            check=True,
        )


def main() -> None:
    VOICE_DIR.mkdir(parents=True, exist_ok=True)
    clips = dict(PHRASES)
    clips |= {word: word for word in NUMBER_WORDS}
    clips |= {f"huruf-{letter.lower()}": spoken for letter, spoken in LETTERS.items()}
    clips |= {f"tujuan-{word}": word for word in COUNTER_WORDS}
    clips |= {f"tujuan-{slug(name)}": SPOKEN.get(name, name.replace("&", "dan"))
              for name in service_names()}
    for name, text in sorted(clips.items()):
        say(text, VOICE_DIR / f"{name}.wav")
    print(f"{len(clips)} clips in {VOICE_DIR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
