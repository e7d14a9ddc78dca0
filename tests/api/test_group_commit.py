"""Bookings that share one transaction (server.queue.group_commit) get the answers
each would have got alone: numbers in arrival order up to the quota, the same key
replayed, one booking per patient, and a failing booking does not sink the others."""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import json
import os
import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import event, func, select, text, update

from api_client.models import BookingCreate, Channel, Payer, Role, WalkInCreate
from server.db import WAL_AUTOCHECKPOINT_PAGES, WriterBusy
from server.errors import ApiProblem
from server.events.tables import QueueEventRow
from server.facilities.tables import ServiceRow
from server.idempotency import Answer, IdempotencyRow, request_hash
from server.queue import issue
from server.queue.actions import call_next
from server.queue.bookings import cancel, get_booking
from server.queue.day_orders import for_readers
from server.queue.group_commit import GroupCommit, Order
from server.queue.intake import create_booking, create_walkin
from server.queue.tables import ServiceDayRow, TicketRow, VisitRow
from server.queue.tickets import HABITS_KEPT, habits_of, queue_habits
from server.staff.auth import Principal
from tests.api.helpers import patient

DAY = dt.date(2026, 12, 1)


@pytest.fixture
def state(app):  # type: ignore[no-untyped-def]
    return app.state.lsr


def umum(state, **quotas: int) -> int:  # type: ignore[no-untyped-def]
    """Poli Umum of Puskesmas Sumber, with these quotas."""
    sid = next(s.id for s in state.directory.facilities["pkm-sumber"].services
               if s.code == "poli-umum")
    if quotas:
        with state.db.write_transaction() as session:
            session.execute(update(ServiceRow).where(ServiceRow.id == sid).values(**quotas))
        state.reload_directory()
    return sid


def order(state, sid: int, serial: int, *, payer: Payer = Payer.jkn, key: str | None = None,  # type: ignore[no-untyped-def]
          day: dt.date = DAY, **person: object) -> Order:
    data = BookingCreate(service_id=sid, service_date=day, payer=payer, patient=patient(serial, **person),
                         consent_version="2026-11")
    now = state.clock()
    try:
        new = create_booking(directory=state.directory, data=data, now=now, vault=state.vault,
                             days_ahead=state.settings.booking_days_ahead)
    except ApiProblem as problem:
        new = problem  # type: ignore[assignment]
    return Order(key=key or f"group-{serial:04d}-{payer.value}", fingerprint=request_hash(
        state.keyring, "/bookings", data), now=now, new=new, directory=state.directory)


def number(outcome: object) -> int:
    assert isinstance(outcome, Answer) and outcome.status == 201, outcome
    return int(json.loads(outcome.body)["ticket"]["number"])


def code(outcome: object) -> str:
    """The error code of a refusal: a stored 409 answer, or a problem stored nowhere."""
    if isinstance(outcome, Answer):
        assert outcome.status == 409, outcome
        return str(json.loads(outcome.body)["error"]["code"])
    assert isinstance(outcome, ApiProblem), outcome
    return outcome.detail.code


def test_a_batch_across_the_quota_numbers_in_arrival_order_and_refuses_the_rest(state):  # type: ignore[no-untyped-def]
    sid = umum(state, quota_jkn=3)
    outcomes = GroupCommit(state.db, bus=state.bus).commit([order(state, sid, s) for s in range(1, 6)])
    assert [number(o) for o in outcomes[:3]] == [1, 2, 3]
    assert [code(o) for o in outcomes[3:]] == ["quota_full", "quota_full"]
    assert json.loads(outcomes[3].body)["error"]["next_available"]  # type: ignore[union-attr]
    people_ahead = [json.loads(o.body)["ticket"]["people_ahead"] for o in outcomes[:3]]  # type: ignore[union-attr]
    assert people_ahead == [0, 1, 2]
    with state.db.read() as session:
        assert session.scalar(select(func.count()).select_from(TicketRow)
                              .where(TicketRow.service_date == DAY)) == 3
        # The visits are written before the numbers: the refused ones' are gone again.
        assert session.scalar(select(func.count()).select_from(VisitRow)
                              .where(VisitRow.service_date == DAY)) == 3
        # Every answer is kept for its key: the three bookings and the two refusals.
        assert session.scalar(select(func.count()).select_from(IdempotencyRow)) == 5


