"""The desk's model against a slow service: a read of today's tickets that began before
an action (a live event from another counter, the check-in at the loket) and answers
after it must not put back what the action changed."""

from __future__ import annotations

import asyncio
import datetime as dt
from types import SimpleNamespace

import pytest

from api_client.models import Lane, QueueState, Service, ServiceKind, StaffTicketView, TicketStatus
from views.staff.desk_model import Desk

pytestmark = pytest.mark.anyio
DAY = dt.date(2026, 11, 30)
SERVICE = Service(id=2, facility_id="pkm-lasem", code="poli-umum", name="Poli Umum", kind=ServiceKind.poli,
                  prefix="B", online=True, walkin=True, avg_service_minutes=8, hours=[])


def ticket(status: TicketStatus, counter: str | None = None) -> StaffTicketView:
    return StaffTicketView(ticket_id=1, service_id=2, service_name="Poli Umum", service_date=DAY, number=1,
                           display_number="B-001", lane=Lane.regular, status=status, counter=counter,
                           people_ahead=0)


def state() -> QueueState:
    return QueueState(service_id=2, service_date=DAY, now_calling=None, total=1, waiting=1,
                      waiting_checked_in=1, served=0, no_shows=0, avg_service_minutes=8,
                      avg_is_measured=False, waiting_seconds=0, last_event_id=None, call_order=[1])


class SlowService:
    """Today's list answers with what it held when asked: the first read only when
    `answer` is set, later ones when `later` is."""

    def __init__(self) -> None:
        self.answer = asyncio.Event()
        self.later = asyncio.Event()
        self.reads = 0
        self.listed = [ticket(TicketStatus.checked_in)]
        self.staff = SimpleNamespace(tickets=self.tickets, call_next=self.call_next)
        self.queues = SimpleNamespace(state=self.state)

    async def tickets(self, _service_id: int) -> list[StaffTicketView]:
        seen = list(self.listed)
        self.reads += 1
        await (self.answer if self.reads == 1 else self.later).wait()
        return seen

    async def state(self, _service_id: int) -> QueueState:
        return state()

    async def call_next(self, _service_id: int, *, counter: str) -> StaffTicketView:
        self.listed = [ticket(TicketStatus.called, counter)]
        return self.listed[0]


async def test_a_read_begun_before_a_call_does_not_undo_it() -> None:
    service = SlowService()

    async def signed_out() -> None: ...

    desk = Desk(service, SERVICE, "Ruang 1", on_signed_out=signed_out)  # type: ignore[arg-type]
    reading = asyncio.ensure_future(desk.load())  # e.g. after another counter's event
    await asyncio.sleep(0)
    calling = asyncio.ensure_future(desk.call_next())
    await asyncio.sleep(0)
    service.answer.set()
    await calling
    assert desk.current is not None and desk.current.status is TicketStatus.called
    await reading  # it answers with the list from before the call (the reload after it: not yet)
    assert desk.current is not None and desk.current.status is TicketStatus.called
    service.later.set()
    desk.close()
