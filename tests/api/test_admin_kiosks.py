"""Kiosk devices on the admin face: a facility's admin enrols a kiosk (its key shown
once), renames it, revokes it (the key stops at once), and sees when each was last
seen and how its printer is; Dinkes does so for every facility. Admins of another
facility, other staff and kiosks are refused, and learn nothing about other
facilities' devices."""

from __future__ import annotations

import datetime as dt
import secrets

import httpx
import pytest
from sqlalchemy import select

from api_client import ApiClient, Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from api_client.models import PrinterState
from server.audit.tables import AuditEventRow
from server.seed.load import kiosk_key_hash
from server.staff.tables import KioskDeviceRow
from tests.api.helpers import SUMBER, service_id
from tests.support.clock import wib
from tests.support.served import as_served

pytestmark = pytest.mark.anyio
LASEM = "pkm-lasem"


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.staff.login(username, "rembang-demo")
    return client


def audit_rows(app, action: str) -> list[AuditEventRow]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return list(session.scalars(select(AuditEventRow).where(AuditEventRow.action == action)))


async def test_an_admin_enrols_a_kiosk_whose_key_works_and_is_shown_only_once(app, make_client, clock):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    enrolment = await admin.kiosks.enrol(SUMBER, name="  Kiosk KIA ")
    assert enrolment.device.name == "Kiosk KIA" and enrolment.device.active
    assert enrolment.device.enrolled_at == clock.now
    assert enrolment.setup_text == f"LSR_KIOSK_FACILITY={SUMBER}\nLSR_KIOSK_KEY={enrolment.key}\n"
    kiosk = make_client(kiosk_key=enrolment.key)
    me = await kiosk.staff.me()
    assert me.role == "kiosk" and me.facility_id == SUMBER
    listed = await admin.kiosks.list()
    assert enrolment.device.device_id in [d.device_id for d in listed]
    assert enrolment.key not in str([d.model_dump() for d in listed])  # never again
    with app.state.lsr.db.read() as session:
        stored = session.get(KioskDeviceRow, enrolment.device.device_id)
        assert stored is not None and enrolment.key not in stored.key_hash
    [row] = audit_rows(app, "kiosk_key.issue")
    assert (row.actor, row.facility_id, row.subject) == (
        "admin.pkm-sumber", SUMBER, f"kiosk:{enrolment.device.device_id}")
    assert enrolment.key not in (row.after or "")


