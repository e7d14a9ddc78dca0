"""Ambil Nomor Antrean in Chromium at phone size, walked as a new user would: tap a
day, tap who pays, type the patient's details, agree, take the number.

The server runs on the real clock, so the day is the first one that still has
room (a Sunday or a holiday is closed). Screens are saved in light and dark theme.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest

from api_client import new_idempotency_key
from session.i18n import Translator, error_message
from tests.api.helpers import nik_for
from tests.browser.conftest import by_id, screenshot, type_into

FACILITY = "pkm-lasem"
STEPS = ["tanggal", "bayar", "pasien", "persetujuan", "periksa"]
# A rerun (after a hung browser) gets a new patient: the first try may have booked already.
SERIALS = iter(range(5100, 5200))  # the patients who book in these tests
OTHERS = iter(range(5200, 5400))  # the other patients who take the places (take_places)


def poli_umum(web_server) -> int:  # type: ignore[no-untyped-def]
    detail = httpx.get(f"{web_server.api_url}/facilities/{FACILITY}").json()
    return next(s["id"] for s in detail["services"] if s["code"] == "poli-umum")


def first_free_day(web_server, sid: int) -> str:  # type: ignore[no-untyped-def]
    days = httpx.get(f"{web_server.api_url}/services/{sid}/availability").json()["days"]
    return next(d["service_date"] for d in days if d["open"] and d["left_jkn"] > 0)


def issued(web_server, sid: int, day: str) -> int:  # type: ignore[no-untyped-def]
    return httpx.get(f"{web_server.api_url}/services/{sid}/queue", params={"date": day}).json()["total"]


def saved_preferences(web_server, **prefs: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A browser profile where the app already saved these preferences: Flutter keeps
    `lsr.preferences` in localStorage as `flutter.lsr.preferences`, JSON-encoded twice."""
    value = json.dumps(json.dumps(prefs))
    return {"cookies": [], "origins": [{
        "origin": web_server.url, "localStorage": [{"name": "flutter.lsr.preferences", "value": value}],
    }]}

def expect_step(page, t: Translator, step: int) -> None:  # type: ignore[no-untyped-def]
    text = t.gettext("Langkah {step} dari {total}").format(step=step, total=5)
    by_id(page, "booking-step").get_by_text(text).wait_for(timeout=10_000)


def fill_patient(page, *, nik: str, bpjs: str, phone: str = "0812 3456 7890") -> None:  # type: ignore[no-untyped-def]
    type_into(page, "patient-name", "Siti Aminah")
    type_into(page, "patient-nik", nik)
    type_into(page, "patient-phone", phone)
    type_into(page, "patient-birth-day", "5")
    type_into(page, "patient-birth-month", "6")
    type_into(page, "patient-birth-year", "1990")
    type_into(page, "patient-bpjs-number", bpjs)


def book_a_number(page, web_server, t: Translator, *, serial: int, shots: str) -> str:  # type: ignore[no-untyped-def]
    """Walk the five steps; returns the booking code from the ticket's address."""
    sid = poli_umum(web_server)
    day = first_free_day(web_server, sid)
    by_id(page, f"day-{day}").wait_for(timeout=20_000)
    expect_step(page, t, 1)
    page.wait_for_timeout(1500)  # the first frame is drawn well after the semantics tree
    screenshot(page, f"{shots}-1-{STEPS[0]}")
    by_id(page, f"day-{day}").click()
    expect_step(page, t, 2)
    screenshot(page, f"{shots}-2-{STEPS[1]}")
    by_id(page, "payer-jkn").click()
    expect_step(page, t, 3)
    fill_patient(page, nik=nik_for(serial), bpjs=f"{serial:013d}")
    screenshot(page, f"{shots}-3-{STEPS[2]}")
    by_id(page, "patient-next").click()
    expect_step(page, t, 4)
    screenshot(page, f"{shots}-4-{STEPS[3]}")
    by_id(page, "consent-check").click()
    by_id(page, "consent-next").click()
    expect_step(page, t, 5)
    page.get_by_text(f"3317********{serial:04d}").wait_for()
    screenshot(page, f"{shots}-5-{STEPS[4]}")
    before = issued(web_server, sid, day)
    by_id(page, "booking-confirm").click()
    page.wait_for_url(re.compile(r".*/tiket/[A-Z0-9]+$"), timeout=15_000)
    assert issued(web_server, sid, day) == before + 1
    return page.url.rsplit("/", 1)[1]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_new_user_books_a_number_in_bahasa_indonesia(new_page, web_server, theme):  # type: ignore[no-untyped-def]
    serial = next(SERIALS)
    page = new_page(f"/faskes/{FACILITY}/pesan/{poli_umum(web_server)}",
                    storage_state=saved_preferences(web_server, dark=theme == "dark"))
    code = book_a_number(page, web_server, Translator("id"), serial=serial, shots=f"booking-id-{theme}")
    booking = httpx.get(f"{web_server.api_url}/bookings/{code}").json()
    assert booking["facility_id"] == FACILITY and booking["payer"] == "jkn"
    assert booking["channel"] == "web"  # booked in a browser: the dashboard counts it as web
    stored = json.loads(json.loads(page.evaluate("localStorage.getItem('flutter.lsr.wallet')")))
    assert [t["booking_code"] for t in stored["tickets"]] == [code]