def test_a_patient_twice_in_one_batch_gets_what_one_after_the_other_would(state):  # type: ignore[no-untyped-def]
    """The JKN quota is full, so the patient's JKN try is refused for the quota, and
    the non-JKN try that follows it in the same batch still books."""
    sid = umum(state, quota_jkn=1)
    group = GroupCommit(state.db, bus=state.bus)
    assert number(group.commit([order(state, sid, 1)])[0]) == 1
    outcomes = group.commit([
        order(state, sid, 7), order(state, sid, 7, payer=Payer.non_jkn),
        order(state, sid, 7, payer=Payer.non_jkn, key="another-key-7"),
    ])
    assert code(outcomes[0]) == "quota_full"
    assert number(outcomes[1]) == 2
    assert code(outcomes[2]) == "already_booked"
    # The first try's visit (written before the numbers) is gone; the second try's,
    # written with its number, points at its ticket.
    with state.db.read() as session:
        visits = session.execute(select(VisitRow.payer, TicketRow.number).join(
            TicketRow, TicketRow.id == VisitRow.current_ticket_id).where(VisitRow.service_date == DAY)
            .order_by(TicketRow.number)).all()
        assert [tuple(v) for v in visits] == [("jkn", 1), ("non_jkn", 2)]
        assert session.scalar(select(func.count()).select_from(VisitRow)
                              .where(VisitRow.service_date == DAY)) == 2


def test_one_key_twice_in_a_batch_replays_and_another_body_is_refused(state):  # type: ignore[no-untyped-def]
    sid = umum(state)
    outcomes = GroupCommit(state.db, bus=state.bus).commit([
        order(state, sid, 3, key="one-key-0003"), order(state, sid, 3, key="one-key-0003"),
        order(state, sid, 4, key="one-key-0003"),
    ])
    assert outcomes[0] == outcomes[1]
    assert code(outcomes[2]) == "idempotency_key_reused"
    again = GroupCommit(state.db, bus=state.bus).commit([order(state, sid, 3, key="one-key-0003")])
    assert again == outcomes[:1]


def test_a_patient_booked_before_the_batch_is_refused_and_the_others_book(state):  # type: ignore[no-untyped-def]
    sid = umum(state)
    group = GroupCommit(state.db, bus=state.bus)
    group.commit([order(state, sid, 11)])
    outcomes = group.commit([order(state, sid, 11, key="second-try-11"), order(state, sid, 12)])
    assert code(outcomes[0]) == "already_booked"
    assert number(outcomes[1]) == 2


def test_a_booking_that_fails_in_the_batch_does_not_sink_the_others(state):  # type: ignore[no-untyped-def]
    """Two bookings that collide on the booking code's unique index: the batch rolls
    back, each booking is retried alone, and only the colliding one fails."""
    sid = umum(state)
    orders = [order(state, sid, s) for s in (21, 22, 23)]
    orders[1].new.visit["booking_code"] = orders[0].new.visit["booking_code"]  # type: ignore[union-attr]
    outcomes = GroupCommit(state.db, bus=state.bus).commit(orders)
    assert isinstance(outcomes[0], Answer) and isinstance(outcomes[2], Answer)
    assert isinstance(outcomes[1], Exception) and not isinstance(outcomes[1], ApiProblem)
    with state.db.read() as session:
        assert session.scalar(select(func.count()).select_from(TicketRow)
                              .where(TicketRow.service_date == DAY)) == 2