async def test_a_revoked_kiosk_key_is_refused_on_the_very_next_request(app, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    enrolment = await admin.kiosks.enrol(SUMBER, name="Kiosk lobi 2")
    kiosk = make_client(kiosk_key=enrolment.key)
    loket = await service_id(kiosk, code="loket")
    await kiosk.bookings.walk_in(service_id=loket, idempotency_key="kiosk-before-revoke")
    revoked = await admin.kiosks.revoke(enrolment.device.device_id)
    assert not revoked.active
    with pytest.raises(Unauthorized):
        await kiosk.bookings.walk_in(service_id=loket, idempotency_key="kiosk-after-revoke")
    with pytest.raises(Unauthorized):
        await kiosk.kiosks.report_status(printer=PrinterState.ok)
    [row] = audit_rows(app, "kiosk_key.revoke")
    assert row.subject == f"kiosk:{enrolment.device.device_id}" and row.facility_id == SUMBER
    with pytest.raises(Conflict) as again:
        await admin.kiosks.revoke(enrolment.device.device_id)
    assert again.value.code == "kiosk_revoked"
    with pytest.raises(Conflict) as renamed:
        await admin.kiosks.rename(enrolment.device.device_id, name="Kiosk dihidupkan lagi")
    assert renamed.value.code == "kiosk_revoked"
    listed = {d.device_id: d for d in await admin.kiosks.list()}
    assert listed[enrolment.device.device_id].active is False


async def test_an_admin_renames_a_kiosk_with_the_change_in_the_audit_trail(app, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    device = (await admin.kiosks.enrol(SUMBER, name="Kiosk baru")).device
    renamed = await admin.kiosks.rename(device.device_id, name="Kiosk lobi timur")
    assert renamed.name == "Kiosk lobi timur"
    assert {d.device_id: d.name for d in await admin.kiosks.list()}[device.device_id] == "Kiosk lobi timur"
    [row] = audit_rows(app, "kiosk.rename")
    assert (row.before, row.after) == ('{"name": "Kiosk baru"}', '{"name": "Kiosk lobi timur"}')


@pytest.mark.parametrize(("name", "code"), [
    ("   ", "string_too_short"), ("K" * 61, "string_too_long"), ("Kiosk\u202elobi", "text_bidi_chars"),
])
async def test_a_kiosk_name_must_be_one_visible_line(make_client, name, code):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    with pytest.raises(ValidationFailed) as refused:
        await admin.kiosks.enrol(SUMBER, name=name)
    assert [(f.field, f.code) for f in refused.value.fields] == [("name", code)]
    device = (await admin.kiosks.enrol(SUMBER, name="Kiosk uji")).device
    with pytest.raises(ValidationFailed) as refused:
        await admin.kiosks.rename(device.device_id, name=name)
    assert refused.value.fields[0].code == code


async def test_two_active_kiosks_of_a_facility_never_share_a_name(make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    first = (await admin.kiosks.enrol(SUMBER, name="Kiosk KIA")).device
    with pytest.raises(ValidationFailed) as refused:
        await admin.kiosks.enrol(SUMBER, name="kiosk kia")
    assert refused.value.fields[0].code == "kiosk_name_taken"
    other = (await admin.kiosks.enrol(SUMBER, name="Kiosk Gigi")).device
    with pytest.raises(ValidationFailed):
        await admin.kiosks.rename(other.device_id, name="Kiosk KIA")
    await admin.kiosks.revoke(first.device_id)
    assert (await admin.kiosks.enrol(SUMBER, name="Kiosk KIA")).device.active  # the name is free again


async def test_an_admin_cannot_touch_another_facilitys_kiosks_nor_tell_they_exist(make_client):  # type: ignore[no-untyped-def]
    lasem_admin = await signed_in(make_client, "admin.pkm-lasem")
    lasem_device = (await lasem_admin.kiosks.enrol(LASEM, name="Kiosk lobi Lasem")).device
    intruder = await signed_in(make_client, "admin.pkm-sumber")
    with pytest.raises(Forbidden):
        await intruder.kiosks.list(facility_id=LASEM)
    with pytest.raises(Forbidden):
        await intruder.kiosks.enrol(LASEM, name="Kiosk penyusup")
    answers = []
    for device_id in (lasem_device.device_id, 987_654):  # Lasem's, and nobody's
        for act in (lambda d: intruder.kiosks.rename(d, name="Diambil alih"), intruder.kiosks.revoke):
            with pytest.raises(NotFound) as refused:
                await act(device_id)
            answers.append((refused.value.status, refused.value.code))
    assert set(answers) == {(404, "kiosk_not_found")}
    assert {d.device_id: d for d in await lasem_admin.kiosks.list()}[lasem_device.device_id].active
    assert all(d.facility_id == SUMBER for d in await intruder.kiosks.list())


@pytest.mark.parametrize("who", ["loket.pkm-sumber", "poli.pkm-sumber", "kiosk"])
async def test_only_admins_manage_kiosks(make_client, who):  # type: ignore[no-untyped-def]
    client = (make_client(kiosk_key="demo-kiosk-pkm-sumber") if who == "kiosk"
              else await signed_in(make_client, who))
    admin = await signed_in(make_client, "admin.pkm-sumber")
    device = (await admin.kiosks.enrol(SUMBER, name="Kiosk lobi")).device
    lasem = (await (await signed_in(make_client, "admin.pkm-lasem")).kiosks.enrol(LASEM, name="Kiosk")).device
    for act in (lambda: client.kiosks.list(), lambda: client.kiosks.enrol(SUMBER, name="Kiosk saya"),
                lambda: client.kiosks.rename(device.device_id, name="Kiosk saya"),
                lambda: client.kiosks.revoke(device.device_id)):
        with pytest.raises(Forbidden):
            await act()
    # the same 403 for their own facility's device, another's and nobody's: trying ids
    # tells them nothing about which devices exist where
    for device_id in (device.device_id, lasem.device_id, 987_654):
        for act in (lambda d: client.kiosks.rename(d, name="Kiosk saya"), client.kiosks.revoke):
            with pytest.raises(Forbidden) as refused:
                await act(device_id)
            assert refused.value.code == "forbidden"
    with pytest.raises(Unauthorized):
        await make_client().kiosks.list(facility_id=SUMBER)


async def test_dinkes_lists_every_facilitys_kiosks_and_enrols_anywhere(make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    everywhere = await dinkes.kiosks.list()
    assert {SUMBER, LASEM, "rsud-soetrasno"} <= {d.facility_id for d in everywhere}
    enrolled = await dinkes.kiosks.enrol("pkm-sulang", name="Kiosk lobi baru")
    sulang = await dinkes.kiosks.list(facility_id="pkm-sulang")
    assert {d.facility_id for d in sulang} == {"pkm-sulang"}
    assert enrolled.device.device_id in [d.device_id for d in sulang]
    with pytest.raises(NotFound) as unknown:
        await dinkes.kiosks.enrol("pkm-atlantis", name="Kiosk")
    assert unknown.value.code == "facility_not_found"


async def test_last_seen_is_the_kiosks_last_request_written_at_most_once_a_minute(app, make_client, clock):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    enrolment = await admin.kiosks.enrol(SUMBER, name="Kiosk lobi 3")
    assert enrolment.device.last_seen_at is None
    kiosk = make_client(kiosk_key=enrolment.key)

    async def last_seen() -> dt.datetime | None:
        return {d.device_id: d for d in await admin.kiosks.list()}[enrolment.device.device_id].last_seen_at

    await kiosk.staff.me()
    assert await last_seen() == wib(2026, 11, 30, 8, 0)
    clock.set(2026, 11, 30, 8, 0, 40)
    await kiosk.staff.me()
    assert await last_seen() == wib(2026, 11, 30, 8, 0)  # within the minute: not written
    clock.set(2026, 11, 30, 8, 1, 5)
    await kiosk.staff.me()
    assert await last_seen() == wib(2026, 11, 30, 8, 1, 5)
    clock.set(2026, 11, 30, 8, 5, 0)
    await kiosk.facilities.get(SUMBER)  # an idle kiosk's start screen: public reads, with its key
    assert await last_seen() == wib(2026, 11, 30, 8, 5, 0)
    await admin.kiosks.revoke(enrolment.device.device_id)
    clock.set(2026, 11, 30, 8, 9, 0)
    await kiosk.facilities.get(SUMBER)  # a revoked key is nobody: not seen
    assert await last_seen() == wib(2026, 11, 30, 8, 5, 0)


async def test_a_flood_of_made_up_kiosk_keys_leaves_the_last_seen_memory_as_it_was(app, make_client, clock):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    enrolment = await admin.kiosks.enrol(SUMBER, name="Kiosk lobi 5")
    await make_client(kiosk_key=enrolment.key).staff.me()
    sightings = app.state.lsr.kiosk_sightings
    remembered = len(sightings)
    transport = httpx.ASGITransport(as_served(app), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://lsr.test") as http:
        for _ in range(1000):
            answer = await http.get("/api/auth/me", headers={"X-Kiosk-Key": secrets.token_urlsafe(24)})
            assert answer.status_code == 401
    assert len(sightings) == remembered  # nothing made up is remembered
    clock.advance(minutes=2)
    await make_client(kiosk_key=enrolment.key).staff.me()  # the real kiosk is still seen
    device = {d.device_id: d for d in await admin.kiosks.list()}[enrolment.device.device_id]
    assert device.last_seen_at == clock.now
    assert len(sightings) == remembered
    assert not sightings.due(kiosk_key_hash(enrolment.key), clock.now)  # remembered: no lookup


async def test_a_kiosk_reports_its_printer_and_the_admin_sees_it(make_client, clock):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    enrolment = await admin.kiosks.enrol(SUMBER, name="Kiosk lobi 4")
    assert enrolment.device.printer is None
    kiosk = make_client(kiosk_key=enrolment.key)
    await kiosk.kiosks.report_status(printer=PrinterState.paper_out)
    clock.advance(minutes=3)
    await kiosk.kiosks.report_status(printer=PrinterState.ok)
    device = {d.device_id: d for d in await admin.kiosks.list()}[enrolment.device.device_id]
    assert device.printer is PrinterState.ok and device.printer_reported_at == clock.now
    with pytest.raises(Forbidden):
        await admin.kiosks.report_status(printer=PrinterState.offline)  # staff have no printer here


def test_migration_0017_takes_enrolled_at_from_the_audit_trail_and_goes_back(database_url):  # type: ignore[no-untyped-def]
    """Kiosks enrolled before 0017 get the time of their `kiosk_key.issue` audit row;
    the demo kiosks (seeded, no such row) stay unknown. Down and up again work."""
    from alembic import command
    from sqlalchemy import create_engine, inspect, text

    from server.migrate import alembic_config

    def migrate(engine, revision: str, *, down: bool = False) -> None:  # type: ignore[no-untyped-def]
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)

    engine = create_engine(database_url)
    try:
        migrate(engine, "0015", down=True)
        assert "enrolled_at" not in {c["name"] for c in inspect(engine).get_columns("kiosk_device")}
        at = dt.datetime(2026, 11, 2, 1, 30, tzinfo=dt.UTC)
        with engine.begin() as c:
            device = c.execute(text(
                "INSERT INTO kiosk_device (facility_id, name, key_hash, active, demo) "
                "VALUES ('pkm-sumber', 'Kiosk lama', :hash, :yes, :no) RETURNING id"
            ), {"hash": "a" * 64, "yes": True, "no": False}).scalar_one()
            c.execute(text(
                "INSERT INTO audit_event (at, actor, role, facility_id, action, subject) "
                "VALUES (:at, 'operator:root', 'admin', 'pkm-sumber', 'kiosk_key.issue', :subject)"
            ), {"at": at, "subject": f"kiosk:{device}"})
        migrate(engine, "head")
        with engine.connect() as c:
            enrolled = dict(c.execute(text("SELECT name, enrolled_at FROM kiosk_device "
                                           "WHERE facility_id = 'pkm-sumber'")).all())
        assert set(enrolled) == {"Kiosk lama", "Kiosk lobi (demo)"}
        assert enrolled["Kiosk lobi (demo)"] is None
        stored = enrolled["Kiosk lama"]
        stored = dt.datetime.fromisoformat(stored) if isinstance(stored, str) else stored
        assert stored.replace(tzinfo=stored.tzinfo or dt.UTC) == at
    finally:
        migrate(engine, "head")
        engine.dispose()
