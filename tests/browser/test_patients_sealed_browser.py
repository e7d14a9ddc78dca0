"""The patients a browser keeps are sealed in Chromium (docs/privacy.md): patients
kept in the clear by an older version are sealed when the app opens; afterwards the
browser's localStorage holds no name and no NIK, the key sits in an HttpOnly cookie no
page script can read, a new tab of the same browser still offers the patient, and the
localStorage alone, copied into another browser, opens nothing (a plain message, an
empty list)."""

from __future__ import annotations

import json

from tests.api.helpers import nik_for
from tests.browser.conftest import enable_semantics, screenshot

WALLET = "flutter.lsr.wallet"
PATIENTS = "flutter.lsr.patients"
SITI = {"name": "Siti Aminah", "nik": nik_for(4777), "phone": "+6281234564777",
        "birth_date": "1990-06-05", "bpjs_number": "0000000004777", "payer": "jkn",
        "consent_version": "2026-11"}
SECRETS = (SITI["name"], "Siti", SITI["nik"], SITI["phone"], "81234564777", SITI["bpjs_number"])


def local_storage(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def wait_until(page, predicate, timeout_ms: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    for _ in range(timeout_ms // 100):
        if predicate():
            return
        page.wait_for_timeout(100)
    raise AssertionError("condition not reached")


def test_kept_patients_are_sealed_in_the_browser_and_need_its_cookie(new_page, web_server):  # type: ignore[no-untyped-def]
    plain = {"tickets": [], "profiles": [SITI]}  # as the app kept them before sealing
    state = {"cookies": [], "origins": [{"origin": web_server.url, "localStorage": [
        {"name": WALLET, "value": json.dumps(json.dumps(plain))}]}]}
    page = new_page("/pengaturan", storage_state=state)
    page.get_by_text("Siti Aminah").first.wait_for(timeout=30_000)
    wait_until(page, lambda: PATIENTS in local_storage(page))

    stored = local_storage(page)
    raw = stored[WALLET] + stored[PATIENTS]
    leaked = [secret for secret in SECRETS if secret in raw]
    assert leaked == [], f"localStorage holds {leaked} in the clear"
    assert json.loads(json.loads(stored[WALLET])) == {"tickets": []}

    cookies = {c["name"]: c for c in page.context.cookies()}
    key_cookie = cookies["lsr_patients_key"]
    assert key_cookie["httpOnly"] and key_cookie["path"] == "/ws" and key_cookie["sameSite"] == "Strict"
    assert "lsr_patients_key" not in page.evaluate("() => document.cookie")
    assert key_cookie["value"] not in json.dumps(stored)

    # a new tab of the same browser: a new session, the same cookie and localStorage
    tab = page.context.new_page()
    tab.goto(web_server.url + "/pengaturan")
    enable_semantics(tab)
    tab.get_by_text("Siti Aminah").first.wait_for(timeout=30_000)

    # the localStorage alone (a copied profile, an extension that reads it): nothing opens
    copied = {"cookies": [], "origins": [{"origin": web_server.url, "localStorage": [
        {"name": name, "value": value} for name, value in stored.items()]}]}
    elsewhere = new_page("/pengaturan", storage_state=copied)
    elsewhere.locator('[flt-semantics-identifier="saved-patients-unreadable"]').wait_for(timeout=30_000)
    assert elsewhere.get_by_text("Siti Aminah").count() == 0
    elsewhere.wait_for_timeout(500)
    screenshot(elsewhere, "pengaturan-patients-unreadable")
