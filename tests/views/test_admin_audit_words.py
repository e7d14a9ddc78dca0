"""The audit trail says what happened in words: every action the service records has a
label, so no stored code (`kiosk_key.issue`) reaches the admin's screen."""

from __future__ import annotations

import re
from pathlib import Path

from session.i18n import Translator
from views.admin.audit_words import ACTIONS, action_label, role_label, subject_label

SERVER = Path(__file__).resolve().parents[2] / "server"


def recorded_actions() -> set[str]:
    """The action codes written in the service's source (`action="…"`, and the privacy
    desk's `privacy_{what}` with its `what="…"`)."""
    codes: set[str] = set()
    for source in SERVER.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        codes |= {c for c in re.findall(r'action="([a-z_.]+)"', text) if c != "store_true"}
        if 'action=f"privacy_{what}"' in text:
            codes |= {f"privacy_{w}" for w in re.findall(r'what="([a-z_]+)"', text)}
    return codes


def test_every_recorded_action_has_words() -> None:
    assert recorded_actions() - set(ACTIONS) == set()


def test_codes_read_as_words() -> None:
    t = Translator("id")
    assert action_label(t, "kiosk_key.issue") == "Kiosk didaftarkan"
    assert subject_label(t, "kiosk:12") == "Kiosk 12"
    assert [role_label(t, r) for r in ("admin", "dinkes")] == ["Admin", "Dinkes"]
    assert action_label(t, "something_new") == "something_new"  # shown as stored, never hidden
