"""A NIK alone opens nothing: someone who books with another person's NIK and their own
phone reaches, with that booking's code and phone, only what they booked themselves;
the first person's visits stay theirs to see, withdraw and erase. Every privacy action
leaves an audit row that names no one, and staff of the facility see when a NIK is
booked with more than one phone number (citizens never do).
"""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from sqlalchemy import select

from api_client import ApiClient, ApiStatusError, new_idempotency_key
from api_client.models import Booking, Payer, TicketStatus
from server.audit.tables import AuditEventRow
from server.queue.tables import VisitRow
from tests.api.helpers import nik_for, patient, service_id

pytestmark = pytest.mark.anyio

TODAY, TOMORROW = dt.date(2026, 11, 30), dt.date(2026, 12, 1)
PHONE_A = {"typed": "0812-1111-2222", "e164": "+6281211112222", "digits": "81211112222"}
PHONE_B = {"typed": "0857-9999-0000", "e164": "+6285799990000", "digits": "85799990000"}
VICTIM, STRANGER = 1, 2  # NIK serials


async def book_with(
    client: ApiClient, sid: int, day: dt.date, *, phone: dict, serial: int = VICTIM
) -> Booking:
    return await client.bookings.create(
        service_id=sid, service_date=day, payer=Payer.jkn,
        patient=patient(serial, phone=phone["typed"]),
        consent_version="2026-11", idempotency_key=new_idempotency_key(),
    )


@pytest.fixture
async def two_phones(client: ApiClient) -> dict[str, Booking]:
    """The first person books at two facilities with phone A; someone else books with
    the same NIK and phone B; a third person books at Sumber today as well."""
    sumber = await service_id(client, "pkm-sumber", "poli-umum")
    lasem = await service_id(client, "pkm-lasem", "poli-umum")
    return {
        "a_sumber": await book_with(client, sumber, TODAY, phone=PHONE_A),
        "a_lasem": await book_with(client, lasem, TOMORROW, phone=PHONE_A),
        "b": await book_with(client, sumber, TOMORROW, phone=PHONE_B),
        "other": await book_with(client, sumber, TODAY, phone=PHONE_B, serial=STRANGER),
    }


def audit_rows(app) -> list[AuditEventRow]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        rows = session.scalars(select(AuditEventRow).order_by(AuditEventRow.id)).all()
        session.expunge_all()
        return list(rows)


def visit_id(app, code: str) -> int:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return session.scalars(select(VisitRow.id).where(VisitRow.booking_code == code)).one()


async def test_the_second_phone_reads_only_its_own_visit(client, two_phones):  # type: ignore[no-untyped-def]
    b = two_phones["b"]
    export = await client.privacy.export(booking_code=b.booking_code, phone=PHONE_B["typed"])

    assert [(v.booking_code, v.phone) for v in export.visits] == [(b.booking_code, PHONE_B["e164"])]
    dumped = export.model_dump_json()
    for booking in (two_phones["a_sumber"], two_phones["a_lasem"]):
        assert booking.booking_code not in dumped
    assert PHONE_A["e164"] not in dumped


async def test_the_second_phone_can_neither_withdraw_nor_erase_the_first_phones_visits(client, two_phones):  # type: ignore[no-untyped-def]
    b = two_phones["b"]
    withdrawn = await client.privacy.withdraw_consent(booking_code=b.booking_code, phone=PHONE_B["typed"])
    assert (withdrawn.visits, withdrawn.cancelled) == (1, [b.booking_code])

    erased = await client.privacy.anonymise(booking_code=b.booking_code, phone=PHONE_B["typed"])
    assert (erased.visits, erased.cancelled) == (1, [])

    for booking in (two_phones["a_sumber"], two_phones["a_lasem"]):
        kept = await client.bookings.get(booking.booking_code)
        assert (kept.ticket.status, kept.nik_masked) == (TicketStatus.booked, booking.nik_masked)
    a_sumber, a_lasem = two_phones["a_sumber"], two_phones["a_lasem"]
    export = await client.privacy.export(booking_code=a_sumber.booking_code, phone=PHONE_A["typed"])
    assert [(v.booking_code, v.nik, v.phone, v.consent_withdrawn_at) for v in export.visits] == [
        (a_sumber.booking_code, nik_for(VICTIM), PHONE_A["e164"], None),
        (a_lasem.booking_code, nik_for(VICTIM), PHONE_A["e164"], None),
    ]
    mine = await client.privacy.anonymise(booking_code=a_lasem.booking_code, phone=PHONE_A["typed"])
    assert (mine.visits, sorted(mine.cancelled)) == (2, sorted([a_sumber.booking_code, a_lasem.booking_code]))


