"""The exceptions of a real day at the counter: a number called out of turn, a skipped
patient returned to the waiting list (and what BPJS is told), a ticket moved to the
other lane, a counter's break."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from api_client import ApiClient, ApiStatusError, new_idempotency_key
from api_client.models import Lane, PriorityReason, TicketStatus
from server.audit.tables import AuditEventRow
from server.events.tables import QueueEventRow
from server.queue.tables import VisitRow
from tests.api.helpers import book, service_id
from tests.api.test_queue import staff, tasks, walk_in
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio


@pytest.fixture
def kiosk(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    return make_client(kiosk_key="demo-kiosk-pkm-sumber")


def audit(app, action: str) -> list[dict]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        rows = session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == action).order_by(AuditEventRow.id)
        ).all()
        return [{"actor": r.actor, "subject": r.subject, "before": json.loads(r.before or "null"),
                 "after": json.loads(r.after or "null")} for r in rows]


def events(app, service: int) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        rows = session.scalars(
            select(QueueEventRow).where(QueueEventRow.service_id == service).order_by(QueueEventRow.id)
        ).all()
        return [(r.type, r.display_number, r.counter) for r in rows]


async def refused(step) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ApiStatusError) as err:
        await step
    return err.value.status, err.value.code


async def skipped_first(kiosk: ApiClient, poli: ApiClient, sid: int, others: int = 3):  # type: ignore[no-untyped-def]
    """B-001 called and skipped (the patient stepped out); `others` more checked in."""
    first = await walk_in(kiosk, sid, "back-0000")
    for i in range(others):
        await walk_in(kiosk, sid, f"back-{i + 1:04d}")
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None and called.display_number == "B-001"
    await poli.staff.skip(called.ticket_id)
    return first


# ------------------------------------------------------------ a number out of turn


async def test_a_patient_who_stepped_out_is_called_by_number_and_bpjs_hears_no_99(
    kiosk, make_client, app, clock: FakeClock
):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    first = await skipped_first(kiosk, poli, sid)
    assert 99 in tasks(app, first.booking_code)
    clock.advance(minutes=10)
    called = await poli.staff.call_number(sid, number=1, counter="Ruang 1")
    assert (called.display_number, called.status, called.counter) == ("B-001", TicketStatus.called, "Ruang 1")
    times = tasks(app, first.booking_code)
    assert 99 not in times and times[4] == clock.now  # the call that reached them
    await poli.staff.done(called.ticket_id)
    times = tasks(app, first.booking_code)
    assert sorted(times) == [3, 4, 5] and times[3] < times[4] <= times[5]
    row = audit(app, "call_number")[-1]
    assert row["before"]["status"] == "no_show" and "withdrawn_task_99" in row["before"]
    assert row["after"]["status"] == "called"
    assert ("called", "B-001", "Ruang 1") in events(app, sid)[-3:]
    with app.state.lsr.db.read() as session:
        visit = session.scalars(select(VisitRow).where(VisitRow.booking_code == first.booking_code)).one()
        assert visit.active is False  # done again: the visit ended when it was served


async def test_a_checked_in_number_can_be_called_out_of_turn(kiosk, make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    for i in range(3):
        await walk_in(kiosk, sid, f"turn-{i:04d}")
    called = await poli.staff.call_number(sid, number=3, counter="Ruang 2")
    assert called.display_number == "B-003"
    assert (await poli.queues.state(sid)).call_order == [1, 2]


async def test_calling_a_number_says_why_it_cannot_be_called(kiosk, client, make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    booked = await book(client, sid, serial=1)  # B-001, not here yet
    for i in range(3):
        await walk_in(kiosk, sid, f"why-{i:04d}")  # B-002 … B-004
    served = await poli.staff.call_number(sid, number=2, counter="Ruang 1")
    await poli.staff.done(served.ticket_id)
    cancelled = await book(client, sid, serial=2)  # B-005
    await client.bookings.cancel(cancelled.booking_code)
    elsewhere = await poli.staff.call_number(sid, number=3, counter="Ruang 2")
    assert booked.ticket.number == 1 and elsewhere.number == 3
    call = poli.staff.call_number
    assert await refused(call(sid, number=99, counter="Ruang 1")) == (404, "ticket_number_not_found")
    assert await refused(call(sid, number=1, counter="Ruang 1")) == (409, "ticket_not_arrived")
    assert await refused(call(sid, number=2, counter="Ruang 1")) == (409, "ticket_already_done")
    assert await refused(call(sid, number=5, counter="Ruang 1")) == (409, "booking_cancelled")
    assert await refused(call(sid, number=3, counter="Ruang 1")) == (409, "ticket_at_counter")
    # A counter with someone at it calls nobody else, as with call next.
    assert await refused(call(sid, number=4, counter="Ruang 2")) == (409, "counter_busy")


# ------------------------------------------------- back to the waiting list


async def test_a_returned_ticket_is_called_after_the_next_two_calls(
    kiosk, client, make_client, app
):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    first = await skipped_first(kiosk, poli, sid, others=4)  # B-002 … B-005 wait
    back = await poli.staff.requeue(first.ticket.ticket_id)
    assert back.status is TicketStatus.checked_in
    assert (back.requeued_calls_left, back.people_ahead) == (2, 2)
    assert (await client.queues.state(sid)).call_order == [2, 3, 1, 4, 5]
    mine = await client.bookings.get(first.booking_code)  # the patient's own ticket page
    assert (mine.ticket.requeued_calls_left, mine.ticket.people_ahead) == (2, 2)
    assert mine.ticket.estimated_call_at is not None
    calls = []
    for _ in range(3):
        ticket = await poli.staff.call_next(sid, counter="Ruang 1")
        assert ticket is not None
        calls.append(ticket.display_number)
        await poli.staff.done(ticket.ticket_id)
    assert calls == ["B-002", "B-003", "B-001"]
    times = tasks(app, first.booking_code)
    assert sorted(times) == [3, 4, 5]  # served: no 99 is left for a bridge to send
    assert ("requeued", "B-001", None) in events(app, sid)
    row = audit(app, "requeue")[-1]
    assert (row["before"]["status"], row["after"]["status"]) == ("no_show", "checked_in")
    assert "withdrawn_task_99" in row["before"] and "withdrawn_task_4" in row["before"]


async def test_the_others_see_the_returned_ticket_ahead_only_once_it_is_due(kiosk, client, make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    first = await skipped_first(kiosk, poli, sid, others=4)
    await poli.staff.requeue(first.ticket.ticket_id)
    tickets = {t.number: t for t in await poli.staff.tickets(sid)}
    assert [tickets[n].people_ahead for n in (2, 3, 4, 5)] == [0, 1, 3, 4]


async def test_a_returned_ticket_is_called_at_once_when_nobody_else_waits(kiosk, make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    first = await skipped_first(kiosk, poli, sid, others=0)
    await poli.staff.requeue(first.ticket.ticket_id)
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None and called.display_number == "B-001"


async def test_only_a_skipped_ticket_returns_to_the_waiting_list(kiosk, make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    first = await skipped_first(kiosk, poli, sid, others=1)
    await poli.staff.requeue(first.ticket.ticket_id)
    assert await refused(poli.staff.requeue(first.ticket.ticket_id)) == (409, "ticket_not_skipped")


async def test_a_patient_with_a_new_number_is_not_returned_twice(client, make_client):  # type: ignore[no-untyped-def]
    sid = await service_id(client, code="poli-umum")
    poli, kiosk = await staff(make_client, "poli"), make_client(kiosk_key="demo-kiosk-pkm-sumber")
    booked = await book(client, sid, serial=7)
    await kiosk.bookings.check_in_at_facility(booked.booking_code)
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None
    await poli.staff.skip(called.ticket_id)
    again = await book(client, sid, serial=7)  # the same person books again
    assert again.ticket.number == 2
    assert await refused(poli.staff.requeue(called.ticket_id)) == (409, "ticket_replaced")


# ------------------------------------------------------------------ the lane


async def test_a_waiting_ticket_moves_to_the_priority_lane_with_its_reason(kiosk, make_client, app):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    for i in range(3):
        await walk_in(kiosk, sid, f"lane-{i:04d}")
    last = (await poli.staff.tickets(sid))[2]
    assert await refused(poli.staff.change_lane(last.ticket_id, lane=Lane.priority)) == (
        422, "priority_reason_required")
    moved = await poli.staff.change_lane(
        last.ticket_id, lane=Lane.priority, priority_reason=PriorityReason.lansia)
    assert moved.lane is Lane.priority
    assert (await poli.queues.state(sid)).call_order == [3, 1, 2]
    assert await refused(poli.staff.change_lane(
        last.ticket_id, lane=Lane.priority, priority_reason=PriorityReason.lansia)) == (409, "lane_unchanged")
    row = audit(app, "change_lane")[-1]
    assert (row["before"]["lane"], row["after"]["lane"]) == ("regular", "priority")
    assert ("lane_changed", "B-003", None) in events(app, sid)
    back = await poli.staff.change_lane(last.ticket_id, lane=Lane.regular)
    assert back.lane is Lane.regular
    assert (await poli.queues.state(sid)).call_order == [1, 2, 3]
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None
    assert await refused(poli.staff.change_lane(called.ticket_id, lane=Lane.regular)) == (
        409, "ticket_not_waiting")


# ------------------------------------------------------------------ a break


async def test_a_counter_on_a_break_calls_nobody_until_it_resumes(kiosk, make_client, app):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    await walk_in(kiosk, sid, "break-0001")
    state = await poli.staff.pause(sid, counter="Ruang 1")
    assert state.paused_counters == ["Ruang 1"]
    assert (await kiosk.queues.state(sid)).paused_counters == ["Ruang 1"]
    call = poli.staff.call_next(sid, counter="Ruang 1")
    assert await refused(call) == (409, "counter_paused")
    assert await refused(poli.staff.call_number(sid, number=1, counter="Ruang 1")) == (409, "counter_paused")
    assert await refused(poli.staff.pause(sid, counter="Ruang 1")) == (409, "counter_paused")
    state = await poli.staff.resume(sid, counter="Ruang 1")
    assert state.paused_counters == []
    assert await refused(poli.staff.resume(sid, counter="Ruang 1")) == (409, "counter_not_paused")
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None
    assert [e for e in events(app, sid) if e[0] in ("paused", "resumed")] == [
        ("paused", "", "Ruang 1"), ("resumed", "", "Ruang 1")]
    assert [r["after"]["paused"] for r in audit(app, "pause_counter") + audit(app, "resume_counter")] == [
        True, False]


async def test_the_estimate_counts_only_the_counters_not_on_a_break(
    kiosk, make_client, clock: FakeClock
):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")  # configured: 8 minutes
    poli = await staff(make_client, "poli")
    for i in range(6):
        await walk_in(kiosk, sid, f"open-{i:04d}")
    for counter in ("Ruang 1", "Ruang 2"):
        called = await poli.staff.call_next(sid, counter=counter)
        assert called is not None
        await poli.staff.done(called.ticket_id)
    assert (await kiosk.queues.state(sid)).waiting_seconds == 4 * 8 * 60 // 2
    await poli.staff.pause(sid, counter="Ruang 2")
    state = await kiosk.queues.state(sid)
    assert state.waiting_seconds == 4 * 8 * 60
    await poli.staff.pause(sid, counter="Ruang 1")
    state = await kiosk.queues.state(sid)
    assert (state.waiting_seconds, state.paused_counters) == (None, ["Ruang 2", "Ruang 1"])
    last = await kiosk.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key())
    assert last.ticket.estimated_call_at is None  # no made-up time while everyone is on a break
    await poli.staff.resume(sid, counter="Ruang 1")
    assert (await kiosk.queues.state(sid)).waiting_seconds == 5 * 8 * 60


async def test_a_guessed_ticket_asks_for_sign_in_first_then_answers_404(client, make_client):  # type: ignore[no-untyped-def]
    """Nobody learns which ticket ids exist without signing in; staff learn it plainly."""
    poli = await staff(make_client, "poli")
    for who, expected in ((client, (401, "unauthorized")), (poli, (404, "ticket_not_found"))):
        for step in (who.staff.requeue,
                     lambda ticket_id, who=who: who.staff.change_lane(ticket_id, lane=Lane.regular)):
            assert await refused(step(999999)) == expected
