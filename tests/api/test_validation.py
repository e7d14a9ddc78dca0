"""Every bad input gets its own error code, at its field, and nothing is half-written."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import func, select

from server.events.tables import QueueEventRow
from server.idempotency import IdempotencyRow
from server.queue.tables import TicketRow, VisitRow
from tests.api.helpers import service_id

pytestmark = pytest.mark.anyio

GOOD_PATIENT = {
    "name": "Siti Aminah",
    "nik": "3317014506900001",
    "phone": "0812-3456-7890",
    "birth_date": "1990-06-05",
    "bpjs_number": "0001234567890",
}

BAD_PATIENTS = [
    ({"nik": "331701450690001"}, "patient.nik", "nik_length"),
    ({"nik": "33170145069000A1"}, "patient.nik", "nik_not_digits"),
    ({"nik": "3317013206900001"}, "patient.nik", "nik_birth_date"),
    ({"nik": "3317014506900000"}, "patient.nik", "nik_serial"),
    ({"nik": "0017014506900001"}, "patient.nik", "nik_region"),
    ({"bpjs_number": "12345"}, "patient.bpjs_number", "bpjs_length"),
    ({"bpjs_number": "12345678901AB"}, "patient.bpjs_number", "bpjs_not_digits"),
    ({"phone": "0295 691234"}, "patient.phone", "phone_not_mobile"),
    ({"phone": "call me"}, "patient.phone", "phone_invalid"),
    ({"name": "   "}, "patient.name", "name_empty"),
    ({"name": "Siti <script>"}, "patient.name", "name_chars"),
    ({"name": "S" * 101}, "patient.name", "name_too_long"),
    ({"name": "\u0412udi"}, "patient.name", "name_mixed_script"),  # Cyrillic В
    ({"name": "\u0410\u043d\u0430"}, "patient.name", "name_not_latin"),
    ({"name": "\u0299udi"}, "patient.name", "name_mixed_script"),  # small capital ʙ
    ({"name": "\uff22\uff55\uff44\uff49"}, "patient.name", "name_not_latin"),  # fullwidth
    ({"name": "Siti\u202e Aminah"}, "patient.name", "text_bidi_chars"),
    ({"name": "Siti\u200b Aminah"}, "patient.name", "text_invisible_chars"),
    ({"name": "Siti\x1b Aminah"}, "patient.name", "text_control_chars"),
    ({"birth_date": "1991-06-05"}, "patient.birth_date", "birth_date_mismatch"),
]


@pytest.fixture
async def http(app):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t/api") as c:
        yield c


def written(app) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(table))
            for table in (VisitRow, TicketRow, QueueEventRow, IdempotencyRow)
        )


@pytest.mark.parametrize(("change", "field", "code"), BAD_PATIENTS)
async def test_each_bad_patient_field_gets_its_code_and_books_nothing(
    http, client, app, change, field, code
):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    body = {
        "service_id": sid, "service_date": "2026-11-30", "payer": "jkn",
        "consent_version": "2026-11", "patient": {**GOOD_PATIENT, **change},
    }
    response = await http.post("/bookings", json=body, headers={"Idempotency-Key": "bad-input-01"})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert [(f["field"], f["code"]) for f in fields] == [(field, code)]
    assert written(app) == (0, 0, 0, 0)
    # the key was not used up by the failure: the corrected request goes through
    good = {**body, "patient": GOOD_PATIENT}
    response = await http.post("/bookings", json=good, headers={"Idempotency-Key": "bad-input-01"})
    assert response.status_code == 201


async def test_a_creating_request_without_an_idempotency_key_is_refused(http, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    body = {"service_id": sid, "service_date": "2026-11-30", "payer": "non_jkn",
            "consent_version": "2026-11", "patient": GOOD_PATIENT}
    response = await http.post("/bookings", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "Idempotency-Key"


async def test_a_full_quota_books_nothing_but_names_the_next_dates(http, client, app):  # type: ignore[no-untyped-def]
    from tests.api.helpers import book

    sid = await service_id(client, code="poli-gigi")
    for serial in range(1, 11):
        await book(client, sid, serial=serial)
    before = written(app)
    body = {"service_id": sid, "service_date": "2026-11-30", "payer": "jkn",
            "consent_version": "2026-11", "patient": {**GOOD_PATIENT, "nik": "3317014506900099"}}
    response = await http.post("/bookings", json=body, headers={"Idempotency-Key": "full-quota-1"})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "quota_full"
    assert error["next_available"][0] == (dt.date(2026, 12, 1)).isoformat()
    visits, tickets, events, keys = written(app)
    assert (visits, tickets, events) == before[:3]  # no visit, no number, no queue event
    assert keys == before[3] + 1  # the refusal is kept for its key: a retry gets it again
    again = await http.post("/bookings", json=body, headers={"Idempotency-Key": "full-quota-1"})
    assert (again.status_code, again.content) == (409, response.content)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Petugas loket \u202etidak ramah\u202c sekali", "text_bidi_chars"),
        ("Antrean terlalu lama\x07\x07\x07 sekali", "text_control_chars"),
        ("Antrean terlalu lama\u200b sekali", "text_invisible_chars"),
        ("Antrean terlalu lama\u3164 sekali", "text_invisible_chars"),  # Hangul filler
        ("Antrean terlalu lama\ue000 sekali", "text_invisible_chars"),  # private use
        ("Antrean terla" + "\u0300" * 180 + "lu lama", "text_combining_marks"),  # Zalgo
    ],
)
async def test_a_complaint_hiding_characters_is_refused_at_its_text(http, text, code):  # type: ignore[no-untyped-def]
    body = {"facility_id": "pkm-sumber", "category": "antrean", "text": text}
    response = await http.post("/complaints", json=body, headers={"Idempotency-Key": "complaint-text-01"})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert [(f["field"], f["code"]) for f in fields] == [("text", code)]
    fine = {**body, "text": "Antrean terlalu lama.\nSaya menunggu 3 jam."}
    response = await http.post("/complaints", json=fine, headers={"Idempotency-Key": "complaint-text-01"})
    assert response.status_code == 201
