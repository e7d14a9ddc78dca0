"""Leaving nothing behind: an untouched kiosk goes back to its start screen and
language with everything typed gone; nothing personal reaches its disk or logs."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.kiosk.view_support import LANDSCAPE, PORTRAIT, kiosk_main, scan, tap_keys, walk_in_to_identity
from tests.views.harness import run_app
from views.kiosk import clock as kiosk_clock

pytestmark = pytest.mark.anyio
NIK = "3317014506900001"


@pytest.fixture(autouse=True)
def kiosk_pc(monkeypatch, clock):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(kiosk_clock, "now", lambda: clock.now)


async def test_an_idle_kiosk_clears_a_half_typed_nik_and_returns_to_start(app, tmp_path):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", idle_seconds=2),
                       **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk)
        await tap_keys(kiosk, "nik", "331701450")
        assert kiosk.exists(text="3317 0145 0")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="kiosk-walkin"), timeout=10)
        assert not kiosk.exists(text="NIK pasien (boleh dilewati)")
        # The next patient starts afresh: no trace of the digits.
        await walk_in_to_identity(kiosk)
        assert kiosk.exists(text="Belum diisi") and kiosk.exists(text="0 dari 16 angka")
        assert not any("3317" in text for text in kiosk.texts())


async def test_every_tap_puts_the_reset_off(app, tmp_path):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", idle_seconds=2),
                       **LANDSCAPE) as kiosk:
        await walk_in_to_identity(kiosk)
        for digit in "33170145":  # slow typing: a tap every 0.5 s for 4 s
            await kiosk.click(identifier=f"nik-key-{digit}")
            await asyncio.sleep(0.5)
            await kiosk.settle()
        assert kiosk.exists(text="3317 0145")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="kiosk-walkin"), timeout=10)


async def test_the_language_goes_back_to_the_kiosk_default_when_nobody_is_there(app, tmp_path):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", idle_seconds=2),
                       locale="en-US", **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        assert kiosk.exists(text="Ambil Nomor Antrean")  # the kiosk's language, not the browser's
        await kiosk.click(identifier="kiosk-language-jv")
        assert kiosk.exists(text="Mendhet Nomer Antrean")
        await kiosk.wait_for(lambda: kiosk.exists(text="Ambil Nomor Antrean"), timeout=10)


async def test_a_half_scanned_code_is_forgotten(app, tmp_path):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}", idle_seconds=2),
                       **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        await kiosk.click(identifier="kiosk-checkin")
        await tap_keys(kiosk, "code", "K7QD")
        assert kiosk.exists(text="K7QD")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="kiosk-walkin"), timeout=10)
        await kiosk.click(identifier="kiosk-checkin")
        assert not kiosk.exists(text="K7QD")


async def test_nothing_personal_is_logged_or_stored(app, tmp_path, caplog, client):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO)  # what the kiosk process logs (main.py)
    async with run_app(kiosk_main(app, printer="none"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk)
        await tap_keys(kiosk, "nik", NIK)
        await kiosk.click(identifier="nik-next")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-failed"))
        assert kiosk.exists(text="B-001")  # no printer configured: the number is on screen
        await kiosk.click(identifier="kiosk-done")
        assert kiosk.exists(identifier="kiosk-walkin")
        await scan(kiosk, "K7QD2M9FXH3TA")  # an unknown code, scanned on the start screen
        assert kiosk.exists(text="Kode booking tidak ditemukan. Periksa lagi kodenya.")
        assert kiosk.shared_preferences == {}  # nothing in the browser's storage either
    assert NIK not in caplog.text and "3317 0145" not in caplog.text and "****" not in caplog.text
    assert "B-001" in caplog.text  # staff can see which number did not print


async def test_back_to_start_keeps_the_language_the_patient_chose(app, tmp_path):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}"), **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        await kiosk.click(identifier="kiosk-language-jv")
        assert kiosk.exists(text="Mendhet Nomer Antrean")
        await kiosk.click(identifier="kiosk-walkin")
        await kiosk.click(identifier="kiosk-home")  # the same person, back at the start
        assert kiosk.exists(identifier="kiosk-walkin")
        assert kiosk.exists(text="Mendhet Nomer Antrean")
        assert not kiosk.exists(text="Ambil Nomor Antrean")


@pytest.mark.parametrize(("language", "checkin"), [
    ("jv", "Check-in Pesenan Online"),
    ("en", "Check In an Online Booking"),
])
async def test_the_check_in_choice_speaks_the_chosen_language(app, tmp_path, language, checkin):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}"), **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        await kiosk.click(identifier=f"kiosk-language-{language}")
        assert kiosk.exists(text=checkin)
        assert not kiosk.exists(text="Check-in Pendaftaran Online")
        await kiosk.click(identifier="kiosk-checkin")
        assert kiosk.exists(text=checkin)  # the check-in screen's title
