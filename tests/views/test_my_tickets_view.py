"""Tiket Saya, in-process against the real service at Monday 30 November 2026, 08:00 WIB:
the tickets this device keeps, and finding a ticket by its code and phone number."""

from __future__ import annotations

import dataclasses
import json

import httpx
import pytest

from api_client import ApiClient
from api_client.models import Booking
from session.settings import AppSettings
from session.state import SavedTicket, Wallet
from tests.api.helpers import book, service_id
from tests.views.harness import run_app
from views.app import main_for

pytestmark = pytest.mark.anyio


@pytest.fixture
async def poli_umum(client) -> int:  # type: ignore[no-untyped-def]
    return await service_id(client, code="poli-umum")


def storage_with(*tickets: SavedTicket) -> dict[str, str]:
    """The browser's storage of a device that kept these tickets."""
    return {"lsr.wallet": json.dumps(Wallet(tickets=list(tickets)).to_json())}


def last_month(booking: Booking) -> SavedTicket:
    """A ticket this device kept from an earlier visit."""
    return dataclasses.replace(
        SavedTicket.of(booking), booking_code="0000000000OLD", service_date="2026-10-26",
        display_number="B-007",
    )


def kept_codes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [t["booking_code"] for t in json.loads(app.shared_preferences["lsr.wallet"])["tickets"]]


async def test_a_new_device_finds_my_ticket_by_code_and_phone_and_keeps_it(
    app_main, client, poli_umum
):  # type: ignore[no-untyped-def]
    mine = await book(client, poli_umum)
    code = mine.booking_code
    async with run_app(app_main, route="/tiket") as app:
        assert app.exists(text="Belum ada tiket tersimpan di perangkat ini. Tiket yang Anda ambil "
                               "atau temukan di bawah akan muncul di sini.")
        typed = f"{code[:4].lower()}-{code[4:8]}-{code[8:]}"  # as read aloud, in small letters
        await app.fill(label="Kode booking", value=typed)
        await app.fill(label="Nomor HP", value="0812 3456 7890")
        await app.click(text="Cari tiket")
        await app.wait_for(lambda: app.route == f"/tiket/{code}")
        await app.wait_for(lambda: app.exists(text="B-001"))
        assert kept_codes(app) == [code]

        await app.back()
        await app.wait_for(lambda: app.exists(text="Terdaftar"))  # its status, asked just now
        assert app.exists(text="Tiket aktif") and app.exists(identifier=f"ticket-{code}")


async def test_a_wrong_phone_says_the_ticket_was_not_found(
    app_main, client, poli_umum
):  # type: ignore[no-untyped-def]
    mine = await book(client, poli_umum)
    async with run_app(app_main, route="/tiket") as app:
        await app.fill(label="Kode booking", value=mine.booking_code)
        await app.fill(label="Nomor HP", value="0813 9999 0000")
        await app.click(text="Cari tiket")
        problem = " ".join(app.texts(root=app.find(identifier="lookup-problem")))
        assert problem.startswith("Tiket tidak ditemukan.")
        assert app.route == "/tiket"
        assert app.find(label="Nomor HP").value == "0813 9999 0000"  # nothing typed is lost
        assert "lsr.wallet" not in app.shared_preferences


async def test_a_phone_number_that_cannot_be_one_is_marked_at_its_field(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/tiket") as app:
        await app.click(text="Cari tiket")
        assert app.find(label="Kode booking").error == "Bagian ini wajib diisi."
        await app.fill(label="Kode booking", value="K7QD-2M9F-XH3TA")
        await app.fill(label="Nomor HP", value="12345")
        await app.click(text="Cari tiket")
        assert app.find(label="Kode booking").error is None
        assert app.find(label="Nomor HP").error == "Nomor HP tidak benar. Contoh: 0812 3456 7890."


async def test_active_and_past_tickets_are_listed_apart_and_a_past_one_can_be_removed(
    app_main, client, poli_umum
):  # type: ignore[no-untyped-def]
    today = await book(client, poli_umum, serial=1)
    cancelled = await book(client, poli_umum, serial=2)
    await client.bookings.cancel(cancelled.booking_code)
    old = last_month(today)
    stored = storage_with(old, SavedTicket.of(today), SavedTicket.of(cancelled))
    async with run_app(app_main, route="/tiket", shared_preferences=stored) as app:
        await app.wait_for(lambda: app.exists(text="Dibatalkan"))
        texts = app.texts()
        active_at, past_at = texts.index("Tiket aktif"), texts.index("Tiket sebelumnya")
        assert active_at < texts.index("B-001") < past_at < texts.index("B-002")
        assert texts.index("B-002") < texts.index("B-007")  # the most recent past first
        assert not app.exists(identifier=f"remove-{today.booking_code}")  # active stays

        await app.click(identifier="remove-0000000000OLD")
        assert not app.exists(text="B-007")
        assert kept_codes(app) == [today.booking_code, cancelled.booking_code]

        await app.click(identifier=f"ticket-{today.booking_code}")
        assert app.route == f"/tiket/{today.booking_code}"


async def test_without_a_connection_my_tickets_are_still_listed(app):  # type: ignore[no-untyped-def]
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no signal", request=request)

    offline_main = main_for(AppSettings(), make_client=lambda: ApiClient(
        "http://lsr.test/api", transport=httpx.MockTransport(refuse), retry_attempts=1,
    ))
    kept = SavedTicket(
        booking_code="K7QD2M9FXH3TA", facility_id="pkm-sumber", facility_name="Puskesmas Sumber",
        service_name="Poli Umum", service_date="2026-11-30", display_number="B-003",
    )
    async with run_app(offline_main, route="/tiket", shared_preferences=storage_with(kept)) as app:
        await app.wait_for(lambda: app.exists(identifier="offline-notice"))
        assert app.exists(text="B-003") and app.exists(text="Tiket aktif")
