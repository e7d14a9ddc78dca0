"""Offline on the phone: the banner follows the last request to the service; a
cancellation made offline waits in the device's outbox and reaches the service once
the connection is back (or the app is opened again). On the web there is no outbox:
the cancellation fails and says so.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import flet as ft
import httpx
import pytest

from api_client import ApiClient
from api_client.identity import format_booking_code
from api_client.models import TicketStatus
from api_client.outbox import Outbox
from api_client.store import DeviceStore
from session.connectivity import RETRY_SECONDS
from session.settings import AppSettings
from session.storage import ClientStorage, DeviceFileStorage
from tests.api.helpers import SUMBER, book, service_id
from tests.support.signal import Signal
from tests.views.harness import run_app
from tests.views.test_complaint_view import TEXT, fill_form
from tests.views.test_survey_view import answer_all, finished_visit
from tests.views.test_ticket_view import shown
from views.app import main_for

pytestmark = pytest.mark.anyio

BANNER = "Tidak ada koneksi. Data yang tampil mungkin bukan yang terbaru."


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("views.tickets.live.POLL_SECONDS", 0.05)
    monkeypatch.setattr("views.tickets.live.RETRY_SECONDS", 0.05)
    monkeypatch.setattr("session.connectivity.RETRY_SECONDS", 0.05)



def phone(signal: Signal, device: Path | None):  # type: ignore[no-untyped-def]
    """The app on an Android phone (its store in ``device``), or on the web if None."""

    async def device_storage(_page: ft.Page, _settings: AppSettings) -> ClientStorage:
        assert device is not None
        return DeviceFileStorage(device)

    return main_for(
        AppSettings(),
        make_client=lambda: ApiClient("http://lsr.test/api", transport=signal, retry_attempts=1),
        make_storage=device_storage if device else None,
    )


async def test_the_banner_shows_while_the_service_cannot_be_reached_on_every_screen(
    client, signal
):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"))
    async with run_app(phone(signal, None), route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="people-ahead"))
        assert not app.exists(identifier="offline-banner")
        signal.lost = True
        await app.wait_for(lambda: app.exists(identifier="offline-banner"))
        assert shown(app, "offline-banner") == BANNER
        assert shown(app, "ticket-number") == "B-001"  # the last known ticket stays
        signal.lost = False
        await app.wait_for(lambda: not app.exists(identifier="offline-banner"))

        signal.lost = True
        await app.wait_for(lambda: app.exists(identifier="offline-banner"))
        await app.navigate("/")  # Beranda knows too, without asking again
        assert app.exists(text="Ambil Nomor")
        assert shown(app, "offline-banner") == BANNER
        await app.navigate("/tiket")  # and Tiket Saya, and the booking screens
        assert shown(app, "offline-banner") == BANNER
        await app.navigate(f"/faskes/pkm-sumber/pesan/{await service_id(client, code='poli-umum')}")
        await app.wait_for(lambda: app.exists(identifier="offline-banner"))
        assert shown(app, "offline-banner") == BANNER
        signal.lost = False
        await app.navigate(f"/tiket/{mine.booking_code}")
        await app.wait_for(lambda: app.exists(identifier="people-ahead"))
        assert not app.exists(identifier="offline-banner")


async def test_a_cancellation_made_offline_waits_on_the_phone_and_is_sent_when_back(
    client, signal, device, monkeypatch
):  # type: ignore[no-untyped-def]
    """The screen notices the lost connection ("Tidak tersambung") while the phone is
    still saving the cancellation: the ticket's buttons keep their state through it.
    The save is held until the notice shows, so the test does not race the poll."""
    may_save = threading.Event()
    save = Outbox.cancel

    def save_after_the_notice(outbox: Outbox, booking_code: str):  # type: ignore[no-untyped-def]
        may_save.wait()
        return save(outbox, booking_code)

    monkeypatch.setattr(Outbox, "cancel", save_after_the_notice)
    mine = await book(client, await service_id(client, code="poli-umum"))
    code = mine.booking_code
    async with run_app(phone(signal, device), route=f"/tiket/{code}") as app:
        await app.wait_for(lambda: app.exists(identifier="cancel-ticket"))
        signal.lost = True
        await app.click(identifier="cancel-ticket")
        confirming = asyncio.create_task(app.click(text="Ya, batalkan"))
        try:
            await app.wait_for(lambda: app.exists(identifier="offline-notice"))
        finally:
            may_save.set()
        await confirming
        await app.wait_for(lambda: app.exists(identifier="cancel-queued"))
        assert shown(app, "cancel-queued") == "Pembatalan akan dikirim saat koneksi kembali."
        await app.wait_for(lambda: app.exists(identifier="offline-banner"))  # the next poll fails
        assert shown(app, "offline-banner") == BANNER
        assert not app.exists(identifier="cancel-ticket")  # queued once, not twice
        assert not app.exists(identifier="ticket-error")
        waiting = Outbox(DeviceStore(device)).pending()
        assert [(p.kind, p.payload["booking_code"]) for p in waiting] == [("cancel", code)]
        assert (await client.bookings.get(code)).ticket.status is TicketStatus.booked

        signal.lost = False  # the outbox sends it, then the screen shows what the service says
        await app.wait_for(lambda: not Outbox(DeviceStore(device)).pending())
        await app.wait_for(lambda: shown(app, "ticket-status") == "Dibatalkan")
        assert (await client.bookings.get(code)).ticket.status is TicketStatus.cancelled
        assert not app.exists(identifier="offline-banner")
        assert not app.exists(identifier="cancel-queued")


async def test_what_an_earlier_run_left_in_the_outbox_is_sent_when_the_app_opens(
    client, signal, device
):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"))
    Outbox(DeviceStore(device)).cancel(mine.booking_code)  # confirmed offline, app closed
    async with run_app(phone(signal, device), route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="ticket-status")
                           and shown(app, "ticket-status") == "Dibatalkan")
    assert (await client.bookings.get(mine.booking_code)).ticket.status is TicketStatus.cancelled
    assert Outbox(DeviceStore(device)).pending() == []


async def test_on_the_web_an_offline_cancellation_is_not_kept_and_says_so(
    client, signal
):  # type: ignore[no-untyped-def]
    mine = await book(client, await service_id(client, code="poli-umum"))
    async with run_app(phone(signal, None), route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="cancel-ticket"))
        signal.lost = True
        await app.click(identifier="cancel-ticket")
        await app.click(text="Ya, batalkan")
        await app.wait_for(lambda: app.exists(identifier="ticket-error"))
        assert shown(app, "ticket-error") == (
            "Tidak bisa terhubung. Periksa koneksi internet Anda, lalu coba lagi."
        )
        assert not app.exists(identifier="cancel-queued")
        assert app.exists(identifier="cancel-ticket")  # nothing waits: they can try again
    assert (await client.bookings.get(mine.booking_code)).ticket.status is TicketStatus.booked


class Recorded(Signal):
    """The signal, noting the idempotency key of every attempt (sent or not)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        super().__init__(inner)
        self.keys: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if key := request.headers.get("Idempotency-Key"):
            self.keys.append(key)
        return await super().handle_async_request(request)


