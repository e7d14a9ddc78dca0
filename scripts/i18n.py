#!/usr/bin/env python3
"""Refresh the translation catalogs: pybabel extract → update → compile.

    .venv/bin/python scripts/i18n.py

1. extract: strings marked in session/, views/, components/, main.py and the web page's
   loading screen (server/web_loading.py; babel.cfg) go to
   locales/messages.pot. Marks: t.gettext, t.ngettext, t.pgettext, N_, N_plural.
2. update: the .pot is merged into locales/{id,jv,en}/LC_MESSAGES/messages.po
   (a missing language is created). New strings arrive empty and changed ones
   fuzzy: translate them in jv and en and delete the "#, fuzzy" line. Indonesian
   is the source language, so empty or fuzzy id entries get their msgid.
3. compile: every .po → .mo. The .mo files are committed so the app runs
   without a build step.

tests/domain/test_i18n.py fails until every language is complete and compiled.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "messages.pot"
LANGUAGES = ("id", "jv", "en")  # session.i18n.SUPPORTED; the source language first
SOURCE_LANGUAGE = "id"


def extract_argv(output: Path) -> list[str]:
    """The ``pybabel extract`` command line (run from the repo root); tests reuse it."""
    return [
        "pybabel", "extract", "--mapping", str(ROOT / "babel.cfg"), "--keyword", "N_plural:1,2",
        "--add-comments", "TRANSLATORS:", "--add-location", "file", "--sort-by-file",
        "--project", "Layanan Sehat Rembang", "--version", "0.1",
        "--copyright-holder", "Layanan Sehat Rembang",
        "--output", str(output), ".",
    ]  # fmt: skip


def fill_source_language(po_path: Path) -> int:
    """In the source language a string is its own translation: fill empty and fuzzy entries."""
    with po_path.open("rb") as f:
        catalog = read_po(f, locale=SOURCE_LANGUAGE)
    filled = 0
    for message in catalog:
        strings = message.string if message.pluralizable else (message.string,)
        if not message.id or (all(strings) and not message.fuzzy):
            continue
        if message.pluralizable:
            message.string = (message.id[1],) * catalog.num_plurals
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
        filled += 1
    if filled:
        with po_path.open("wb") as f:
            write_po(f, catalog, ignore_obsolete=True)
    return filled


def main() -> int:
    pybabel = CommandLineInterface().run
    pybabel(extract_argv(POT))
    for language in LANGUAGES:
        pybabel([
            "pybabel", "update", "--input-file", str(POT), "--output-dir", str(LOCALES),
            "--domain", "messages", "--locale", language, "--init-missing", "--ignore-obsolete",
        ])  # fmt: skip
    filled = fill_source_language(LOCALES / SOURCE_LANGUAGE / "LC_MESSAGES" / "messages.po")
    print(f"{SOURCE_LANGUAGE}: {filled} entries filled with their msgid")
    pybabel(["pybabel", "compile", "--directory", str(LOCALES), "--domain", "messages", "--statistics"])
    return 0


if __name__ == "__main__":
    import os

    os.chdir(ROOT)  # babel.cfg patterns are relative to the repo root
    sys.exit(main())
