"""Beranda reminds of a booking on its day (in the morning, or any time that day while
it is still only booked) and the evening before, from 17:00 WIB; not earlier."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from session.state import SavedTicket
from tests.api.helpers import arrive, book, service_id
from tests.views.harness import run_app
from tests.views.test_home_view import wallet_with
from tests.views.test_offline import phone

pytestmark = pytest.mark.anyio

TUESDAY = dt.date(2026, 12, 1)  # the clock starts on Monday 30 November 2026, 08:00


async def booked_for(client, day: dt.date):  # type: ignore[no-untyped-def]
    return await book(client, await service_id(client, code="poli-umum"), day=day)


def reminders(app) -> list[str]:  # type: ignore[no-untyped-def]
    found = app.find_all(where=lambda c: str(getattr(c, "identifier", "") or "")
                         .startswith("booking-reminder-"))
    return [" ".join(app.texts(root=c)) for c in found]


async def on_beranda(app_main, booking, prefs: dict[str, str] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    saved = wallet_with(SavedTicket.of(booking)) | (prefs or {})
    async with run_app(app_main, route="/", shared_preferences=saved) as app:
        await app.wait_for(lambda: app.exists(identifier="booking-reminders", include_hidden=True))
        return reminders(app)


async def test_the_evening_before_beranda_says_tomorrow_with_the_expected_time(
    app_main, client, clock
):  # type: ignore[no-untyped-def]
    booking = await booked_for(client, TUESDAY)
    clock.set(2026, 11, 30, 19, 0)
    assert await on_beranda(app_main, booking) == [
        "Besok: Poli Umum, Puskesmas Sumber, nomor B-001, perkiraan 07.30–07.45"
    ]


async def test_on_the_morning_of_the_day_beranda_says_today_and_opens_the_ticket(
    app_main, client, clock
):  # type: ignore[no-untyped-def]
    booking = await booked_for(client, TUESDAY)
    clock.set(2026, 12, 1, 7, 0)  # before the puskesmas opens
    async with run_app(app_main, route="/", shared_preferences=wallet_with(SavedTicket.of(booking))) as app:
        await app.wait_for(lambda: bool(reminders(app)))
        assert reminders(app) == [
            "Hari ini: Poli Umum, Puskesmas Sumber, nomor B-001, perkiraan 07.30–07.45"
        ]
        await app.click(identifier=f"booking-reminder-{booking.booking_code}")
        assert app.route == f"/tiket/{booking.booking_code}"


@pytest.mark.parametrize(("when", "day"), [
    ((2026, 11, 30, 19, 0), dt.date(2026, 12, 2)),  # two days before, in the evening
    ((2026, 11, 30, 16, 59), TUESDAY),  # the day before, before 17:00
    ((2026, 12, 2, 7, 0), TUESDAY),  # the day after
])
async def test_no_reminder_outside_the_day_and_the_evening_before(
    app_main, client, clock, when, day
):  # type: ignore[no-untyped-def]
    booking = await booked_for(client, day)
    clock.set(*when)
    assert await on_beranda(app_main, booking) == []


async def test_a_ticket_cancelled_or_already_checked_in_is_not_reminded_of(
    app_main, client, clock
):  # type: ignore[no-untyped-def]
    cancelled = await booked_for(client, dt.date(2026, 11, 30))
    await client.bookings.cancel(cancelled.booking_code)
    assert await on_beranda(app_main, cancelled) == []
    arrived = await arrive(client, await book(
        client, await service_id(client, code="poli-gigi"), day=dt.date(2026, 11, 30),
    ))
    assert await on_beranda(app_main, arrived) == []


@pytest.mark.parametrize(("language", "expected"), [
    ("jv", "Benjang: Poli Umum, Puskesmas Sumber, nomer B-001, kinten-kinten 07:30–07:45"),
    ("en", "Tomorrow: Poli Umum, Puskesmas Sumber, number B-001, expected 07.30–07.45"),
])
async def test_the_reminder_in_basa_jawa_and_english(
    app_main, client, clock, language, expected
):  # type: ignore[no-untyped-def]
    booking = await booked_for(client, TUESDAY)
    clock.set(2026, 11, 30, 20, 0)
    prefs = {"lsr.preferences": json.dumps({"language": language})}
    assert await on_beranda(app_main, booking, prefs) == [expected]


async def test_with_no_signal_a_phone_reminds_from_what_it_kept(
    client, signal, device, clock, monkeypatch
):  # type: ignore[no-untyped-def]
    """The ticket was seen (so kept) the day before; on the morning, without a signal,
    Beranda still says it, with the expected time last read."""
    monkeypatch.setattr("views.tickets.live.POLL_SECONDS", 0.05)
    monkeypatch.setattr("views.tickets.live.RETRY_SECONDS", 0.05)
    booking = await booked_for(client, TUESDAY)
    async with run_app(phone(signal, device), route=f"/tiket/{booking.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="come-at"))
        await app.click(identifier="save-ticket")  # Simpan ke Tiket Saya
    clock.set(2026, 12, 1, 7, 0)
    signal.lost = True
    async with run_app(phone(signal, device), route="/") as app:
        await app.wait_for(lambda: app.exists(identifier="booking-reminders", include_hidden=True))
        assert reminders(app) == [
            "Hari ini: Poli Umum, Puskesmas Sumber, nomor B-001, perkiraan 07.30–07.45"
        ]