def test_a_copy_of_a_request_still_being_decided_elsewhere_waits_and_gets_its_answer(state):  # type: ignore[no-untyped-def]
    """Two workers (PostgreSQL): a client retries while its first try holds the last
    place, uncommitted. The retry must not be told "full" (or "already booked") about
    the booking its first try is making: it waits, then gets that booking."""
    if state.db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: nothing is ever in flight beside it")
    sid = umum(state, quota_jkn=1)
    first_try = threading.Thread(name="first-try", target=lambda: answers.update(
        first=GroupCommit(state.db, bus=state.bus).commit([order(state, sid, 5, key="in-flight-0005")])[0]))
    retry = threading.Thread(name="retry", target=lambda: answers.update(
        retry=GroupCommit(state.db, bus=state.bus).commit([order(state, sid, 5, key="in-flight-0005")])[0]))
    answers: dict[str, object] = {}
    at_commit, go_on = threading.Event(), threading.Event()

    def hold_the_first_try(_connection) -> None:  # type: ignore[no-untyped-def]
        if threading.current_thread() is first_try:
            at_commit.set()
            assert go_on.wait(60)

    event.listen(state.db.engine, "commit", hold_the_first_try)
    try:
        first_try.start()
        assert at_commit.wait(60)  # booked number 1 and its key, not committed yet
        retry.start()
        assert wait_for_a_lock_wait(state.db)  # the retry waits for the first try
        go_on.set()
        first_try.join(60)
        retry.join(60)
    finally:
        go_on.set()
        event.remove(state.db.engine, "commit", hold_the_first_try)
    assert number(answers["first"]) == 1
    assert answers["retry"] == answers["first"]


def wait_for_a_lock_wait(db) -> bool:  # type: ignore[no-untyped-def]
    """Whether a session of this database came to wait on a lock (within a minute)."""
    waiting = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "AND wait_event_type = 'Lock'")
    for _ in range(1200):
        with db.engine.connect() as connection:
            if connection.scalar(waiting):
                return True
        time.sleep(0.05)
    return False


def as_read_now(state, outcomes: list[object]) -> list[tuple[int, object]]:  # type: ignore[no-untyped-def]
    """What each booking's answer said (people ahead, estimated call), and a read of it
    from the database afterwards must say the same (`GET /bookings/{code}`)."""
    told, read = [], []
    with state.db.read() as session:
        for outcome in outcomes:
            answer = json.loads(outcome.body)  # type: ignore[attr-defined]
            told.append((answer["ticket"]["people_ahead"], answer["ticket"]["estimated_call_at"]))
            ticket = get_booking(session=session, directory=state.directory,
                                 code=answer["booking_code"], now=state.clock()).ticket
            at = ticket.estimated_call_at.isoformat().replace("+00:00", "Z") \
                if ticket.estimated_call_at else None
            read.append((ticket.people_ahead, at))
    assert told == read
    return told


def test_batches_in_a_row_read_the_day_once_and_count_everyone_before(state):  # type: ignore[no-untyped-def]
    """Nobody else changes the day between the batches: the next one takes the lanes
    the last one left (server.queue.day_orders) and answers as a fresh read would."""
    sid = umum(state)
    group = GroupCommit(state.db, bus=state.bus)
    for serials in ((1, 2, 3), (4, 5), (6,)):
        as_read_now(state, group.commit([order(state, sid, s) for s in serials]))
    assert (group.day_orders.hits, group.day_orders.misses) == (2, 1)


def test_a_cancellation_between_two_batches_is_counted_by_the_next(state):  # type: ignore[no-untyped-def]
    sid = umum(state)
    group = GroupCommit(state.db, bus=state.bus)
    first = group.commit([order(state, sid, s) for s in (1, 2, 3)])
    before = as_read_now(state, group.commit([order(state, sid, 4)]))
    with state.db.write_transaction() as session:
        for outcome in first[:2]:
            cancel(session=session, directory=state.directory, now=state.clock(),
                   code=json.loads(outcome.body)["booking_code"])  # type: ignore[union-attr]
    after = as_read_now(state, group.commit([order(state, sid, 5)]))
    assert after[0][0] < before[0][0]  # two fewer before the next one
    assert group.day_orders.hits == 1  # the second batch, not the third


