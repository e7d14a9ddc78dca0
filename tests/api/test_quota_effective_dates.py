"""Quotas per weekday that change from a chosen date: the days before keep theirs,
the days from then on take the new ones, numbers already issued never change, and a
quota cannot go below what is already booked for a day (the day and the count are
named). Today is Monday 30 November 2026, 08:00 WIB (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from api_client import ApiClient, QuotaFull, ValidationFailed
from api_client.models import ServiceSettingsChange
from server.audit.tables import AuditEventRow
from server.facilities.directory import Directory
from server.migrate import alembic_config
from server.queue.tables import ServiceDayRow
from tests.api.helpers import SUMBER, book, service_id

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 11, 30)  # a Monday
NEXT_MONDAY = dt.date(2026, 12, 7)
WEEK = [40, 40, 40, 40, 40, 40, 0]  # Poli Umum of Puskesmas Sumber as seeded: JKN 40 a day
MONDAY_2 = [2, 40, 40, 40, 40, 40, 0]
MONDAY_3 = [3, 40, 40, 40, 40, 40, 0]


def settings(
    effective_from: dt.date, *, jkn: list[int] | None = None, non_jkn: int = 20, walkin: int = 60,
    minutes: float = 8, counters: list[str] | None = None,
) -> ServiceSettingsChange:
    return ServiceSettingsChange(
        effective_from=effective_from, quota_jkn=jkn or WEEK, quota_non_jkn=[non_jkn] * 7,
        quota_walkin=[walkin] * 7, avg_service_minutes=minutes, counters=counters or [],
    )


@pytest.fixture
async def admin(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(f"admin.{SUMBER}", "rembang-demo")
    return staff


async def quotas_by_day(client: ApiClient, sid: int) -> dict[dt.date, tuple[int, int]]:
    days = (await client.facilities.availability(sid)).days
    return {d.service_date: (d.quota_jkn, d.left_jkn) for d in days}


async def test_mondays_jkn_quota_lowered_from_next_week_holds_from_that_monday_only(admin, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    await admin.directory_admin.change_settings(sid, settings(dt.date(2026, 12, 1), jkn=MONDAY_2))
    days = await quotas_by_day(client, sid)
    assert days[TODAY] == (40, 40)  # before the date: as it was
    assert days[NEXT_MONDAY] == (2, 2)  # a Monday from the date on
    assert days[dt.date(2026, 12, 2)] == (40, 40)  # other weekdays unchanged
    await book(client, sid, serial=1, day=NEXT_MONDAY)
    await book(client, sid, serial=2, day=NEXT_MONDAY)
    with pytest.raises(QuotaFull):
        await book(client, sid, serial=3, day=NEXT_MONDAY)
    assert (await quotas_by_day(client, sid))[NEXT_MONDAY] == (2, 0)


async def test_a_quota_cannot_go_below_what_is_booked_and_the_refusal_names_day_and_count(admin, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    for serial in (1, 2, 3):
        await book(client, sid, serial=serial, day=NEXT_MONDAY)
    with pytest.raises(ValidationFailed) as err:
        await admin.directory_admin.change_settings(sid, settings(dt.date(2026, 12, 1), jkn=MONDAY_2))
    [field] = err.value.fields
    assert field.code == "quota_below_booked"
    assert field.field == "quota_jkn.0"
    assert field.params == {"date": "2026-12-07", "booked": 3, "quota": 2}
    assert (await quotas_by_day(client, sid))[NEXT_MONDAY] == (40, 37)  # nothing changed
    # Three still fit: allowed.
    await admin.directory_admin.change_settings(sid, settings(dt.date(2026, 12, 1), jkn=MONDAY_3))
    assert (await quotas_by_day(client, sid))[NEXT_MONDAY] == (3, 0)


async def test_a_date_in_the_past_is_refused(admin, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    with pytest.raises(ValidationFailed) as err:
        await admin.directory_admin.change_settings(sid, settings(dt.date(2026, 11, 29)))
    assert err.value.fields[0].field == "effective_from"
    assert err.value.fields[0].code == "date_in_past"


async def test_numbers_already_issued_never_change_and_counting_goes_on(admin, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    day = dt.date(2026, 12, 2)
    first = [await book(client, sid, serial=s, day=day) for s in (1, 2)]
    await admin.directory_admin.change_settings(sid, settings(TODAY, jkn=[5] * 7))
    again = [await client.bookings.get(b.booking_code) for b in first]
    assert [b.ticket.display_number for b in again] == [b.ticket.display_number for b in first]
    assert (await book(client, sid, serial=3, day=day)).ticket.number == 3
    assert (await quotas_by_day(client, sid))[day] == (5, 2)


async def test_a_version_holds_until_the_next_ones_date(admin, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    await admin.directory_admin.change_settings(sid, settings(NEXT_MONDAY, jkn=[7] * 7))
    changed = await admin.directory_admin.change_settings(sid, settings(dt.date(2026, 12, 2), jkn=[9] * 7))
    days = await quotas_by_day(client, sid)
    assert days[dt.date(2026, 12, 1)][0] == 40
    assert days[dt.date(2026, 12, 2)][0] == 9
    assert days[NEXT_MONDAY][0] == 7
    assert [v.effective_from for v in changed.settings] == [dt.date(2000, 1, 1), dt.date(2026, 12, 2),
                                                            NEXT_MONDAY]


async def test_an_instance_that_has_not_reloaded_yet_cannot_book_past_the_new_quota(admin, client, app):  # type: ignore[no-untyped-def]
    """Another instance reads the directory again only every refresh interval: the days
    of the booking window already hold the new quota in the database."""
    state = app.state.lsr
    sid = await service_id(client, code="poli-umum")
    stale: Directory = state.directory
    await admin.directory_admin.change_settings(sid, settings(TODAY, jkn=[1] * 7))
    state.directory = stale  # as an instance that has not refreshed
    day = dt.date(2026, 12, 3)
    await book(client, sid, serial=1, day=day)
    with pytest.raises(QuotaFull):
        await book(client, sid, serial=2, day=day)


async def test_todays_walk_in_quota_follows_the_change(admin, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    await admin.directory_admin.change_settings(sid, settings(TODAY, walkin=1))
    await admin.bookings.walk_in(service_id=sid, idempotency_key="walk-in-1")
    with pytest.raises(QuotaFull):
        await admin.bookings.walk_in(service_id=sid, idempotency_key="walk-in-2")


async def test_the_change_is_audited_with_before_and_after(admin, client, app):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    await admin.directory_admin.change_settings(sid, settings(
        NEXT_MONDAY, jkn=[30, 40, 40, 40, 40, 40, 0], minutes=10, counters=["Ruang 1", "Ruang 2"]))
    with app.state.lsr.db.read() as session:
        row = session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == "change_service_settings")
        ).one()
    assert (row.actor, row.facility_id, row.subject) == (f"admin.{SUMBER}", SUMBER, f"service:{sid}")
    before, after = json.loads(row.before or "{}"), json.loads(row.after or "{}")
    assert before["quota_jkn"] == "40,40,40,40,40,40,40"
    assert after["quota_jkn"] == "30,40,40,40,40,40,0"
    assert after["effective_from"] == "2026-12-07"
    assert after["counters"] == "Ruang 1,Ruang 2"
    assert after["avg_service_minutes"] == 10


async def test_counters_and_minutes_show_from_their_date(admin, client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    await admin.directory_admin.change_settings(
        sid, settings(TODAY, minutes=12, counters=["Ruang 1", "Ruang 2"]))
    detail = await client.facilities.get(SUMBER)
    umum = next(s for s in detail.services if s.id == sid)
    assert (umum.avg_service_minutes, umum.counters) == (12, ["Ruang 1", "Ruang 2"])
    with pytest.raises(ValidationFailed) as err:
        await admin.directory_admin.change_settings(sid, settings(TODAY, counters=["Ruang 1", "ruang 1"]))
    assert err.value.fields[0].code == "counter_repeated"


def _migrate(engine, revision: str, *, down: bool = False) -> None:  # type: ignore[no-untyped-def]
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_migration_0018_keeps_each_services_quotas_as_its_first_version(database_url):  # type: ignore[no-untyped-def]
    """A database from before effective dates: every service's daily quotas become its
    first version, in force since ever, for every weekday."""
    engine = create_engine(database_url)
    try:
        _migrate(engine, "0015", down=True)
        with engine.begin() as c:
            c.execute(text("UPDATE service SET quota_jkn = 33 WHERE code = 'poli-umum' "
                           "AND facility_id = 'pkm-sumber'"))
            services = c.execute(text("SELECT count(*) FROM service")).scalar_one()
        _migrate(engine, "0018")
        with engine.connect() as c:
            rows = c.execute(text(
                "SELECT s.code, s.facility_id, v.effective_from, v.quota_jkn, v.avg_service_minutes "
                "FROM service_setting v JOIN service s ON s.id = v.service_id")).all()
        assert len(rows) == services
        umum = next(r for r in rows if (r.code, r.facility_id) == ("poli-umum", SUMBER))
        quota_jkn = umum.quota_jkn if isinstance(umum.quota_jkn, list) else json.loads(umum.quota_jkn)
        assert quota_jkn == [33] * 7
        assert str(umum.effective_from) == "2000-01-01"
        assert umum.avg_service_minutes == 8
    finally:
        _migrate(engine, "head")
        engine.dispose()


async def test_only_the_open_days_ahead_get_a_counter_with_the_new_quota(admin, client, app):  # type: ignore[no-untyped-def]
    """The days of the booking window the service is open get their counter at once
    (the dashboard counts a counter's quota as offered); a closed Sunday gets none."""
    sid = await service_id(client, code="poli-umum")
    await admin.directory_admin.change_settings(sid, settings(TODAY, jkn=[7] * 7))
    with app.state.lsr.db.read() as session:
        days = dict(session.execute(select(ServiceDayRow.service_date, ServiceDayRow.quota_jkn)
                                    .where(ServiceDayRow.service_id == sid)).all())
    assert days[dt.date(2026, 12, 5)] == 7  # a Saturday
    assert dt.date(2026, 12, 6) not in days  # Sunday: closed
    assert max(days) == dt.date(2026, 12, 7)  # the booking window: 7 days ahead
