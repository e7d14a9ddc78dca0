""""Selesai dan kirim ke …" at the desk: one step that finishes the patient here and
sends them to a next stage this facility has, each with its digit key; the notice says
where they go and their new number, and their ticket (same booking code) follows.
"""

from __future__ import annotations

import flet as ft
import pytest

from api_client import new_idempotency_key
from tests.api.helpers import book, service_id
from tests.views.harness import run_app
from tests.views.test_staff_console import open_desk, press, shown

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"


def offered(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.identifier.removeprefix("transfer-to-") for c in app.find_all(ft.Semantics)
            if (c.identifier or "").startswith("transfer-to-")]


async def test_from_the_poli_the_next_stages_are_offered_with_keys_and_the_ticket_follows(  # type: ignore[no-untyped-def]
    app_main, client, make_client,
):
    poli = await service_id(client, LASEM, "poli-umum")
    booking = await book(client, poli, serial=21)
    await make_client(kiosk_key=f"demo-kiosk-{LASEM}").bookings.check_in_at_facility(booking.booking_code)
    number = booking.ticket.display_number
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, service="poli-umum", counter="Ruang 1")
        await press(app, "C")
        await app.wait_for(lambda: shown(app, "current-number") == number)
        assert "Selesai dan kirim ke…" in shown(app, "action-transfer")
        await press(app, "T")
        await app.wait_for(lambda: app.exists(identifier="transfer-title"))
        assert shown(app, "transfer-title") == f"Selesai dan kirim {number} ke:"
        # the usual next stage first; never back to itself or to the loket
        assert offered(app) == ["apotek", "lab", "poli-gigi", "kia-kb", "mtbs", "gizi"]
        assert shown(app, "transfer-to-lab") == "Laboratorium (tombol 2) 2 Laboratorium"  # tooltip, key, name
        await press(app, "2")
        await app.wait_for(lambda: app.exists(identifier="desk-notice")
                           and "menuju" in shown(app, "desk-notice"))
        after = await client.bookings.get(booking.booking_code)  # the patient's own ticket
        assert after.ticket.service_name == "Laboratorium"
        assert shown(app, "desk-notice") == (
            f"{number} selesai. Pasien menuju Laboratorium dengan nomor baru {after.ticket.display_number}."
        )
        assert not app.exists(identifier="patient-card")  # gone with the ticket


async def test_at_the_apotek_the_visit_ends_so_there_is_nothing_to_send_on(app_main, client, make_client):  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    loket, apotek = [await service_id(client, LASEM, c) for c in ("loket", "apotek")]
    await admin.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key())
    called = await admin.staff.call_next(loket, counter="Loket 9")
    await admin.staff.transfer(called.ticket_id, to_service_id=apotek)  # type: ignore[union-attr]
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"apotek.{LASEM}", service="apotek")
        await press(app, "C")
        await app.wait_for(lambda: app.exists(identifier="patient-card"))
        assert app.find(identifier="action-transfer").content.disabled
        await press(app, "T")
        assert not app.exists(identifier="transfer-title")
        assert not app.find(identifier="action-done").content.disabled
