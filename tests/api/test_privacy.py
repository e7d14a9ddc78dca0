"""A person's rights over their data: the export holds exactly their visits, at every
facility, and nothing of another person with the same name; withdrawing consent
cancels what has not happened yet; anonymising leaves nothing of them in the
database and the statistics as they were. Dinkes does the same by NIK, nobody else.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from api_client import ApiClient, ApiStatusError, ValidationFailed, new_idempotency_key
from api_client.models import Booking, Payer, TicketStatus
from server.tables import metadata
from tests.api.helpers import arrive, nik_for, patient, service_id

pytestmark = pytest.mark.anyio

TODAY, TOMORROW = dt.date(2026, 11, 30), dt.date(2026, 12, 1)
SITI_A = {"serial": 1, "phone": "0812-1111-2222", "e164": "+6281211112222"}
SITI_B = {"serial": 2, "phone": "0813-3333-4444", "e164": "+6281333334444"}  # same name


async def book_as(
    client: ApiClient, person: dict, sid: int, day: dt.date, payer: Payer = Payer.jkn
) -> Booking:
    return await client.bookings.create(
        service_id=sid, service_date=day, payer=payer,
        patient=patient(person["serial"], phone=person["phone"]),
        consent_version="2026-11", idempotency_key=new_idempotency_key(),
    )


@pytest.fixture
async def services(client: ApiClient) -> dict[str, int]:
    return {
        "sumber": await service_id(client, "pkm-sumber", "poli-umum"),
        "lasem": await service_id(client, "pkm-lasem", "poli-umum"),
    }


@pytest.fixture
async def dinkes(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login("dinkes", "rembang-demo")
    return staff


def raw_database(app) -> str:  # type: ignore[no-untyped-def]
    """Every row of every table, as text: what someone with the database file sees."""
    with app.state.lsr.db.read() as session:
        return "\n".join(
            repr(list(session.execute(select(table)).all())) for table in metadata.sorted_tables
        )


async def test_export_holds_exactly_the_persons_visits_at_every_facility(client, services):  # type: ignore[no-untyped-def]
    at_sumber = await book_as(client, SITI_A, services["sumber"], TODAY)
    at_lasem = await book_as(client, SITI_A, services["lasem"], TOMORROW, Payer.non_jkn)
    other = await book_as(client, SITI_B, services["sumber"], TODAY)

    export = await client.privacy.export(booking_code=at_lasem.booking_code, phone=SITI_A["phone"])

    assert [(v.booking_code, v.facility_id, v.service_date) for v in export.visits] == [
        (at_sumber.booking_code, "pkm-sumber", TODAY),
        (at_lasem.booking_code, "pkm-lasem", TOMORROW),
    ]
    first = export.visits[0]
    assert (first.name, first.nik, first.phone, first.bpjs_number, first.birth_date) == (
        "Siti Aminah", nik_for(1), SITI_A["e164"], f"{1:013d}", dt.date(1990, 6, 5)
    )
    assert first.service_name and first.display_number == at_sumber.ticket.display_number
    assert (first.status, first.consent_version, first.consent_withdrawn_at) == (
        TicketStatus.booked, "2026-11", None
    )
    assert export.visits[1].bpjs_number is None  # a non-JKN booking never took one
    dumped = export.model_dump_json()
    assert other.booking_code not in dumped and nik_for(2) not in dumped
    assert SITI_B["e164"] not in dumped


async def test_a_wrong_phone_and_an_unknown_code_answer_alike(client, services):  # type: ignore[no-untyped-def]
    booking = await book_as(client, SITI_A, services["sumber"], TODAY)
    answers = []
    for code, phone in (
        (booking.booking_code, SITI_B["phone"]), ("ZZZZ-ZZZZ-ZZZZ", SITI_A["phone"]), ("x", SITI_A["phone"]),
    ):
        for act in (client.privacy.export, client.privacy.withdraw_consent, client.privacy.anonymise):
            with pytest.raises(ApiStatusError) as refused:
                await act(booking_code=code, phone=phone)
            answers.append((refused.value.status, refused.value.code, str(refused.value)))
    assert len(set(answers)) == 1
    assert answers[0][:2] == (404, "booking_not_found")
    export = await client.privacy.export(booking_code=booking.booking_code, phone=SITI_A["phone"])
    assert export.visits[0].status is TicketStatus.booked  # nothing was done by the attempts


async def test_withdrawing_consent_records_the_time_and_cancels_future_bookings(client, services, clock):  # type: ignore[no-untyped-def]
    arrived = await book_as(client, SITI_A, services["sumber"], TODAY)
    await arrive(client, arrived)
    coming = await book_as(client, SITI_A, services["lasem"], TOMORROW)
    other = await book_as(client, SITI_B, services["lasem"], TOMORROW)

    result = await client.privacy.withdraw_consent(booking_code=arrived.booking_code, phone=SITI_A["phone"])

    assert (result.withdrawn_at, result.visits, result.cancelled) == (clock(), 2, [coming.booking_code])
    assert (await client.bookings.get(coming.booking_code)).ticket.status is TicketStatus.cancelled
    assert (await client.bookings.get(arrived.booking_code)).ticket.status is TicketStatus.checked_in
    assert (await client.bookings.get(other.booking_code)).ticket.status is TicketStatus.booked
    export = await client.privacy.export(booking_code=arrived.booking_code, phone=SITI_A["phone"])
    assert {v.consent_withdrawn_at for v in export.visits} == {clock()}
    again = await client.privacy.withdraw_consent(booking_code=arrived.booking_code, phone=SITI_A["phone"])
    assert (again.visits, again.cancelled) == (0, [])  # the first withdrawal's time stays


async def test_anonymising_leaves_nothing_of_the_person_and_the_statistics_unchanged(  # type: ignore[no-untyped-def]
    client, services, dinkes, app,
):
    at_sumber = await book_as(client, SITI_A, services["sumber"], TODAY)
    at_lasem = await book_as(client, SITI_A, services["lasem"], TODAY)
    for booking in (at_sumber, at_lasem):
        await arrive(client, booking)
    other = await book_as(client, SITI_B, services["sumber"], TODAY)
    with app.state.lsr.db.read() as session:
        traces = {
            value for row in session.execute(text(
                "SELECT patient_key, phone_key, name_sealed, nik_sealed, bpjs_sealed, phone_sealed,"
                " birth_date_sealed, nik_masked FROM visit WHERE booking_code IN (:a, :b)"
            ), {"a": at_sumber.booking_code, "b": at_lasem.booking_code}) for value in row
        }
    traces |= {nik_for(1), "6281211112222", "81211112222", f"{1:013d}", "1990-06-05"}
    assert None not in traces
    before = await dinkes.dashboard.get(date_from=TODAY, date_to=TOMORROW)

    result = await client.privacy.anonymise(booking_code=at_lasem.booking_code, phone=SITI_A["phone"])

    assert (result.visits, result.cancelled) == (2, [])
    dump = raw_database(app)
    assert [trace for trace in traces if trace in dump] == []
    assert "S*** A*****" in dump  # the other Siti's masked name is still there
    assert await dinkes.dashboard.get(date_from=TODAY, date_to=TOMORROW) == before
    kept = await client.bookings.get(at_sumber.booking_code)  # numbers stay, no one behind them
    assert (kept.ticket.display_number, kept.patient_name_masked, kept.nik_masked) == (
        at_sumber.ticket.display_number, None, None
    )
    with pytest.raises(ApiStatusError, match="no booking with that code"):
        await client.privacy.export(booking_code=at_sumber.booking_code, phone=SITI_A["phone"])
    with pytest.raises(ApiStatusError) as gone:
        await dinkes.privacy.export_by_nik(nik_for(1), request_reference="SR/2026/117")
    assert (gone.value.status, gone.value.code) == (404, "person_not_found")
    still = await client.privacy.export(booking_code=other.booking_code, phone=SITI_B["phone"])
    assert [v.nik for v in still.visits] == [nik_for(2)]


async def test_dinkes_answers_a_request_by_nik_and_no_other_staff_can(client, services, dinkes, make_client):  # type: ignore[no-untyped-def]
    coming = await book_as(client, SITI_A, services["lasem"], TOMORROW)
    export = await dinkes.privacy.export_by_nik(nik_for(1), request_reference="SR/2026/117")
    assert [(v.booking_code, v.phone) for v in export.visits] == [(coming.booking_code, SITI_A["e164"])]
    for account in ("admin.pkm-lasem", "loket.pkm-lasem"):
        staff = make_client()
        await staff.staff.login(account, "rembang-demo")
        with pytest.raises(ApiStatusError) as refused:
            await staff.privacy.anonymise_by_nik(nik_for(1), request_reference="SR/2026/117")
        assert refused.value.status == 403
    withdrawn = await dinkes.privacy.withdraw_consent_by_nik(nik_for(1), request_reference="SR/2026/117")
    assert withdrawn.cancelled == [coming.booking_code]
    assert (await dinkes.privacy.anonymise_by_nik(nik_for(1), request_reference="SR/2026/117")).visits == 1
    with pytest.raises(ApiStatusError) as unknown:
        await dinkes.privacy.export_by_nik(nik_for(3), request_reference="SR/2026/117")
    assert unknown.value.code == "person_not_found"


@pytest.mark.parametrize(
    ("reference", "code"),
    [
        (None, "missing"),
        ("   ", "string_too_short"),
        ("S" * 61, "string_too_long"),
        ("KTP 3317 0145 0690 0001", "reference_id_number"),  # the NIK typed as "the KTP check"
        ("HP 0812-3456-7890", "reference_id_number"),
        ("SR/2026\u202e/117", "text_bidi_chars"),
    ],
)
async def test_dinkes_must_name_the_written_request_and_never_by_an_id_number(  # type: ignore[no-untyped-def]
    client, services, dinkes, app, reference, code,
):
    coming = await book_as(client, SITI_A, services["lasem"], TOMORROW)
    body = {"nik": nik_for(1)} | ({} if reference is None else {"request_reference": reference})
    with pytest.raises(ValidationFailed) as refused:
        await dinkes._http.request(  # noqa: SLF001 - a body the client's own model refuses
            "POST", "/staff/privacy/anonymise", json_body=body
        )
    assert [(f.field, f.code) for f in refused.value.fields] == [("request_reference", code)]
    assert (await client.bookings.get(coming.booking_code)).patient_name_masked is not None
    assert "privacy_anonymise" not in raw_database(app)


async def test_proving_ownership_is_rate_limited_like_a_look_up(make_client, app, services):  # type: ignore[no-untyped-def]
    app.state.lsr.limiter.enabled = True
    app.state.lsr.limiter._clock = lambda: 1_000.0  # no refill during the test
    guesser = make_client(forwarded_for="10.9.9.9", retry_attempts=1)
    statuses = []
    for n in range(61):
        try:
            await guesser.privacy.export(booking_code=f"GUESS-{n:04d}", phone=SITI_A["phone"])
        except ApiStatusError as err:
            statuses.append((err.status, err.retry_after is not None))
    assert statuses[:60] == [(404, False)] * 60
    assert statuses[60] == (429, True)
