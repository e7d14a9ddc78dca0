"""Changing the facility directory as its admin (or Dinkes): the facility's facts and
hours, its unconfirmed marks, its services. Every change is checked with a field
message, audited with before and after, heard by open screens (a `reconfigured`
event) and refused to anyone else. Today is Monday 30 November 2026, 08:00 WIB."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from api_client import ApiClient, Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from api_client.models import (
    AnnouncementCreate,
    AnnouncementKind,
    FacilityChange,
    OpeningHours,
    ServiceChange,
    ServiceCreate,
    ServiceKind,
    ServiceSettingsChange,
    TicketStatus,
)
from server.audit.tables import AuditEventRow
from server.events.tables import QueueEventRow
from server.facilities.directory import Directory
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio

LASEM = "pkm-lasem"


@pytest.fixture
async def admin(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(f"admin.{SUMBER}", "rembang-demo")
    return staff


def audit(app, action: str) -> list[AuditEventRow]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return list(session.scalars(select(AuditEventRow).where(AuditEventRow.action == action)))


def new_service(**changes: object) -> ServiceCreate:
    values: dict[str, object] = {
        "code": "poli-lansia", "name": "Poli Lansia", "kind": ServiceKind.poli, "prefix": "Q",
        "online": True, "walkin": True, "quota_jkn": [10] * 6 + [0], "quota_non_jkn": [5] * 6 + [0],
        "quota_walkin": [10] * 6 + [0], "avg_service_minutes": 10, "counters": ["Ruang Lansia"],
    }
    return ServiceCreate.model_validate({**values, **changes})


# ------------------------------------------------------------------ facility


async def test_the_facilitys_facts_change_at_once_for_everyone(admin, client, app):  # type: ignore[no-untyped-def]
    hours = [OpeningHours(weekday=d, opens="07:00", closes="12:00") for d in range(5)]
    await admin.directory_admin.change_facility(SUMBER, FacilityChange(
        name="UPT Puskesmas Sumber", address="Jl. Sumber-Sulang Km 2", phone="(0295) 701 099",
        lat=-6.85, lon=111.41, hours=hours,
    ))
    seen = await client.facilities.get(SUMBER)
    assert (seen.name, seen.address, seen.phone) == ("UPT Puskesmas Sumber", "Jl. Sumber-Sulang Km 2",
                                                     "+62295701099")
    assert (seen.lat, seen.lon) == (-6.85, 111.41)
    assert [(h.weekday, h.opens, h.closes) for h in seen.hours] == [(d, "07:00", "12:00") for d in range(5)]
    [row] = audit(app, "change_facility")
    assert json.loads(row.before or "{}")["name"] == "Puskesmas Sumber"
    assert json.loads(row.after or "{}")["name"] == "UPT Puskesmas Sumber"
    assert json.loads(row.after or "{}")["hours"] == " ".join(f"{d}:420-720" for d in range(5))


async def test_another_instance_sees_the_change_when_it_reads_the_directory_again(admin, app):  # type: ignore[no-untyped-def]
    state = app.state.lsr
    stale = state.directory
    await admin.directory_admin.change_facility(SUMBER, FacilityChange(name="UPT Puskesmas Sumber"))
    assert stale.facilities[SUMBER].row.name == "Puskesmas Sumber"
    with state.db.read() as session:  # what the periodic refresh does (server/facilities/refresh.py)
        assert Directory.load(session).facilities[SUMBER].row.name == "UPT Puskesmas Sumber"


async def test_a_change_is_heard_on_the_facilitys_live_stream(admin, client, app):  # type: ignore[no-untyped-def]
    await admin.directory_admin.change_facility(SUMBER, FacilityChange(address="Jl. Baru 1"))
    with app.state.lsr.db.read() as session:
        events = session.scalars(select(QueueEventRow).where(QueueEventRow.type == "reconfigured")).all()
    detail = await client.facilities.get(SUMBER)
    assert {e.service_id for e in events} >= {s.id for s in detail.services}
    assert {e.facility_id for e in events} == {SUMBER}
    assert all(e.display_number == "" for e in events)


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"phone": "12345"}, "phone", "facility_phone_invalid"),
    ({"phone": "+6512345678"}, "phone", "facility_phone_invalid"),
    ({"lat": -7.8}, "lat", "outside_rembang"),
    ({"lon": 110.4}, "lon", "outside_rembang"),
    ({"kecamatan": "Blora"}, "kecamatan", "kecamatan_unknown"),
    ({"hours": [{"weekday": 0, "opens": "07:30", "closes": "12:00"},
                {"weekday": 0, "opens": "13:00", "closes": "15:00"}]}, "hours.1.weekday", "hours_overlap"),
    ({"hours": [{"weekday": 2, "opens": "12:00", "closes": "07:30"}]}, "hours.0.closes", "hours_reversed"),
])
async def test_a_facility_change_is_checked_field_by_field(admin, client, app, change, field, code):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        await admin.directory_admin.change_facility(SUMBER, FacilityChange.model_validate(change))
    assert [(f.field, f.code) for f in err.value.fields] == [(field, code)]
    assert (await client.facilities.get(SUMBER)).phone == "+62295701011"
    assert audit(app, "change_facility") == []


async def test_kecamatan_sets_its_code(admin, client):  # type: ignore[no-untyped-def]
    await admin.directory_admin.change_facility(SUMBER, FacilityChange(kecamatan="sulang"))
    seen = await client.facilities.get(SUMBER)
    assert (seen.kecamatan, seen.kecamatan_code) == ("Sulang", "33.17.08")


async def test_a_mark_is_cleared_once_checked_with_who_and_when(admin, client, app):  # type: ignore[no-untyped-def]
    assert "phone" in (await client.facilities.get(SUMBER)).unconfirmed
    seen = await admin.directory_admin.confirm(SUMBER, "phone")
    assert "phone" not in seen.facility.unconfirmed
    assert "phone" not in (await client.facilities.get(SUMBER)).unconfirmed
    [mark] = seen.confirmed
    assert (mark.field, mark.by) == ("phone", f"admin.{SUMBER}")
    assert mark.at == app.state.lsr.clock()
    with pytest.raises(ValidationFailed) as err:
        await admin.directory_admin.confirm(SUMBER, "phone")
    assert err.value.fields[0].code == "mark_not_unconfirmed"
    [row] = audit(app, "confirm_facility_mark")
    assert json.loads(row.after or "{}") == {"unconfirmed": "address,coordinates,hours"}


# ------------------------------------------------------------------ services


async def test_a_new_service_is_listed_and_bookable_with_its_quotas(admin, client, app):  # type: ignore[no-untyped-def]
    created = await admin.directory_admin.create_service(SUMBER, new_service())
    listed = {s.code: s for s in (await client.facilities.get(SUMBER)).services}
    assert listed["poli-lansia"].prefix == "Q"
    days = {d.service_date: d for d in (await client.facilities.availability(created.id)).days}
    assert days[dt.date(2026, 12, 1)].quota_jkn == 10
    booking = await book(client, created.id, day=dt.date(2026, 12, 1))
    assert booking.ticket.display_number == "Q-001"
    [row] = audit(app, "create_service")
    assert json.loads(row.after or "{}")["quota_jkn"] == "10,10,10,10,10,10,0"


async def test_a_prefix_or_code_taken_in_the_facility_is_refused_with_a_field_message(admin, client):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        await admin.directory_admin.create_service(SUMBER, new_service(prefix="B"))  # Poli Umum's
    assert (err.value.fields[0].field, err.value.fields[0].code) == ("prefix", "prefix_taken")
    assert err.value.fields[0].params["service"] == "Poli Umum"
    with pytest.raises(ValidationFailed) as err:
        await admin.directory_admin.create_service(SUMBER, new_service(code="poli-umum"))
    assert err.value.fields[0].code == "service_code_taken"
    gigi = await service_id(client, code="poli-gigi")
    with pytest.raises(ValidationFailed) as err:
        await admin.directory_admin.change_service(gigi, ServiceChange(prefix="B"))
    assert err.value.fields[0].code == "prefix_taken"
    assert (await admin.directory_admin.create_service(SUMBER, new_service(prefix="Z"))).prefix == "Z"


async def test_a_service_is_renamed_and_its_prefix_changes_only_with_no_numbers_ahead(admin, client, app):  # type: ignore[no-untyped-def]
    gigi = await service_id(client, code="poli-gigi")
    changed = await admin.directory_admin.change_service(gigi, ServiceChange(name="Poli Gigi", prefix="G"))
    assert (changed.name, changed.prefix) == ("Poli Gigi", "G")
    booked = await book(client, gigi, day=dt.date(2026, 12, 1))
    assert booked.ticket.display_number == "G-001"
    with pytest.raises(Conflict) as err:
        await admin.directory_admin.change_service(gigi, ServiceChange(prefix="H"))
    assert err.value.code == "prefix_in_use"
    assert (await client.bookings.get(booked.booking_code)).ticket.display_number == "G-001"
    [row] = audit(app, "change_service")
    assert (json.loads(row.before or "{}")["prefix"], json.loads(row.after or "{}")["prefix"]) == ("C", "G")


async def test_a_service_is_disabled_only_once_nobody_holds_one_of_its_numbers(admin, client):  # type: ignore[no-untyped-def]
    """A disabled service leaves the console's list, so nobody could call a number left
    in it: the refusal names how many, and closing those days (which cancels the
    bookings and tells the patients) lets it go."""
    gigi = await service_id(client, code="poli-gigi")
    booked = await book(client, gigi, day=dt.date(2026, 12, 1))
    with pytest.raises(Conflict) as err:
        await admin.directory_admin.change_service(gigi, ServiceChange(disabled=True))
    assert err.value.code == "service_has_numbers"
    assert [(f.field, f.params) for f in err.value.fields] == [("disabled", {"count": 1})]
    assert "poli-gigi" in {s.code for s in (await client.facilities.get(SUMBER)).services}

    await admin.staff.publish_announcement(SUMBER, AnnouncementCreate(
        kind=AnnouncementKind.closure, title="Poli gigi pindah ke RSUD", body="Mulai 1 Desember.",
        valid_from=dt.date(2026, 12, 1), valid_until=dt.date(2026, 12, 1), service_id=gigi,
    ))
    assert (await client.bookings.get(booked.booking_code)).ticket.status == TicketStatus.cancelled
    await admin.directory_admin.change_service(gigi, ServiceChange(disabled=True))
    assert "poli-gigi" not in {s.code for s in (await client.facilities.get(SUMBER)).services}
    with pytest.raises(ValidationFailed) as refused:
        await book(client, gigi, serial=2, day=dt.date(2026, 12, 2))
    assert [f.code for f in refused.value.fields] == ["service_not_bookable"]
    assert (await client.bookings.get(booked.booking_code)).ticket.display_number == "C-001"
    seen = await admin.directory_admin.get(SUMBER)
    assert next(s for s in seen.services if s.id == gigi).disabled
    await admin.directory_admin.change_service(gigi, ServiceChange(disabled=False))
    assert "poli-gigi" in {s.code for s in (await client.facilities.get(SUMBER)).services}


# ------------------------------------------------------------------ who may


async def test_dinkes_changes_any_facility(make_client, client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    await dinkes.directory_admin.change_facility(LASEM, FacilityChange(address="Jl. Raya Lasem 1"))
    assert (await client.facilities.get(LASEM)).address == "Jl. Raya Lasem 1"
    sid = await service_id(client, LASEM, code="poli-umum")
    await dinkes.directory_admin.change_service(sid, ServiceChange(name="Poli Umum Lasem"))
    with pytest.raises(NotFound):
        await dinkes.directory_admin.change_service(999_999, ServiceChange(name="x"))


@pytest.mark.parametrize("username", ["admin.pkm-sumber", "loket.pkm-lasem", "poli.pkm-lasem", None])
async def test_nobody_else_touches_a_facilitys_directory(make_client, client, app, username):  # type: ignore[no-untyped-def]
    """An admin of another facility, the facility's own loket and poli staff, and no
    one signed in: every change refused, nothing changed, nothing audited."""
    attacker = make_client()
    if username:
        await attacker.staff.login(username, "rembang-demo")
    refused = Forbidden if username else Unauthorized
    sid = await service_id(client, LASEM, code="poli-umum")
    settings = ServiceSettingsChange(
        effective_from=dt.date(2026, 12, 1), quota_jkn=[0] * 7, quota_non_jkn=[0] * 7,
        quota_walkin=[0] * 7, avg_service_minutes=5,
    )
    attempts = [
        attacker.directory_admin.get(LASEM),
        attacker.directory_admin.change_facility(LASEM, FacilityChange(name="Diretas")),
        attacker.directory_admin.confirm(LASEM, "phone"),
        attacker.directory_admin.create_service(LASEM, new_service()),
        attacker.directory_admin.change_service(sid, ServiceChange(disabled=True)),
        attacker.directory_admin.change_settings(sid, settings),
    ]
    for attempt in attempts:
        with pytest.raises(refused):
            await attempt
    detail = await client.facilities.get(LASEM)
    assert detail.name == "Puskesmas Lasem"
    assert "poli-umum" in {s.code for s in detail.services}
    with app.state.lsr.db.read() as session:
        assert session.scalars(select(AuditEventRow)).all() == []


async def test_another_facilitys_admin_cannot_tell_an_unknown_service_from_one_not_theirs(admin, client):  # type: ignore[no-untyped-def]
    theirs = await service_id(client, LASEM, code="poli-umum")
    answers = []
    for sid in (theirs, 999_999):
        with pytest.raises(Forbidden) as err:
            await admin.directory_admin.change_service(sid, ServiceChange(name="x"))
        answers.append((err.value.status, err.value.code, err.value.detail.message.replace(str(sid), "?")))
    assert answers[0] == answers[1]
