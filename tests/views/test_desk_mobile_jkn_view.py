"""A Mobile JKN booking at the loket's desk: BPJS sends no name, so the desk's preview
says where the booking came from instead, and checking it in works as for any other."""

from __future__ import annotations

import datetime as dt

import flet as ft
import pytest
from sqlalchemy import select

from api_client.models import Channel, TicketStatus
from server.bpjs.credentials import Variant
from server.queue.tables import VisitRow
from tests.api.bpjs_ws_helpers import FKTP_POLI, bridge, ok, open_bpjs, take_body
from tests.views.harness import run_app
from tests.views.test_staff_console import open_desk, shown

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"


async def test_the_desk_shows_a_mobile_jkn_booking_by_its_channel_and_checks_it_in(  # type: ignore[no-untyped-def]
        app, app_main, client):
    bridge(app.state.lsr, LASEM, Variant.fktp, poli=("poli-umum", FKTP_POLI))
    bpjs = open_bpjs(app, LASEM)
    ok(await bpjs.sign_in())
    ok(await bpjs.call("POST", "antrean", take_body(7, day=dt.date(2026, 11, 30), kodepoli=FKTP_POLI)))
    with app.state.lsr.db.read() as session:
        code = session.scalars(select(VisitRow.booking_code).where(VisitRow.facility_id == LASEM)).one()
    booking = await client.bookings.get(code)
    assert booking.channel is Channel.mobile_jkn
    async with run_app(app_main, route="/staff") as app_view:
        await open_desk(app_view, f"loket.{LASEM}", service="loket")
        field = app_view.find(ft.TextField, label="Scan atau ketik kode booking / cari pasien")
        await app_view.fill(field, code.lower(), submit=True)
        await app_view.wait_for(lambda: app_view.exists(identifier="desk-preview"))
        card = shown(app_view, "desk-preview")
        for fact in ("Poli Umum", "Jalur", "Mobile JKN", "3317********0007", "JKN"):
            assert fact in card
        await app_view.click(identifier="desk-confirm")
        await app_view.wait_for(lambda: app_view.exists(identifier="desk-checkin-notice"))
    assert (await client.bookings.get(code)).ticket.status is TicketStatus.checked_in
