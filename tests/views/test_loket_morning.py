"""A whole loket morning at Puskesmas Lasem's Poli Umum, through the consoles, in-process
against the real service (Monday 30 November 2026 from 08:00 WIB).

30 patients booked for today (every fourth in the priority lane). The lobby kiosk
issues a number and checks one booking in, then goes down (its network is cut): its
next requests fail. The loket's desk carries on: it checks 10 more bookings in, some
by a typed code, some by a scanned one (a USB scanner's keys into the console with no
field focused), and gives 5 walk-in numbers to people without a phone. The Poli Umum
console calls and serves every checked-in patient while they keep arriving; each call
must be the one the priority rule (`server.queue.rules.pick_next`: at most two
priority calls in a row while a regular patient waits, lowest number first in a lane)
picks from who had arrived by then.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import flet as ft
import httpx
import pytest

from api_client import ApiClient, ApiConnectionError, new_idempotency_key
from api_client.models import Lane, Payer, PriorityReason, TicketStatus
from server.queue.rules import Waiting, display_number, pick_next
from tests.api.helpers import patient, service_id
from tests.support.signal import Signal
from tests.views.harness import run_app
from tests.views.test_desk_checkin_view import key_burst
from tests.views.test_staff_console import open_desk, press, shown
from views.staff.desk_keys import BURST_SECONDS

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"
FIELD = "Scan atau ketik kode booking / cari pasien"


class Morning:
    """Who has arrived at Poli Umum (number, lane), and the rule's next call."""

    def __init__(self) -> None:
        self.waiting: list[Waiting] = []
        self.streak = 0
        self.expected: list[str] = []
        self.called: list[str] = []

    def arrived(self, number: int, lane: Lane) -> None:
        self.waiting.append(Waiting(ticket_id=number, number=number, lane=lane))

    def next_call(self) -> str | None:
        chosen, self.streak = pick_next(self.waiting, self.streak)
        if chosen is None:
            return None
        self.waiting.remove(chosen)
        return display_number("B", chosen.number)


async def serve_one(poli, morning: Morning) -> None:  # type: ignore[no-untyped-def]
    """The Poli Umum console calls the next patient (C) and finishes (D)."""
    expected = morning.next_call()
    assert expected is not None
    morning.expected.append(expected)
    await poli.click(identifier="action-call-next")  # waits for the service's answer
    number = shown(poli, "current-number")
    morning.called.append(number)
    await poli.click(identifier="action-done")
    await poli.wait_for(lambda: "Belum ada nomor" in shown(poli, "current-number"))


async def check_in_typed(desk, code: str) -> None:  # type: ignore[no-untyped-def]
    await desk.fill(desk.find(ft.TextField, label=FIELD), code, submit=True)
    await desk.wait_for(lambda: desk.exists(identifier="desk-preview"))
    await desk.click(identifier="desk-confirm")
    await desk.wait_for(lambda: desk.exists(identifier="desk-checkin-notice")
                        and "sudah check-in" in shown(desk, "desk-checkin-notice"))


async def check_in_scanned(desk, code: str) -> None:  # type: ignore[no-untyped-def]
    await key_burst(desk, [*code, "Enter"])
    await desk.wait_for(lambda: desk.exists(identifier="desk-preview"))
    await asyncio.sleep(BURST_SECONDS)  # the clerk looks, then presses Enter (a scanner's keys come closer)
    await press(desk, "Enter")
    await desk.wait_for(lambda: desk.exists(identifier="desk-checkin-notice")
                        and "sudah check-in" in shown(desk, "desk-checkin-notice"))


async def walk_in_at_desk(desk, lane_key: str) -> str:  # type: ignore[no-untyped-def]
    await press(desk, "W")
    await desk.wait_for(lambda: desk.exists(identifier="walkin-issue"))
    await desk.click(identifier="walkin-service-poli-umum")
    await press(desk, lane_key)
    await press(desk, "Enter")
    await desk.wait_for(lambda: desk.exists(identifier="walkin-number"))
    number = shown(desk, "walkin-number")
    await press(desk, "Escape")
    await desk.wait_for(lambda: not desk.exists(identifier="walkin-number"))
    return number


