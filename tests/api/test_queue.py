"""At the counter: call, recall, serve, done, skip, transfer; the estimate; task times."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api_client import ApiClient, ApiStatusError, Conflict
from api_client.models import Lane, PriorityReason, TicketStatus
from server.queue.tables import TaskTimeRow, VisitRow
from tests.api.helpers import service_id
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio


@pytest.fixture
def kiosk(make_client) -> ApiClient:  # type: ignore[no-untyped-def]
    return make_client(kiosk_key="demo-kiosk-pkm-sumber")


async def staff(make_client, role: str) -> ApiClient:  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login(f"{role}.pkm-sumber", "rembang-demo")
    return console


async def walk_in(kiosk: ApiClient, sid: int, key: str, lane: Lane = Lane.regular):  # type: ignore[no-untyped-def]
    reason = PriorityReason.ibu_hamil if lane is Lane.priority else None
    return await kiosk.bookings.walk_in(
        service_id=sid, idempotency_key=key, lane=lane, priority_reason=reason
    )


async def two_regular_then_three_priority(kiosk: ApiClient, sid: int) -> None:
    """B-001 and B-002 regular, B-003 to B-005 priority."""
    lanes = [Lane.regular, Lane.regular, Lane.priority, Lane.priority, Lane.priority]
    for i, lane in enumerate(lanes):
        await walk_in(kiosk, sid, f"lane-{i:04d}", lane)


def tasks(app, booking_code: str) -> dict[int, object]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        visit = session.scalars(select(VisitRow).where(VisitRow.booking_code == booking_code)).one()
        rows = session.scalars(select(TaskTimeRow).where(TaskTimeRow.visit_id == visit.id))
        return {r.task_id: r.recorded_at for r in rows}


async def test_a_visit_goes_loket_to_poli_to_apotek_with_bpjs_task_times(
    kiosk, make_client, app, clock: FakeClock
):  # type: ignore[no-untyped-def]
    loket_id = await service_id(kiosk, code="loket")
    poli_id = await service_id(kiosk, code="poli-umum")
    apotek_id = await service_id(kiosk, code="apotek")
    loket, poli, apotek = [await staff(make_client, r) for r in ("loket", "poli", "apotek")]
    booking = await walk_in(kiosk, loket_id, "visit-0001")
    code = booking.booking_code
    assert booking.ticket.display_number == "A-001"

    clock.advance(minutes=1)
    called = await loket.staff.call_next(loket_id, counter="Loket 1")
    assert called is not None and called.status is TicketStatus.called
    clock.advance(minutes=2)
    at_poli = await loket.staff.transfer(called.ticket_id, to_service_id=poli_id)
    assert at_poli.display_number == "B-001" and at_poli.status is TicketStatus.checked_in
    assert (await kiosk.bookings.get(code)).ticket.service_name == "Poli Umum"

    clock.advance(minutes=8)
    called = await poli.staff.call_next(poli_id, counter="Ruang 1")
    assert called is not None
    await poli.staff.start(called.ticket_id)
    clock.advance(minutes=6)
    at_apotek = await poli.staff.transfer(called.ticket_id, to_service_id=apotek_id)
    clock.advance(minutes=4)
    called = await apotek.staff.call_next(apotek_id, counter="Apotek")
    assert called is not None and called.ticket_id == at_apotek.ticket_id
    clock.advance(minutes=3)
    done = await apotek.staff.done(called.ticket_id)
    assert done.status is TicketStatus.done

    times = tasks(app, code)
    assert sorted(times) == [1, 2, 3, 4, 5, 6, 7]
    ordered = [times[t] for t in range(1, 8)]
    assert ordered == sorted(ordered)


async def test_a_double_click_on_done_finishes_once_and_says_why_the_second_failed(
    kiosk, make_client
):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    await walk_in(kiosk, sid, "double-0001")
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None
    await poli.staff.done(called.ticket_id)
    with pytest.raises(Conflict) as err:
        await poli.staff.done(called.ticket_id)
    assert err.value.code == "wrong_ticket_status"
    assert (await poli.queues.state(sid)).served == 1


async def test_skip_marks_a_no_show_and_recall_keeps_the_number_on_display(
    kiosk, make_client, app
):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    first = await walk_in(kiosk, sid, "skip-0001")
    await walk_in(kiosk, sid, "skip-0002")
    called = await poli.staff.call_next(sid, counter="Ruang 2")
    assert called is not None
    recalled = await poli.staff.recall(called.ticket_id)
    assert recalled.status is TicketStatus.called
    state = await poli.queues.state(sid)
    assert (state.now_calling, state.now_calling_counter) == ("B-001", "Ruang 2")
    skipped = await poli.staff.skip(called.ticket_id)
    assert skipped.status is TicketStatus.no_show
    assert 99 in tasks(app, first.booking_code)
    state = await poli.queues.state(sid)
    assert (state.no_shows, state.waiting, state.now_calling) == (1, 1, None)


async def test_only_checked_in_patients_are_called(kiosk, client, make_client):  # type: ignore[no-untyped-def]
    from tests.api.helpers import book

    sid = await service_id(client, code="poli-umum")
    poli = await staff(make_client, "poli")
    booked = await book(client, sid, serial=1)
    assert await poli.staff.call_next(sid, counter="Ruang 1") is None
    await kiosk.bookings.check_in_at_facility(booked.booking_code)
    called = await poli.staff.call_next(sid, counter="Ruang 1")
    assert called is not None and called.number == booked.ticket.number


async def test_the_estimate_uses_todays_measured_service_time(
    kiosk, make_client, clock: FakeClock
):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")  # configured: 8 minutes
    poli = await staff(make_client, "poli")
    for i in range(8):
        await walk_in(kiosk, sid, f"measure-{i:04d}")
    for _ in range(3):  # three patients take 4 minutes each
        called = await poli.staff.call_next(sid, counter="Ruang 1")
        assert called is not None
        clock.advance(minutes=4)
        await poli.staff.done(called.ticket_id)
    state = await poli.queues.state(sid)
    assert state.avg_is_measured and state.avg_service_minutes == 4.0
    assert state.waiting == 5
    assert state.waiting_seconds == 5 * 4 * 60
    last = await kiosk.bookings.walk_in(service_id=sid, idempotency_key="measure-last")
    assert last.ticket.people_ahead == 5
    assert (last.ticket.estimated_call_at - clock.now).total_seconds() == 5 * 4 * 60


async def test_the_priority_lane_goes_first_but_never_more_than_two_in_a_row(
    kiosk, make_client
):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    await two_regular_then_three_priority(kiosk, sid)
    order = []
    for _ in range(5):
        called = await poli.staff.call_next(sid, counter="Ruang 1")
        assert called is not None
        order.append(called.display_number)
    assert order == ["B-003", "B-004", "B-001", "B-005", "B-002"]


async def test_the_queue_state_lists_the_next_calls_in_the_order_they_are_made(
    kiosk, client, make_client
):  # type: ignore[no-untyped-def]
    sid = await service_id(kiosk, code="poli-umum")
    poli = await staff(make_client, "poli")
    await two_regular_then_three_priority(kiosk, sid)
    announced = (await client.queues.state(sid)).call_order
    assert announced == [3, 4, 1, 5, 2]
    called = []
    while (state := await client.queues.state(sid)).call_order:
        ticket = await poli.staff.call_next(sid, counter="Ruang 1")
        assert ticket is not None and ticket.number == state.call_order[0]
        assert (await client.queues.state(sid)).call_order == state.call_order[1:]
        called.append(ticket.number)
    assert called == announced


async def test_an_action_on_a_ticket_that_does_not_exist_asks_for_sign_in_first_then_answers_404(
    client, make_client
):  # type: ignore[no-untyped-def]
    """Nobody learns which ticket ids exist without signing in; staff learn it plainly."""
    loket = await staff(make_client, "loket")
    for who, expected in ((client, (401, "unauthorized")), (loket, (404, "ticket_not_found"))):
        for step in (who.staff.recall, who.staff.start, who.staff.done, who.staff.skip,
                     lambda ticket_id, who=who: who.staff.transfer(ticket_id, to_service_id=1)):
            with pytest.raises(ApiStatusError) as refused:
                await step(999999)
            assert (refused.value.status, refused.value.code) == expected
