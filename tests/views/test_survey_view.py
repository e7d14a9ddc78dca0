"""The satisfaction survey, in-process against the real service at Monday 30 November
2026, 08:00 WIB: reached from a done ticket, nine questions with four answers each,
sent once, thanks without anything personal, and counted in the index."""

from __future__ import annotations

import asyncio

import flet as ft
import pytest
from sqlalchemy import text

from api_client import ApiClient
from api_client.models import Booking, SkmBand, SkmElement
from tests.api.helpers import SUMBER, arrive, book, service_id
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio


async def finished_visit(client: ApiClient, make_client, serial: int = 1) -> Booking:  # type: ignore[no-untyped-def]
    """Booked, checked in, called and done at Poli Umum of Puskesmas Sumber."""
    sid = await service_id(client, code="poli-umum")
    booking = await book(client, sid, serial=serial)
    await arrive(client, booking)
    poli = make_client()
    await poli.staff.login("poli.pkm-sumber", "rembang-demo")
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None
    await poli.staff.done(called.ticket_id)
    return booking


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


async def answer_all(app, value: int = 4) -> None:  # type: ignore[no-untyped-def]
    for element in SkmElement:
        await app.click(identifier=f"survey-{element.value}-{value}")


async def test_a_done_ticket_offers_the_survey_and_the_survey_is_sent_once(app_main, client, make_client):  # type: ignore[no-untyped-def]
    booking = await finished_visit(client, make_client)
    code = booking.booking_code
    async with run_app(app_main, route=f"/tiket/{code}", width=412, height=915) as app:
        await app.wait_for(lambda: app.exists(identifier="give-survey"))
        await app.click(identifier="give-survey")
        await app.wait_for(lambda: app.exists(identifier="survey-persyaratan-1"))
        assert app.route == f"/tiket/{code}/survei"
        assert [v.route for v in app.views][-2:] == [f"/tiket/{code}", f"/tiket/{code}/survei"]
        assert app.exists(text="Apakah petugas sopan dan ramah?".join(["7. ", ""]))
        assert app.exists(text="Sangat sopan dan ramah") and app.exists(text="Gratis")
        send = app.find(identifier="survey-send")
        assert app.find(ft.FilledButton, root=send).disabled  # nothing answered yet
        assert shown(app, "survey-left") == "Masih 9 pertanyaan lagi."
        await answer_all(app, 4)
        await app.click(identifier="survey-biaya-2")  # change of mind: "Cukup mahal"
        assert app.find(identifier="survey-biaya-2").selected
        assert not app.find(identifier="survey-biaya-4").selected
        assert shown(app, "survey-left") == "Semua pertanyaan sudah dijawab."
        await app.fill(app.find(ft.TextField, label="Saran atau komentar (boleh dikosongkan)"),
                       "Ruang tunggu bersih.")
        await app.click(identifier="survey-send")
        await app.wait_for(lambda: app.exists(identifier="survey-thanks"))
        thanks = " ".join(app.texts(root=app.find(identifier="survey-thanks")))
        assert "Terima kasih atas penilaian Anda" in thanks and "Puskesmas Sumber" in thanks
        assert code not in thanks and "Siti" not in thanks and "S***" not in thanks
        await app.navigate(f"/tiket/{code}")  # back on the ticket: the invitation goes
        await app.wait_for(lambda: app.exists(identifier="ticket-number"))
        await app.wait_for(lambda: not app.exists(identifier="give-survey"))
    index = await client.feedback.index(SUMBER)
    assert index.respondents == 1
    by_element = {e.element: e for e in index.elements}
    assert by_element[SkmElement.biaya].mean == 2 and by_element[SkmElement.biaya].band is SkmBand.D
    assert by_element[SkmElement.sarana].index == 100  # (8 × 4 + 2) / 9 × 25 = 94.44
    assert index.index == 94.44 and index.band is SkmBand.A


