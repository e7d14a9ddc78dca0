"""What a device holds after a patient is kept (session/patient_book.py), read raw:
no name, NIK, phone or BPJS number in the clear, in a browser's localStorage or in a
phone's store; the same browser (its cookie's key) or phone (its keystore) comes back
to the patient, one tap in the booking; a browser whose key is gone gets a plain
message and an empty list; forgetting the last patient leaves nothing behind."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import flet as ft
import httpx
import pytest

from api_client import ApiClient
from session.settings import AppSettings
from session.storage import ClientStorage, DeviceFileStorage
from tests.api.helpers import SUMBER, service_id
from tests.views.harness import AppHarness, run_app
from tests.views.test_booking_channel_view import ANDROID
from tests.views.test_booking_view import (
    SITI,
    agree_and_reach_confirm,
    choose_day_and_payer,
    fill_patient,
    open_booking,
    step_text,
)
from views.app import main_for

pytestmark = pytest.mark.anyio

SECRETS = (SITI["name"], "Siti", SITI["nik"], "81234567890", SITI["bpjs_number"])


def leaked(raw: str) -> list[str]:
    return [secret for secret in SECRETS if secret in raw]


async def book_siti(app: AppHarness) -> None:
    await choose_day_and_payer(app, payer="jkn")
    await fill_patient(app)
    await agree_and_reach_confirm(app)
    await app.click(identifier="booking-confirm")
    assert app.route.startswith("/tiket/")


async def test_a_browser_keeps_its_patient_sealed_and_offers_her_again(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await book_siti(app)
        stored, key = dict(app.shared_preferences), app.browser_key
    assert "lsr.patients" in stored
    assert leaked(json.dumps(stored)) == []

    # the same browser returns (its localStorage, its cookie): she is one tap after the day
    async with open_booking(app_main, sid, shared_preferences=stored, browser_key=key) as again:
        await again.wait_for(lambda: again.exists(identifier="day-2026-12-01"))
        await again.click(identifier="day-2026-12-01")
        assert step_text(again) == "Langkah 5 dari 5"
        assert again.exists(text="Siti Aminah")


async def test_a_browser_whose_key_is_gone_shows_a_plain_message_and_no_patient(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await book_siti(app)
        stored = dict(app.shared_preferences)
    async with run_app(app_main, route="/pengaturan", shared_preferences=stored,
                       browser_key=secrets.token_bytes(32)) as elsewhere:
        assert elsewhere.exists(identifier="saved-patients-unreadable")
        assert elsewhere.exists(text_contains="tidak bisa dibuka")
        assert not elsewhere.exists(text="Siti Aminah")
        assert elsewhere.exists(text_contains="Belum ada.")


async def test_forgetting_the_last_patient_removes_her_box(app_main, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with open_booking(app_main, sid) as app:
        await book_siti(app)
        stored, key = dict(app.shared_preferences), app.browser_key
    async with run_app(app_main, route="/pengaturan", shared_preferences=stored, browser_key=key) as app:
        await app.click(identifier="saved-patient-forget-0")
        await app.click(identifier="saved-patient-forget-yes-0")
        assert "lsr.patients" not in app.shared_preferences
        assert not app.exists(text="Siti Aminah")
        assert leaked(json.dumps(app.shared_preferences)) == []


async def test_a_phone_keeps_its_patient_sealed_with_the_key_in_its_keystore(app, client, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = tmp_path / "layanan-sehat-rembang.json"

    async def phone_storage(_page: ft.Page, _settings: AppSettings) -> ClientStorage:
        return DeviceFileStorage(store)

    phone = main_for(
        AppSettings(),
        make_client=lambda: ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(app)),
        make_storage=phone_storage,
    )
    sid = await service_id(client, SUMBER, "poli-umum")
    on_phone = {"web": False, "platform": "android", "device_info": ANDROID}
    async with open_booking(phone, sid, **on_phone) as first:
        await choose_day_and_payer(first, payer="jkn")
        assert first.exists(text_contains="disimpan terkunci (terenkripsi) di HP ini saja")
        await fill_patient(first)
        await agree_and_reach_confirm(first)
        await first.click(identifier="booking-confirm")
        keystore = dict(first.secure_storage)
    assert list(keystore) == ["lsr.patients-key"]
    assert leaked(store.read_text(encoding="utf-8")) == []
    assert [p.name for p in tmp_path.iterdir()] == [store.name]  # no key file beside it

    async with run_app(phone, route="/pengaturan", secure_storage=keystore, **on_phone) as again:
        assert again.exists(text="Siti Aminah")
        assert again.exists(text_contains="kunci yang hanya bisa dibaca aplikasi ini")
