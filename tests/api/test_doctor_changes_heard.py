"""A change to who practises (a doctor added, edited, moved, retired; an absence
recorded or withdrawn) reaches the open screens: a `reconfigured` event (no number)
on the stream of every service it touches, sent when the change commits, and kept in
the event log a reconnecting stream resumes from. A refused change tells nobody. So
does a change of the facility (name, address, hours, a mark confirmed: every service)
and of a service's quotas. Today is Monday 30 November 2026, 08:00 WIB."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select

from api_client import ApiClient, ValidationFailed
from api_client.models import (
    DoctorAbsenceIn,
    DoctorIn,
    DoctorWeekSession,
    FacilityChange,
    OpeningHours,
    QueueEvent,
    ServiceSettingsChange,
)
from server.events.tables import QueueEventRow
from tests.api.helpers import SUMBER, service_id
from tests.support.live_streams import LiveStreams, until_listening

pytestmark = pytest.mark.anyio

MONDAY, WEDNESDAY = dt.date(2026, 11, 30), dt.date(2026, 12, 2)


def doctor(sid: int, **changes: object) -> DoctorIn:
    values: dict[str, object] = {
        "name": "dr. Ani Setyowati", "sip": "503/123/SIP/2025", "service_id": sid,
        "sessions": [DoctorWeekSession(weekday=2, starts="08:00", ends="11:00")],
    }
    return DoctorIn.model_validate(values | changes)


@pytest.fixture
async def admin(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    staff: ApiClient = make_client()
    await staff.staff.login(f"admin.{SUMBER}", "rembang-demo")
    return staff


def _last_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return int(session.scalar(select(func.max(QueueEventRow.id))) or 0)


async def heard(app, sid: int, change: Callable[[], Awaitable[object]]) -> list[QueueEvent]:  # type: ignore[no-untyped-def]
    """What a screen following `/services/{sid}/events` receives while `change` runs
    (on PostgreSQL the relay, not started in-process, carries it: the event log tells),
    checked against the log a reconnecting stream replays."""
    state, before = app.state.lsr, _last_id(app)
    live: list[QueueEvent] = []
    with state.bus.listen(f"service:{sid}") as listener:
        await change()
        if state.db.is_sqlite:
            while True:
                try:
                    event = await asyncio.wait_for(listener.get(), 0.2)
                except TimeoutError:
                    break
                assert event is not None
                live.append(event)
    with state.db.read() as session:
        logged = session.scalars(select(QueueEventRow).where(
            (QueueEventRow.id > before) & (QueueEventRow.service_id == sid))
            .order_by(QueueEventRow.id)).all()
    if state.db.is_sqlite:
        assert [e.id for e in live] == [r.id for r in logged]
    return [QueueEvent(id=r.id, type=r.type, facility_id=r.facility_id, service_id=r.service_id,  # type: ignore[arg-type]
                       service_date=r.service_date, display_number=r.display_number, at=r.at)
            for r in logged]


def reconfigured(events: list[QueueEvent]) -> list[tuple[str, str, dt.date]]:
    return [(e.facility_id, e.display_number, e.service_date) for e in events if e.type == "reconfigured"]


TOLD = [(SUMBER, "", MONDAY)]  # today's stream, no number


async def test_an_added_doctor_is_heard_on_their_services_stream(app, client, admin):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    assert reconfigured(await heard(app, umum, lambda: admin.doctors.add(SUMBER, doctor(umum)))) == TOLD


async def test_an_edit_is_heard_and_a_move_on_both_services_streams(app, client, admin):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    gigi = await service_id(client, code="poli-gigi")
    added = await admin.doctors.add(SUMBER, doctor(umum))
    later = doctor(umum, sessions=[DoctorWeekSession(weekday=3, starts="08:00", ends="11:00")])
    assert reconfigured(await heard(app, umum, lambda: admin.doctors.edit(SUMBER, added.id, later))) == TOLD

    moved = doctor(gigi)
    on_umum: list[QueueEvent] = []

    async def move() -> None:
        on_umum.extend(await heard(app, umum, lambda: admin.doctors.edit(SUMBER, added.id, moved)))

    assert reconfigured(await heard(app, gigi, move)) == TOLD
    assert reconfigured(on_umum) == TOLD


async def test_a_retired_doctor_is_heard(app, client, admin):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    added = await admin.doctors.add(SUMBER, doctor(umum))
    assert reconfigured(await heard(app, umum, lambda: admin.doctors.retire(SUMBER, added.id))) == TOLD


async def test_an_absence_and_its_withdrawal_are_each_heard(app, client, admin):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    added = await admin.doctors.add(SUMBER, doctor(umum))
    absence = DoctorAbsenceIn(service_date=WEDNESDAY, reason="Cuti tahunan")
    recorded: list[int] = []

    async def mark() -> None:
        recorded.append((await admin.doctors.mark_absent(SUMBER, added.id, absence)).id)

    assert reconfigured(await heard(app, umum, mark)) == TOLD
    assert reconfigured(await heard(app, umum,
                                    lambda: admin.doctors.withdraw_absence(SUMBER, recorded[0]))) == TOLD


async def test_a_refused_change_tells_nobody(app, client, admin):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    reversed_ = doctor(umum, sessions=[DoctorWeekSession(weekday=2, starts="11:00", ends="08:00")])

    async def refused() -> None:
        with pytest.raises(ValidationFailed):
            await admin.doctors.add(SUMBER, reversed_)

    assert await heard(app, umum, refused) == []


FACILITY_CHANGES = {
    "name": FacilityChange(name="Puskesmas Sumber Baru"),
    "address": FacilityChange(address="Jl. Baru 1"),
    "hours": FacilityChange(hours=[OpeningHours(weekday=d, opens="07:00", closes="12:00") for d in range(6)]),
    "mark confirmed": "phone",
}


@pytest.mark.parametrize("change", FACILITY_CHANGES)
async def test_a_facility_change_is_heard_on_each_of_its_services_streams(app, client, admin, change):  # type: ignore[no-untyped-def]
    services = [s.id for s in (await client.facilities.get(SUMBER)).services]
    heard_on: dict[int, list[QueueEvent]] = {}

    async def on(i: int) -> None:  # one screen following each service
        if i == len(services):
            made = FACILITY_CHANGES[change]
            if isinstance(made, str):
                await admin.directory_admin.confirm(SUMBER, made)
            else:
                await admin.directory_admin.change_facility(SUMBER, made)
            return
        heard_on[services[i]] = await heard(app, services[i], lambda: on(i + 1))

    await on(0)
    assert {sid: reconfigured(events) for sid, events in heard_on.items()} == dict.fromkeys(services, TOLD)


async def test_a_quota_change_is_heard_on_its_services_stream(app, client, admin):  # type: ignore[no-untyped-def]
    gizi = await service_id(client, code="gizi")
    more = ServiceSettingsChange(effective_from=MONDAY, quota_jkn=[9] * 7, quota_non_jkn=[4] * 7,
                                 quota_walkin=[5] * 7, avg_service_minutes=8, counters=[])
    changed = await heard(app, gizi, lambda: admin.directory_admin.change_settings(gizi, more))
    assert reconfigured(changed) == TOLD


async def test_a_client_following_the_facilitys_stream_receives_it(app, client, admin):  # type: ignore[no-untyped-def]
    """Over the real `/facilities/{id}/events` route (the relay that carries events
    between PostgreSQL instances is not started in-process: SQLite only)."""
    if not app.state.lsr.db.is_sqlite:
        pytest.skip("in-process, only SQLite's bus carries the live events")
    umum = await service_id(client, code="poli-umum")
    async with ApiClient("http://lsr.test/api", transport=LiveStreams(app)) as watcher:
        events = watcher.facilities.events(SUMBER)
        listening = app.state.lsr.bus.listener_count()
        first = asyncio.ensure_future(anext(events))
        await asyncio.wait_for(until_listening(app.state.lsr.bus, listening), 5)
        await admin.doctors.add(SUMBER, doctor(umum))
        event = await asyncio.wait_for(first, 5)
        await events.aclose()
    assert (event.type, event.service_id, event.display_number) == ("reconfigured", umum, "")
