#!/usr/bin/env python3
"""Merge an ad-hoc translation file into the jv and en catalogs.

The .po files under locales/ are the one source of truth: translations are
written there (and reviewed there). The usual way is to translate the new and
fuzzy entries of locales/{jv,en}/LC_MESSAGES/messages.po directly:

    .venv/bin/python scripts/i18n.py     # extract → update: new strings arrive empty or fuzzy
    (translate them in the jv and en .po files)
    .venv/bin/python scripts/i18n.py     # compile (tests/domain/test_i18n.py checks the rest)

This script is for translations that come from outside the repository (a
translator's or a branch's JSON file, kept outside locales/ and never committed):

    .venv/bin/python scripts/i18n.py
    .venv/bin/python scripts/merge_translations.py /path/to/translations.json
    .venv/bin/python scripts/i18n.py

Each file is `{"<msgid>": {"jv": "…", "en": "…"}}`; a plural entry's key is
"<singular>||<plural>" with lists; one with a context (`t.pgettext`) is
"<context>\u0004<msgid>", gettext's own separator. A translation fills an empty or fuzzy entry, or
replaces one that differs (the file wins, so merge once and delete the file).
Prints what is still untranslated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("jv", "en")


def load(paths: list[Path]) -> dict[str, dict[str, object]]:
    merged: dict[str, dict[str, object]] = {}
    for path in paths:
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            merged.setdefault(key, {}).update(value)
    return merged


def merge(language: str, translations: dict[str, dict[str, object]]) -> list[str]:
    po_path = ROOT / "locales" / language / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as f:
        catalog = read_po(f, locale=language)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = "||".join(message.id) if message.pluralizable else message.id
        if message.context:
            key = f"{message.context}\x04{key}"
        given = translations.get(key, {}).get(language)
        if given:
            if message.pluralizable:
                forms = list(given) if isinstance(given, list) else [str(given)]
                forms += [forms[-1]] * (catalog.num_plurals - len(forms))
                message.string = tuple(forms[: catalog.num_plurals])
            else:
                message.string = str(given)
            message.flags.discard("fuzzy")
        strings = message.string if message.pluralizable else (message.string,)
        if not all(strings) or message.fuzzy:
            missing.append(key)
    with po_path.open("wb") as f:
        write_po(f, catalog, ignore_obsolete=True)
    return missing


def main(argv: list[str]) -> int:
    translations = load([Path(p) for p in argv])
    for language in LANGUAGES:
        missing = merge(language, translations)
        print(f"{language}: {len(missing)} untranslated")
        for key in missing:
            print(f"  - {key!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
