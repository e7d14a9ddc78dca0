"""The SKM survey through the real client: only after a done visit, once per visit,
and the index per facility and period from what was answered."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient, Conflict, NotFound, ValidationFailed, new_idempotency_key
from api_client.models import Booking, SkmBand, SkmElement
from tests.api.helpers import SUMBER, arrive, book, service_id
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio

ALL_FOUR = dict.fromkeys(SkmElement, 4)


async def done_visit(client: ApiClient, make_client, *, serial: int = 1) -> Booking:  # type: ignore[no-untyped-def]
    """A booking at Poli Umum of Puskesmas Sumber today, checked in, called and done."""
    sid = await service_id(client, code="poli-umum")
    booking = await book(client, sid, serial=serial)
    await arrive(client, booking)
    poli = make_client()
    await poli.staff.login("poli.pkm-sumber", "rembang-demo")
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None
    await poli.staff.done(called.ticket_id)
    return booking


async def test_a_done_visit_is_rated_once_and_a_second_answer_is_refused(client, make_client):  # type: ignore[no-untyped-def]
    booking = await done_visit(client, make_client)
    code = booking.booking_code
    before = await client.feedback.state(code)
    assert before.visit_done and not before.given
    receipt = await client.feedback.give(
        code, scores=ALL_FOUR, comment="Cepat dan ramah.", idempotency_key=new_idempotency_key()
    )
    assert receipt.facility_name == "Puskesmas Sumber"
    assert (await client.feedback.state(code)).given
    with pytest.raises(Conflict) as err:
        await client.feedback.give(code, scores=ALL_FOUR, idempotency_key=new_idempotency_key())
    assert err.value.code == "survey_already_given"
    index = await client.feedback.index(SUMBER)
    assert index.respondents == 1  # the refused answer was not counted


async def test_a_lost_answer_sent_again_with_its_key_is_replayed_not_refused(client, make_client):  # type: ignore[no-untyped-def]
    booking = await done_visit(client, make_client)
    key = new_idempotency_key()
    first = await client.feedback.give(booking.booking_code, scores=ALL_FOUR, idempotency_key=key)
    again = await client.feedback.give(booking.booking_code, scores=ALL_FOUR, idempotency_key=key)
    assert again == first
    assert (await client.feedback.index(SUMBER)).respondents == 1


async def test_a_visit_can_be_rated_up_to_thirty_days_after_it_and_not_later(
    client, make_client, clock: FakeClock
):  # type: ignore[no-untyped-def]
    """An answer months later would change an SKM report already filed for its month."""
    first, second = await done_visit(client, make_client), await done_visit(client, make_client, serial=2)
    clock.set(2026, 12, 30, 20, 0)  # Monday's visits, 30 days on: the last day
    state = await client.feedback.state(first.booking_code)
    assert (state.open_until, state.closed) == (dt.date(2026, 12, 30), False)
    await client.feedback.give(first.booking_code, scores=ALL_FOUR, idempotency_key=new_idempotency_key())

    clock.set(2026, 12, 31, 7, 0)
    assert (await client.feedback.state(second.booking_code)).closed
    with pytest.raises(Conflict) as err:
        await client.feedback.give(second.booking_code, scores=ALL_FOUR,
                                   idempotency_key=new_idempotency_key())
    assert err.value.code == "survey_closed"
    november = await client.feedback.index(SUMBER, date_from=dt.date(2026, 11, 1),
                                           date_to=dt.date(2026, 11, 30))
    assert november.respondents == 1


async def test_a_visit_not_yet_done_cannot_be_rated(client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    booking = await book(client, sid)
    assert not (await client.feedback.state(booking.booking_code)).visit_done
    with pytest.raises(Conflict) as err:
        await client.feedback.give(
            booking.booking_code, scores=ALL_FOUR, idempotency_key=new_idempotency_key()
        )
    assert err.value.code == "visit_not_done"


async def test_every_element_needs_a_score_from_1_to_4(client, make_client):  # type: ignore[no-untyped-def]
    booking = await done_visit(client, make_client)
    partial = {SkmElement.biaya: 3}
    with pytest.raises(ValidationFailed) as err:
        await client.feedback.give(
            booking.booking_code, scores=partial, idempotency_key=new_idempotency_key()
        )
    assert err.value.fields[0].code == "survey_incomplete"
    assert (await client.feedback.index(SUMBER)).respondents == 0


async def test_a_wrong_code_is_not_found(client):  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound) as err:
        await client.feedback.state("K7QD2M9FXH3TA")
    assert err.value.code == "booking_not_found"


async def test_the_index_of_a_facility_and_a_period(client, make_client):  # type: ignore[no-untyped-def]
    # Two visits: (4,4,3,3,4,4,4,3,3) and (3,3,3,2,3,3,4,3,2). By hand: element means
    # 3.5 3.5 3 2.5 3.5 3.5 4 3 2.5, sum 29; 29 / 9 × 25 = 80.555… → 80.56, B.
    answers = [(4, 4, 3, 3, 4, 4, 4, 3, 3), (3, 3, 3, 2, 3, 3, 4, 3, 2)]
    for serial, scores in enumerate(answers, 1):
        booking = await done_visit(client, make_client, serial=serial)
        await client.feedback.give(
            booking.booking_code, scores=dict(zip(SkmElement, scores, strict=True)),
            idempotency_key=new_idempotency_key(),
        )
    index = await client.feedback.index(SUMBER, date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 30))
    assert index.respondents == 2
    assert index.index == 80.56 and index.band is SkmBand.B and index.band_label == "Baik"
    by_element = {e.element: e for e in index.elements}
    assert by_element[SkmElement.biaya].mean == 2.5 and by_element[SkmElement.biaya].band is SkmBand.D
    assert by_element[SkmElement.perilaku].index == 100.0
    assert (await client.feedback.index()).respondents == 2  # every facility together
    assert (await client.feedback.index("pkm-lasem")).respondents == 0
    later = await client.feedback.index(SUMBER, date_from=dt.date(2026, 12, 1), date_to=dt.date(2026, 12, 31))
    assert later.respondents == 0 and later.index is None and later.band is None
