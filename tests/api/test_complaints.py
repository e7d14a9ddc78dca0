"""Complaints through the real client: sent with a tracking code, followed by that
code only, answered by the facility's loket or admin staff (Dinkes everywhere),
status forward only, the contact sealed and shown masked, LAPOR! once overdue."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest
from sqlalchemy import select

from api_client import ApiClient, Conflict, Forbidden, NotFound, ValidationFailed, new_idempotency_key
from api_client.identity import BOOKING_CODE_ALPHABET as ALPHABET
from api_client.models import ComplaintCategory, ComplaintContact, ComplaintStatus
from server.complaints.tables import ComplaintRow
from tests.api.helpers import SUMBER

pytestmark = pytest.mark.anyio

TEXT = "Antrean di loket pagi ini lama sekali, petugas baru datang jam 08.30."


async def send(client: ApiClient, facility_id: str = SUMBER, **extra):  # type: ignore[no-untyped-def]
    return await client.complaints.send(
        facility_id=facility_id, category=ComplaintCategory.antrean, text=TEXT,
        idempotency_key=new_idempotency_key(), **extra,
    )


async def staff(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login(username, "rembang-demo")
    return console


async def test_a_complaint_goes_from_diterima_to_selesai_and_the_code_holder_sees_the_reply(
    client, make_client, clock
):  # type: ignore[no-untyped-def]
    sent = await send(client)
    assert sent.status is ComplaintStatus.diterima and len(sent.tracking_code) == 13
    assert sent.respond_by == dt.date(2026, 12, 7) and not sent.overdue and sent.escalation is None
    loket = await staff(make_client, "loket.pkm-sumber")
    listed = await loket.complaints.list()
    assert [c.tracking_code for c in listed] == [sent.tracking_code]
    cid = listed[0].id
    clock.advance(minutes=10)
    replied = await loket.complaints.reply(cid, reply="Mohon maaf. Mulai besok loket buka 07.30.")
    assert replied.status is ComplaintStatus.diproses  # a reply moves a new complaint on
    done = await loket.complaints.set_status(cid, ComplaintStatus.selesai)
    assert done.status is ComplaintStatus.selesai
    seen = await client.complaints.get(sent.tracking_code)
    assert seen.status is ComplaintStatus.selesai
    assert [(u.status, u.reply) for u in seen.updates] == [
        (ComplaintStatus.diproses, "Mohon maaf. Mulai besok loket buka 07.30."),
        (ComplaintStatus.selesai, None),
    ]
    assert all(u.by is None for u in seen.updates)  # staff names stay inside
    assert [u.by for u in done.updates] == ["loket.pkm-sumber", "loket.pkm-sumber"]


async def test_status_moves_forward_only_and_selesai_needs_a_reply(client, make_client):  # type: ignore[no-untyped-def]
    sent = await send(client)
    admin = await staff(make_client, "admin.pkm-sumber")
    cid = (await admin.complaints.list())[0].id
    with pytest.raises(Conflict) as err:
        await admin.complaints.set_status(cid, ComplaintStatus.selesai)
    assert err.value.code == "complaint_reply_required"
    await admin.complaints.set_status(cid, ComplaintStatus.diproses)
    await admin.complaints.set_status(cid, ComplaintStatus.diproses)  # a double click: no change
    with pytest.raises(Conflict) as err:
        await admin.complaints.set_status(cid, ComplaintStatus.diterima)
    assert err.value.code == "complaint_status_backward"
    await admin.complaints.reply(cid, reply="Sudah kami tindak lanjuti.", status=ComplaintStatus.selesai)
    with pytest.raises(Conflict) as err:
        await admin.complaints.reply(cid, reply="Satu lagi.")
    assert err.value.code == "complaint_closed"
    seen = await client.complaints.get(sent.tracking_code)
    assert [u.status for u in seen.updates] == [ComplaintStatus.diproses, ComplaintStatus.selesai]


async def test_staff_see_and_handle_only_their_own_facility(client, make_client):  # type: ignore[no-untyped-def]
    await send(client, SUMBER)
    await send(client, "pkm-lasem")
    lasem = await staff(make_client, "loket.pkm-lasem")
    mine = await lasem.complaints.list()
    assert {c.facility_id for c in mine} == {"pkm-lasem"}
    with pytest.raises(Forbidden):
        await lasem.complaints.list(facility_id=SUMBER)
    dinkes = await staff(make_client, "dinkes")
    every = await dinkes.complaints.list()
    assert {c.facility_id for c in every} == {SUMBER, "pkm-lasem"}
    sumber_id = next(c.id for c in every if c.facility_id == SUMBER)
    with pytest.raises(Forbidden):
        await lasem.complaints.reply(sumber_id, reply="Bukan urusan kami.")
    with pytest.raises(Forbidden):
        await lasem.complaints.open(sumber_id)
    poli = await staff(make_client, "poli.pkm-sumber")
    with pytest.raises(Forbidden):
        await poli.complaints.list()
    answered = await dinkes.complaints.reply(sumber_id, reply="Dinkes menindaklanjuti.")
    assert answered.status is ComplaintStatus.diproses


async def test_past_five_working_days_without_selesai_the_code_holder_is_pointed_to_lapor(
    client, clock
):  # type: ignore[no-untyped-def]
    sent = await send(client)
    clock.set(2026, 12, 7, 23, 0)
    assert not (await client.complaints.get(sent.tracking_code)).overdue  # the last day
    clock.set(2026, 12, 8, 7, 0)
    late = await client.complaints.get(sent.tracking_code)
    assert late.overdue and late.escalation is not None
    assert late.escalation.url == "https://www.lapor.go.id" and late.escalation.sms == "1708"


async def test_a_wrong_code_answers_exactly_like_a_missing_one(client, app):  # type: ignore[no-untyped-def]
    sent = await send(client)
    code = sent.tracking_code
    swapped = code[:-1] + next(c for c in ALPHABET if c != code[-1])
    answers = []
    for guess in (swapped, "K7QD2M9FXH3TA", "bukan-kode", "0" * 40):
        with pytest.raises(NotFound) as err:
            await client.complaints.get(guess)
        answers.append((err.value.status, err.value.detail.model_dump()))
    assert len({repr(a) for a in answers}) == 1
    assert answers[0][1]["code"] == "complaint_not_found"
    # typed forgivingly, like a booking code
    assert (await client.complaints.get(f"{code[:4].lower()}-{code[4:8]}-{code[8:]}")).tracking_code == code


async def test_the_contact_is_kept_only_with_consent_sealed_and_shown_masked(client, app):  # type: ignore[no-untyped-def]
    contact = ComplaintContact(name="Siti Aminah", phone="0812-3456-7890")
    with pytest.raises(ValidationFailed) as err:
        await send(client, contact=contact)
    assert err.value.fields[0].code == "contact_consent_required"
    sent = await send(client, contact=contact, contact_consent=True)
    assert sent.contact_name_masked == "S*** A*****"
    assert sent.contact_phone_masked == "+62812****7890"
    with app.state.lsr.db.read() as session:
        row = session.scalars(select(ComplaintRow)).one()
        stored = " ".join(str(v) for v in vars(row).values())
    assert "Siti" not in stored and "3456" not in stored and "81234567890" not in stored
    assert app.state.lsr.vault.open(row.contact_phone_sealed, purpose="phone") == "+6281234567890"


async def test_an_unknown_facility_or_a_short_text_is_refused(client):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        await send(client, "pkm-tidak-ada")
    assert err.value.fields[0].code == "facility_not_found"
    with pytest.raises(pydantic.ValidationError, match="string_too_short"):  # checked before sending
        await client.complaints.send(
            facility_id=SUMBER, category=ComplaintCategory.lainnya, text="jelek",
            idempotency_key=new_idempotency_key(),
        )


async def test_sending_twice_with_one_key_makes_one_complaint(client, make_client):  # type: ignore[no-untyped-def]
    key = new_idempotency_key()
    first = await client.complaints.send(
        facility_id=SUMBER, category=ComplaintCategory.petugas, text=TEXT, idempotency_key=key
    )
    again = await client.complaints.send(
        facility_id=SUMBER, category=ComplaintCategory.petugas, text=TEXT, idempotency_key=key
    )
    assert again.tracking_code == first.tracking_code
    loket = await staff(make_client, "loket.pkm-sumber")
    assert len(await loket.complaints.list()) == 1
