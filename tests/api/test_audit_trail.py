"""The audit trail of staff actions: every action leaves one row (who, what, when,
before and after) written in the action's own transaction, with ids and numbers but
no personal data; and the database refuses to change or delete a row, even for the
service's own connection.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from api_client import ApiClient, ApiStatusError, new_idempotency_key
from api_client.models import (
    AnnouncementCreate,
    AnnouncementKind,
    ComplaintCategory,
    ComplaintContact,
    ComplaintStatus,
)
from server.audit.tables import AuditEventRow
from server.queue import intake
from tests.api.helpers import arrive, book, nik_for, service_id

pytestmark = pytest.mark.anyio

SUMBER = "pkm-sumber"


def trail(app) -> list[dict]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        rows = session.scalars(select(AuditEventRow).order_by(AuditEventRow.id)).all()
        return [
            {"actor": r.actor, "role": r.role, "facility_id": r.facility_id, "action": r.action,
             "subject": r.subject, "at": r.at, "before": json.loads(r.before or "null"),
             "after": json.loads(r.after or "null")}
            for r in rows
        ]


@pytest.fixture
async def admin(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(f"admin.{SUMBER}", "rembang-demo")
    return staff


async def test_each_staff_action_leaves_who_what_when_before_and_after(admin, app, clock):  # type: ignore[no-untyped-def]
    loket = await service_id(admin, SUMBER, "loket")
    poli = await service_id(admin, SUMBER, "poli-umum")
    for _ in range(2):
        await admin.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key())
    first = await admin.staff.call_next(loket, counter="Loket 1")
    assert first is not None
    await admin.staff.recall(first.ticket_id)
    await admin.staff.start(first.ticket_id)
    moved = await admin.staff.transfer(first.ticket_id, to_service_id=poli)
    second = await admin.staff.call_next(loket, counter="Loket 1")
    assert second is not None
    await admin.staff.skip(second.ticket_id)

    rows = trail(app)
    assert [(r["actor"], r["role"], r["facility_id"], r["action"], r["subject"]) for r in rows] == [
        (f"admin.{SUMBER}", "admin", SUMBER, action, f"ticket:{ticket}")
        for action, ticket in (
            ("call", first.ticket_id), ("recall", first.ticket_id), ("start_serving", first.ticket_id),
            ("transfer", first.ticket_id), ("call", second.ticket_id), ("skip", second.ticket_id),
        )
    ]
    assert [(r["before"]["status"], r["after"]["status"]) for r in rows] == [
        ("checked_in", "called"), ("called", "called"), ("called", "serving"),
        ("serving", "checked_in"), ("checked_in", "called"), ("called", "no_show"),
    ]
    assert rows[3]["after"] == {
        "ticket_id": moved.ticket_id, "service_id": poli, "number": moved.number,
        "status": "checked_in", "counter": None,
    }
    assert rows[0]["after"]["counter"] == "Loket 1"
    assert {r["at"] for r in rows} == {clock()}


async def test_announcements_and_complaint_replies_are_in_the_trail(admin, client, app):  # type: ignore[no-untyped-def]
    published = await admin.staff.publish_announcement(SUMBER, AnnouncementCreate(
        kind=AnnouncementKind.campaign, title="Posyandu lansia",
        body="Hari Rabu pukul 08.00 di balai desa.", valid_from=dt.date(2026, 11, 30),
        valid_until=dt.date(2026, 12, 2),
    ))
    sent = await client.complaints.send(
        facility_id=SUMBER, category=ComplaintCategory.pelayanan, text="Antrean loket lama sekali.",
        contact=ComplaintContact(name="Siti Aminah", phone="0812-3456-7890"), contact_consent=True,
        idempotency_key=new_idempotency_key(),
    )
    complaint = next(c for c in await admin.complaints.list() if c.tracking_code == sent.tracking_code)
    await admin.complaints.reply(complaint.id, reply="Maaf, kami tambah petugas loket.")
    await admin.complaints.set_status(complaint.id, ComplaintStatus.selesai)

    rows = trail(app)
    assert [(r["action"], r["subject"], r["before"], r["after"]) for r in rows] == [
        ("publish_announcement", f"announcement:{published.id}", None,
         {"kind": "campaign", "service_id": None, "valid_from": "2026-11-30",
          "valid_until": "2026-12-02", "withdrawn_at": None, "cancelled": 0}),
        ("reply_complaint", f"complaint:{complaint.id}", {"status": "diterima", "answered": False},
         {"status": "diproses", "answered": True}),
        ("complaint_status", f"complaint:{complaint.id}", {"status": "diproses", "answered": True},
         {"status": "selesai", "answered": True}),
    ]
    dump = repr(rows)
    assert "Siti" not in dump and "3456" not in dump and "petugas" not in dump


async def test_a_closures_cancellations_are_in_the_trail_like_a_staff_action(admin, client, app):  # type: ignore[no-untyped-def]
    """A closure cancels the bookings on its dates; each cancellation is the publishing
    admin's action, with the ticket before and after, like a call or a skip."""
    poli = await service_id(admin, SUMBER, "poli-umum")
    closed_day = dt.date(2026, 12, 2)
    booked = [await book(client, poli, serial=serial, day=closed_day) for serial in (81, 82)]
    published = await admin.staff.publish_announcement(SUMBER, AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Fumigasi gedung", body="Pelayanan dialihkan.",
        valid_from=closed_day, valid_until=closed_day,
    ))

    rows = trail(app)
    assert [(r["actor"], r["role"], r["facility_id"], r["action"], r["subject"]) for r in rows] == [
        *((f"admin.{SUMBER}", "admin", SUMBER, "cancel", f"ticket:{b.ticket.ticket_id}") for b in booked),
        (f"admin.{SUMBER}", "admin", SUMBER, "publish_announcement", f"announcement:{published.id}"),
    ]
    assert [(r["before"]["status"], r["after"]["status"]) for r in rows[:2]] == [
        ("booked", "cancelled"), ("booked", "cancelled"),
    ]
    assert rows[0]["after"] == {
        "ticket_id": booked[0].ticket.ticket_id, "service_id": poli,
        "number": booked[0].ticket.number, "status": "cancelled", "counter": None,
    }
    for personal in (nik_for(81), nik_for(82), *(b.booking_code for b in booked)):
        assert personal not in repr(rows)