async def test_dinkes_still_reaches_every_visit_of_the_nik(client, two_phones, make_client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    export = await dinkes.privacy.export_by_nik(nik_for(VICTIM), request_reference="SR/2026/117")
    assert {v.booking_code for v in export.visits} == {
        two_phones[k].booking_code for k in ("a_sumber", "a_lasem", "b")
    }


async def test_every_privacy_action_is_audited_with_its_proof_and_count_and_no_personal_data(  # type: ignore[no-untyped-def]
    client, two_phones, make_client, app, clock,
):
    b, a = two_phones["b"], two_phones["a_lasem"]
    with pytest.raises(ApiStatusError):  # a failed proof: no row
        await client.privacy.export(booking_code=a.booking_code, phone=PHONE_B["typed"])
    await client.privacy.export(booking_code=b.booking_code, phone=PHONE_B["typed"])
    await client.privacy.withdraw_consent(booking_code=b.booking_code, phone=PHONE_B["typed"])
    await client.privacy.anonymise(booking_code=b.booking_code, phone=PHONE_B["typed"])
    await client.privacy.export(booking_code=a.booking_code, phone=PHONE_A["typed"])
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    await dinkes.privacy.withdraw_consent_by_nik(nik_for(VICTIM), request_reference="SR/2026/117")

    rows = audit_rows(app)
    b_visit, a_visit = f"visit:{visit_id(app, b.booking_code)}", f"visit:{visit_id(app, a.booking_code)}"
    assert [(r.actor, r.role, r.facility_id, r.action, r.subject, json.loads(r.after or "null"), r.at)
            for r in rows] == [
        ("person", "person", "pkm-sumber", "privacy_export", b_visit, {"visits": 1}, clock()),
        ("person", "person", "pkm-sumber", "privacy_withdraw_consent", b_visit, {"visits": 1}, clock()),
        ("person", "person", "pkm-sumber", "privacy_anonymise", b_visit, {"visits": 1}, clock()),
        ("person", "person", "pkm-lasem", "privacy_export", a_visit, {"visits": 2}, clock()),
        ("dinkes", "dinkes", None, "privacy_withdraw_consent", "person",
         {"visits": 2, "request_reference": "SR/2026/117"}, clock()),
    ]
    written = repr([(r.actor, r.subject, r.before, r.after) for r in rows])
    personal = [nik_for(VICTIM), PHONE_A["digits"], PHONE_B["digits"], "Siti", "1990-06-05"]
    codes = [booking.booking_code for booking in two_phones.values()]
    assert [value for value in personal + codes if value in written] == []


async def test_staff_of_the_facility_see_a_nik_booked_with_another_phone(client, two_phones, make_client):  # type: ignore[no-untyped-def]
    loket, poli = make_client(), make_client()
    await loket.staff.login("loket.pkm-sumber", "rembang-demo")
    await poli.staff.login("poli.pkm-sumber", "rembang-demo")
    sumber = await service_id(client, "pkm-sumber", "poli-umum")

    listed = {t.ticket_id: t.nik_with_other_phone for t in await poli.staff.tickets(sumber)}
    assert listed == {
        two_phones["a_sumber"].ticket.ticket_id: True, two_phones["other"].ticket.ticket_id: False,
    }
    checked_in = await loket.bookings.check_in_at_facility(two_phones["a_sumber"].booking_code)
    assert checked_in.ticket.nik_with_other_phone is True
    called = await poli.staff.call_next(sumber, counter="Poli 1")
    assert called is not None and (called.ticket_id, called.nik_with_other_phone) == (
        two_phones["a_sumber"].ticket.ticket_id, True
    )

    await client.bookings.cancel(two_phones["b"].booking_code)  # the other phone's booking ends
    listed = {t.ticket_id: t.nik_with_other_phone for t in await poli.staff.tickets(sumber)}
    assert listed[two_phones["a_sumber"].ticket.ticket_id] is False


async def test_one_person_booking_twice_with_one_phone_is_not_flagged(client, make_client):  # type: ignore[no-untyped-def]
    sumber = await service_id(client, "pkm-sumber", "poli-umum")
    today = await book_with(client, sumber, TODAY, phone=PHONE_A)
    await book_with(client, await service_id(client, "pkm-lasem", "poli-umum"), TODAY, phone=PHONE_A)
    poli = make_client()
    await poli.staff.login("poli.pkm-sumber", "rembang-demo")
    assert [(t.ticket_id, t.nik_with_other_phone) for t in await poli.staff.tickets(sumber)] == [
        (today.ticket.ticket_id, False)
    ]


async def test_citizens_never_see_the_flag(app, two_phones):  # type: ignore[no-untyped-def]
    code = two_phones["a_sumber"].booking_code
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test/api") as http:
        sumber = (await http.get("/facilities/pkm-sumber")).json()
        here = {"lat": sumber["lat"], "lon": sumber["lon"]}  # "Saya sudah sampai" at the door
        answers = [
            await http.get(f"/bookings/{code}"),
            await http.post("/bookings/lookup", json={"booking_code": code, "phone": PHONE_A["typed"]}),
            await http.post(f"/bookings/{code}/check-in", json=here),
            await http.post("/privacy/export", json={"booking_code": code, "phone": PHONE_A["typed"]}),
        ]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200]
    assert [answer.text for answer in answers if "other_phone" in answer.text] == []
