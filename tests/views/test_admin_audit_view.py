"""The admin face's audit trail section, mounted on its own: an admin reads their own
facility's rows, newest first, with what changed; filters by action and person; pages
through; downloads the same rows as CSV. Dinkes reads every facility's. In-process
against the real service (Monday 30 November 2026, 08:00 WIB)."""

from __future__ import annotations

import csv
import io

import flet as ft
import httpx
import pytest

from tests.support.served import as_served
from tests.views.admin_sections import section_main, signed_in
from tests.views.harness import run_app
from tests.views.test_staff_console import shown
from views.admin.audit import PAGE_SIZE, AuditSection

pytestmark = pytest.mark.anyio
SUMBER, LASEM = "pkm-sumber", "pkm-lasem"


async def test_an_admin_reads_their_facilitys_trail_and_filters_it(make_client):  # type: ignore[no-untyped-def]
    admin, me = await signed_in(make_client, f"admin.{SUMBER}")
    device = (await admin.kiosks.enrol(SUMBER, name="Kiosk Senin")).device
    await admin.kiosks.rename(device.device_id, name="Kiosk Selasa")
    lasem, _ = await signed_in(make_client, f"admin.{LASEM}")
    await lasem.kiosks.enrol(LASEM, name="Kiosk Lasem")
    async with run_app(section_main(AuditSection, admin, me), width=1366, height=768) as app:
        await app.wait_for(lambda: app.exists(identifier="audit-list"))
        listed = shown(app, "audit-list")
        assert "Nama kiosk diganti" in listed and "Nama: Kiosk Senin » Kiosk Selasa" in listed
        assert "Kiosk Lasem" not in listed  # another facility's row
        assert listed.index("Nama kiosk diganti") < listed.index("Kiosk didaftarkan")  # newest first
        assert "kiosk_key.issue" not in listed and "kiosk:" not in listed  # words, not stored codes
        assert f"Kiosk {device.device_id}" in listed and "Admin" in listed
        await app.wait_for(lambda: len(app.find(ft.Dropdown, label="Tindakan").options) > 1)
        picker = app.find(ft.Dropdown, label="Tindakan")
        assert "Kiosk didaftarkan" in [o.text for o in picker.options]
        await app.trigger(picker, "select", "kiosk_key.issue", props={"value": "kiosk_key.issue"})
        await app.wait_for(lambda: app.exists(identifier="audit-list")
                           and "Nama kiosk diganti" not in shown(app, "audit-list"))
        assert "Kiosk didaftarkan" in shown(app, "audit-list")
        await app.fill(app.find(ft.TextField, label="Petugas"), "poli.pkm-sumber")
        await app.click(identifier="audit-apply")
        await app.wait_for(lambda: app.exists(identifier="audit-empty"))
        await app.click(identifier="audit-clear")
        await app.wait_for(lambda: app.exists(identifier="audit-list")
                           and "Nama kiosk diganti" in shown(app, "audit-list"))


async def test_the_csv_button_opens_a_link_to_the_rows_on_screen(make_client, app):  # type: ignore[no-untyped-def]
    admin, me = await signed_in(make_client, f"admin.{SUMBER}")
    await admin.kiosks.enrol(SUMBER, name="Kiosk CSV")
    opened: list[str] = []
    async with run_app(section_main(AuditSection, admin, me), width=1366, height=768) as harness:
        harness.fake_method("UrlLauncher", "launch_url", lambda _c, args: opened.append(args["url"]))
        await harness.wait_for(lambda: harness.exists(identifier="audit-list"))
        await harness.click(identifier="audit-download")
        await harness.wait_for(lambda: bool(opened))
    assert opened[0].startswith("/api/admin/audit.csv?facility_id=pkm-sumber&download=")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(as_served(app)),
                                 base_url="http://lsr.test") as http:
        response = await http.get(opened[0])
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert response.status_code == 200 and {r["facility_id"] for r in rows} == {SUMBER}
    assert "kiosk_key.issue" in {r["action"] for r in rows}


async def test_dinkes_pages_through_every_facilitys_trail(make_client):  # type: ignore[no-untyped-def]
    dinkes, me = await signed_in(make_client, "dinkes")
    for n in range(PAGE_SIZE + 2):
        await dinkes.kiosks.enrol(LASEM if n % 2 else SUMBER, name=f"Kiosk {n}")
    async with run_app(section_main(AuditSection, dinkes, me), width=1366, height=768) as app:
        await app.wait_for(lambda: app.exists(identifier="audit-page"))
        total = (await dinkes.audit.page()).total
        assert shown(app, "audit-page") == f"Baris 1–{PAGE_SIZE} dari {total}"
        listed = shown(app, "audit-list")
        assert "Puskesmas Lasem" in listed and "Puskesmas Sumber" in listed
        await app.click(identifier="audit-next")
        await app.wait_for(lambda: app.exists(identifier="audit-page")
                           and shown(app, "audit-page").startswith(f"Baris {PAGE_SIZE + 1}–"))


async def test_an_expired_sign_in_is_handed_to_the_face(make_client):  # type: ignore[no-untyped-def]
    admin, me = await signed_in(make_client, f"admin.{SUMBER}")
    await admin.staff.logout()
    told: list[str] = []

    async def expired() -> None:  # the face's callback is awaited (views/admin/sections.py)
        told.append("expired")

    async with run_app(section_main(AuditSection, admin, me, expired=expired)) as app:
        await app.wait_for(lambda: told)
    assert told[0] == "expired"