def test_another_workers_bookings_between_two_batches_are_counted(state):  # type: ignore[no-untyped-def]
    """Two instances of the service (workers) book the same day in turn: each adds the
    other's new tickets to the lanes it kept (read alone), and answers as a fresh read."""
    sid = umum(state)
    one, another = GroupCommit(state.db, bus=state.bus), GroupCommit(state.db, bus=state.bus)
    serials = iter(range(1, 30))
    for _ in range(4):
        for group in (one, another):
            as_read_now(state, group.commit([order(state, sid, next(serials)) for _ in range(3)]))
    assert one.day_orders.caught_up == another.day_orders.caught_up == 3
    # A call changes a ticket the lanes hold: the next batch reads the whole day again.
    with state.db.write_transaction() as session:
        session.execute(update(TicketRow).where((TicketRow.service_date == DAY) & (TicketRow.number == 2))
                        .values(status="checked_in"))
    as_read_now(state, one.commit([order(state, sid, next(serials))]))
    assert (one.day_orders.caught_up, one.day_orders.misses) == (3, 2)


@pytest.mark.parametrize("then", ["nothing else", "one of them called", "the batch alone"])
def test_another_workers_bookings_committed_while_a_batch_waited_are_counted(state, then: str):  # type: ignore[no-untyped-def]
    """PostgreSQL, two workers: a batch reads the day, and before it gets the day's lock
    another worker's batch commits (the first batch's numbers come after those): its
    answers count them as a fresh read does, and it keeps lanes its next batch can use.
    One of them called meanwhile: the day is read again whole, with the calls made.
    The same for a booking run alone (a batch that failed is retried one by one)."""
    if state.db.is_sqlite:
        pytest.skip("SQLite's writers go one at a time: no batch ever waits with the day read")
    sid = umum(state)
    one, another = GroupCommit(state.db, bus=state.bus), GroupCommit(state.db, bus=state.bus)
    as_read_now(state, one.commit([order(state, sid, s) for s in (1, 2)]))
    others: list[object] = []

    def the_other_worker_first(conn, cursor, statement: str, *args: object) -> None:  # type: ignore[no-untyped-def]
        if not others and statement.startswith("UPDATE service_day SET last_number"):
            others.append("started")
            worker = threading.Thread(target=lambda: others.extend(
                another.commit([order(state, sid, s) for s in (3, 4, 5)])))
            worker.start()
            worker.join()
            if then == "one of them called":
                with state.db.write_transaction() as session:
                    session.execute(update(TicketRow).where(
                        (TicketRow.service_date == DAY) & (TicketRow.number == 3)).values(status="called"))
                    session.execute(update(ServiceDayRow).where(ServiceDayRow.service_date == DAY)
                                    .values(calls_made=ServiceDayRow.calls_made + 1))

    event.listen(state.db.engine, "before_cursor_execute", the_other_worker_first)
    try:
        if then == "the batch alone":
            as_read_now(state, [one._alone(order(state, sid, 6))])
        else:
            as_read_now(state, one.commit([order(state, sid, s) for s in (6, 7)]))
    finally:
        event.remove(state.db.engine, "before_cursor_execute", the_other_worker_first)
    assert [number(o) for o in others[1:]] == [3, 4, 5]
    if then == "nothing else":
        assert one.day_orders.gaps_filled == 1
        as_read_now(state, one.commit([order(state, sid, 8)]))
        assert one.day_orders.misses == 1  # only the first batch read the whole day


def test_a_failed_batch_leaves_no_lanes_behind(state):  # type: ignore[no-untyped-def]
    """The lanes a rolled-back batch added to are not handed to the next one."""
    sid = umum(state)
    group = GroupCommit(state.db, bus=state.bus)
    group.commit([order(state, sid, s) for s in range(1, 6)])
    orders = [order(state, sid, s) for s in (6, 7)]
    # 7 brings a row that breaks the commit (after the numbers and the lanes were taken).
    orders[1].new = replace(orders[1].new, rows_beside=lambda _visit: [QueueEventRow()])  # type: ignore[type-var]
    group.commit(orders)  # rolls back, then each alone: 6 books, 7 fails again
    as_read_now(state, group.commit([order(state, sid, 8)]))
    # The failed batch took the lanes (a hit); the last one found none and read the day.
    assert (group.day_orders.hits, group.day_orders.misses) == (1, 2)


