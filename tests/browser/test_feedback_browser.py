"""Complaints and the satisfaction survey in Chromium against the real server (real
clock; the UGD of Puskesmas Lasem is open day and night, so a visit can be done at
any hour). A complaint goes from the form to "selesai" with a reply written in the
staff console; the person with the code sees it, a wrong code sees nothing. The
survey is given after a done visit. Screenshots: phone size in id, jv and en; the
staff part at desk size.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from api_client import new_idempotency_key
from api_client.models import ComplaintCategory
from tests.browser.conftest import by_id, type_into
from tests.browser.test_staff_browser import DESK, Api, Lasem, screenshot, sign_in

TEXT = "Petugas loket membentak ibu saya yang sudah lansia karena salah antre."
# A rerun (after a hung browser) gets a text of its own: the first try's complaint is
# still on the console's list.
TEXTS = (TEXT if n == 0 else f"{TEXT} ({n + 1})" for n in itertools.count())
REPLY = "Mohon maaf. Petugas sudah kami tegur dan loket prioritas kami tambah."


@pytest.fixture
def api(web_server) -> Iterator[Api]:  # type: ignore[no-untyped-def]
    service = Api(web_server.api_url, days_ahead=web_server.days_ahead)
    yield service
    service.close()



def choose(page, identifier: str, option: str, *, typed: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Open a dropdown (typing `typed` to filter it first) and pick `option`."""
    field = by_id(page, identifier)
    if typed is None:
        field.click()
    else:
        field.locator("input").click()
        field.locator("input").fill(typed)
    page.get_by_role("button", name=option, exact=True).last.click(timeout=10_000)
    page.wait_for_timeout(500)


def test_a_complaint_from_the_form_to_selesai_with_a_reply_seen_only_with_its_code(new_page, api):  # type: ignore[no-untyped-def]
    text = next(TEXTS)
    citizen = new_page("/")
    by_id(citizen, "action-complaint").click(timeout=30_000)
    by_id(citizen, "complaint-facility").wait_for(timeout=20_000)
    citizen.wait_for_timeout(1_000)  # the facility list arrives
    choose(citizen, "complaint-facility", "Puskesmas Sluke", typed="Sluke")
    choose(citizen, "complaint-category", "Sikap petugas")
    type_into(citizen, "complaint-text", text)
    screenshot(citizen, "complaint-form-phone-id")
    by_id(citizen, "complaint-send").click()
    by_id(citizen, "complaint-code").wait_for(timeout=20_000)
    grouped = by_id(citizen, "complaint-code").inner_text().strip()
    assert len(grouped) == 15 and grouped.count("-") == 2
    screenshot(citizen, "complaint-sent-phone-id")
    code = grouped.replace("-", "")
    clerk = api.client()
    api(clerk.staff.login("loket.pkm-sluke", "rembang-demo"))
    ours = next(c.id for c in api(clerk.complaints.list()) if c.tracking_code.replace("-", "") == code)

    console = new_page("/staff", viewport=DESK)
    sign_in(console, "loket.pkm-sluke")
    by_id(console, "staff-part").click(timeout=20_000)
    by_id(console, f"complaint-row-{ours}").click(timeout=20_000)  # not .first: earlier tries' are listed
    by_id(console, "reply-text").wait_for(timeout=20_000)
    assert text in by_id(console, "complaint-text").inner_text()
    type_into(console, "reply-text", REPLY)
    by_id(console, "reply-send").click()
    by_id(console, "mark-done").wait_for(timeout=20_000)
    assert REPLY in by_id(console, "complaint-history").inner_text()
    screenshot(console, "staff-complaints-desk")
    by_id(console, "mark-done").click()
    console.get_by_text("Pengaduan ini sudah selesai.").first.wait_for(timeout=20_000)

    by_id(citizen, "open-complaint").click()
    by_id(citizen, "complaint-history").wait_for(timeout=20_000)
    history = by_id(citizen, "complaint-history").inner_text()
    assert REPLY in history and "loket.pkm-sluke" not in history
    assert "Selesai" in by_id(citizen, "complaint-status").inner_text()
    screenshot(citizen, "complaint-status-phone-id")

    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    stranger = new_page(f"/pengaduan/{wrong}")
    by_id(stranger, "complaint-problem").wait_for(timeout=30_000)
    assert "tidak ditemukan" in by_id(stranger, "complaint-problem").inner_text()
    shown = stranger.locator("flt-semantics").all_inner_texts()
    assert not any(TEXT in s or REPLY in s or "Sluke" in s for s in shown)  # (`text` starts with TEXT)


def test_the_complaint_pages_in_basa_jawa_and_english(new_page, api):  # type: ignore[no-untyped-def]
    sent = api(api.client().complaints.send(
        facility_id="pkm-sedan", category=ComplaintCategory.fasilitas,
        text="Toilet di ruang tunggu tidak ada airnya sejak pagi.", idempotency_key=new_idempotency_key(),
    ))
    jv = new_page("/pengaduan", locale="jv-ID")
    by_id(jv, "complaint-send").wait_for(timeout=30_000)
    screenshot(jv, "complaint-form-phone-jv")
    en = new_page(f"/pengaduan/{sent.tracking_code}", locale="en-US")
    by_id(en, "complaint-history").wait_for(timeout=30_000)
    screenshot(en, "complaint-status-phone-en")


def test_the_survey_after_a_done_visit_is_given_once(new_page, api):  # type: ignore[no-untyped-def]
    lasem = Lasem(api)
    lasem.empty_queue()
    visit = lasem.walk_in()
    called = api(lasem.admin.staff.call_next(lasem.service["ugd"], counter="Ruang 1"))
    assert called is not None and called.display_number == visit.ticket.display_number
    api(lasem.admin.staff.done(called.ticket_id))

    page = new_page(f"/tiket/{visit.booking_code}")
    by_id(page, "give-survey").click(timeout=30_000)
    by_id(page, "survey-persyaratan-4").wait_for(timeout=20_000)
    for element, value in (("persyaratan", 4), ("prosedur", 3), ("waktu", 2), ("biaya", 4),
                           ("produk", 3), ("kompetensi", 4), ("perilaku", 4), ("pengaduan", 3),
                           ("sarana", 2)):
        by_id(page, f"survey-{element}-{value}").click()
        page.wait_for_timeout(150)
    page.wait_for_timeout(500)
    screenshot(page, "survey-phone-id")
    by_id(page, "survey-send").click()
    by_id(page, "survey-thanks").wait_for(timeout=20_000)
    page.get_by_text("Terima kasih atas penilaian Anda").wait_for(timeout=10_000)
    shown = " ".join(page.locator("flt-semantics").all_inner_texts())
    assert visit.booking_code not in shown and visit.ticket.display_number not in shown
    screenshot(page, "survey-thanks-phone-id")
    state = api(api.client().feedback.state(visit.booking_code))
    assert state.given
