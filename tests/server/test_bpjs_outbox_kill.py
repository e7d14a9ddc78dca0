"""Every task time reaches BPJS exactly once, across a `kill -9` of the service while
BPJS had taken a message but not yet answered it. A real service process, a real
BPJS simulator on a port. The facility is set up as a hospital (Antrean RS): RS takes
every task time (`antrean/updatewaktu`), so it is the stricter case. Its UGD stands in
for a poli (mapped in the database: the administration face maps only poli services)
because it is open at every hour this test may run."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from api_client import ApiClient
from server.bpjs.tables import BridgeRow, DoctorMapRow, OutboxRow, PoliMapRow
from server.clock import system_clock
from server.facilities.tables import DoctorRow, DoctorScheduleRow, ServiceRow
from server.queue.tables import TaskTimeRow, VisitRow
from tests.api.helpers import nik_for
from tests.support.bpjs_credentials import credentials_file
from tests.support.bpjs_simulator import Simulator, served
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

LASEM = "pkm-lasem"


def lasem_credentials(folder: Path, sim: Simulator, url: str) -> Path:
    return credentials_file(folder, (
        f"{LASEM}:\n  variant: rs\n  base_url: {url}\n  cons_id: '{sim.cons_id}'\n"
        f"  secret: '{sim.secret}'\n  user_key: '{sim.user_key}'\n"
        "  ws_username: mobilejkn\n  ws_password: sandi-ws-yang-panjang\n"))


def bridge_the_ugd(engine: sa.Engine) -> None:
    """What the administration face does for a poli, for the UGD: mapped to a poli code,
    a doctor on duty every day mapped to a BPJS doctor, the bridge on."""
    with Session(engine) as session, session.begin():
        ugd = session.scalars(sa.select(ServiceRow).where(
            ServiceRow.facility_id == LASEM, ServiceRow.code == "ugd")).one()
        doctor = DoctorRow(facility_id=LASEM, service_id=ugd.id, name="dr. Jaga UGD",
                           unconfirmed=[], active=True)
        session.add(doctor)
        session.flush()
        session.add_all([DoctorScheduleRow(doctor_id=doctor.id, weekday=d, starts_minute=0,
                                           ends_minute=1440) for d in range(7)])
        session.add_all([
            PoliMapRow(service_id=ugd.id, facility_id=LASEM, kodepoli="IGD"),
            DoctorMapRow(doctor_id=doctor.id, facility_id=LASEM, kodedokter=31001),
            BridgeRow(facility_id=LASEM, enabled=True, changed_at=system_clock(), changed_by="test"),
        ])


def task_times_ms(engine: sa.Engine) -> dict[tuple[str, int], int]:
    with Session(engine) as session:
        rows = session.execute(sa.select(VisitRow.booking_code, TaskTimeRow.task_id, TaskTimeRow.recorded_at)
                               .join(TaskTimeRow, TaskTimeRow.visit_id == VisitRow.id)
                               .where(VisitRow.facility_id == LASEM))
        return {(code, task): int(at.timestamp() * 1000) for code, task, at in rows}


def outbox_states(engine: sa.Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(sa.select(OutboxRow.state).order_by(OutboxRow.id)))


def outbox_not_sent(engine: sa.Engine) -> list[tuple[str, int, str, str | None]]:
    with Session(engine) as session:
        return [tuple(r) for r in session.execute(  # type: ignore[misc]
            sa.select(OutboxRow.kind, OutboxRow.task_id, OutboxRow.state, OutboxRow.last_message)
            .where(OutboxRow.state != "sent").order_by(OutboxRow.id))]


async def wait_until(condition, timeout: float = 60, said=lambda: "") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {timeout} s {said()}")
        await asyncio.sleep(0.1)


@pytest.fixture
def sim() -> Simulator:
    return Simulator()


@pytest.fixture
def server(
    tmp_path: Path, live_database: str | None, sim: Simulator
) -> Iterator[tuple[LiveServer, sa.Engine]]:
    with served(sim) as url:
        data = tmp_path / "data"
        data.mkdir()
        live = LiveServer(data, live_database, env={
            "LSR_BPJS_CREDENTIALS_FILE": str(lasem_credentials(tmp_path, sim, url)),
            "LSR_BPJS_SEND_SECONDS": "0.2", "LSR_BPJS_CLAIM_SECONDS": "2",
            "LSR_DEMO_HISTORY_DAYS": "0",
        })
        live.start()
        engine = sa.create_engine(live_database or f"sqlite:///{data / 'layanan.db'}")
        try:
            bridge_the_ugd(engine)
            yield live, engine
        finally:
            live.stop()
            engine.dispose()


async def serve_one(poli: ApiClient, ugd: int) -> None:
    called = await poli.staff.call_next(ugd, counter="Ruang UGD")
    assert called is not None
    await poli.staff.start(called.ticket_id)
    await poli.staff.done(called.ticket_id)


async def test_every_task_time_reaches_bpjs_exactly_once_across_kill_9(server, sim: Simulator):  # type: ignore[no-untyped-def]
    live, engine = server
    async with ApiClient(live.api_url, kiosk_key=f"demo-kiosk-{LASEM}") as kiosk:
        ugd = next(s.id for s in (await kiosk.facilities.get(LASEM)).services if s.code == "ugd")
        codes = [(await kiosk.bookings.walk_in(service_id=ugd, idempotency_key=f"bpjs-kill-{i}",
                                               nik=nik_for(i + 1))).booking_code for i in range(6)]
        async with ApiClient(live.api_url) as poli:
            await poli.staff.login(f"poli.{LASEM}", "rembang-demo")
            for _ in range(3):
                await serve_one(poli, ugd)
        await wait_until(lambda: "waiting" not in outbox_states(engine),
                         said=lambda: f"not sent: {outbox_not_sent(engine)}")

        # BPJS takes the next message and is slow to answer; the service dies meanwhile.
        sim.answer_after_seconds = 30
        taken = len(sim.received)
        last = await kiosk.bookings.walk_in(service_id=ugd, idempotency_key="bpjs-kill-6", nik=nik_for(7))
        codes.append(last.booking_code)
        await wait_until(lambda: len(sim.received) > taken, timeout=30)
    live.kill_9()
    sim.answer_after_seconds = 0
    live.start()

    async with ApiClient(live.api_url) as poli:
        await poli.staff.login(f"poli.{LASEM}", "rembang-demo")
        for _ in range(4):
            await serve_one(poli, ugd)
    await wait_until(lambda: set(outbox_states(engine)) == {"sent"}, timeout=90,
                     said=lambda: f"not sent: {outbox_not_sent(engine)}")

    assert set(sim.bookings) == set(codes)
    assert sim.tasks == task_times_ms(engine)
    assert {task for _, task in sim.tasks} == {3, 4, 5} and len(sim.tasks) == 3 * len(codes)
    taken_twice = [m for m in sim.received if sim.received.count(m) > 1]
    assert taken_twice, "the message in flight at the kill was sent again (and taken once)"