def test_a_new_user_books_a_number_in_basa_jawa(new_page, web_server):  # type: ignore[no-untyped-def]
    jv = Translator("jv")
    page = new_page(f"/faskes/{FACILITY}/pesan/{poli_umum(web_server)}", locale="jv-ID")
    by_id(page, "booking-step").wait_for(timeout=20_000)
    page.get_by_text(jv.gettext("Pilih tanggal berobat")).wait_for()
    book_a_number(page, web_server, jv, serial=next(SERIALS), shots="booking-jv-light")


def test_a_bad_nik_is_explained_in_plain_words_and_books_nothing(new_page, web_server):  # type: ignore[no-untyped-def]
    sid = poli_umum(web_server)
    day = first_free_day(web_server, sid)
    before = issued(web_server, sid, day)
    page = new_page(f"/faskes/{FACILITY}/pesan/{sid}")
    by_id(page, f"day-{day}").click(timeout=20_000)
    by_id(page, "payer-non_jkn").click()
    type_into(page, "patient-name", "Siti Aminah")
    type_into(page, "patient-nik", nik_for(504)[:15])
    type_into(page, "patient-phone", "0812 3456 7890")  # leaving the NIK field checks it
    message = error_message(Translator("id"), "nik_length", {"length": 15})
    page.get_by_text(message).wait_for(timeout=10_000)
    screenshot(page, "booking-id-light-3-nik-salah")
    by_id(page, "patient-next").click()
    page.wait_for_timeout(500)
    expect_step(page, Translator("id"), 3)
    assert issued(web_server, sid, day) == before


def test_a_bad_nik_is_explained_in_basa_jawa(new_page, web_server):  # type: ignore[no-untyped-def]
    sid = poli_umum(web_server)
    page = new_page(f"/faskes/{FACILITY}/pesan/{sid}", locale="jv-ID",
                    storage_state=saved_preferences(web_server, dark=True))
    by_id(page, f"day-{first_free_day(web_server, sid)}").click(timeout=20_000)
    by_id(page, "payer-jkn").click()
    type_into(page, "patient-nik", "12345")
    type_into(page, "patient-phone", "0812")
    page.get_by_text(error_message(Translator("jv"), "nik_length", {"length": 5})).wait_for(timeout=10_000)
    screenshot(page, "booking-jv-dark-3-nik-salah")


def take_places(web_server, sid: int, day: str, payer: str, count: int, serials: Iterator[int]) -> None:  # type: ignore[no-untyped-def]
    """Other patients (the next `count` of `serials`) book `count` places through the API,
    each with a fresh idempotency key (a rerun's would otherwise replay the first try's)."""
    for serial in (next(serials) for _ in range(count)):
        body = {
            "service_id": sid, "service_date": day, "payer": payer, "consent_version": "2026-11",
            "patient": {"name": "Pasien Lain", "nik": nik_for(serial), "phone": "081234567890",
                        "birth_date": "1990-06-05", "bpjs_number": f"{serial:013d}"},
        }
        response = httpx.post(f"{web_server.api_url}/bookings", json=body,
                              headers={"Idempotency-Key": new_idempotency_key()})
        assert response.status_code in (200, 201), response.text


def test_a_quota_taken_meanwhile_offers_the_next_free_days(new_page, web_server):  # type: ignore[no-untyped-def]
    detail = httpx.get(f"{web_server.api_url}/facilities/{FACILITY}").json()
    sid = next(s["id"] for s in detail["services"] if s["code"] == "poli-gigi")
    day = first_free_day(web_server, sid)
    page = new_page(f"/faskes/{FACILITY}/pesan/{sid}")
    by_id(page, f"day-{day}").click(timeout=20_000)
    by_id(page, "payer-jkn").click()
    serial = next(SERIALS)  # a rerun: the first try's patient may hold the other day already
    fill_patient(page, nik=nik_for(serial), bpjs=f"{serial:013d}")
    by_id(page, "patient-next").click()
    by_id(page, "consent-check").click()
    by_id(page, "consent-next").click()
    by_id(page, "booking-confirm").wait_for()
    days = httpx.get(f"{web_server.api_url}/services/{sid}/availability").json()["days"]
    left = next(d["left_jkn"] for d in days if d["service_date"] == day)
    take_places(web_server, sid, day, "jkn", left, OTHERS)
    by_id(page, "booking-confirm").click()
    by_id(page, "booking-error").get_by_text(error_message(Translator("id"), "quota_full")).wait_for(
        timeout=15_000
    )
    screenshot(page, "booking-id-light-5-kuota-penuh")
    other = page.locator('[flt-semantics-identifier^="next-date-"]').first
    other_day = other.get_attribute("flt-semantics-identifier").removeprefix("next-date-")
    other.click()
    expect_step(page, Translator("id"), 2)
    by_id(page, "payer-jkn").click()
    by_id(page, "patient-next").click()
    by_id(page, "consent-next").click()
    before = issued(web_server, sid, other_day)
    by_id(page, "booking-confirm").click()
    page.wait_for_url(re.compile(r".*/tiket/[A-Z0-9]+$"), timeout=15_000)
    assert issued(web_server, sid, other_day) == before + 1