def test_every_update_of_a_ticket_raises_its_revision(state):  # type: ignore[no-untyped-def]
    """The database trigger the digest rests on, for statements and for the ORM."""
    sid = umum(state)
    GroupCommit(state.db, bus=state.bus).commit([order(state, sid, 1)])
    revision = select(TicketRow.revision).where(TicketRow.service_date == DAY)
    with state.db.write_transaction() as session:
        assert session.scalar(revision) == 0
        session.execute(update(TicketRow).where(TicketRow.service_date == DAY).values(counter="Loket 1"))
        assert session.scalar(revision) == 1
        ticket = session.scalars(select(TicketRow).where(TicketRow.service_date == DAY)).one()
        ticket.status = "checked_in"
        session.flush()
        assert session.scalar(revision) == 2


def test_a_booking_read_by_its_code_counts_the_changes_before_it(state):  # type: ignore[no-untyped-def]
    """Reads share the day's lanes until a ticket of the day changes (a cancellation
    before the booking read here), and count from the database again then."""
    sid = umum(state)
    code_of = eight_bookings(state, sid)

    def people_before_the_last() -> int:
        return people_ahead_read(state, code_of[-1])

    before = [people_before_the_last() for _ in range(3)]
    with state.db.read() as session:
        assert for_readers(session).hits >= 2  # the second and third reads
    with state.db.write_transaction() as session:
        for code in code_of[:3]:
            cancel(session=session, directory=state.directory, now=state.clock(), code=code)
    after = people_before_the_last()
    assert before == [before[0]] * 3 and after < before[0]
    as_read_now(state, GroupCommit(state.db, bus=state.bus).commit([order(state, sid, 9)]))


def test_a_services_habits_are_read_again_after_a_few_minutes(state):  # type: ignore[no-untyped-def]
    """Who came of the bookings of the weeks before a day (the share the estimate
    counts): reused for `HABITS_KEPT`, then read again with what changed."""
    sid = umum(state)
    group = GroupCommit(state.db, bus=state.bus)
    group.commit([order(state, sid, s) for s in range(1, 26)])  # on DAY, none came
    service, later, now = state.directory.services[sid], DAY + dt.timedelta(days=3), state.clock()
    with state.db.read() as session:
        assert habits_of(session=session, service=service, day=later, now=now).arrival_rate == 0
    with state.db.write_transaction() as session:
        session.execute(update(VisitRow).where(VisitRow.service_date == DAY).values(checked_in_at=now))
    with state.db.read() as session:
        assert queue_habits(session=session, service=service, day=later).arrival_rate == 1
        soon, then = now + dt.timedelta(minutes=1), now + HABITS_KEPT
        assert habits_of(session=session, service=service, day=later, now=soon).arrival_rate == 0
        assert habits_of(session=session, service=service, day=later, now=then).arrival_rate == 1


def test_what_a_rolled_back_transaction_saw_is_never_shared_with_reads(state):  # type: ignore[no-untyped-def]
    """A booking's answer made inside a transaction that then rolls back (its cancellation
    failed later) must not leave its lanes for the reads: a later change can bring the
    day to the same digest with other tickets changed."""
    sid = umum(state)
    code_of = eight_bookings(state, sid)
    with pytest.raises(RuntimeError), state.db.write_transaction() as session:
        cancel(session=session, directory=state.directory, now=state.clock(), code=code_of[0])
        get_booking(session=session, directory=state.directory, code=code_of[-1], now=state.clock())
        raise RuntimeError("a later step failed: nothing of this transaction stays")
    with state.db.write_transaction() as session:  # one update too: the same digest
        session.execute(update(TicketRow).where((TicketRow.service_date == DAY) & (TicketRow.number == 2))
                        .values(status="checked_in"))
    assert people_ahead_read(state, code_of[-1]) == people_ahead_read(state, code_of[-1], fresh=True)


