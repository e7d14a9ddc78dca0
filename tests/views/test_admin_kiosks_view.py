"""The admin face's kiosk section, mounted on its own: an admin enrols a kiosk and
reads its key once (with the QR of the kiosk PC's key file), renames it, revokes it;
the list shows when each kiosk was last seen and its printer as it reported it.
In-process against the real service (Monday 30 November 2026, 08:00 WIB)."""

from __future__ import annotations

import flet as ft
import pytest

from api_client import Unauthorized
from api_client.models import PrinterState
from tests.views.admin_sections import section_main, signed_in
from tests.views.harness import run_app
from tests.views.test_staff_console import shown
from views.admin.kiosks import KioskSection

pytestmark = pytest.mark.anyio
SUMBER = "pkm-sumber"


async def test_an_admin_enrols_a_kiosk_and_sees_its_key_only_once(make_client):  # type: ignore[no-untyped-def]
    client, me = await signed_in(make_client, f"admin.{SUMBER}")
    async with run_app(section_main(KioskSection, client, me), width=1366, height=768) as app:
        await app.wait_for(lambda: app.exists(identifier="kiosk-list"))
        assert "Kiosk lobi" in shown(app, "kiosk-list")  # the demo kiosk
        await app.wait_for(lambda: "Puskesmas Sumber" in shown(app, "kiosks-facility"))
        await app.fill(app.find(ft.TextField, label="Nama kiosk baru"), "Kiosk KIA")
        await app.click(identifier="kiosk-enrol")
        await app.wait_for(lambda: app.exists(identifier="kiosk-new-key"))
        key, *said = shown(app, "kiosk-new-key-text").split()  # shown, and said to a screen reader
        assert said == [key]
        assert app.exists(identifier="kiosk-key-qr")
        assert "hanya ditampilkan sekali" in shown(app, "kiosk-new-key")
        await app.wait_for(lambda: "Kiosk KIA" in shown(app, "kiosk-list"))
        kiosk = make_client(kiosk_key=key)
        assert (await kiosk.staff.me()).facility_id == SUMBER  # the key shown works
        await app.click(identifier="kiosk-new-key-done")
        assert not app.exists(identifier="kiosk-new-key")
        assert key not in " ".join(app.texts())  # and is gone for good


async def test_an_admin_renames_then_revokes_a_kiosk_whose_key_then_stops(make_client):  # type: ignore[no-untyped-def]
    client, me = await signed_in(make_client, f"admin.{SUMBER}")
    enrolment = await client.kiosks.enrol(SUMBER, name="Kiosk baru")
    kiosk = make_client(kiosk_key=enrolment.key)
    await kiosk.kiosks.report_status(printer=PrinterState.paper_out)
    device_id = enrolment.device.device_id
    async with run_app(section_main(KioskSection, client, me), width=1366, height=768) as app:
        await app.wait_for(lambda: app.exists(identifier=f"kiosk-rename-{device_id}"))
        listed = shown(app, "kiosk-list")
        assert "Kertas habis" in listed and "30 Nov 2026, 08.00" in listed  # printer, last seen
        await app.click(identifier=f"kiosk-rename-{device_id}")
        await app.fill(app.find(ft.TextField, label="Nama kiosk"), "Kiosk lobi (demo)")  # the demo's
        await app.click(identifier=f"kiosk-rename-save-{device_id}")
        await app.wait_for(lambda: app.find(ft.TextField, label="Nama kiosk").error)
        assert app.find(ft.TextField, label="Nama kiosk").error == (
            "Sudah ada kiosk aktif bernama “Kiosk lobi (demo)” di faskes ini. Pilih nama lain.")
        await app.fill(app.find(ft.TextField, label="Nama kiosk"), "Kiosk Gigi")
        await app.click(identifier=f"kiosk-rename-save-{device_id}")
        await app.wait_for(lambda: app.exists(identifier="kiosks-notice"))
        assert shown(app, "kiosks-notice") == "Nama kiosk diganti menjadi “Kiosk Gigi”."
        await app.wait_for(lambda: "Kiosk Gigi" in shown(app, "kiosk-list"))

        await app.click(identifier=f"kiosk-revoke-{device_id}")
        await app.click(identifier=f"kiosk-revoke-confirm-{device_id}")
        await app.wait_for(lambda: "dicabut" in shown(app, "kiosks-notice"))
        assert shown(app, "kiosks-notice") == "Kiosk “Kiosk Gigi” dicabut: kuncinya tidak berlaku lagi."
        await app.wait_for(lambda: not app.exists(identifier=f"kiosk-revoke-{device_id}"))
        assert "Dicabut" in shown(app, "kiosk-list")
    with pytest.raises(Unauthorized):
        await kiosk.staff.me()


