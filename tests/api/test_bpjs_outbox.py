"""What a bridged facility tells BPJS (Antrol), checked by the BPJS simulator: the
registration, each task time as it happens, exactly once and in order, and what
happens when BPJS is away, refuses, or answers that it has it already."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select

from api_client import ApiClient, ApiStatusError
from api_client.models import BpjsOutboxState, Payer
from server.bpjs.credentials import FacilityCredentials, Variant
from server.bpjs.outbox import purge_delivered
from server.bpjs.sender import retry, send_round
from server.bpjs.tables import BridgeRow, DoctorMapRow, OutboxRow, PoliMapRow
from server.facilities.tables import DoctorRow, ServiceRow
from server.queue.tables import TaskTimeRow, VisitRow
from tests.api.helpers import SUMBER, arrive, book, patient, service_id
from tests.api.test_metrics import scrape
from tests.support.bpjs_simulator import Simulator
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio

RSUD = "rsud-soetrasno"
PCARE = "pkm-sumber-pcare:sandi-pcare"


@pytest.fixture
def sim(clock: FakeClock) -> Simulator:
    return Simulator(now=lambda: clock().timestamp())


def credentials(sim: Simulator, variant: Variant, **changes: str) -> FacilityCredentials:
    values: dict[str, object] = {
        "variant": variant, "base_url": "http://bpjs.test", "cons_id": sim.cons_id,
        "secret": SecretStr(sim.secret), "user_key": SecretStr(sim.user_key),
        "ws_username": "mobilejkn", "ws_password": SecretStr("sandi-ws-yang-panjang"),
    }
    if variant is Variant.fktp:
        user, password = PCARE.split(":")
        values |= {"pcare_username": user, "pcare_password": SecretStr(password)}
    values |= changes
    return FacilityCredentials.model_validate(values)


@pytest.fixture
def bridge(app, sim: Simulator, clock: FakeClock) -> Callable[..., None]:  # type: ignore[no-untyped-def]
    """Bridge a facility: credentials in the settings, every poli and doctor mapped (but
    `unmapped`; only a poli is a BPJS poli), the bridge on."""

    def bridge_(facility_id: str, variant: Variant, *, unmapped: tuple[str, ...] = (),
                **changes: str) -> None:
        state = app.state.lsr
        state.bpjs[facility_id] = credentials(sim, variant, **changes)
        if variant is Variant.fktp:
            sim.pcare = PCARE
        with state.db.write_transaction() as session:
            services = session.scalars(select(ServiceRow).where(ServiceRow.facility_id == facility_id))
            for i, service in enumerate(services):
                if service.kind == "poli" and service.code not in unmapped:
                    session.add(PoliMapRow(service_id=service.id, facility_id=facility_id,
                                           kodepoli=f"P{i:02d}"))
            for doctor in session.scalars(select(DoctorRow).where(DoctorRow.facility_id == facility_id)):
                session.add(DoctorMapRow(doctor_id=doctor.id, facility_id=facility_id,
                                         kodedokter=1000 + doctor.id))
            session.add(BridgeRow(facility_id=facility_id, enabled=True, changed_at=clock(),
                                  changed_by="admin.test"))

    return bridge_


@pytest.fixture
async def antrol(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(sim.app)) as client:
        yield client


async def drain(app, antrol: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    """Send rounds until nothing due answers any more."""
    while await send_round(app.state.lsr, antrol):
        pass


def outbox(app) -> list[OutboxRow]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        rows = list(session.scalars(select(OutboxRow).order_by(OutboxRow.id)))
        session.expunge_all()
        return rows


def task_times_ms(app, code: str) -> dict[int, int]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        visit = session.scalars(select(VisitRow).where(VisitRow.booking_code == code)).one()
        return {t.task_id: int(t.recorded_at.timestamp() * 1000) for t in session.scalars(
            select(TaskTimeRow).where(TaskTimeRow.visit_id == visit.id))}


async def staff(make_client, role: str, facility_id: str) -> ApiClient:  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login(f"{role}.{facility_id}", "rembang-demo")
    return console


async def test_a_hospital_visit_reaches_bpjs_registration_first_then_each_task_once_in_order(
    app, client: ApiClient, make_client, bridge, sim: Simulator, antrol, clock: FakeClock
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    booking = await book(client, sid, serial=7)
    code = booking.booking_code
    clock.advance(minutes=5)
    await arrive(client, booking)
    poli = await staff(make_client, "poli", RSUD)
    clock.advance(minutes=10)
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None
    await poli.staff.start(called.ticket_id)
    clock.advance(minutes=12)
    await poli.staff.done(called.ticket_id)

    await drain(app, antrol)

    added = sim.bookings[code]
    sent_patient = patient(7)
    assert (added["jenispasien"], added["nomorkartu"], added["nik"]) == (
        "JKN", sent_patient.bpjs_number, sent_patient.nik)
    assert added["nomorantrean"] == booking.ticket.display_number
    assert added["tanggalperiksa"] == "2026-11-30" and added["kodepoli"].startswith("P")
    assert added["kuotajkn"] - added["sisakuotajkn"] == 1
    assert {t: w for (c, t), w in sim.tasks.items() if c == code} == task_times_ms(app, code)
    assert set(task_times_ms(app, code)) == {3, 4, 5}
    paths = [path for path, body in sim.received if body.get("kodebooking") == code]
    assert paths == ["/antrean/add"] + ["/antrean/updatewaktu"] * 3
    assert [row.state for row in outbox(app)] == ["sent"] * 4


async def test_a_facility_not_bridged_tells_bpjs_nothing(
    app, client: ApiClient, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    await arrive(client, await book(client, await service_id(client, SUMBER, "poli-umum")))
    await drain(app, antrol)
    assert outbox(app) == [] and sim.received == []


async def test_while_bpjs_is_down_the_outbox_waits_longer_each_time_then_sends(
    app, client: ApiClient, bridge, sim: Simulator, antrol, clock: FakeClock
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    first, second = await book(client, sid, serial=1), await book(client, sid, serial=2)
    sim.fail_with = [503, 502]

    await drain(app, antrol)
    rows = outbox(app)
    assert [r.state for r in rows] == ["waiting", "waiting"]
    assert rows[0].attempts == 1 and rows[0].reason == "unreachable"
    assert "HTTP 503" in (rows[0].last_message or "")
    assert rows[0].next_attempt_at == clock() + dt.timedelta(seconds=30)
    assert rows[1].attempts == 0, "the round stops at the first sign that BPJS is away"

    await drain(app, antrol)  # the second row was due: it meets the 502
    clock.advance(seconds=31)
    await drain(app, antrol)
    assert [r.state for r in outbox(app)] == ["sent", "sent"]
    assert {first.booking_code, second.booking_code} <= set(sim.bookings)


async def test_a_message_sent_again_after_a_crash_counts_once(
    app, client: ApiClient, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    """The process died after BPJS took it but before we wrote so: BPJS answers that it
    has it already, and that is a sent message, not a failure."""
    bridge(RSUD, Variant.rs)
    booking = await book(client, await service_id(client, RSUD, "penyakit-dalam"))
    await arrive(client, booking)
    await drain(app, antrol)
    with app.state.lsr.db.write_transaction() as session:
        for row in session.scalars(select(OutboxRow)):
            row.state, row.sent_at = "waiting", None
    await drain(app, antrol)

    assert [r.state for r in outbox(app)] == ["sent", "sent"]
    assert [r.last_message for r in outbox(app)] == ["Terdapat duplikasi Kode Booking", "TaskId=3 sudah ada"]
    assert len(sim.received) == 4 and list(sim.tasks) == [(booking.booking_code, 3)]


@pytest.mark.parametrize(("change", "said"), [
    ({"secret": "bukan-rahasia-yang-benar"}, "Signature tidak valid"),
    ({"user_key": "kunci-lain"}, "User key tidak valid"),
    ({"cons_id": "9999"}, "Cons ID tidak sesuai"),
])
async def test_bpjs_refusing_our_credentials_is_kept_with_its_message(
    app, client: ApiClient, bridge, sim: Simulator, antrol, change, said
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs, **change)
    await book(client, await service_id(client, RSUD, "penyakit-dalam"))
    await drain(app, antrol)
    [row] = outbox(app)
    assert (row.state, row.last_code, row.last_message) == ("failed", "201", said)
    assert sim.received == []


async def test_a_clock_minutes_off_is_refused_like_the_real_service(
    app, client: ApiClient, bridge, sim: Simulator, antrol, clock: FakeClock
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    sim.now = lambda: clock().timestamp() + 600
    await book(client, await service_id(client, RSUD, "penyakit-dalam"))
    await drain(app, antrol)
    assert [(r.state, r.last_message) for r in outbox(app)] == [("failed", "Timestamp tidak valid")]


async def test_an_unmapped_poli_fails_with_the_reason_and_goes_once_mapped_and_sent_again(
    app, client: ApiClient, bridge, sim: Simulator, antrol, clock: FakeClock
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs, unmapped=("penyakit-dalam",))
    sid = await service_id(client, RSUD, "penyakit-dalam")
    booking = await book(client, sid)
    await drain(app, antrol)
    [row] = outbox(app)
    assert (row.state, row.reason) == ("failed", "poli_not_mapped")

    with app.state.lsr.db.write_transaction() as session:
        session.add(PoliMapRow(service_id=sid, facility_id=RSUD, kodepoli="INT"))
        retry(session, row.id, clock())
    await drain(app, antrol)
    assert outbox(app)[0].state == "sent" and sim.bookings[booking.booking_code]["kodepoli"] == "INT"


async def test_a_non_jkn_walkin_is_registered_as_non_jkn_without_a_card(
    app, client: ApiClient, make_client, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    booking = await book(client, sid, payer=Payer.non_jkn)
    await drain(app, antrol)
    added = sim.bookings[booking.booking_code]
    assert (added["jenispasien"], added["nomorkartu"]) == ("NON JKN", "")
    assert added["kuotanonjkn"] - added["sisakuotanonjkn"] == 1


async def test_a_puskesmas_reports_arrival_and_no_show_as_calls_and_a_cancellation_as_batal(
    app, client: ApiClient, make_client, bridge, sim: Simulator, antrol, clock: FakeClock
):  # type: ignore[no-untyped-def]
    bridge(SUMBER, Variant.fktp)
    sid = await service_id(client, SUMBER, "poli-umum")
    came, absent, cancelled = [await book(client, sid, serial=s) for s in (1, 2, 3)]
    for booking in (came, absent):
        await arrive(client, booking)
    await client.bookings.cancel(cancelled.booking_code)
    poli = await staff(make_client, "poli", SUMBER)
    clock.advance(minutes=3)
    first = await poli.staff.call_next(sid, counter="Ruang 1")
    second = await poli.staff.call_next(sid, counter="Ruang 2")
    assert first is not None and second is not None
    await poli.staff.skip(second.ticket_id)

    await drain(app, antrol)

    cards = {b.booking_code: patient(s).bpjs_number for b, s in ((came, 1), (absent, 2), (cancelled, 3))}
    assert sorted((c["nomorkartu"], c["status"]) for c in sim.calls) == sorted([
        (cards[came.booking_code], 1), (cards[absent.booking_code], 1), (cards[absent.booking_code], 2),
    ])
    assert list(sim.cancelled.values()) == ["Dibatalkan di Layanan Sehat Rembang"]
    assert len(sim.bookings) == 3 and all("kodebooking" not in b for b in sim.bookings.values())
    assert {r.state for r in outbox(app)} == {"sent", "skipped"}


async def test_a_walkin_who_gave_no_nik_is_not_reported(
    app, make_client, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    """BPJS takes no registration without a NIK: nothing is sent, and the status page
    says why, instead of a page of BPJS refusals."""
    bridge(SUMBER, Variant.fktp)
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    loket = await service_id(kiosk, SUMBER, "loket")
    await kiosk.bookings.walk_in(service_id=loket, idempotency_key="tanpa-nik-0001")
    await drain(app, antrol)
    assert sim.received == []
    assert [(r.kind, r.state, r.reason) for r in outbox(app)] == [
        ("add", "skipped", "no_nik"), ("task", "skipped", "no_nik"),
    ]


async def test_a_walkin_at_the_loket_is_registered_once_it_reaches_a_poli_with_its_admission_times(
    app, make_client, bridge, sim: Simulator, antrol, clock: FakeClock
):  # type: ignore[no-untyped-def]
    """At the loket nobody knows the poli yet: the registration waits (it is no failure)
    and goes, with tasks 1-2-3 behind it, once the loket sends the patient on."""
    bridge(RSUD, Variant.rs)
    kiosk = make_client(kiosk_key=f"demo-kiosk-{RSUD}")
    loket_id = await service_id(kiosk, RSUD, "loket")
    poli_id = await service_id(kiosk, RSUD, "penyakit-dalam")
    walkin = await kiosk.bookings.walk_in(service_id=loket_id, idempotency_key="loket-0001",
                                          nik=patient(5).nik)
    gone_home = await kiosk.bookings.walk_in(service_id=loket_id, idempotency_key="loket-0002",
                                             nik=patient(6).nik)
    await drain(app, antrol)
    assert sim.received == []
    assert {(r.kind, r.state, r.reason) for r in outbox(app) if r.kind == "add"} == {
        ("add", "waiting", "waiting_for_poli")}

    loket = await staff(make_client, "loket", RSUD)
    clock.advance(minutes=2)
    called = await loket.staff.call_next(loket_id, counter="Loket 1")
    assert called is not None and called.display_number == walkin.ticket.display_number
    clock.advance(minutes=3)
    at_poli = await loket.staff.transfer(called.ticket_id, to_service_id=poli_id)
    clock.advance(minutes=1)
    await drain(app, antrol)

    code = walkin.booking_code
    assert sim.bookings[code]["nomorantrean"] == at_poli.display_number
    assert sim.bookings[code]["namapoli"] == "Poli Penyakit Dalam"
    assert [(b["kodebooking"], b.get("taskid")) for path, b in sim.received] == [
        (code, None), (code, 1), (code, 2), (code, 3)]
    assert {t: w for (c, t), w in sim.tasks.items()} == task_times_ms(app, code)

    clock.advance(days=1)
    await drain(app, antrol)
    assert {r.state for r in outbox(app) if r.visit_id != outbox(app)[0].visit_id} == {"skipped"}
    assert gone_home.booking_code not in sim.bookings


async def test_the_admin_reads_what_failed_with_bpjs_words_and_sends_it_again(
    app, client: ApiClient, make_client, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    bookings = [await book(client, sid, serial=s) for s in (1, 2)]
    sim.refuse_with = "Poli tidak sesuai dengan jadwal HFIS"
    await drain(app, antrol)
    admin = await staff(make_client, "admin", RSUD)

    seen = await admin.bpjs_admin.outbox(RSUD)
    assert seen.counts == {"waiting": 0, "sent": 0, "failed": 2, "skipped": 0}
    assert [(m.booking_code, m.kind, m.last_code, m.last_message) for m in seen.messages] == [
        (b.booking_code, "add", "201", "Poli tidak sesuai dengan jadwal HFIS") for b in reversed(bookings)]
    text = (await admin._http.request("GET", f"/facilities/{RSUD}/bpjs/outbox")).__repr__()
    assert patient(1).nik not in text and patient(1).phone not in text

    sim.refuse_with = None
    again = await admin.bpjs_admin.retry(RSUD, seen.messages[0].id)
    assert again.state == "waiting"
    await drain(app, antrol)
    assert (await admin.bpjs_admin.outbox(RSUD)).counts["sent"] == 1
    assert await admin.bpjs_admin.retry_failed(RSUD) == 1
    await drain(app, antrol)
    after = await admin.bpjs_admin.outbox(RSUD, state=BpjsOutboxState.sent)
    assert after.counts["sent"] == 2 and after.last_sent_at is not None
    audit = await admin.audit.page(facility_id=RSUD)
    assert {"bpjs_retry", "bpjs_retry_failed"} <= {entry.action for entry in audit.entries}


async def test_another_facility_cannot_read_or_retry_its_messages(
    app, client: ApiClient, make_client, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    await book(client, await service_id(client, RSUD, "penyakit-dalam"))
    sim.refuse_with = "ditolak"
    await drain(app, antrol)
    [row] = outbox(app)
    other = await staff(make_client, "admin", SUMBER)
    for attempt in (lambda: other.bpjs_admin.outbox(RSUD), lambda: other.bpjs_admin.retry(RSUD, row.id)):
        with pytest.raises(ApiStatusError) as refused:
            await attempt()
        assert refused.value.status == 403
    with pytest.raises(ApiStatusError) as unknown:
        await other.bpjs_admin.retry(SUMBER, row.id)
    assert unknown.value.status == 404
    loket = await staff(make_client, "loket", RSUD)
    with pytest.raises(ApiStatusError):
        await loket.bpjs_admin.outbox(RSUD)
    assert [r.state for r in outbox(app)] == ["failed"]


async def test_delivered_messages_are_forgotten_after_thirty_days_failed_ones_are_not(
    app, client: ApiClient, bridge, sim: Simulator, antrol, clock: FakeClock
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    await book(client, sid, serial=1)
    await drain(app, antrol)
    sim.refuse_with = "ditolak"
    await book(client, sid, serial=2)
    await drain(app, antrol)
    assert [r.state for r in outbox(app)] == ["sent", "failed"]

    assert purge_delivered(app.state.lsr.db, now=clock() + dt.timedelta(days=29)) == 0
    assert purge_delivered(app.state.lsr.db, now=clock() + dt.timedelta(days=31)) == 1
    assert [r.state for r in outbox(app)] == ["failed"]


async def test_a_row_whose_message_cannot_be_built_fails_alone_and_the_rest_is_sent(
    app, client: ApiClient, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    """A visit whose sealed NIK no longer opens (a key lost in a restore, a damaged row):
    its registration fails with the reason, never the round of every facility."""
    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    broken, fine = await book(client, sid, serial=1), await book(client, sid, serial=2)
    with app.state.lsr.db.write_transaction() as session:
        visit = session.scalars(select(VisitRow).where(VisitRow.booking_code == broken.booking_code)).one()
        visit.nik_sealed = "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    await drain(app, antrol)

    rows = outbox(app)
    assert [r.state for r in rows] == ["failed", "sent"]
    assert rows[0].reason == "unbuilt" and rows[0].last_message  # the exception's type only
    assert patient(1).nik not in (rows[0].last_message or "")
    assert set(sim.bookings) == {fine.booking_code}


async def test_what_waits_when_the_bridge_is_turned_off_is_not_sent_until_it_is_on_again(
    app, client: ApiClient, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    booking = await book(client, await service_id(client, RSUD, "penyakit-dalam"))
    with app.state.lsr.db.write_transaction() as session:
        session.get_one(BridgeRow, RSUD).enabled = False

    await drain(app, antrol)
    assert sim.received == [] and [r.state for r in outbox(app)] == ["waiting"]

    with app.state.lsr.db.write_transaction() as session:
        session.get_one(BridgeRow, RSUD).enabled = True
    await drain(app, antrol)
    assert [r.state for r in outbox(app)] == ["sent"] and booking.booking_code in sim.bookings


async def test_two_instances_claiming_at_once_never_claim_one_row_twice(
    app, client: ApiClient, bridge, clock: FakeClock
):  # type: ignore[no-untyped-def]
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from server.bpjs.sender import claim

    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    for serial in range(1, 9):
        await book(client, sid, serial=serial)
    state, together = app.state.lsr, threading.Barrier(2)

    def instance() -> list[int]:
        together.wait()
        return [c.row_id for c in claim(state, clock())[0]]

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: instance(), range(2))
    assert not set(first) & set(second)
    assert sorted(first + second) == [r.id for r in outbox(app)]


async def test_a_refusal_quoting_the_patient_s_numbers_is_kept_without_them(
    app, client: ApiClient, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    """The outbox keeps no personal data: BPJS's message is kept for the administrator,
    but a NIK, card or phone number it quotes is not."""
    bridge(RSUD, Variant.rs)
    await book(client, await service_id(client, RSUD, "penyakit-dalam"), serial=3)
    who = patient(3)
    sim.refuse_with = f"Nomor kartu {who.bpjs_number} tidak aktif (NIK {who.nik}, HP 081234567890)"
    await drain(app, antrol)
    [row] = outbox(app)
    kept = row.last_message or ""
    assert row.state == "failed" and "Nomor kartu" in kept and "tidak aktif" in kept
    assert who.bpjs_number not in kept and who.nik not in kept and "081234567890" not in kept


async def test_an_answer_that_opens_but_is_no_lz_string_waits_like_one_that_does_not_open(
    app, client: ApiClient, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    """A sealed `response` whose plaintext is not LZ-string (a proxy's page, another
    encoding): the row waits and is tried again, the round is not broken by it."""
    import base64
    import hashlib

    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    def seal_raw(stamp: str, response: object) -> str:  # noqa: ARG001
        key = hashlib.sha256(f"{sim.cons_id}{sim.secret}{stamp}".encode()).digest()
        padder = padding.PKCS7(128).padder()
        encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
        return base64.b64encode(encryptor.update(padder.update("€ {}".encode()) + padder.finalize())
                                + encryptor.finalize()).decode()

    bridge(RSUD, Variant.rs)
    await book(client, await service_id(client, RSUD, "penyakit-dalam"))
    sim._seal = seal_raw  # type: ignore[method-assign]
    await drain(app, antrol)
    [row] = outbox(app)
    assert row.state == "waiting" and row.attempts == 1 and "not" in (row.last_message or "")


async def test_a_round_slower_than_its_claim_stops_before_sending_what_another_may_own(
    app, client: ApiClient, bridge, sim: Simulator, clock: FakeClock
):  # type: ignore[no-untyped-def]
    """BPJS answering slowly (each call 100 s of the 120 s claim): once the round's claim
    has run out, another instance may have claimed the rest, so the round stops there
    instead of sending it a second time; the rest goes next round."""
    from server.bpjs.sender import claim, release

    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    for serial in (1, 2, 3):
        await book(client, sid, serial=serial)

    async def slow(_: httpx.Request) -> None:
        clock.advance(seconds=100)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(sim.app),
                                 event_hooks={"request": [slow]}) as slow_antrol:
        await send_round(app.state.lsr, slow_antrol)
    assert len(sim.received) == 2
    assert [r.state for r in outbox(app)] == ["sent", "sent", "waiting"]

    # Another instance's claim is not released by this one.
    state = app.state.lsr
    mine, _ = claim(state, clock())
    with state.db.write_transaction() as session:
        session.get_one(OutboxRow, mine[0].row_id).claimed_until = clock() + dt.timedelta(minutes=5)
    release(state, mine)
    assert outbox(app)[2].claimed_until is not None


async def test_metrics_count_what_waits_and_what_failed_for_an_alert(
    app, client: ApiClient, bridge, sim: Simulator, antrol
):  # type: ignore[no-untyped-def]
    bridge(RSUD, Variant.rs)
    sid = await service_id(client, RSUD, "penyakit-dalam")
    await book(client, sid, serial=1)
    sim.refuse_with = "ditolak"
    await drain(app, antrol)
    await book(client, sid, serial=2)
    metrics = await scrape(app)
    assert metrics[("lsr_bpjs_outbox", (("facility_id", RSUD), ("state", "failed")))] == 1
    assert metrics[("lsr_bpjs_outbox", (("facility_id", RSUD), ("state", "waiting")))] == 1