def eight_bookings(state, sid: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Eight bookings of one batch on DAY: their codes, in number order."""
    booked = GroupCommit(state.db, bus=state.bus).commit([order(state, sid, s) for s in range(1, 9)])
    return [json.loads(o.body)["booking_code"] for o in booked]  # type: ignore[attr-defined]


def people_ahead_read(state, code: str, *, fresh: bool = False) -> int:  # type: ignore[no-untyped-def]
    """A booking's people ahead as its read by code says; `fresh`: with no lanes kept
    for the reads (a process that just started)."""
    with state.db.read() as session:
        if fresh:
            for_readers(session)._kept.clear()
        return get_booking(session=session, directory=state.directory, code=code,
                           now=state.clock()).ticket.people_ahead


@pytest.mark.anyio
async def test_a_rush_on_sqlite_is_committed_in_the_loop_and_waits_off_it_for_another_writer(state):  # type: ignore[no-untyped-def]
    """SQLite: a batch runs in the event loop itself (no thread to take turns with at
    the interpreter lock); while another writer (a staff action on a thread) holds the
    database, the batch waits on a thread instead, and the loop goes on serving."""
    if not state.db.is_sqlite:
        pytest.skip("PostgreSQL's batches always run on a thread")
    sid = umum(state)
    group = GroupCommit(state.db, bus=state.bus)
    loop_thread = threading.current_thread()
    committed_on: list[threading.Thread] = []
    event.listen(state.db.engine, "commit", lambda _c: committed_on.append(threading.current_thread()))
    first = await group.submit(order(state, sid, 1))
    assert number(first) == 1 and committed_on == [loop_thread]

    holding, release = threading.Event(), threading.Event()

    def staff_action() -> None:
        with state.db.write_transaction():
            holding.set()
            release.wait(30)

    writer = threading.Thread(target=staff_action)
    writer.start()
    try:
        assert holding.wait(30)
        booking = asyncio.ensure_future(group.submit(order(state, sid, 2)))
        for _ in range(20):  # the loop turns: nothing waits in it for the writer
            await asyncio.sleep(0.01)
        assert not booking.done()
    finally:
        release.set()
    assert number(await asyncio.wait_for(booking, 30)) == 2
    writer.join(30)
    assert committed_on[-1] not in (loop_thread, writer)  # the batch's own thread


def test_a_writer_that_must_not_wait_is_told_when_another_process_writes(state):  # type: ignore[no-untyped-def]
    """Another process holds SQLite's lock file: `wait=False` says so at once, and
    leaves the database free for this process's next writer once it is released."""
    if not state.db.is_sqlite:
        pytest.skip("PostgreSQL has no writers' lock")
    other_process = os.open(f"{state.db.sqlite_file}.write-lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(other_process, fcntl.LOCK_EX)
        with pytest.raises(WriterBusy), state.db.write_transaction(wait=False):
            pass
    finally:
        os.close(other_process)
    with state.db.write_transaction(wait=False) as session:
        assert session.scalar(select(func.count()).select_from(TicketRow)) == 0


@pytest.mark.anyio
async def test_with_a_relay_to_other_workers_the_batch_stays_off_the_loop(state):  # type: ignore[no-untyped-def]
    """SQLite with several workers: each commit sends its events to the workers'
    sockets, this one's too, which only this loop reads: never sent from the loop."""
    if not state.db.is_sqlite:
        pytest.skip("PostgreSQL's batches always run on a thread")
    sent_from: list[threading.Thread] = []
    state.bus.outbox = lambda events: sent_from.append(threading.current_thread())
    try:
        booking = await GroupCommit(state.db, bus=state.bus).submit(order(state, umum(state), 1))
    finally:
        state.bus.outbox = None
    assert number(booking) == 1
    assert sent_from and threading.current_thread() not in sent_from


def test_the_longest_name_a_ktp_can_carry_is_kept_whole(state):  # type: ignore[no-untyped-def]
    """100 accented letters, two bytes each in UTF-8, seal to ~308 characters: the
    column holds them (PostgreSQL refused the booking at 300)."""
    name = ("Ñéçàüö" * 17)[:100]
    outcome = GroupCommit(state.db, bus=state.bus).commit([order(state, umum(state), 1, name=name)])
    assert number(outcome[0]) == 1
    with state.db.read() as session:
        sealed = session.scalars(select(VisitRow.name_sealed)).one()
    assert len(sealed) > 300
    assert state.vault.open(sealed, purpose="name") == name


def _walkin(state, sid: int, serial: int) -> Order:  # type: ignore[no-untyped-def]
    data = WalkInCreate(service_id=sid)
    now = state.clock()
    new = create_walkin(directory=state.directory, data=data, channel=Channel.kiosk, now=now,
                        vault=state.vault)
    return Order(key=f"walk-{serial}", fingerprint=request_hash(state.keyring, "/walkins", data),
                 now=now, new=new, directory=state.directory)


def test_a_booking_while_a_call_is_in_flight_counts_the_call(state, monkeypatch):  # type: ignore[no-untyped-def]
    """The batch reads the day without waiting for a staff action in flight; the call
    committed before the batch got the day's lock still counts: 1 called, 2 and 3
    before the new 4, and the board told "B-001 called, 3 waiting"."""
    sid = umum(state)
    service = state.directory.services[sid]
    group = GroupCommit(state.db, bus=state.bus)
    assert [number(o) for o in group.commit([_walkin(state, sid, n) for n in (1, 2, 3)])] == [1, 2, 3]
    told: list[dict[str, object]] = []
    record = issue.record_events
    monkeypatch.setattr(issue, "record_events", lambda *, session, events: (
        told.extend(events), record(session=session, events=events))[1])
    flushed = threading.Event()

    def call() -> None:
        with state.db.write_transaction() as session:
            called = call_next(session=session, directory=state.directory, service=service,
                               counter="Loket 1", now=state.clock(),
                               by=Principal(name="loket.satu", role=Role.loket, facility_id="pkm-sumber"))
            assert called is not None and called.number == 1
            session.flush()
            flushed.set()
            time.sleep(0.5)  # the call's transaction still open while the batch reads the day

    caller = threading.Thread(target=call)
    caller.start()
    assert flushed.wait(10)
    booked = group.commit([_walkin(state, sid, 4)])[0]
    caller.join()
    assert json.loads(booked.body)["ticket"]["people_ahead"] == 2  # type: ignore[union-attr]
    assert (told[-1]["now_calling"], told[-1]["waiting"]) == ("B-001", 3)


def test_every_batch_locks_its_days_in_one_order(state, monkeypatch):  # type: ignore[no-untyped-def]
    """Bookings for two days arriving later day first: the earlier day's counter is
    still locked first, as in every other batch (two batches never deadlock)."""
    sid = umum(state)
    locked: list[dt.date] = []
    allocate = issue.allocate_block
    monkeypatch.setattr(issue, "allocate_block", lambda **kw: (locked.append(kw["day"]), allocate(**kw))[1])
    later = DAY + dt.timedelta(days=1)
    outcomes = GroupCommit(state.db, bus=state.bus).commit(
        [order(state, sid, 1, day=later), order(state, sid, 2, day=DAY)])
    assert [number(o) for o in outcomes] == [1, 1]
    assert locked == [DAY, later]


@pytest.mark.anyio
async def test_a_rush_on_sqlite_never_waits_in_the_loop_for_a_wal_checkpoint(state):  # type: ignore[no-untyped-def]
    """SQLite copies its WAL back into the database file once a commit leaves it at
    1,000 pages or more, and syncs the file: in a batch's commit, in the event loop,
    that stalled every request (bench/loop_stalls.py). The batches have it done on a
    thread first: no commit in the loop leaves the WAL at SQLite's limit, and the WAL
    starts again after each checkpoint."""
    if not state.db.is_sqlite:
        pytest.skip("PostgreSQL's batches always run on a thread")
    sid = umum(state, quota_jkn=10_000)
    group = GroupCommit(state.db, bus=state.bus)
    loop_thread = threading.current_thread()
    checkpointed_on: list[threading.Thread] = []
    checkpoint = state.db.checkpoint

    def recorded() -> None:
        checkpointed_on.append(threading.current_thread())
        checkpoint()

    state.db.checkpoint = recorded
    frames = [0]  # after each batch's commit, in the loop
    serial = 0
    while len(checkpointed_on) < 2 and serial < 3_000:
        outcomes = await asyncio.gather(*(group.submit(order(state, sid, serial + i + 1)) for i in range(20)))
        assert [number(o) for o in outcomes] == list(range(serial + 1, serial + 21))
        serial += 20
        frames.append(state.db.wal_frames() or 0)
    assert max(frames) < WAL_AUTOCHECKPOINT_PAGES
    assert len(checkpointed_on) == 2 and loop_thread not in checkpointed_on
    assert sum(1 for a, b in zip(frames, frames[1:], strict=False) if b < a) == 2  # started again after each
