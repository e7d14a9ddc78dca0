"""The priority lane in an online booking, with the kiosk's rule: lansia (60 or more on
the day of the visit) and balita (under 5) are borne out by the birth date the NIK
carries; ibu hamil and disabilitas are the patient's word."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client import ApiClient, ValidationFailed, new_idempotency_key
from api_client.models import Booking, ErrorCode, Lane, Payer, PriorityReason
from api_client.priority import priority_by_age
from tests.api.helpers import nik_for, patient, service_id

pytestmark = pytest.mark.anyio

MONDAY = dt.date(2026, 11, 30)


async def book_born(client: ApiClient, born: dt.date, reason: PriorityReason | None, serial: int) -> Booking:
    sid = await service_id(client, code="poli-umum")
    return await client.bookings.create(
        service_id=sid, service_date=MONDAY, payer=Payer.non_jkn,
        patient=patient(serial, nik=nik_for(serial, birth=born), birth_date=born, bpjs_number=None),
        consent_version="2026-11", idempotency_key=new_idempotency_key(),
        lane=Lane.priority if reason else Lane.regular, priority_reason=reason,
    )


@pytest.mark.parametrize(("born", "reason"), [
    (dt.date(1966, 11, 30), PriorityReason.lansia),  # 60 on the day itself
    (dt.date(2021, 12, 1), PriorityReason.balita),  # 5 only the day after
    (dt.date(1990, 6, 5), PriorityReason.ibu_hamil),
    (dt.date(1990, 6, 5), PriorityReason.disabilitas),
])
async def test_a_reason_the_birth_date_bears_out_takes_the_priority_lane(client, born, reason):  # type: ignore[no-untyped-def]
    booking = await book_born(client, born, reason, serial=11)
    assert booking.ticket.lane is Lane.priority


@pytest.mark.parametrize(("born", "reason", "years"), [
    (dt.date(1966, 12, 1), PriorityReason.lansia, 59),  # 60 only the day after
    (dt.date(2021, 11, 30), PriorityReason.balita, 5),
    (dt.date(1990, 6, 5), PriorityReason.lansia, 36),
])
async def test_an_age_the_birth_date_does_not_bear_out_is_refused_with_the_age(client, born, reason, years):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        await book_born(client, born, reason, serial=12)
    field = refused.value.fields[0]
    assert (field.field, field.code) == ("priority_reason", ErrorCode.priority_age)
    assert field.params == {"reason": reason.value, "years": years}
    sid = await service_id(client, code="poli-umum")
    assert (await client.queues.state(sid)).total == 0  # nothing was issued


def test_the_age_rule_the_app_uses_is_the_services():
    assert priority_by_age(dt.date(1966, 11, 30), MONDAY) is PriorityReason.lansia
    assert priority_by_age(dt.date(1966, 12, 1), MONDAY) is None
    assert priority_by_age(dt.date(2021, 12, 1), MONDAY) is PriorityReason.balita
    assert priority_by_age(dt.date(2021, 11, 30), MONDAY) is None
