"""The booking wizard as data, without a page: what a patient would notice as she
goes through the five steps, against the real service in-process (Monday 30 November
2026, 08:00 WIB)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from api_client import ApiClient
from api_client.models import Booking, Channel, Payer
from session.state import SavedProfile
from tests.api.helpers import SUMBER, book, service_id
from tests.support.signal import Signal
from tests.views.test_booking_view import (
    MONDAY,
    SITI,
    TUESDAY,
    DropsFirstBookingAnswer,
    RefusesTheNik,
)
from views.booking.wizard import BookingWizard

pytestmark = pytest.mark.anyio


class Phone:
    """What the screen does with a booking made: here, only remembered."""

    def __init__(self) -> None:
        self.booked: list[tuple[Booking, SavedProfile | None]] = []

    async def keep(self, booking: Booking, profile: SavedProfile | None) -> None:
        self.booked.append((booking, profile))


async def opened(client: ApiClient, sid: int, phone: Phone) -> BookingWizard:
    wizard = BookingWizard(client, facility_id=SUMBER, service_id=sid, channel=Channel.app,
                           on_booked=phone.keep)
    await wizard.load()
    return wizard


def fill_patient(wizard: BookingWizard, **changes: str) -> None:
    for name, value in {**SITI, **changes}.items():
        wizard.change_field(name, value)
        wizard.leave_field("birth_date" if name.startswith("birth_") else name)


def reach_confirm(wizard: BookingWizard, *, payer: Payer = Payer.jkn) -> None:
    wizard.choose_day(MONDAY)
    wizard.choose_payer(payer)
    fill_patient(wizard)
    wizard.patient_next()
    wizard.agree(True)
    wizard.consent_next()
    assert wizard.step == 5


def client_on(transport: httpx.AsyncBaseTransport) -> ApiClient:
    return ApiClient("http://lsr.test/api", transport=transport, retry_attempts=1)


async def test_the_wizard_goes_step_by_step_and_books_at_the_end(client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    phone = Phone()
    wizard = await opened(client, sid, phone)
    assert (wizard.step, wizard.loading, wizard.error) == (1, False, "")
    assert wizard.facility is not None and wizard.facility.name == "Puskesmas Sumber"
    wizard.choose_day(MONDAY)
    assert wizard.step == 2
    assert wizard.chosen_day is not None and wizard.chosen_day.left_jkn == 40
    wizard.choose_payer(Payer.jkn)
    assert wizard.step == 3
    wizard.patient_next()
    assert wizard.step == 3  # an empty form goes nowhere
    assert set(wizard.problems) == {"name", "nik", "phone", "birth_date", "bpjs_number"}
    fill_patient(wizard)
    assert wizard.problems == {}
    wizard.patient_next()
    assert wizard.step == 4
    wizard.consent_next()
    assert (wizard.step, wizard.consent_missing) == (4, True)  # not ticked yet
    wizard.agree(True)
    wizard.consent_next()
    assert wizard.step == 5
    assert wizard.summary is not None
    assert (wizard.summary.patient_name, wizard.summary.nik_masked) == (
        "Siti Aminah", "3317********0007")
    wizard.back()
    assert wizard.step == 4
    wizard.consent_next()
    await wizard.confirm()
    assert len(phone.booked) == 1
    booking, profile = phone.booked[0]
    assert (booking.service_date, booking.payer) == (MONDAY, Payer.jkn)
    # the first patient on a device is kept (unless unticked), with the payer and consent
    assert profile is not None and (profile.nik, profile.payer, profile.consent_version) == (
        "3317014506900007", "jkn", "2026-11")
    await wizard.confirm()  # booked: a later tap books nothing more
    assert len(phone.booked) == 1
    assert (await client.queues.state(sid)).total == 1


async def test_a_bad_field_is_told_as_she_leaves_it_and_cleared_as_she_types(client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    wizard = await opened(client, sid, Phone())
    wizard.choose_day(MONDAY)
    wizard.choose_payer(Payer.jkn)
    wizard.change_field("nik", "331701450690001")
    assert "nik" not in wizard.problems  # not while she types
    wizard.leave_field("nik")
    assert wizard.problems["nik"] == ("nik_length", {"length": 15})
    wizard.change_field("nik", SITI["nik"])
    assert "nik" not in wizard.problems
    wizard.leave_field("bpjs_number")
    assert wizard.problems["bpjs_number"][0] == "bpjs_required"
    wizard.back()
    wizard.choose_payer(Payer.non_jkn)  # Umum needs no BPJS card
    assert "bpjs_number" not in wizard.problems


async def test_a_quota_filled_meanwhile_offers_the_next_days_and_keeps_what_she_typed(client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-gigi")
    phone = Phone()
    wizard = await opened(client, sid, phone)
    reach_confirm(wizard)
    for serial in range(100, 110):  # others took the last 10 JKN places while she typed
        await book(client, sid, serial=serial, payer=Payer.jkn)
    await wizard.confirm()
    assert phone.booked == []
    assert wizard.problem is not None and wizard.problem.kind == "quota_full"
    assert TUESDAY in wizard.problem.next_available
    assert wizard.chosen_day is not None and wizard.chosen_day.left_jkn == 0  # days read again
    assert not wizard.sending
    wizard.pick_next_date(TUESDAY)
    assert (wizard.step, wizard.day, wizard.problem) == (2, TUESDAY, None)
    wizard.choose_payer(Payer.jkn)
    assert wizard.draft.nik == SITI["nik"]  # nothing typed is lost
    wizard.patient_next()
    wizard.consent_next()
    await wizard.confirm()
    assert [b.service_date for b, _ in phone.booked] == [TUESDAY]
    assert (await client.queues.state(sid, date=MONDAY)).total == 10


async def test_a_lost_answer_keeps_everything_and_the_retry_books_once(app, client):  # type: ignore[no-untyped-def]
    transport = DropsFirstBookingAnswer(app)
    sid = await service_id(client, SUMBER, "poli-umum")
    phone = Phone()
    async with client_on(transport) as device:
        wizard = await opened(device, sid, phone)
        reach_confirm(wizard)
        await wizard.confirm()
        assert wizard.problem is not None and wizard.problem.kind == "connection"
        assert (wizard.step, wizard.draft.name, wizard.sending) == (5, "Siti Aminah", False)
        assert phone.booked == []
        await wizard.confirm()
    assert len(phone.booked) == 1
    assert len(transport.keys) == 2 and transport.keys[0] == transport.keys[1]
    assert (await client.queues.state(sid)).total == 1


async def test_a_schedule_that_could_not_load_says_why_and_loads_when_asked_again(app, client):  # type: ignore[no-untyped-def]
    signal = Signal(httpx.ASGITransport(app))
    sid = await service_id(client, SUMBER, "poli-umum")
    async with client_on(signal) as device:
        signal.lost = True
        wizard = await opened(device, sid, Phone())
        assert (wizard.error, wizard.loading, wizard.facility) == ("connection_failed", False, None)
        signal.lost = False
        await wizard.load()
        assert wizard.error == ""
        assert wizard.days and wizard.days[0].service_date == MONDAY


async def test_a_double_tap_books_once(client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    phone = Phone()
    wizard = await opened(client, sid, phone)
    reach_confirm(wizard)
    wizard.set_save_profile(True)
    await asyncio.gather(wizard.confirm(), wizard.confirm())
    assert len(phone.booked) == 1 and wizard.problem is None
    _, profile = phone.booked[0]
    assert profile is not None and profile.phone == "+6281234567890"
    assert (await client.queues.state(sid)).total == 1


async def test_told_already_booked_her_next_try_is_a_new_request(client):  # type: ignore[no-untyped-def]
    """The service keeps its "no" for the key it answered: the wizard never sends that
    key again."""
    sid = await service_id(client, SUMBER, "poli-umum")
    earlier = await book(client, sid, serial=7)  # booked earlier, on another phone
    phone = Phone()
    wizard = await opened(client, sid, phone)
    reach_confirm(wizard)
    await wizard.confirm()
    assert wizard.problem is not None and wizard.problem.code == "already_booked"
    await client.bookings.cancel(earlier.booking_code)
    await wizard.confirm()
    assert len(phone.booked) == 1


async def test_a_patient_field_the_service_refuses_takes_her_back_to_the_form(app, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, SUMBER, "poli-umum")
    async with client_on(RefusesTheNik(app)) as device:
        wizard = await opened(device, sid, Phone())
        reach_confirm(wizard)
        await wizard.confirm()
    assert wizard.step == 3
    assert wizard.problems["nik"][0] == "nik_region"
    assert wizard.problem is None