async def test_the_trail_holds_ticket_numbers_and_ids_but_no_personal_data(admin, client, app):  # type: ignore[no-untyped-def]
    poli = await service_id(admin, SUMBER, "poli-umum")
    booking = await book(client, poli, serial=77)
    await arrive(client, booking)
    called = await admin.staff.call_next(poli, counter="Poli Umum")
    assert called is not None and called.ticket_id == booking.ticket.ticket_id
    await admin.staff.done(called.ticket_id)

    dump = repr(trail(app))
    assert "finish" in dump and f"ticket:{called.ticket_id}" in dump
    for personal in (nik_for(77), "6281234567890", "Siti", f"{77:013d}", "0077", booking.booking_code):
        assert personal not in dump


async def test_a_refused_action_leaves_no_row(admin, app):  # type: ignore[no-untyped-def]
    loket = await service_id(admin, SUMBER, "loket")
    await admin.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key())
    called = await admin.staff.call_next(loket, counter="Loket 1")
    assert called is not None
    await admin.staff.done(called.ticket_id)
    with pytest.raises(ApiStatusError, match="wrong_ticket_status"):
        await admin.staff.recall(called.ticket_id)
    assert [r["action"] for r in trail(app)] == ["call", "finish"]


async def test_a_dinkes_privacy_request_is_in_the_trail_without_naming_the_person(  # type: ignore[no-untyped-def]
    client, make_client, app,
):
    poli = await service_id(client, SUMBER, "poli-umum")
    await book(client, poli, serial=78)
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    await dinkes.privacy.export_by_nik(nik_for(78), request_reference="SR/2026/117")
    await dinkes.privacy.anonymise_by_nik(nik_for(78), request_reference="SR/2026/117")
    rows = trail(app)
    assert [(r["actor"], r["facility_id"], r["action"], r["subject"], r["after"]) for r in rows] == [
        ("dinkes", None, "privacy_export", "person", {"visits": 1, "request_reference": "SR/2026/117"}),
        ("dinkes", None, "privacy_anonymise", "person",
         {"visits": 1, "request_reference": "SR/2026/117"}),
    ]
    assert nik_for(78) not in repr(rows)


async def test_a_dinkes_look_up_that_finds_no_one_is_in_the_trail_too(make_client, app):  # type: ignore[no-untyped-def]
    """Every NIK Dinkes looks up is accounted for, found or not (404 still answered):
    the row names the written request, never the NIK nor a hash of it."""
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    for look_up in (dinkes.privacy.export_by_nik, dinkes.privacy.anonymise_by_nik):
        with pytest.raises(ApiStatusError) as unknown:
            await look_up(nik_for(79), request_reference="SR/2026/118")
        assert (unknown.value.status, unknown.value.code) == (404, "person_not_found")
    rows = trail(app)
    assert [(r["actor"], r["action"], r["subject"], r["after"]) for r in rows] == [
        ("dinkes", "privacy_export", "person", {"visits": 0, "request_reference": "SR/2026/118"}),
        ("dinkes", "privacy_anonymise", "person", {"visits": 0, "request_reference": "SR/2026/118"}),
    ]
    keys = intake.patient_keys(app.state.lsr.vault, nik_for(79))
    assert [secret for secret in (nik_for(79), *keys) if secret in repr(rows)] == []


async def test_the_service_itself_cannot_change_or_delete_the_trail(admin, app):  # type: ignore[no-untyped-def]
    loket = await service_id(admin, SUMBER, "loket")
    await admin.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key())
    await admin.staff.call_next(loket, counter="Loket 1")
    before = trail(app)
    assert len(before) == 1
    engine = app.state.lsr.db.engine  # the service's own connection and role
    statements = [
        "UPDATE audit_event SET actor = 'someone-else'",
        "DELETE FROM audit_event",
    ]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_event")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert trail(app) == before
