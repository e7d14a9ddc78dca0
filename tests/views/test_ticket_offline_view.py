"""The ticket with no signal: on a phone it opens with what was last read (number,
status, people ahead, the QR code, and when it was read), never a spinner; with
nothing read yet the QR code still shows, drawn from the code. The web keeps nothing."""

from __future__ import annotations

import pytest

from api_client.store import DeviceStore
from tests.api.helpers import book, service_id
from tests.support.signal import Signal
from tests.views.harness import run_app
from tests.views.test_offline import phone
from tests.views.test_ticket_view import shown

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("views.tickets.live.POLL_SECONDS", 0.05)
    monkeypatch.setattr("views.tickets.live.RETRY_SECONDS", 0.05)
    monkeypatch.setattr("session.connectivity.RETRY_SECONDS", 0.05)


def spinning(app) -> bool:  # type: ignore[no-untyped-def]
    return app.exists(text="Memuat tiket…")


async def test_a_ticket_seen_once_opens_with_no_signal_as_it_was_last_read(
    client, signal: Signal, device, clock
):  # type: ignore[no-untyped-def]
    poli = await service_id(client, code="poli-umum")
    await book(client, poli, serial=1)
    mine = await book(client, poli, serial=2)
    code = mine.booking_code
    async with run_app(phone(signal, device), route=f"/tiket/{code}") as app:
        await app.wait_for(lambda: app.exists(identifier="people-ahead"))
        await app.wait_for(lambda: code in (DeviceStore(device).get("cache.tickets") or {}))  # written after
    kept = DeviceStore(device).get("cache.tickets")[code]
    assert kept["value"]["ticket"]["display_number"] == "B-002"
    assert kept["value"]["patient_name_masked"] is None and kept["value"]["nik_masked"] is None

    clock.advance(minutes=25)  # in the waiting room, later, with no signal
    signal.lost = True
    async with run_app(phone(signal, device), route=f"/tiket/{code}") as app:
        await app.wait_for(lambda: app.exists(identifier="ticket-number"))
        assert not spinning(app)
        assert shown(app, "ticket-number") == "B-002"
        assert shown(app, "ticket-status") == "Terdaftar"
        assert shown(app, "people-ahead") == "1 orang di depan Anda"
        assert app.exists(identifier="ticket-qr")
        assert app.texts(root=app.find(identifier="booking-code"))[-1] == f"{code[:4]}-{code[4:8]}-{code[8:]}"
        await app.wait_for(lambda: app.exists(identifier="offline-notice"))
        assert shown(app, "last-updated") == "Terakhir diperbarui 30 Nov 2026 08.00"

        signal.lost = False  # the signal comes back: the fresh state, no "last updated"
        await app.wait_for(lambda: not app.exists(identifier="offline-notice"))
        assert not app.exists(identifier="last-updated")
        assert shown(app, "ticket-number") == "B-002"


async def test_with_nothing_kept_and_no_signal_the_qr_code_still_shows(
    client, signal: Signal, device
):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"))
    signal.lost = True
    async with run_app(phone(signal, device), route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="offline-notice"))
        assert app.exists(identifier="ticket-qr")
        assert not spinning(app)
        signal.lost = False
        await app.wait_for(lambda: app.exists(identifier="ticket-number"))
        assert shown(app, "ticket-number") == "B-001"


async def test_the_web_keeps_no_ticket_in_the_browser(
    client, signal: Signal
):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"))
    async with run_app(phone(signal, None), route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="people-ahead"))
        assert not [k for k in app.shared_preferences if "ticket" in k]
