"""A number for anyone at the loket's desk (key W), in-process against the real service
at Monday 30 November 2026, 08:00 WIB, Puskesmas Lasem: the lane with its reason, an
optional NIK, the number issued with channel `desk`, printed on the desk's receipt
printer when this console has one, else shown large to write down.
"""

from __future__ import annotations

import flet as ft
import httpx
import pytest
from flet.messaging.protocol import MessageAction

from api_client import ApiClient
from api_client.models import Channel, Lane
from session.settings import AppSettings
from tests.api.helpers import nik_for
from tests.kiosk.escpos_text import decode
from tests.kiosk.test_ticket_printer import FakePrinter
from tests.views.harness import run_app
from tests.views.test_staff_console import Counting, open_desk, press, shown
from views.app import main_for

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"


async def loket_tickets(make_client) -> list:  # type: ignore[no-untyped-def]
    admin = make_client()
    await admin.staff.login(f"admin.{LASEM}", "rembang-demo")
    loket = next(s.id for s in (await admin.facilities.get(LASEM)).services if s.code == "loket")
    return await admin.staff.tickets(loket)


async def test_key_w_gives_a_priority_number_shown_large_when_there_is_no_printer(app_main, make_client):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        await press(app, "W")
        await app.wait_for(lambda: app.exists(identifier="walkin-issue"))
        await press(app, "2")  # Lansia
        assert app.find(identifier="walkin-lane-lansia").selected
        await press(app, "Enter")
        await app.wait_for(lambda: app.exists(identifier="walkin-number"))
        assert shown(app, "walkin-number") == "A-001"
        assert shown(app, "walkin-print") == "Meja ini tidak punya printer: tuliskan nomor ini untuk pasien."
        await press(app, "W")  # the next person
        await app.wait_for(lambda: app.exists(identifier="walkin-issue"))
        await press(app, "Escape")
        assert not app.exists(identifier="walkin-issue")
        await app.wait_for(lambda: shown(app, "stat-waiting") == "1")
    [ticket] = await loket_tickets(make_client)
    assert (ticket.display_number, ticket.lane) == ("A-001", Lane.priority)


async def test_the_number_is_channel_desk_and_a_wrong_nik_is_said_at_the_field(app_main, client, make_client):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        await app.click(identifier="action-walkin")
        nik = app.find(ft.TextField, label="NIK pasien (boleh dikosongkan)")
        await app.fill(nik, "3317", submit=True)
        await app.wait_for(lambda: app.find(ft.TextField, label="NIK pasien (boleh dikosongkan)").error)
        assert app.find(ft.TextField, label="NIK pasien (boleh dikosongkan)").error == (
            "NIK harus 16 angka, yang diisi 4 angka.")
        nik = app.find(ft.TextField, label="NIK pasien (boleh dikosongkan)")
        await app.fill(nik, nik_for(5), submit=True)
        await app.wait_for(lambda: app.exists(identifier="walkin-number"))
        await app.click(identifier="walkin-next")  # the next patient: the NIK is gone
        await app.wait_for(lambda: app.exists(ft.TextField, label="NIK pasien (boleh dikosongkan)"))
        assert not app.find(ft.TextField, label="NIK pasien (boleh dikosongkan)").value
    [ticket] = await loket_tickets(make_client)
    admin = make_client()
    await admin.staff.login("dinkes", "rembang-demo")
    report = await admin.dashboard.get(facility_id=LASEM)
    assert {c.channel: c.visits for c in report.channels}[Channel.desk] >= 1
    assert ticket.display_number == "A-001"


async def test_a_double_click_issues_one_number(app, make_client):  # type: ignore[no-untyped-def]
    counting = Counting(httpx.ASGITransport(app))
    console = main_for(AppSettings(),
                       make_client=lambda: ApiClient("http://lsr.test/api", transport=counting))
    async with run_app(console, route="/staff") as harness:
        await open_desk(harness, f"loket.{LASEM}", service="loket")
        await harness.click(identifier="action-walkin")
        issue = harness.find(identifier="walkin-issue").content
        taps = [await harness._client_send(MessageAction.CONTROL_EVENT,
                                           {"target": issue._i, "name": "click", "data": None})
                for _ in range(2)]
        for tap in taps:
            await harness._finish(tap)
        await harness.wait_for(lambda: harness.exists(identifier="walkin-number"))
    assert len([p for p in counting.paths if p == "POST /api/walkins"]) == 1
    assert [t.display_number for t in await loket_tickets(make_client)] == ["A-001"]


async def test_the_desk_printer_prints_the_kiosk_ticket_and_a_dead_one_loses_nothing(app_main, make_client):  # type: ignore[no-untyped-def]
    fake = FakePrinter()
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app, f"loket.{LASEM}", service="loket")
        await app.fill(app.find(ft.TextField, label="Printer struk meja ini"),
                       f"network:127.0.0.1:{fake.port}", submit=True)
        await press(app, "W")
        await app.wait_for(lambda: app.exists(identifier="walkin-issue"))
        await press(app, "Enter")
        await app.wait_for(lambda: app.exists(identifier="walkin-print")
                           and shown(app, "walkin-print") == "Tiket sudah dicetak. Berikan kepada pasien.")
        fake.close()
        paper = decode(bytes(fake.received))
        assert "[4x] A-001" in paper and "Loket Pendaftaran" in paper
        # The printer is switched off: the next number is still issued and shown large.
        await press(app, "W")
        await app.wait_for(lambda: app.exists(identifier="walkin-issue"))
        await press(app, "Enter")
        await app.wait_for(lambda: app.exists(identifier="walkin-print")
                           and shown(app, "walkin-print").startswith("Printer tidak bisa mencetak"))
        assert shown(app, "walkin-number") == "A-002"
    assert [t.display_number for t in await loket_tickets(make_client)] == ["A-001", "A-002"]
