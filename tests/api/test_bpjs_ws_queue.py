"""Mobile JKN bookings land in the very queue the app, the kiosk and the desk use: one
counter (numbers continue across channels), one JKN quota, one booking per patient,
date and poli; BPJS's retries never book twice; cancel and check-in change our queue
as our own desk would; the numbers BPJS reads are our queue's."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select, update

from api_client import ApiClient, new_idempotency_key
from api_client.bpjs_codes import DOCTOR_CODE_MAX
from api_client.models import Channel, DoctorIn, DoctorWeekSession, Payer, TicketStatus
from server.bpjs.credentials import Variant
from server.bpjs.tables import DoctorMapRow, JknVisitRow, OutboxRow
from server.facilities.tables import ServiceRow
from server.queue.tables import TaskTimeRow, TicketRow, VisitRow
from tests.api.bpjs_ws_helpers import (
    FKTP_POLI,
    RS_POLI,
    RSUD,
    SUMBER,
    bridge,
    map_doctor,
    ok,
    open_bpjs,
    refused,
    take_body,
)
from tests.api.helpers import book, patient

pytestmark = pytest.mark.anyio
MONDAY = dt.date(2026, 11, 30)  # the clock's today, 08:00 WIB
TUESDAY = dt.date(2026, 12, 1)
SUNDAY = dt.date(2026, 12, 6)


@pytest.fixture
def state(app):  # type: ignore[no-untyped-def]
    return app.state.lsr


@pytest.fixture
async def rs(app, state):  # type: ignore[no-untyped-def]
    """RSUD dr. R. Soetrasno bridged, Poli Penyakit Dalam as `INT`; BPJS signed in."""
    sid = bridge(state, RSUD, Variant.rs, poli=("penyakit-dalam", RS_POLI))
    bpjs = open_bpjs(app, RSUD)
    ok(await bpjs.sign_in())
    bpjs.service_id = sid  # type: ignore[attr-defined]
    return bpjs


@pytest.fixture
async def fktp(app, state):  # type: ignore[no-untyped-def]
    sid = bridge(state, SUMBER, Variant.fktp, poli=("poli-umum", FKTP_POLI))
    bpjs = open_bpjs(app, SUMBER)
    ok(await bpjs.sign_in())
    bpjs.service_id = sid  # type: ignore[attr-defined]
    return bpjs


def set_quotas(state, sid: int, **quotas: int) -> None:  # type: ignore[no-untyped-def]
    with state.db.write_transaction() as session:
        session.execute(update(ServiceRow).where(ServiceRow.id == sid).values(**quotas))
    state.reload_directory()


def tickets(state, sid: int, day: dt.date) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    """(number, channel, status) of every ticket of the service that day, by number."""
    with state.db.read() as session:
        return [tuple(r) for r in session.execute(  # type: ignore[misc]
            select(TicketRow.number, VisitRow.channel, TicketRow.status)
            .join(VisitRow, VisitRow.id == TicketRow.visit_id)
            .where(TicketRow.service_id == sid, TicketRow.service_date == day)
            .order_by(TicketRow.number)).all()]


async def take(bpjs, serial: int = 1, *, day: dt.date = TUESDAY, **changes):  # type: ignore[no-untyped-def]
    return await bpjs.call("POST", "ambilantrean", take_body(serial, day=day, **changes))


# ------------------------------------------------------------------ one queue


async def test_numbers_continue_across_app_kiosk_desk_and_mobile_jkn(  # type: ignore[no-untyped-def]
        fktp, state, client: ApiClient, make_client) -> None:
    sid = fktp.service_id
    await book(client, sid, serial=1, day=MONDAY)  # the app: number 1
    first = ok(await fktp.call("POST", "antrean", take_body(2, day=MONDAY, kodepoli=FKTP_POLI,
                                                            keluhan="batuk")))
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SUMBER}")
    await kiosk.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key())
    desk = make_client()
    await desk.staff.login(f"loket.{SUMBER}", "rembang-demo")
    await desk.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key())
    second = ok(await fktp.call("POST", "antrean", take_body(3, day=MONDAY, kodepoli=FKTP_POLI)))
    assert (first["angkaantrean"], second["angkaantrean"]) == (2, 5)
    assert first["nomorantrean"] == "B-002" and first["namapoli"] == "Poli Umum"
    assert [(n, c) for n, c, _ in tickets(state, sid, MONDAY)] == [
        (1, "app"), (2, "mobile_jkn"), (3, "kiosk"), (4, "desk"), (5, "mobile_jkn")]
    # BPJS reads the very queue: five numbers, none called yet, nobody being called.
    status = ok(await fktp.call("GET", f"antrean/status/{FKTP_POLI}/{MONDAY.isoformat()}"))
    queue = await client.queues.state(sid, date=MONDAY)
    assert (status["totalantrean"], status["sisaantrean"]) == (queue.total, queue.waiting) == (5, 5)
    assert status["antreanpanggil"] == "-"


async def test_a_mobile_jkn_booking_is_a_jkn_booking_of_the_app_s_kind(rs, state, client) -> None:  # type: ignore[no-untyped-def]
    taken = ok(await take(rs, 1, norm="RM-0001", jeniskunjungan=3, nomorreferensi="0301K0010001"))
    booking = await client.bookings.get(taken["kodebooking"])
    assert booking.channel is Channel.mobile_jkn and booking.payer is Payer.jkn
    assert booking.service_date == TUESDAY and booking.nik_masked and booking.nik_masked.endswith("0001")
    assert booking.ticket.status is TicketStatus.booked
    assert taken["estimasidilayani"] == int(booking.ticket.estimated_call_at.timestamp() * 1000)  # type: ignore[union-attr]
    assert (taken["kuotajkn"], taken["sisakuotajkn"]) == (30, 29)
    assert (taken["kuotanonjkn"], taken["sisakuotanonjkn"]) == (10, 10)
    assert taken["norm"] == "RM-0001"
    with state.db.read() as session:
        visit = session.scalars(select(VisitRow).where(VisitRow.booking_code == taken["kodebooking"])).one()
        extras = session.get(JknVisitRow, visit.id)
        assert state.vault.open(visit.bpjs_sealed, purpose="bpjs") == "0000000000001"
        assert state.vault.open(visit.birth_date_sealed, purpose="birth_date") == "1990-06-05"
    assert (extras.jeniskunjungan, extras.nomorreferensi, extras.norm, extras.jampraktek) == (
        3, "0301K0010001", "RM-0001", "08:00-12:00")


async def test_the_jkn_quota_is_shared_by_the_app_and_mobile_jkn(rs, state, client) -> None:  # type: ignore[no-untyped-def]
    set_quotas(state, rs.service_id, quota_jkn=2)
    await book(client, rs.service_id, serial=1, day=TUESDAY)
    taken = ok(await take(rs, 2))
    assert (taken["kuotajkn"], taken["sisakuotajkn"]) == (2, 0)
    refused(await take(rs, 3), "kuota jkn", "penuh", "2026-12-01")
    with pytest.raises(Exception, match="quota"):
        await book(client, rs.service_id, serial=4, day=TUESDAY)
    assert len(tickets(state, rs.service_id, TUESDAY)) == 2
    # A cancelled Mobile JKN booking gives its place back to anyone.
    ok(await rs.call("POST", "batalantrean", {"kodebooking": taken["kodebooking"], "keterangan": "sakit"}))
    await book(client, rs.service_id, serial=4, day=TUESDAY)


# ------------------------------------------------------------------ idempotency


async def test_a_retried_request_answers_the_same_booking_and_books_once(rs, state) -> None:  # type: ignore[no-untyped-def]
    first = ok(await take(rs, 1))
    again = ok(await take(rs, 1))
    assert again["kodebooking"] == first["kodebooking"]
    assert again["angkaantrean"] == first["angkaantrean"] == 1
    assert len(tickets(state, rs.service_id, TUESDAY)) == 1
    # Another number for the same patient, date and poli, asked differently: refused.
    refused(await take(rs, 1, nohp="085711112222"), "sudah memiliki antrean")
    refused(await take(rs, 1, jeniskunjungan=3), "sudah memiliki antrean")
    assert len(tickets(state, rs.service_id, TUESDAY)) == 1
    # Another day is another booking.
    assert ok(await take(rs, 1, day=dt.date(2026, 12, 2)))["kodebooking"] != first["kodebooking"]


async def test_a_patient_booked_in_the_app_is_refused_as_a_duplicate(rs, state, client) -> None:  # type: ignore[no-untyped-def]
    booking = await book(client, rs.service_id, serial=1, day=TUESDAY)
    message = refused(await take(rs, 1), "sudah memiliki antrean", "2026-12-01")
    assert booking.booking_code not in message
    assert len(tickets(state, rs.service_id, TUESDAY)) == 1


async def test_after_a_cancel_the_same_request_books_again(rs, state) -> None:  # type: ignore[no-untyped-def]
    first = ok(await take(rs, 1))
    ok(await rs.call("POST", "batalantrean", {"kodebooking": first["kodebooking"]}))
    second = ok(await take(rs, 1))
    assert second["kodebooking"] != first["kodebooking"] and second["angkaantrean"] == 2


# ------------------------------------------------------------------ refusals


async def test_an_unmapped_poli_is_refused_by_name(rs) -> None:  # type: ignore[no-untyped-def]
    refused(await take(rs, 1, kodepoli="JAN"), "poli jan belum terdaftar", "RSUD dr. R. Soetrasno")
    refused(await rs.call("POST", "statusantrean", {"kodepoli": "JAN", "tanggalperiksa": "2026-12-01"}),
            "belum terdaftar")


async def test_dates_in_the_past_too_far_ahead_or_on_a_closed_day_are_refused(rs, clock, state) -> None:  # type: ignore[no-untyped-def]
    refused(await take(rs, 1, day=dt.date(2026, 11, 27)), "sudah lewat")
    refused(await take(rs, 2, day=dt.date(2027, 11, 30)), "di luar masa pendaftaran", "2026-12-07")
    refused(await take(rs, 3, day=SUNDAY), "tutup", "2026-12-06")
    clock.set(2026, 11, 30, 14, 30)  # after the poli's closing today
    ok(await rs.sign_in())
    refused(await take(rs, 4, day=MONDAY), "tutup")
    assert tickets(state, rs.service_id, MONDAY) == tickets(state, rs.service_id, SUNDAY) == []


@pytest.mark.parametrize(("field", "value", "why"), [
    ("nik", "331701450690000", "nik"),  # 15 digits
    ("nik", "3317019999990001", "nik"),  # no such birth date
    ("nomorkartu", "000000000001", "nomorkartu"),  # 12 digits
    ("nohp", "0295123456", "nohp"),  # a landline
    ("tanggalperiksa", "01-12-2026", "tanggalperiksa"),
    ("tanggalperiksa", 1764547200, "tanggalperiksa"),
    ("kodepoli", "INT' OR '1'='1", "kodepoli"),
    ("kodepoli", "ＩＮＴ", "kodepoli"),  # full-width look-alikes of INT
    ("jampraktek", "٠٨:٠٠-١٢:٠٠", "jampraktek"),  # Arabic-Indic digits: sent on to BPJS as they are
    ("kodedokter", 10**30, "kodedokter"),
    ("jeniskunjungan", 9, "jeniskunjungan"),
    ("nik", None, "nik"),
])
async def test_a_malformed_body_is_refused_naming_the_field(rs, state, field, value, why) -> None:  # type: ignore[no-untyped-def]
    message = refused(await take(rs, 1, **{field: value}), why)
    assert str(value) not in message or field == "jeniskunjungan"
    assert tickets(state, rs.service_id, TUESDAY) == []


@pytest.mark.parametrize(("field", "value", "said"), [
    ("nik", "0017014506900001", "nik: kode wilayah NIK tidak dikenal"),
    ("nik", "3317019999990001", "nik: tanggal lahir dalam NIK tidak sah"),
    ("nik", "33170145069", "nik: NIK harus 16 digit"),
    ("nomorkartu", "12345", "nomorkartu: nomor kartu harus 13 digit"),
    ("nohp", "0295123456", "nohp: harus nomor HP (seluler)"),
])
async def test_an_identity_refusal_is_in_bahasa_indonesia_and_quotes_no_digit_sent(  # type: ignore[no-untyped-def]
        rs, field, value, said) -> None:
    """Mobile JKN shows the message to the patient as it is."""
    message = refused(await take(rs, 1, **{field: value}))
    assert message.startswith(said), message
    assert not any(value[i:i + 4] in message for i in range(len(value) - 3)), message


async def test_not_json_and_oversized_bodies_are_refused_in_the_envelope(rs, state) -> None:  # type: ignore[no-untyped-def]
    headers = {"x-token": rs.token, "x-username": "mobilejkn", "content-type": "application/json"}
    refused(await rs.raw("POST", "ambilantrean", headers=headers, content=b"{nik: 1"), "json")
    refused(await rs.raw("POST", "ambilantrean", headers=headers, content=b"[]"), "body")
    big = await rs.raw("POST", "ambilantrean", headers=headers, content=b" " * 100_000, status=413)
    refused(big, "terlalu besar")
    # A JSON bomb within the size limit: arrays nested 4000 deep.
    refused(await rs.raw("POST", "ambilantrean", headers=headers, content=b"[" * 4000 + b"]" * 4000), "json")
    # A doctor code no database integer holds, where only the doctor's name is looked up.
    for kodedokter in (10**30, -1):
        refused(await rs.call("POST", "statusantrean", {
            "kodepoli": RS_POLI, "tanggalperiksa": TUESDAY.isoformat(), "kodedokter": kodedokter}),
            "kodedokter")
    assert tickets(state, rs.service_id, TUESDAY) == []


# ------------------------------------------------------------------ the doctor


async def test_a_mapped_doctor_is_the_booking_s_doctor_and_one_off_duty_is_refused(  # type: ignore[no-untyped-def]
        rs, state, client, make_client) -> None:
    admin = make_client()
    await admin.staff.login(f"admin.{RSUD}", "rembang-demo")
    doctor = await admin.doctors.add(RSUD, DoctorIn(name="dr. Sri Wahyuni, Sp.PD", service_id=rs.service_id,
                                     sessions=[DoctorWeekSession(weekday=1, starts="08:00", ends="12:00")]))
    map_doctor(state, RSUD, doctor.id, 12345)
    taken = ok(await take(rs, 1, kodedokter=12345))
    assert taken["namadokter"] == "dr. Sri Wahyuni, Sp.PD"
    # The largest code the BPJS page takes is one Mobile JKN can book with too.
    with state.db.write_transaction() as session:
        session.get_one(DoctorMapRow, doctor.id).kodedokter = DOCTOR_CODE_MAX
    assert ok(await take(rs, 4, kodedokter=DOCTOR_CODE_MAX))["namadokter"] == "dr. Sri Wahyuni, Sp.PD"
    with state.db.write_transaction() as session:
        session.get_one(DoctorMapRow, doctor.id).kodedokter = 12345
    assert (await client.bookings.get(taken["kodebooking"])).doctor_id == doctor.id
    # Not on Wednesdays.
    refused(await take(rs, 2, kodedokter=12345, day=dt.date(2026, 12, 2)), "dokter", "tidak praktik")
    # An unknown doctor code books the poli, any doctor.
    other = ok(await take(rs, 3, kodedokter=99999))
    assert (await client.bookings.get(other["kodebooking"])).doctor_id is None


# ------------------------------------------------------------------ cancel, check-in


async def test_cancel_is_reflected_in_our_queue_and_refused_after_check_in(rs, state, client, clock) -> None:  # type: ignore[no-untyped-def]
    taken = ok(await take(rs, 1))
    ok(await rs.call("POST", "batalantrean", {"kodebooking": taken["kodebooking"], "keterangan": "batal"}))
    booking = await client.bookings.get(taken["kodebooking"])
    assert booking.ticket.status is TicketStatus.cancelled
    ok(await rs.call("POST", "batalantrean", {"kodebooking": taken["kodebooking"]}))  # a retry
    refused(await rs.call("POST", "sisaantrean", {"kodebooking": taken["kodebooking"]}), "dibatalkan")
    # Checked in today: no cancel any more.
    today = ok(await take(rs, 2, day=MONDAY))
    ok(await rs.call("POST", "checkinantrean", {"kodebooking": today["kodebooking"],
                                                "waktu": int(clock().timestamp() * 1000)}))
    refused(await rs.call("POST", "batalantrean", {"kodebooking": today["kodebooking"]}), "sudah check-in")
    assert (await client.bookings.get(today["kodebooking"])).ticket.status is TicketStatus.checked_in


async def test_a_booking_of_a_past_day_cannot_be_cancelled(rs, clock) -> None:  # type: ignore[no-untyped-def]
    taken = ok(await take(rs, 1))
    clock.set(2026, 12, 2, 8, 0)
    rs.token = None
    ok(await rs.sign_in())
    refused(await rs.call("POST", "batalantrean", {"kodebooking": taken["kodebooking"]}), "sudah lewat")


async def test_check_in_records_task_3_as_the_desk_does(rs, state, client, clock) -> None:  # type: ignore[no-untyped-def]
    taken = ok(await take(rs, 1, day=MONDAY))
    waktu = int(clock().timestamp() * 1000)
    ok(await rs.call("POST", "checkinantrean", {"kodebooking": taken["kodebooking"], "waktu": waktu}))
    booking = await client.bookings.get(taken["kodebooking"])
    assert booking.ticket.status is TicketStatus.checked_in and booking.checked_in_at == clock()
    with state.db.read() as session:
        visit = session.scalars(select(VisitRow).where(VisitRow.booking_code == taken["kodebooking"])).one()
        tasks = session.scalars(select(TaskTimeRow.task_id).where(TaskTimeRow.visit_id == visit.id)).all()
    assert list(tasks) == [3]
    refused(await rs.call("POST", "checkinantrean", {"kodebooking": taken["kodebooking"], "waktu": waktu}),
            "sudah check-in")


async def test_check_in_is_for_the_booked_day_and_a_known_code(rs, clock) -> None:  # type: ignore[no-untyped-def]
    tomorrow = ok(await take(rs, 1))
    waktu = int(clock().timestamp() * 1000)
    refused(await rs.call("POST", "checkinantrean", {"kodebooking": tomorrow["kodebooking"], "waktu": waktu}),
            "2026-12-01")
    refused(await rs.call("POST", "checkinantrean", {"kodebooking": "XXXXXX", "waktu": waktu}),
            "tidak ditemukan")
    refused(await rs.call("POST", "checkinantrean", {"kodebooking": tomorrow["kodebooking"],
                                                     "waktu": waktu - 3 * 86_400_000}), "hari ini")


async def test_codes_of_other_channels_and_facilities_are_unknown_to_bpjs(rs, app, state, client) -> None:  # type: ignore[no-untyped-def]
    app_booking = await book(client, rs.service_id, serial=1, day=TUESDAY)
    for path in ("sisaantrean", "batalantrean"):
        refused(await rs.call("POST", path, {"kodebooking": app_booking.booking_code}), "tidak ditemukan")
    today = await book(client, rs.service_id, serial=5, day=MONDAY)  # check-in is for today's
    now_ms = int(state.clock().timestamp() * 1000)
    refused(await rs.call("POST", "checkinantrean", {"kodebooking": today.booking_code, "waktu": now_ms}),
            "tidak ditemukan")
    assert (await client.bookings.get(today.booking_code)).ticket.status is TicketStatus.booked
    assert (await client.bookings.get(app_booking.booking_code)).ticket.status is TicketStatus.booked
    # A Mobile JKN booking of Puskesmas Sumber, asked for at the RSUD.
    bridge(state, SUMBER, Variant.fktp, poli=("poli-umum", FKTP_POLI))
    sumber = open_bpjs(app, SUMBER)
    ok(await sumber.sign_in())
    ok(await sumber.call("POST", "antrean", take_body(2, day=TUESDAY, kodepoli=FKTP_POLI)))
    with state.db.read() as session:
        code = session.scalars(select(VisitRow.booking_code).where(VisitRow.facility_id == SUMBER)).one()
    refused(await rs.call("POST", "batalantrean", {"kodebooking": code}), "tidak ditemukan")


# ------------------------------------------------------------------ what BPJS reads


async def test_remaining_queue_is_our_estimate_of_the_booking(rs, state, client, clock) -> None:  # type: ignore[no-untyped-def]
    codes = [ok(await take(rs, s, day=MONDAY))["kodebooking"] for s in (1, 2, 3)]
    for code in codes:
        ok(await rs.call("POST", "checkinantrean", {"kodebooking": code,
                                                    "waktu": int(clock().timestamp() * 1000)}))
    left = ok(await rs.call("POST", "sisaantrean", {"kodebooking": codes[2]}))
    booking = await client.bookings.get(codes[2])
    assert left["sisaantrean"] == booking.ticket.people_ahead == 2
    assert left["nomorantrean"] == booking.ticket.display_number == "PD-003"
    expected = int((booking.ticket.estimated_call_at - clock()).total_seconds())  # type: ignore[operator]
    assert left["waktutunggu"] == expected > 0
    assert left["antreanpanggil"] == "-"


async def test_status_counts_match_our_queue_without_cancelled_numbers(rs, state, client) -> None:  # type: ignore[no-untyped-def]
    await book(client, rs.service_id, serial=1, day=TUESDAY)
    codes = [ok(await take(rs, s))["kodebooking"] for s in (2, 3)]
    ok(await rs.call("POST", "batalantrean", {"kodebooking": codes[0]}))
    status = ok(await rs.call("POST", "statusantrean", {
        "kodepoli": RS_POLI, "kodedokter": None, "tanggalperiksa": "2026-12-01",
        "jampraktek": "08:00-12:00"}))
    assert (status["totalantrean"], status["sisaantrean"]) == (2, 2)
    assert (status["kuotajkn"], status["sisakuotajkn"]) == (30, 28)
    assert status["namapoli"] == "Poli Penyakit Dalam"


async def test_fktp_remaining_and_cancel_go_by_card_poli_and_date(fktp, state, client) -> None:  # type: ignore[no-untyped-def]
    taken = ok(await fktp.call("POST", "antrean", take_body(1, day=TUESDAY, kodepoli=FKTP_POLI,
                                                            keluhan="demam")))
    ok(await fktp.call("POST", "antrean", take_body(2, day=TUESDAY, kodepoli=FKTP_POLI)))
    left = ok(await fktp.call("GET", f"antrean/sisapeserta/{2:013d}/{FKTP_POLI}/2026-12-01"))
    assert left["nomorantrean"] == "B-002"
    refused(await fktp.call("GET", f"antrean/sisapeserta/{9:013d}/{FKTP_POLI}/2026-12-01"), "tidak memiliki")
    ok(await fktp.call("PUT", "antrean/batal", {"nomorkartu": f"{1:013d}", "kodepoli": FKTP_POLI,
                                                "tanggalperiksa": "2026-12-01", "keterangan": "batal"}))
    with state.db.read() as session:
        statuses = session.execute(select(TicketRow.number, TicketRow.status)
                                   .where(TicketRow.service_date == TUESDAY).order_by(TicketRow.number)).all()
    assert [tuple(s) for s in statuses] == [(1, "cancelled"), (2, "booked")]
    assert taken["angkaantrean"] == 1


async def test_new_patient_and_surgery_look_ups_answer_in_shape_and_store_nothing(rs, fktp, state) -> None:  # type: ignore[no-untyped-def]
    identity = {"nomorkartu": f"{1:013d}", "nik": "3317014506900001", "nomorkk": "3317010101010001",
                "nama": "Siti Aminah", "jeniskelamin": "P", "tanggallahir": "1990-06-05",
                "nohp": "081234567890", "alamat": "Jl. Raya Sumber", "rt": "001", "rw": "002"}
    for bpjs, path in ((rs, "infopasienbaru"), (fktp, "peserta")):
        answer = await bpjs.call("POST", path, identity)
        refused(answer, "tidak menyimpan rekam medis")
    assert ok(await rs.call("POST", "jadwaloperasirs", {"tanggalawal": "2026-12-01",
                                                        "tanggalakhir": "2026-12-31"})) == {"list": []}
    assert ok(await rs.call("POST", "jadwaloperasipasien", {"nopeserta": f"{1:013d}"})) == {"list": []}
    refused(await rs.call("POST", "jadwaloperasirs", {"tanggalawal": "2026-12-31",
                                                      "tanggalakhir": "2026-12-01"}), "tanggalakhir")
    with state.db.read() as session:
        assert session.scalars(select(VisitRow)).first() is None


async def test_patient_helper_is_the_same_person_as_take_body(rs) -> None:  # type: ignore[no-untyped-def]
    """The tests above compare app and Mobile JKN bookings of one person: the same NIK."""
    assert patient(1).nik == take_body(1, day=TUESDAY)["nik"]


async def test_the_same_request_twice_at_once_books_once_and_answers_both_alike(rs, state) -> None:  # type: ignore[no-untyped-def]
    answers = await asyncio.gather(*(take(rs, 1) for _ in range(3)))
    codes = {ok(a)["kodebooking"] for a in answers}
    assert len(codes) == 1
    assert len(tickets(state, rs.service_id, TUESDAY)) == 1


async def test_a_cancel_bpjs_asked_for_is_not_sent_back_to_bpjs_but_its_check_in_is(rs, state, clock) -> None:  # type: ignore[no-untyped-def]
    cancelled = ok(await take(rs, 1))["kodebooking"]
    arrived = ok(await take(rs, 2, day=MONDAY))["kodebooking"]
    ok(await rs.call("POST", "batalantrean", {"kodebooking": cancelled}))
    ok(await rs.call("POST", "checkinantrean", {"kodebooking": arrived,
                                                "waktu": int(clock().timestamp() * 1000)}))
    with state.db.read() as session:
        rows = session.execute(
            select(VisitRow.booking_code, OutboxRow.kind, OutboxRow.task_id, OutboxRow.state)
            .join(VisitRow, VisitRow.id == OutboxRow.visit_id)).all()
    waiting = {(code, kind, task) for code, kind, task, st in rows if st == "waiting"}
    assert (cancelled, "cancel", 0) not in waiting and (cancelled, "task", 99) in waiting
    assert (arrived, "task", 3) in waiting
    assert not any(kind == "add" for _, kind, _, _ in rows)  # BPJS made these bookings itself