async def test_two_quick_taps_on_send_give_one_survey(app_main, client, make_client):  # type: ignore[no-untyped-def]
    booking = await finished_visit(client, make_client)
    async with run_app(app_main, route=f"/tiket/{booking.booking_code}/survei") as app:
        await app.wait_for(lambda: app.exists(identifier="survey-sarana-3"))
        await answer_all(app, 3)
        button = app.find(ft.FilledButton, root=app.find(identifier="survey-send"))
        await asyncio.gather(app.trigger(button, "click"), app.trigger(button, "click"))
        await app.wait_for(lambda: app.exists(identifier="survey-thanks"))
        assert not app.exists(identifier="survey-error")
    assert (await client.feedback.index(SUMBER)).respondents == 1


async def test_a_visit_rated_elsewhere_or_not_yet_done_says_so_instead_of_asking(
    app_main, client, make_client
):  # type: ignore[no-untyped-def]
    booking = await finished_visit(client, make_client)
    await client.feedback.give(
        booking.booking_code, scores=dict.fromkeys(SkmElement, 3), idempotency_key="rated-on-phone-1"
    )
    async with run_app(app_main, route=f"/tiket/{booking.booking_code}/survei", locale="jv-ID") as app:
        await app.wait_for(lambda: app.exists(identifier="survey-closed"))
        assert not app.exists(identifier="survey-send")
    sid = await service_id(client, code="poli-umum")
    waiting = await book(client, sid, serial=2)
    async with run_app(app_main, route=f"/tiket/{waiting.booking_code}/survei") as app:
        await app.wait_for(lambda: app.exists(identifier="survey-closed"))
        assert shown(app, "survey-closed") == "Penilaian bisa diberikan setelah pelayanan Anda selesai."
    async with run_app(app_main, route=f"/tiket/{waiting.booking_code}") as app:
        await app.wait_for(lambda: app.exists(identifier="ticket-number"))
        await app.settle()
        assert not app.exists(identifier="give-survey")


async def test_the_part_about_the_respondent_can_be_skipped_or_filled_and_taken_back(
    app_main, app, client, make_client
):  # type: ignore[no-untyped-def]
    skipped = await finished_visit(client, make_client, serial=1)
    async with run_app(app_main, route=f"/tiket/{skipped.booking_code}/survei", width=360) as harness:
        await harness.wait_for(lambda: harness.exists(identifier="survey-profile"))
        assert "Tentang Anda (boleh dilewati)" in shown(harness, "survey-profile")
        await answer_all(harness, 4)
        assert not harness.find(ft.FilledButton, root=harness.find(identifier="survey-send")).disabled
        await harness.click(identifier="survey-send")  # nothing about the respondent: no extra tap
        await harness.wait_for(lambda: harness.exists(identifier="survey-thanks"))
    filled = await finished_visit(client, make_client, serial=2)
    async with run_app(app_main, route=f"/tiket/{filled.booking_code}/survei", width=360) as harness:
        await harness.wait_for(lambda: harness.exists(identifier="survey-profile"))
        await answer_all(harness, 3)
        for choice in ("age_group-51_60", "sex-female", "education-sd", "job-homemaker"):
            await harness.click(identifier=f"survey-{choice}")
        await harness.click(identifier="survey-age_group-over_60")  # a change of mind
        await harness.click(identifier="survey-sex-female")  # taken back: not said after all
        assert harness.find(identifier="survey-age_group-over_60").selected
        assert not harness.find(identifier="survey-age_group-51_60").selected
        assert not harness.find(identifier="survey-sex-female").selected
        assert harness.find(identifier="survey-job-homemaker").selected
        await harness.click(identifier="survey-send")
        await harness.wait_for(lambda: harness.exists(identifier="survey-thanks"))
    with app.state.lsr.db.read() as session:
        stored = [tuple(r) for r in session.execute(
            text("SELECT age_group, sex, education, job FROM survey ORDER BY id"))]
    assert stored == [(None, None, None, None), ("over_60", None, "sd", "homemaker")]
