"""Closing the queue early from the desk (key X): the dialog says who is affected
before anything happens, owns the keys while open (typing the reason calls nobody),
and after confirming the desk says what happened in one sentence and shows the
service closed for today. In-process against the real service at Monday 30 November
2026, 08:00 WIB, Puskesmas Lasem."""

from __future__ import annotations

import flet as ft
import pytest

from api_client import ApiClient, new_idempotency_key
from api_client.models import TicketStatus
from tests.api.helpers import book, service_id
from tests.views.harness import run_app
from tests.views.test_staff_console import open_desk, press, shown

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"
REASON = "Dokter dipanggil ke RSUD"


async def test_closing_early_says_who_is_affected_then_closes_and_says_what_happened(
    app_main, client: ApiClient, make_client
):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    away = [await book(client, umum, serial=n) for n in (1, 2)]
    kiosk = make_client(kiosk_key=f"demo-kiosk-{LASEM}")
    here = await kiosk.bookings.walk_in(service_id=umum, idempotency_key=new_idempotency_key())
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, service="poli-umum")
        await app.wait_for(lambda: app.exists(identifier="close-early"))
        await press(app, "x")
        await app.wait_for(lambda: "akan diberi tahu" in shown(app, "close-early-impact"))
        assert shown(app, "close-early-impact") == (
            "Jika ditutup: 2 pasien yang belum datang akan diberi tahu dan bookingnya dibatalkan; "
            "1 yang sudah check-in tetap dilayani."
        )
        for key in ("C", "D", "S"):  # typed into the reason: the desk's keys stay still
            await press(app, key)
        assert not app.exists(identifier="desk-notice")
        assert (await client.bookings.get(here.booking_code)).ticket.status is TicketStatus.checked_in

        await app.click(identifier="close-early-confirm")  # no reason yet
        reason = app.find(ft.TextField, label="Alasan")
        assert reason.error == "Terlalu pendek. Isi paling sedikit 3 karakter."
        # Enter in the reason closes nothing (a scanner's code ends in Enter): the button does.
        await app.fill(app.find(ft.TextField, label="Alasan"), REASON, submit=True)
        assert app.exists(identifier="close-early-impact") and not app.exists(identifier="closed-early")
        assert (await client.bookings.get(away[0].booking_code)).ticket.status is TicketStatus.booked
        await app.click(identifier="close-early-confirm")

        await app.wait_for(lambda: app.exists(identifier="closed-early"))
        assert shown(app, "closed-early") == f"Ditutup hari ini: {REASON}"
        assert shown(app, "desk-notice") == (
            "Antrean Poli Umum ditutup untuk hari ini: 2 pasien yang belum datang sudah diberi tahu; "
            "1 yang sudah check-in tetap dilayani."
        )
        assert not app.exists(identifier="close-early-impact")
        await press(app, "C")  # the one checked in is still called
        await app.wait_for(lambda: shown(app, "current-number") == here.ticket.display_number)
    for booking in away:
        assert (await client.bookings.get(booking.booking_code)).ticket.status is TicketStatus.cancelled


async def test_esc_closes_the_dialog_and_nothing_is_closed(app_main, client: ApiClient):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    booked = await book(client, umum, serial=1)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, service="poli-umum")
        await app.click(identifier="close-early")
        await app.wait_for(lambda: app.exists(identifier="close-early-impact"))
        await press(app, "Escape")
        await app.wait_for(lambda: not app.exists(identifier="close-early-impact"))
        assert app.exists(identifier="close-early")
    assert (await client.bookings.get(booked.booking_code)).ticket.status is TicketStatus.booked


async def test_a_desk_opened_after_closing_shows_the_service_closed(app_main, client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    await admin.announcements.close_early(umum, reason=REASON)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, service="poli-umum")
        await app.wait_for(lambda: app.exists(identifier="closed-early"))
        await press(app, "X")
        assert not app.exists(identifier="close-early-impact")


async def test_the_ticket_of_someone_not_yet_arrived_says_why_the_queue_closed(app_main, client, make_client):  # type: ignore[no-untyped-def]
    umum = await service_id(client, LASEM, "poli-umum")
    mine = await book(client, umum, serial=1)
    poli = make_client()
    await poli.staff.login(f"poli.{LASEM}", "rembang-demo")
    await poli.announcements.close_early(umum, reason=REASON)
    async with run_app(app_main, route=f"/tiket/{mine.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="closed-day"))
        assert f"{mine.ticket.service_name} tutup pada tanggal ini: {REASON}" in shown(app, "closed-day")
        assert "Faskes tutup" not in shown(app, "closed-day")  # the facility stays open
        assert shown(app, "ticket-status") == "Dibatalkan"