async def test_a_loket_morning_with_the_kiosk_down_serves_everyone_in_the_rules_order(  # type: ignore[no-untyped-def]
    app, app_main, client, make_client,
):
    umum = await service_id(client, LASEM, "poli-umum")
    bookings = []
    for serial in range(1, 31):
        priority = serial % 4 == 0
        bookings.append(await client.bookings.create(
            service_id=umum, service_date=dt.date(2026, 11, 30),
            payer=Payer.jkn if serial % 3 else Payer.non_jkn,
            patient=patient(100 + serial, **({} if serial % 3 else {"bpjs_number": None})),
            consent_version="2026-11", idempotency_key=new_idempotency_key(),
            lane=Lane.priority if priority else Lane.regular,
            priority_reason=PriorityReason.disabilitas if priority else None,  # their word
        ))
    lanes = {b.ticket.number: b.ticket.lane for b in bookings}
    signal = Signal(httpx.ASGITransport(app))
    kiosk = ApiClient("http://lsr.test/api", transport=signal, kiosk_key=f"demo-kiosk-{LASEM}",
                      retry_attempts=1)
    morning = Morning()

    # 08:00 The lobby kiosk: one walk-in, one booking checked in.
    first = await kiosk.bookings.walk_in(service_id=umum, idempotency_key=new_idempotency_key())
    morning.arrived(first.ticket.number, Lane.regular)
    arrived = await kiosk.bookings.check_in_at_facility(bookings[3].booking_code)  # a priority one
    morning.arrived(arrived.ticket.number, Lane.priority)

    async with run_app(app_main, route="/staff") as desk, run_app(app_main, route="/staff") as poli:
        await open_desk(desk, f"loket.{LASEM}", service="loket")
        await open_desk(poli, f"poli.{LASEM}", service="poli-umum")

        # The desk checks in five bookings, typed and scanned, while the poli serves.
        for i, booking in enumerate((bookings[0], bookings[7], bookings[1], bookings[11], bookings[2])):
            await (check_in_scanned if i % 2 else check_in_typed)(desk, booking.booking_code)
            morning.arrived(booking.ticket.number, lanes[booking.ticket.number])
        for _ in range(3):
            await serve_one(poli, morning)

        # The kiosk goes down: nothing it tries reaches the service any more.
        signal.lost = True
        with pytest.raises(ApiConnectionError):
            await kiosk.bookings.walk_in(service_id=umum, idempotency_key=new_idempotency_key())
        with pytest.raises(ApiConnectionError):
            await kiosk.bookings.check_in_at_facility(bookings[4].booking_code)

        # The desk carries on: five walk-ins and five more check-ins, the poli calling meanwhile.
        for lane_key, booking in zip("12131", (bookings[4], bookings[15], bookings[5], bookings[19],
                                               bookings[6]), strict=True):
            number = await walk_in_at_desk(desk, lane_key)
            morning.arrived(int(number.split("-")[1]), Lane.regular if lane_key == "1" else Lane.priority)
            await check_in_scanned(desk, booking.booking_code)
            morning.arrived(booking.ticket.number, lanes[booking.ticket.number])
            await serve_one(poli, morning)
        while morning.waiting:
            await serve_one(poli, morning)
        await poli.click(identifier="action-call-next")
        assert shown(poli, "desk-notice").startswith("Belum ada pasien yang sudah check-in.")

    assert morning.called == morning.expected
    assert len(morning.called) == 17  # 1 kiosk walk-in, 1 kiosk check-in, 10 desk check-ins, 5 desk walk-ins
    staff = make_client()
    await staff.staff.login(f"admin.{LASEM}", "rembang-demo")
    tickets = await staff.staff.tickets(umum)
    served = sorted(t.display_number for t in tickets if t.status is TicketStatus.done)
    assert served == sorted(morning.called)
    assert sum(t.status is TicketStatus.booked for t in tickets) == 30 - 11  # never came (yet)
    await kiosk.close()
