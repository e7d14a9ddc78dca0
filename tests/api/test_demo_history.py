"""The demo history: marked as demo, sealed like real patients, closed when the calendar
says so, the same for the same seed, written once, and shaped like what the real
booking and queue services record."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from api_client import ApiClient
from api_client.models import TicketStatus
from server.app import create_app, open_state
from server.queue.tables import TaskTimeRow, TicketRow, VisitRow
from server.seed.history import DEMO_MARK, DEMO_NIK_PREFIX, generate_history, seed_demo_history
from server.settings import Settings
from tests.api.helpers import book, service_id
from tests.support.clock import FakeClock, wib

pytestmark = pytest.mark.anyio


def generate(app, today: dt.date, days: int, seed: int = 3317):  # type: ignore[no-untyped-def]
    state = app.state.lsr
    with state.db.write_transaction() as session:
        return generate_history(session=session, directory=state.directory, vault=state.vault, today=today,
                                days=days, seed=seed)


def visit_rows(app) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with app.state.lsr.db.read() as session:
        return list(session.execute(
            select(VisitRow.facility_id, VisitRow.service_date, VisitRow.channel, VisitRow.payer,
                   VisitRow.checked_in_at, TicketRow.number, TicketRow.status, TicketRow.called_at)
            .join(TicketRow, TicketRow.visit_id == VisitRow.id)
            .order_by(VisitRow.id, TicketRow.id)
        ).all())


async def test_generated_patients_are_marked_sealed_and_never_real(app):  # type: ignore[no-untyped-def]
    assert generate(app, dt.date(2026, 11, 30), 3) is not None
    vault = app.state.lsr.vault
    with app.state.lsr.db.read() as session:
        visits = session.scalars(select(VisitRow)).all()
        called_by = set(session.scalars(select(TicketRow.called_by).where(TicketRow.called_at.is_not(None))))
    assert visits and {v.consent_version for v in visits} == {DEMO_MARK}
    assert called_by == {DEMO_MARK}
    booked = [v for v in visits if v.payer is not None]
    assert booked and all(v.name_sealed and v.phone_sealed and v.birth_date_sealed for v in booked)
    for v in visits:
        if v.nik_sealed is None:
            continue
        nik = vault.open(v.nik_sealed, purpose="nik")
        assert nik.startswith(DEMO_NIK_PREFIX) and len(nik) == 16  # kecamatan 99: nobody's
        assert v.patient_key == vault.lookup_key(nik, purpose="nik")
        assert v.nik_masked == f"3317********{nik[-4:]}"
        assert nik not in (v.name_masked or "")
    with_name = next(v for v in booked if v.name_sealed)
    name = vault.open(with_name.name_sealed, purpose="name")
    assert with_name.name_masked == " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())


async def test_the_same_seed_gives_the_same_history_and_it_is_written_once(app, tmp_path):  # type: ignore[no-untyped-def]
    first = generate(app, dt.date(2026, 11, 30), 2)
    assert first is not None and first.visits > 500
    rows = visit_rows(app)
    assert generate(app, dt.date(2026, 11, 30), 2) is None  # never twice
    assert visit_rows(app) == rows
    # The same seed on another fresh database (with another secret): the same visits.
    other = create_app(Settings(
        database_url=f"sqlite:///{tmp_path / 'other.db'}", data_dir=tmp_path,
        secret_key="another-secret-for-layanan-sehat-rembang", demo=True,
    ), clock=FakeClock(wib(2026, 11, 30, 8, 0)))
    try:
        assert generate(other, dt.date(2026, 11, 30), 2) is not None
        assert visit_rows(other) == rows
        assert generate(other, dt.date(2026, 11, 30), 2, seed=7) is None  # still once, any seed
    finally:
        other.state.lsr.db.dispose()


async def test_sundays_holidays_and_cuti_bersama_are_closed_but_the_ugd_is_not(app):  # type: ignore[no-untyped-def]
    # 21–27 December 2026: Thursday 24 is cuti bersama, Friday 25 Natal, Sunday 27.
    assert generate(app, dt.date(2026, 12, 28), 7) is not None
    directory = app.state.lsr.directory
    with app.state.lsr.db.read() as session:
        rows = session.execute(select(VisitRow.service_date, VisitRow.service_id)).all()
    kinds: dict[dt.date, set[str]] = {}
    for day, sid in rows:
        kinds.setdefault(day, set()).add(directory.services[sid].kind.value)
    for closed in (dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2026, 12, 27)):
        assert kinds[closed] == {"ugd"}, closed
    assert {"loket", "poli", "ugd"} <= kinds[dt.date(2026, 12, 21)]


async def test_no_history_when_demo_data_is_off_and_at_most_once_when_on(settings):  # type: ignore[no-untyped-def]
    clock = FakeClock(wib(2026, 11, 30, 8, 0))
    off = open_state(settings.model_copy(update={"demo": False, "demo_history_days": 2}), clock=clock)
    try:
        assert seed_demo_history(off) is None
        with off.db.read() as session:
            assert session.scalar(select(func.count()).select_from(VisitRow)) == 0
    finally:
        off.db.dispose()
    on = create_app(settings.model_copy(update={"demo_history_days": 2}), clock=clock, web=True)
    state = on.state.lsr
    try:
        with state.db.read() as session:
            made = session.scalar(select(func.count()).select_from(VisitRow))
        assert made and made > 500
        assert seed_demo_history(state) is None
    finally:
        state.db.dispose()


def task_ids(app, code: str) -> list[int]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        visit = session.scalars(select(VisitRow).where(VisitRow.booking_code == code)).one()
        return list(session.scalars(
            select(TaskTimeRow.task_id).where(TaskTimeRow.visit_id == visit.id)
            .order_by(TaskTimeRow.recorded_at, TaskTimeRow.task_id)
        ))


async def test_generated_visits_have_the_task_times_the_queue_actions_record(  # type: ignore[no-untyped-def]
    app, client: ApiClient, make_client, clock
):
    """A walk-in sent loket → poli → apotek and a booking served at the poli, done for
    real today, record the same tasks in the same order as generated ones."""
    kiosk = make_client(kiosk_key="demo-kiosk-pkm-sumber")
    admin = make_client()
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")
    loket, poli, apotek = [await service_id(client, code=c) for c in ("loket", "poli-umum", "apotek")]
    walk = await kiosk.bookings.walk_in(service_id=loket, idempotency_key="hist-walk")
    booking = await book(client, poli, serial=77)
    await kiosk.bookings.check_in_at_facility(booking.booking_code)
    for sid, then in ((loket, poli), (poli, apotek), (poli, None), (apotek, None)):
        clock.advance(minutes=3)
        called = await admin.staff.call_next(sid, counter="Meja 1")
        assert called is not None
        clock.advance(minutes=4)
        if then is None:
            await admin.staff.done(called.ticket_id)
        else:
            await admin.staff.transfer(called.ticket_id, to_service_id=then)
    # The booking checked in first, so the poli called it first and sent it to the apotek.
    real = {tuple(task_ids(app, walk.booking_code)), tuple(task_ids(app, booking.booking_code))}
    assert real == {(1, 2, 3, 4, 5), (3, 4, 5, 6, 7)}

    generate(app, dt.date(2026, 11, 30), 2)
    with app.state.lsr.db.read() as session:
        generated = session.execute(
            select(VisitRow.booking_code, VisitRow.payer, TicketRow.status)
            .join(TicketRow, TicketRow.id == VisitRow.current_ticket_id)
            .where((VisitRow.consent_version == DEMO_MARK) & (VisitRow.facility_id == "pkm-sumber"))
        ).all()
    shapes = {tuple(task_ids(app, code)) for code, _payer, status in generated if status == TicketStatus.done}
    assert real <= shapes
    assert shapes <= {(1, 2, 3, 4, 5, 6, 7), (1, 2, 3, 4, 5), (3, 4, 5, 6, 7), (3, 4, 5)}


async def test_bookings_and_walk_ins_after_the_history_get_fresh_ids(app, client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    generate(app, dt.date(2026, 11, 30), 2)
    kiosk = make_client(kiosk_key="demo-kiosk-pkm-sumber")
    booking = await book(client, await service_id(client, code="poli-umum"), serial=5)
    loket = await service_id(client, code="loket")
    walk = await kiosk.bookings.walk_in(service_id=loket, idempotency_key="after-the-history")
    assert booking.ticket.number == 1 and walk.ticket.number == 1  # today has no history
    assert (await client.bookings.get(booking.booking_code)).ticket.ticket_id == booking.ticket.ticket_id
