"""The kiosk's walk-in: from the start screen to a printed ticket, with one finger,
a number that survives a dead printer, and never two numbers for one tap."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import socket

import flet as ft
import pytest

from api_client.models import Channel, Lane
from tests.api.helpers import service_id
from tests.kiosk.view_support import PORTRAIT, kiosk_main, paper, tap_keys, walk_in_to_identity
from tests.views.harness import run_app
from views.kiosk import clock as kiosk_clock
from views.kiosk import flow

pytestmark = pytest.mark.anyio
NIK = "3317014506900001"  # a woman born 5 June 1990, Kecamatan Sumber


@pytest.fixture(autouse=True)
def kiosk_pc(monkeypatch, clock):  # type: ignore[no-untyped-def]
    """The kiosk PC's clock agrees with the service's (Monday 30 November 2026, 08:00 WIB)."""
    monkeypatch.setattr(kiosk_clock, "now", lambda: clock.now)


@pytest.fixture
def lp0(tmp_path):  # type: ignore[no-untyped-def]
    return tmp_path / "lp0"


async def test_the_start_screen_shows_the_facility_today_and_what_is_open(app, lp0):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        assert kiosk.exists(text="Puskesmas Sumber")
        assert kiosk.exists(text="Senin, 30 November 2026")
        assert kiosk.exists(text="Ambil Nomor Antrean") and kiosk.exists(text="Check-in Pendaftaran Online")
        open_now = kiosk.find(identifier="kiosk-open-services")
        assert kiosk.find_all(text="Poli Umum", root=open_now)
        assert not kiosk.find_all(text="Laboratorium", root=open_now)  # no walk-in numbers there
        for language in ("Bahasa Indonesia", "Basa Jawa", "English"):
            assert kiosk.exists(text=language)


async def test_a_walk_in_goes_from_start_to_a_printed_ticket_and_back_to_start(
    app, lp0, client, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(flow, "SHOW_NUMBER_SECONDS", 0.5)
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="poli-umum", lane="lansia")
        await tap_keys(kiosk, "nik", NIK)
        assert kiosk.exists(text="3317 0145 0690 0001")
        await kiosk.click(identifier="nik-next")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert kiosk.exists(text="Ini nomor antrean Anda")
        assert kiosk.exists(text="B-001") and kiosk.exists(text="Prioritas (Lansia)")
        assert kiosk.exists(text="Silakan ambil tiket Anda di bawah layar ini.")
        printed = paper(lp0)
        assert "[4x] B-001" in printed and "Poli Umum" in printed and "Prioritas (Lansia)" in printed
        assert NIK not in printed and "3317" not in printed
        code = printed.split("[QR: ")[1].split("]")[0]
        booking = await client.bookings.get(code)
        assert booking.channel is Channel.kiosk and booking.ticket.lane is Lane.priority
        assert booking.nik_masked == "3317********0001"
        assert f"{booking.facility_id}" == "pkm-sumber"
        # A few seconds later the next patient finds the start screen, with nothing left.
        await kiosk.wait_for(lambda: kiosk.exists(identifier="kiosk-walkin"))
        assert not kiosk.exists(text="B-001")


async def test_skipping_the_nik_still_gives_a_number(app, lp0, client):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="loket")
        await kiosk.click(identifier="nik-skip")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert kiosk.exists(text="A-001") and kiosk.exists(text="Reguler")
    code = paper(lp0).split("[QR: ")[1].split("]")[0]
    assert (await client.bookings.get(code)).nik_masked is None


async def test_a_double_tap_issues_one_number(app, lp0, client):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="poli-gigi")
        skip = kiosk.find(ft.Button, where=lambda c: c.parent is not None
                          and getattr(c.parent, "identifier", None) == "nik-skip")
        await asyncio.gather(kiosk.trigger(skip, "click"), kiosk.trigger(skip, "click"))
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert kiosk.exists(text="C-001")
    state = await client.queues.state(await service_id(client, code="poli-gigi"))
    assert state.total == 1


async def test_a_wrong_nik_is_explained_at_the_field_and_nothing_is_issued(app, lp0, client):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk)
        await tap_keys(kiosk, "nik", "3317019913900001")  # day 99: no such birth date
        await kiosk.click(identifier="nik-next")
        error = kiosk.find(identifier="nik-error")
        assert kiosk.find_all(text_contains="tanggal lahir di dalam NIK", root=error)
        assert kiosk.exists(text="NIK pasien (boleh dilewati)")  # still here, NIK still typed
        assert kiosk.exists(text="3317 0199 1390 0001")
        await kiosk.click(identifier="nik-backspace")
        assert not kiosk.exists(identifier="nik-error")
    assert (await client.queues.state(await service_id(client, code="poli-umum"))).total == 0


async def test_a_closed_printer_port_keeps_the_number_and_sends_the_patient_to_the_loket(
    app, client, caplog
):  # type: ignore[no-untyped-def]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    caplog.set_level(logging.INFO)
    async with run_app(kiosk_main(app, printer=f"network:127.0.0.1:{closed}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="kia-kb", lane="ibu_hamil")
        await tap_keys(kiosk, "nik", NIK)
        await kiosk.click(identifier="nik-next")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-failed"), timeout=10)
        assert kiosk.exists(text="D-001")
        assert kiosk.exists(text_contains="Tiket tidak bisa dicetak, tetapi nomor Anda sudah tercatat")
        assert kiosk.exists(text_contains="petugas loket pendaftaran")
        assert kiosk.exists(text="Coba cetak lagi")  # nothing came out: a retry is not a reprint
    state = await client.queues.state(await service_id(client, code="kia-kb"))
    assert state.total == 1 and state.waiting == 1  # the number is real, waiting at the service
    assert "printer_offline" in caplog.text and "D-001" in caplog.text  # for staff
    assert NIK not in caplog.text and "0001" not in caplog.text


async def test_cetak_ulang_prints_a_copy_marked_as_a_reprint(app, lp0):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="mtbs", lane="balita")
        await kiosk.click(identifier="nik-skip")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert "CETAK ULANG" not in paper(lp0)
        await kiosk.click(identifier="kiosk-reprint")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert "CETAK ULANG" in paper(lp0) and "[4x] E-001" in paper(lp0)


async def test_before_opening_a_service_tile_says_when_it_opens_and_cannot_be_chosen(
    app, lp0, clock
):  # type: ignore[no-untyped-def]
    clock.set(2026, 11, 30, 7, 0)
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Saat ini tidak ada layanan yang buka."))
        await kiosk.click(identifier="kiosk-walkin")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="service-poli-umum"))
        tile = kiosk.find(identifier="service-poli-umum")
        assert kiosk.find_all(text="Tutup · buka pukul 07.30", root=tile)
        with pytest.raises(AssertionError, match="disabled"):
            await kiosk.click(identifier="service-poli-umum")


async def test_a_kiosk_clock_running_ahead_is_refused_once_and_the_next_tap_gets_a_number(
    app, lp0, clock, monkeypatch
):  # type: ignore[no-untyped-def]
    """The kiosk PC is two minutes ahead: at 07:29 by the service its Poli Umum tile is
    open, the service says "not open yet" (a 409, kept for that request's key). Two
    minutes later the same choice is a new request, not that kept answer again."""
    clock.set(2026, 11, 30, 7, 29)
    monkeypatch.setattr(kiosk_clock, "now", lambda: clock.now + dt.timedelta(minutes=2))
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="poli-umum")
        await kiosk.click(identifier="nik-skip")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="problem-retry"))
        assert not lp0.exists()
        clock.advance(minutes=2)
        await kiosk.click(identifier="problem-retry")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="service-poli-umum"))
        await kiosk.click(identifier="service-poli-umum")
        await kiosk.click(identifier="lane-umum")
        await kiosk.click(identifier="nik-skip")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert kiosk.exists(text="B-001")


async def test_a_full_quota_is_said_plainly_and_the_tile_then_says_full(app, lp0, make_client):  # type: ignore[no-untyped-def]
    other_kiosk = make_client(kiosk_key="demo-kiosk-pkm-sumber")
    gizi = await service_id(other_kiosk, code="gizi")
    for n in range(8):  # the walk-in quota of Gizi at Puskesmas Sumber
        await other_kiosk.bookings.walk_in(service_id=gizi, idempotency_key=f"fill-gizi-{n}")
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="gizi")
        await kiosk.click(identifier="nik-skip")
        assert kiosk.exists(text="Nomor antrean layanan ini untuk hari ini sudah habis.")
        assert kiosk.exists(text="Silakan ke loket pendaftaran.")
        await kiosk.click(identifier="problem-retry")
        await kiosk.wait_for(lambda: kiosk.find_all(
            text="Kuota hari ini penuh", root=kiosk.find(identifier="service-gizi")))
    assert not lp0.exists()  # nothing printed


async def test_the_walk_in_reads_in_english_and_basa_jawa(app, lp0):  # type: ignore[no-untyped-def]
    async with run_app(kiosk_main(app, printer=f"file:{lp0}"), **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        await kiosk.click(identifier="kiosk-language-en")
        assert kiosk.exists(text="Get a Queue Number") and kiosk.exists(text="Monday, 30 November 2026")
        await kiosk.click(identifier="kiosk-walkin")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="service-loket"))
        await kiosk.click(identifier="service-loket")
        assert kiosk.exists(text="Elderly") and kiosk.exists(text="Pregnant women")
        await kiosk.click(identifier="kiosk-language-jv")
        assert kiosk.exists(text="Ibu ngandhut")
        await kiosk.click(identifier="lane-umum")
        await kiosk.click(identifier="nik-skip")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert kiosk.exists(text="Menika nomer antrean panjenengan")
    assert "NOMER ANTREAN" in paper(lp0)  # the ticket is in the language on screen


async def test_on_cuti_bersama_the_ugd_tile_is_open_and_the_poli_is_closed(app, lp0, clock):  # type: ignore[no-untyped-def]
    clock.set(2026, 12, 24, 9, 0)  # Thursday, Cuti Bersama Hari Raya Natal
    async with run_app(kiosk_main(app, printer=f"file:{lp0}", facility="pkm-lasem"), **PORTRAIT) as kiosk:
        await kiosk.wait_for(lambda: kiosk.exists(text="Layanan yang buka sekarang:"))
        open_now = kiosk.find(identifier="kiosk-open-services")
        assert kiosk.find_all(text="UGD", root=open_now)
        assert not kiosk.find_all(text="Poli Umum", root=open_now)
        await kiosk.click(identifier="kiosk-walkin")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="service-ugd"))
        ugd = " ".join(kiosk.texts(root=kiosk.find(identifier="service-ugd")))
        poli = " ".join(kiosk.texts(root=kiosk.find(identifier="service-poli-umum")))
        assert "Buka" in ugd and "Tutup" not in ugd
        assert "Tutup" in poli