async def test_a_complaint_written_offline_is_sent_later_with_the_key_it_was_tried_with(
    app, make_client, device
):  # type: ignore[no-untyped-def]
    signal = Recorded(httpx.ASGITransport(app))
    async with run_app(phone(signal, device), route="/pengaduan") as screen:
        await fill_form(screen)
        signal.lost = True
        await screen.click(identifier="complaint-send")
        await screen.wait_for(lambda: screen.exists(identifier="complaint-queued"))
        assert shown(screen, "complaint-queued") == (
            "Pengaduan disimpan di HP ini dan akan dikirim saat koneksi kembali."
        )
        assert shown(screen, "offline-banner") == BANNER
        [waiting] = Outbox(DeviceStore(device)).pending()
        assert (waiting.kind, waiting.payload["text"], waiting.key) == ("complaint", TEXT, signal.keys[0])

        signal.lost = False  # nothing on this screen asks the service: the outbox retries
        # every RETRY_SECONDS; on a busy machine the retry's POST itself takes seconds more
        await screen.wait_for(lambda: not Outbox(DeviceStore(device)).pending(),
                              timeout=RETRY_SECONDS + 30)
        await screen.wait_for(lambda: not screen.exists(identifier="offline-banner"))
        loket = make_client()
        await loket.staff.login("loket.pkm-sumber", "rembang-demo")
        [received] = await loket.complaints.list()
        assert received.text == TEXT
        # the tracking code the person never saw is on the screen now
        code = received.tracking_code
        await screen.wait_for(lambda: screen.exists(identifier=f"sent-complaint-{code}"))
        await screen.click(identifier=f"sent-complaint-{code}")
        await screen.wait_for(lambda: shown(screen, "complaint-code") == format_booking_code(code))
    assert set(signal.keys) == {waiting.key}


async def test_a_survey_answered_offline_is_sent_once_when_back(
    client, make_client, signal, device
):  # type: ignore[no-untyped-def]
    booking = await finished_visit(client, make_client)
    async with run_app(phone(signal, device), route=f"/tiket/{booking.booking_code}/survei") as app:
        await app.wait_for(lambda: app.exists(identifier="survey-persyaratan-1"))
        signal.lost = True
        await answer_all(app, 3)
        await app.click(identifier="survey-send")
        await app.wait_for(lambda: app.exists(identifier="survey-queued"))
        assert shown(app, "survey-queued") == "Penilaian akan dikirim saat koneksi kembali."
        assert shown(app, "offline-banner") == BANNER
        assert not app.exists(identifier="survey-send")
        assert (await client.feedback.index(SUMBER)).respondents == 0

        signal.lost = False
        await app.wait_for(lambda: not Outbox(DeviceStore(device)).pending())
    index = await client.feedback.index(SUMBER)
    assert index.respondents == 1 and index.index == 75
