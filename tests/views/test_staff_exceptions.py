"""The day's exceptions at the desk, by keyboard: call a number (N), return a skipped
ticket (Q), change a lane (L), a break (P). A dialog owns the keys while open (digits
pick, Esc closes) and the desk's keys work again once it closes. In-process against
the real service, the UGD of Puskesmas Lasem (Monday 30 November 2026, 08:00 WIB)."""

from __future__ import annotations

import flet as ft
import pytest

from api_client.models import Lane, TicketStatus
from tests.views.harness import run_app
from tests.views.test_staff_console import kiosk, open_desk, press, service_tickets, shown, ugd, walk_in

pytestmark = pytest.mark.anyio
__all__ = ["kiosk", "ugd"]  # fixtures


async def notice(app, sentence: str) -> None:  # type: ignore[no-untyped-def]
    await app.wait_for(lambda: app.exists(identifier="desk-notice") and shown(app, "desk-notice") == sentence)


async def skip_first(app, first: str) -> None:  # type: ignore[no-untyped-def]
    await press(app, "C")
    assert shown(app, "current-number") == first
    await press(app, "S")
    await notice(app, f"{first} dicatat tidak hadir.")
    await app.wait_for(lambda: app.exists(identifier="skipped-list"))


async def test_a_patient_who_stepped_out_is_called_by_typing_their_number(app_main, kiosk, ugd, client):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    second = await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await skip_first(app, first)
        await press(app, "N")
        field = app.find(identifier="call-number-field").content
        await press(app, "C")  # a key while the dialog is open calls nobody
        await press(app, "1")
        assert "Belum ada nomor" in shown(app, "current-number")
        await app.fill(field, "x1", submit=True)
        assert field.error == "Ketik nomornya saja, misalnya 12 atau U-012."
        await app.fill(field, first.lower(), submit=True)
        await notice(app, f"{first} dipanggil ke Ruang 1.")
        assert shown(app, "current-number") == first
        assert not app.exists(identifier="call-number-field")
        await press(app, "D")  # the desk's keys again
        await notice(app, f"{first} selesai dilayani.")
        await press(app, "C")
        await notice(app, f"{second} dipanggil ke Ruang 1.")
    statuses = {t.display_number: t.status for t in await service_tickets(client, ugd)}
    assert statuses == {first: TicketStatus.done, second: TicketStatus.called}


async def test_a_skipped_ticket_returns_with_its_place_rule_stated(app_main, kiosk, ugd):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    second, third = await walk_in(kiosk, ugd), await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await skip_first(app, first)
        assert shown(app, "skipped-list") == first
        await press(app, "Q")
        assert app.exists(text="Nomor yang dikembalikan dipanggil setelah dua panggilan berikutnya.")
        await press(app, "1")
        await notice(app, f"{first} kembali ke antrean: dipanggil setelah dua panggilan berikutnya.")
        await app.wait_for(lambda: shown(app, "waiting-list") == (
            f"{second} {third} {first} · kembali · dipanggil setelah 2 panggilan"))
        assert not app.exists(identifier="skipped-list")
        for expected in (second, third, first):  # after the next two calls
            await press(app, "C")
            await notice(app, f"{expected} dipanggil ke Ruang 1.")
            await press(app, "D")
            await notice(app, f"{expected} selesai dilayani.")


async def test_a_waiting_ticket_moves_to_the_priority_lane_and_is_called_first(app_main, kiosk, ugd, client):  # type: ignore[no-untyped-def]
    await walk_in(kiosk, ugd)
    second = await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await press(app, "L")
        await press(app, "2")  # the second in the waiting list
        assert app.exists(text=f"Jalur untuk {second} (sekarang Reguler):")
        await press(app, "ESCAPE")
        assert not app.exists(identifier="lane-lansia")
        await press(app, "L")
        await press(app, "2")
        await press(app, "1")  # Lansia
        await notice(app, f"{second} sekarang di jalur Prioritas (Lansia).")
        await app.wait_for(lambda: shown(app, "waiting-list").startswith(f"{second} · Prioritas"))
        await press(app, "C")
        await notice(app, f"{second} dipanggil ke Ruang 1.")
    lanes = {t.display_number: t.lane for t in await service_tickets(client, ugd)}
    assert lanes[second] is Lane.priority


async def test_a_break_stops_calls_here_until_the_counter_resumes(app_main, kiosk, ugd, client):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await press(app, "P")
        await notice(app, "Ruang 1 istirahat: tidak ada nomor yang dipanggil ke sini sampai Anda tekan "
                          "Lanjut (P).")
        assert shown(app, "desk-paused") == (
            "Ruang 1 sedang istirahat. Tekan Lanjut melayani (P) untuk memanggil lagi.")
        assert app.find(identifier="action-call-number").content.disabled
        await press(app, "C")
        await notice(app, "Loket sedang istirahat. Tekan Lanjut melayani (P) untuk memanggil lagi.")
        assert "Belum ada nomor" in shown(app, "current-number")
        await press(app, "P")
        await notice(app, "Ruang 1 melayani lagi.")
        assert not app.exists(identifier="desk-paused")
        await press(app, "C")
        await notice(app, f"{first} dipanggil ke Ruang 1.")
    assert (await client.queues.state(ugd)).paused_counters == []


async def test_the_number_dialog_lists_who_can_be_called_with_a_tap(app_main, kiosk, ugd):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    second = await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await skip_first(app, first)
        await app.click(identifier="action-call-number")
        assert app.exists(ft.TextField, label="Nomor antrean")
        tickets = [c for c in app.texts() if c.startswith((first, second))]
        assert f"{second} · Reguler · Menunggu" in tickets and f"{first} · Reguler · Tidak hadir" in tickets
        await app.click(text=f"{first} · Reguler · Tidak hadir")
        await notice(app, f"{first} dipanggil ke Ruang 1.")


async def test_the_number_dialog_says_where_a_returned_ticket_stands(app_main, kiosk, ugd):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await skip_first(app, first)
        await press(app, "Q")
        await press(app, "1")
        await notice(app, f"{first} kembali ke antrean: dipanggil setelah dua panggilan berikutnya.")
        await app.wait_for(lambda: not app.exists(identifier="skipped-list"))
        await app.click(identifier="action-call-number")
        assert f"{first} · Reguler · kembali · dipanggil setelah 2 panggilan" in app.texts()
        assert f"{first} · Reguler · Menunggu" not in app.texts()


async def test_n_with_a_patient_still_at_the_counter_says_to_finish_first(app_main, kiosk, ugd):  # type: ignore[no-untyped-def]
    first = await walk_in(kiosk, ugd)
    await walk_in(kiosk, ugd)
    async with run_app(app_main, route="/staff") as app:
        await open_desk(app)
        await press(app, "C")
        await notice(app, f"{first} dipanggil ke Ruang 1.")
        await press(app, "N")
        await notice(app, f"Selesaikan, lewati, atau pindahkan {first} dulu sebelum memanggil nomor "
                          "berikutnya.")
        assert not app.exists(identifier="call-number-field")
