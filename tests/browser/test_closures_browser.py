"""Closures in Chromium against the real server (real clock), at the console's size
(1366×768): an admin of Puskesmas Pancur changes a published closure and withdraws it,
reading first who is affected; a poli clerk of Puskesmas Kaliori closes Poli Umum
early for today with the key X, and the TV (1920×1080 and 1366×768) is shot after
(a rerun takes Sarang 2, then Kragan 2: the first try may have closed it already).
Facilities no other browser test uses: the server is shared by the whole run."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from api_client import new_idempotency_key
from api_client.models import AnnouncementCreate, AnnouncementKind, PatientIn, Payer
from tests.api.helpers import nik_for
from tests.browser.conftest import Api, by_id, type_into
from tests.browser.test_staff_browser import open_desk, screenshot, sign_in

CONSOLE = {"width": 1366, "height": 768}
TV = {"width": 1920, "height": 1080}
PANCUR = "pkm-pancur"
# A rerun (after a hung browser) gets patients and a facility the first try left alone.
SERIALS = iter(range(7700, 7800))
CLOSING_EARLY = iter(("pkm-kaliori", "pkm-sarang-2", "pkm-kragan-2"))


def next_open_day(api: Api, service_id: int) -> dt.date:
    """The first day after today that still takes bookings."""
    days = api(api.client().facilities.availability(service_id)).days
    return next(d.service_date for d in days[1:] if d.open)


def book(api: Api, service_id: int, day: dt.date, serial: int) -> None:
    api(api.client().bookings.create(
        service_id=service_id, service_date=day, payer=Payer.jkn, consent_version="2026-11",
        patient=PatientIn(name="Siti Aminah", nik=nik_for(serial), phone="0812-3456-7890",
                          birth_date=dt.date(1990, 6, 5), bpjs_number=f"{serial:013d}"),
        idempotency_key=new_idempotency_key(),  # a rerun's would replay the first try's
    ))


def test_an_admin_previews_a_change_and_withdraws_a_closure(new_page, api):  # type: ignore[no-untyped-def]
    admin = api.client()
    api(admin.staff.login(f"admin.{PANCUR}", "rembang-demo"))
    umum = next(s.id for s in api(admin.facilities.get(PANCUR)).services if s.code == "poli-umum")
    day = next_open_day(api, umum)
    for _ in range(3):
        book(api, umum, day, next(SERIALS))
    published = api(admin.staff.publish_announcement(PANCUR, AnnouncementCreate(
        kind=AnnouncementKind.closure, service_id=umum, title="Dokter pelatihan di Semarang",
        body="Poli Umum tutup. Pasien umum dilayani di Puskesmas Rembang 1.",
        valid_from=day, valid_until=day,
    )))
    page = new_page("/staff", viewport=CONSOLE)
    sign_in(page, f"admin.{PANCUR}")
    by_id(page, "staff-announcements").click(timeout=20_000)
    by_id(page, f"announcement-row-{published.id}").wait_for(timeout=20_000)
    screenshot(page, "closures-console-list")

    by_id(page, f"announcement-edit-{published.id}").click()
    type_into(page, "draft-title", "Dokter pelatihan di Semarang (2 hari)")
    by_id(page, "draft-preview").click()
    by_id(page, "draft-impact").wait_for(timeout=20_000)
    screenshot(page, "closures-console-change-preview")
    by_id(page, "draft-cancel").click()

    by_id(page, f"announcement-withdraw-{published.id}").click()
    impact = by_id(page, "withdraw-impact")
    impact.wait_for(timeout=20_000)
    expect(impact).to_contain_text("3 booking yang sudah dibatalkan tetap batal; pasien perlu booking lagi.")
    screenshot(page, "closures-console-withdraw-preview")
    by_id(page, "withdraw-confirm").click()
    by_id(page, f"announcement-withdrawn-{published.id}").wait_for(timeout=20_000)
    expect(by_id(page, "announcements-notice")).to_contain_text("dicabut; booking dibuka lagi.")
    screenshot(page, "closures-console-withdrawn")
    by_id(page, "announcement-new").click()
    by_id(page, "draft-preview").wait_for(timeout=20_000)
    screenshot(page, "closures-console-new")
    assert next(d for d in api(api.client().facilities.availability(umum)).days if d.service_date == day).open


def test_a_clerk_closes_the_queue_early_with_x_and_the_tv_is_shot(new_page, api):  # type: ignore[no-untyped-def]
    facility = next(CLOSING_EARLY)
    kiosk = api.client(kiosk_key=f"demo-kiosk-{facility}")
    umum = next(s.id for s in api(kiosk.facilities.get(facility)).services if s.code == "poli-umum")
    page = new_page("/staff", viewport=CONSOLE)
    open_desk(page, f"poli.{facility}", "poli-umum", "Ruang 1")
    page.keyboard.press("x")
    impact = by_id(page, "close-early-impact")
    expect(impact).to_contain_text("yang sudah check-in tetap dilayani", timeout=20_000)
    type_into(page, "close-early-reason", "Dokter dipanggil ke RSUD")
    screenshot(page, "closures-desk-close-early-dialog")
    by_id(page, "close-early-confirm").click()
    expect(by_id(page, "closed-early")).to_contain_text("Ditutup hari ini: Dokter dipanggil ke RSUD",
                                                        timeout=20_000)
    expect(by_id(page, "desk-notice")).to_contain_text("Antrean Poli Umum ditutup untuk hari ini")
    screenshot(page, "closures-desk-closed-early")
    today = [c for c in api(kiosk.facilities.closures(facility)) if c.service_id == umum]
    assert [c.reason for c in today] == ["Dokter dipanggil ke RSUD"]
    for viewport, name in ((TV, "closures-tv-1920"), (CONSOLE, "closures-tv-1366")):
        tv = new_page(f"/display/{facility}", viewport=viewport)
        tv.wait_for_timeout(4000)
        screenshot(tv, name)
