"""Administrasi (`/admin`) in Chromium at 1366×768 against a real server with the demo
accounts (real clock): Dinkes creates an admin for Puskesmas Sulang and reads the
one-time password once; that admin signs in with it, must choose a new password, sees
the accounts of Sulang only, and then runs the puskesmas: enrols a kiosk (its key shown
once), lowers Monday's JKN quota of Poli Umum from next week, marks the doctor absent
on a day a patient booked (whose ticket then says why), and revokes the kiosk, whose
key then gets 401."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from api_client import Unauthorized, new_idempotency_key
from api_client.models import PatientIn, Payer, PrinterState
from tests.api.helpers import nik_for
from tests.browser.conftest import Api, by_id, screenshot, type_into
from tests.browser.test_closures_browser import next_open_day
from tests.browser.test_feedback_browser import choose
from tests.browser.test_staff_browser import sign_in

DESK = {"width": 1366, "height": 768}
SULANG = "pkm-sulang"
NEW_PASSWORD = "kopi-sulang-pagi-42"  # noqa: S105 - a test password


def rows(page) -> str:  # type: ignore[no-untyped-def]
    """What the account rows on screen say, read at once: their text and their labels
    (Flutter puts a card's texts in its label)."""
    return page.evaluate("""() => [...document.querySelectorAll('[flt-semantics-identifier^="account-row-"]')]
        .flatMap(row => [row, ...row.querySelectorAll("[aria-label]")])
        .map(n => (n.getAttribute("aria-label") || "") + " " + n.innerText).join(" ")""")


def wait_for_row(page, username: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(60):
        if username in rows(page):
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"{username} is not in the list: {rows(page)!r}")


def shown_secret(page, identifier: str) -> str:  # type: ignore[no-untyped-def]
    """Read as a screen reader would: selectable text has no text of its own in the tree."""
    node = by_id(page, identifier)
    return (node.get_attribute("aria-label") or node.locator("[aria-label]").first.get_attribute("aria-label")
            or "").strip()


def open_section(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """Pick a section in the rail by its name."""
    by_id(page, "admin-sections").get_by_role("button").filter(has_text=label).click(timeout=10_000)


def pick_date(page, opener: str, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Open the date picker behind `opener` and tap `day` (a month on, when it is in the next)."""
    by_id(page, opener).click()
    cell = page.get_by_role("button", name=re.compile(rf"^{day.day}, .*{day.year}"))
    for _month in range(2):
        try:
            cell.first.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - not this month: the next one
            page.get_by_role("button", name="Bulan berikutnya").click()
    cell.first.click()
    page.get_by_role("button", name="OKE", exact=True).click()


def typed_until_enabled(page, field: str, value: str, button: str) -> None:  # type: ignore[no-untyped-def]
    """Type into a field just shown until the service has it (its button comes on): in
    about one run in three the first keys reached the box but not the service, whose
    next render emptied the field again."""
    enabled = by_id(page, button).get_by_role("button")
    for _attempt in range(3):
        type_into(page, field, value)
        try:
            expect(enabled).to_be_enabled(timeout=5_000)
            return
        except AssertionError:
            continue
    expect(enabled).to_be_enabled()


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


def book_jkn(api: Api, service_id: int, day: dt.date) -> str:
    serial, born = 8000 + secrets.randbelow(1000), dt.date(1984, 2, 11)
    booked = api(api.client().bookings.create(
        service_id=service_id, service_date=day, payer=Payer.jkn, consent_version="2026-11",
        patient=PatientIn(name="Sri Wahyuni", nik=nik_for(serial, birth=born), phone="0813-2222-3333",
                          birth_date=born, bpjs_number=f"{serial:013d}"),
        idempotency_key=new_idempotency_key(),
    ))
    return str(booked.booking_code)


def test_dinkes_creates_an_admin_for_sulang_who_then_runs_sulang(new_page, api):  # type: ignore[no-untyped-def]
    username = f"kepala.sulang-{secrets.token_hex(2)}"  # a retry after a hang makes another
    dinkes = new_page("/admin", viewport=DESK)
    sign_in(dinkes, "dinkes")
    wait_for_row(dinkes, "admin.pkm-bulu")
    by_id(dinkes, "account-new").click()
    by_id(dinkes, "account-username").wait_for(timeout=10_000)
    type_into(dinkes, "account-username", username)
    choose(dinkes, "account-role", "Admin faskes")
    choose(dinkes, "account-facility", "Puskesmas Sulang", typed="Sulang")
    screenshot(dinkes, "admin-accounts-new-1366")
    by_id(dinkes, "account-create").click()
    by_id(dinkes, "one-time-password").wait_for(timeout=20_000)
    one_time = shown_secret(dinkes, "one-time-password")
    assert len(one_time) == 16, one_time
    screenshot(dinkes, "admin-accounts-one-time-password-1366")
    by_id(dinkes, "one-time-password-done").click()
    expect(by_id(dinkes, "one-time-password")).to_have_count(0, timeout=10_000)
    assert one_time not in dinkes.locator("flt-semantics-host").inner_text()  # shown once only

    admin = new_page("/admin", viewport=DESK)
    sign_in(admin, username, one_time)
    by_id(admin, "staff-new-password").wait_for(timeout=20_000)  # one time: a new one first
    type_into(admin, "staff-new-password", NEW_PASSWORD)
    type_into(admin, "staff-repeat-password", NEW_PASSWORD)
    by_id(admin, "sign-in").click()
    wait_for_row(admin, "admin.pkm-sulang")
    names = rows(admin)  # the rows on screen: the admins of Sulang come first
    assert username in names and "Puskesmas Sulang" in names
    assert "Bulu" not in names and "Dinkes" not in names, names
    assert by_id(admin, "accounts-facility").count() == 0  # no other facility to pick
    screenshot(admin, "admin-accounts-sulang-1366")
    runs_sulang(new_page, admin, api, username)


def runs_sulang(new_page, admin, api: Api, username: str) -> None:  # type: ignore[no-untyped-def]
    """What the new admin of Sulang does on their first morning."""
    staff = api.client()
    api(staff.staff.login(username, NEW_PASSWORD))
    umum = next(s for s in api(staff.facilities.get(SULANG)).services if s.code == "poli-umum")

    # A kiosk for the lobby: its key is shown once, and it works.
    open_section(admin, "Kiosk")
    kiosk_name = f"Kiosk lobi {secrets.token_hex(2)}"  # a retry after a hang enrols another
    typed_until_enabled(admin, "kiosk-enrol-name", kiosk_name, "kiosk-enrol")
    by_id(admin, "kiosk-enrol").click()
    by_id(admin, "kiosk-new-key-text").wait_for(timeout=20_000)
    key = shown_secret(admin, "kiosk-new-key-text")
    assert len(key) >= 32, key
    screenshot(admin, "admin-kiosks-new-key-1366")
    by_id(admin, "kiosk-new-key-done").click()
    expect(by_id(admin, "kiosk-new-key-text")).to_have_count(0, timeout=10_000)
    kiosk = api.client(kiosk_key=key)
    api(kiosk.kiosks.report_status(printer=PrinterState.ok))  # the kiosk's key lets it in
    device = next(d for d in api(staff.kiosks.list()) if d.name == kiosk_name)
    by_id(admin, "kiosks-reload").click()
    expect(by_id(admin, "kiosk-list")).to_contain_text("Siap", timeout=10_000)  # its printer, as reported

    # Monday's JKN quota of Poli Umum, lower from next week on.
    monday = next_monday(api(staff.facilities.availability(umum.id)).days[0].service_date)
    open_section(admin, "Direktori faskes")
    by_id(admin, f"service-edit-{umum.id}").click(timeout=20_000)
    pick_date(admin, "form-effective-from", monday)
    type_into(admin, "quota-quota_jkn-0", "25")
    screenshot(admin, "admin-directory-quota-1366")
    by_id(admin, "form-save").click()
    starts = format_date(monday, "full", locale="id")
    expect(by_id(admin, f"service-row-{umum.id}").get_by_role("group").first).to_have_accessible_name(
        re.compile(f"Mulai {starts}: [^.]*\\. Kuota JKN: Sen 25, Sel 40, Rab 40, Kam 40, Jum 40, "
                   "Sab 40, Min 40;"),
        timeout=20_000)  # Monday's alone
    versions = next(s for s in api(staff.directory_admin.get(SULANG)).services if s.id == umum.id).settings
    assert [(v.effective_from, v.quota_jkn[0]) for v in versions][-1] == (monday, 25)

    # A patient books; the doctor is away that day; the patient's ticket says why.
    day = next_open_day(api, umum.id)
    code = book_jkn(api, umum.id, day)
    open_section(admin, "Dokter")
    doctor = next(d for d in api(staff.doctors.managed(SULANG)) if d.service_id == umum.id and d.active)
    by_id(admin, f"doctor-absent-{doctor.id}").click(timeout=20_000)
    choose(admin, "absence-day", format_date(day, "full", locale="id"))
    type_into(admin, "absence-reason", "Dokter cuti tahunan")
    screenshot(admin, "admin-doctors-absence-1366")
    by_id(admin, "absence-save").click()
    # The only doctor of Poli Umum: the poli closes that day and the booking is cancelled.
    expect(by_id(admin, "doctors-notice")).to_contain_text(
        re.compile(r"layanan ditutup, \d+ booking dibatalkan"), timeout=20_000)
    ticket = new_page(f"/tiket/{code}")
    expect(by_id(ticket, "closed-day")).to_contain_text(
        "Poli Umum tutup pada tanggal ini: Dokter cuti tahunan", timeout=30_000)  # the poli, not the faskes
    screenshot(ticket, "admin-absence-ticket-1366")

    # The kiosk is revoked: its key stops at once.
    admin.bring_to_front()
    open_section(admin, "Kiosk")
    by_id(admin, f"kiosk-revoke-{device.device_id}").click(timeout=20_000)
    by_id(admin, f"kiosk-revoke-confirm-{device.device_id}").click()
    expect(by_id(admin, "kiosks-notice")).to_contain_text(kiosk_name, timeout=20_000)
    screenshot(admin, "admin-kiosks-revoked-1366")
    with pytest.raises(Unauthorized):
        api(kiosk.kiosks.report_status(printer=PrinterState.ok))


def test_on_a_phone_the_admin_picks_the_section_from_a_dropdown(new_page):  # type: ignore[no-untyped-def]
    page = new_page("/admin", viewport={"width": 360, "height": 740})
    sign_in(page, "admin.pkm-sulang")
    wait_for_row(page, "admin.pkm-sulang")
    assert by_id(page, "admin-sections").count() == 1  # the dropdown (a rail needs a wider screen)
    screenshot(page, "admin-accounts-phone-360")


@pytest.mark.parametrize("language", ["jv", "en"])
def test_dinkes_on_a_phone_at_the_largest_text_reaches_the_regency_announcements(  # type: ignore[no-untyped-def]
    new_page, web_server, language,
):
    from tests.browser.test_staff_browser import storage

    label = {"jv": "Wara-wara kabupaten", "en": "Regency announcements"}[language]
    page = new_page("/admin", viewport={"width": 360, "height": 740},
                    storage_state=storage(web_server, language=language, text_scale=1.5))
    sign_in(page, "dinkes")
    by_id(page, "admin-sections").wait_for(timeout=20_000)
    choose(page, "admin-sections", label)
    by_id(page, "regional-new").wait_for(timeout=20_000)
    screenshot(page, f"admin-regional-phone-360-{language}-1.5")
    by_id(page, "regional-new").click()
    by_id(page, "regional-title").wait_for(timeout=20_000)
    screenshot(page, f"admin-regional-draft-phone-360-{language}-1.5")