async def test_dinkes_sees_every_facility_and_picks_one_to_enrol(make_client):  # type: ignore[no-untyped-def]
    client, me = await signed_in(make_client, "dinkes")
    async with run_app(section_main(KioskSection, client, me), width=1366, height=768) as app:
        # The list may come before the directory's names (a row shows the facility's
        # id until then): every facility's kiosks are listed, by name, once both are in.
        await app.wait_for(lambda: all(
            name in shown(app, "kiosk-list") for name in ("Puskesmas Lasem", "Puskesmas Sumber")))
        assert app.exists(identifier="kiosk-enrol-pick")  # every facility: pick one first
        await app.wait_for(lambda: app.exists(ft.Dropdown, label="Faskes"))
        picker = app.find(ft.Dropdown, label="Faskes")
        await app.trigger(picker, "select", "pkm-sulang", props={"value": "pkm-sulang"})
        await app.wait_for(lambda: app.exists(identifier="kiosk-enrol"))
        await app.wait_for(lambda: "Puskesmas Lasem" not in shown(app, "kiosk-list"))
        await app.fill(app.find(ft.TextField, label="Nama kiosk baru"), "Kiosk lobi Sulang")
        await app.click(identifier="kiosk-enrol")
        await app.wait_for(lambda: app.exists(identifier="kiosk-new-key"))
    assert "Kiosk lobi Sulang" in [d.name for d in await client.kiosks.list(facility_id="pkm-sulang")]


async def test_an_expired_sign_in_is_handed_to_the_face(make_client):  # type: ignore[no-untyped-def]
    client, me = await signed_in(make_client, f"admin.{SUMBER}")
    await client.staff.logout()
    told: list[str] = []
    main = section_main(KioskSection, client, me, expired=lambda: told.append("expired"))
    async with run_app(main) as app:
        await app.wait_for(lambda: told)
    assert told == ["expired"]


async def test_the_kiosk_reports_a_dead_printer_and_the_admin_list_shows_it(  # type: ignore[no-untyped-def]
    app, make_client, monkeypatch, clock, tmp_path
):
    import asyncio
    import socket

    from tests.kiosk.view_support import PORTRAIT, kiosk_main, walk_in_to_identity
    from views.kiosk import clock as kiosk_clock

    monkeypatch.setattr(kiosk_clock, "now", lambda: clock.now)
    admin, _ = await signed_in(make_client, f"admin.{SUMBER}")

    async def demo_kiosk_printer() -> PrinterState | None:
        return next(d for d in await admin.kiosks.list() if d.name == "Kiosk lobi (demo)").printer

    async def reported(state: PrinterState) -> bool:
        """The kiosk reports in the background: wait (while it runs) until the list says so."""
        for _ in range(200):
            if await demo_kiosk_printer() is state:
                return True
            await asyncio.sleep(0.02)
        return False

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    async with run_app(kiosk_main(app, printer=f"network:127.0.0.1:{closed}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="mtbs", lane="balita")
        await kiosk.click(identifier="nik-skip")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-failed"), timeout=10)
        assert await reported(PrinterState.offline)
    async with run_app(kiosk_main(app, printer=f"file:{tmp_path / 'lp0'}"), **PORTRAIT) as kiosk:
        await walk_in_to_identity(kiosk, service="mtbs", lane="balita")
        await kiosk.click(identifier="nik-skip")
        await kiosk.wait_for(lambda: kiosk.exists(identifier="print-printed"))
        assert await reported(PrinterState.ok)
