"""One counter of one service, as observable data with methods (no Flet page needed):
today's tickets, the queue's numbers, the ticket at this counter, and the officer's
actions.

Every action is instant on screen: the expected result is shown first (the next
patient in the service's call order, the served count one up) and rolled back with a
message if the service refuses. While one action is in flight every other is
ignored, so a double click or a held key sends one request; the service also
answers `wrong_ticket_status` to a second `done`. A reload asked for during an
action waits until it is over, so it cannot undo what is on screen.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import flet as ft

from api_client import ApiClient, ApiConnectionError, ApiError, Unauthorized
from api_client.models import (
    Lane,
    PatientAtDesk,
    PriorityReason,
    QueueState,
    Service,
    TicketStatus,
    TicketView,
)
from views.staff.queue_rules import AT_COUNTER, at_counter, call_order, not_arrived, skipped


@dataclass(frozen=True)
class Notice:
    """What the last action said. `kind`: error, called, none_waiting, recalled, done,
    skipped, transferred, requeued, lane_changed, paused, resumed; `params` fill the
    sentence (numbers, names, an error code)."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@ft.observable
class Desk:
    def __init__(
        self,
        client: ApiClient,
        service: Service,
        counter: str,
        *,
        on_signed_out: Callable[[], Awaitable[None]],
    ) -> None:
        self._client = client
        self._on_signed_out = on_signed_out
        self._reload_wanted = False
        self._reloading: asyncio.Task[None] | None = None
        self._closed = False
        self._acted = 0  # actions started so far: a read that began before one is stale
        self.service = service
        self.counter = counter
        self.tickets: list[TicketView] = []
        self.queue: QueueState | None = None
        self.current: TicketView | None = None
        self.busy: str | None = None
        self.notice: Notice | None = None
        self.loaded = False
        self.offline = False
        # Who is at the counter: asked once per ticket that reaches it, forgotten when it
        # leaves (never part of the polled list: views/staff/patient_card.py).
        self.patient: PatientAtDesk | None = None
        self.patient_problem: str | None = None  # an error code, when it could not be read
        self._patient_of: int | None = None
        self._patient_task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ reading

    @property
    def waiting(self) -> list[TicketView]:
        """Checked in, in the order the service will call them."""
        return call_order(self.tickets, self.queue.call_order if self.queue else ())

    @property
    def not_arrived(self) -> list[TicketView]:
        return not_arrived(self.tickets)

    @property
    def skipped(self) -> list[TicketView]:
        """Today's no-shows, the latest first: who may come back."""
        return skipped(self.tickets)

    @property
    def paused(self) -> bool:
        """This counter is on a break (the service says so in `paused_counters`)."""
        return self.queue is not None and self.counter in self.queue.paused_counters

    @property
    def serving_someone(self) -> bool:
        return self.current is not None and self.current.status in AT_COUNTER

    async def load(self) -> None:
        """Read today's tickets and numbers again (after an event, a poll, an action)."""
        if self._closed:
            return
        if self.busy:
            self._reload_wanted = True
            return
        acted = self._acted
        try:
            tickets, queue = await asyncio.gather(
                self._client.staff.tickets(self.service.id),
                self._client.queues.state(self.service.id),
            )
        except Unauthorized:
            await self._signed_out()
            return
        except ApiConnectionError:
            self.offline = True
            return
        except ApiError as err:
            self.notice = Notice("error", {"code": err.code})
            return
        if self.busy or self._acted != acted:  # an action started meanwhile: this answer may predate it
            self._reload_wanted = True
            return
        self.offline = False
        self.tickets = list(tickets)
        self.queue = queue
        mine = at_counter(tickets, self.counter)
        if self.current is None or self.current.ticket_id not in {t.ticket_id for t in tickets}:
            self.current = mine
        else:
            fresh = next(t for t in tickets if t.ticket_id == self.current.ticket_id)
            self.current = fresh if fresh.status in AT_COUNTER else mine
        self.loaded = True
        self._follow_patient()

    def reload_soon(self) -> None:
        """Coalesce a burst of live events into one or two reads."""
        self._reload_wanted = True
        if not self._closed and (self._reloading is None or self._reloading.done()):
            self._reloading = asyncio.ensure_future(self._reload_loop())

    async def _reload_loop(self) -> None:
        with contextlib.suppress(RuntimeError):  # the session's client was closed
            while self._reload_wanted and not self.busy and not self._closed:
                self._reload_wanted = False
                await self.load()

    def close(self) -> None:
        """The desk left the screen: no more reads."""
        self._closed = True
        if self._reloading is not None and not self._reloading.done():
            self._reloading.cancel()
        if self._patient_task is not None and not self._patient_task.done():
            self._patient_task.cancel()
        self.patient = None

    # ------------------------------------------------------------------ actions

    async def call_next(self) -> None:
        if self._refuse_call():
            return
        if self.busy or self.serving_someone:
            if self.serving_someone and not self.busy:
                self.notice = Notice("finish_first", {"number": self.current.display_number})  # type: ignore[union-attr]
            return
        order = self.waiting
        guess = order[0] if order else None

        def optimistic() -> None:
            if guess is not None:
                self.current = guess.model_copy(update={
                    "status": TicketStatus.called, "counter": self.counter,
                })
                self.tickets = [t for t in self.tickets if t.ticket_id != guess.ticket_id]
                self._count(waiting=-1)

        called = await self._act(
            "call_next", optimistic,
            lambda: self._client.staff.call_next(self.service.id, counter=self.counter),
        )
        if called is _FAILED:
            return
        if called is None:
            self.current = None
            self.notice = Notice("none_waiting")
        else:
            self.current = called
            self.notice = Notice("called", {"number": called.display_number, "counter": self.counter})
        self._after()

    async def recall(self) -> None:
        ticket = self.current
        if self.busy or ticket is None or ticket.status is not TicketStatus.called:
            return
        result = await self._act("recall", lambda: None, lambda: self._client.staff.recall(ticket.ticket_id))
        if result is not _FAILED:
            self.notice = Notice("recalled", {"number": ticket.display_number, "counter": self.counter})
            if self.patient is None:  # called by another account: recalled here, the card is ours
                self._patient_of = None
        self._after()

    async def done(self) -> None:
        ticket = self.current
        if self.busy or ticket is None:
            return

        def optimistic() -> None:
            self.current = None
            self._count(served=+1)

        result = await self._act("done", optimistic, lambda: self._client.staff.done(ticket.ticket_id))
        if result is not _FAILED:
            self.notice = Notice("done", {"number": ticket.display_number})
        self._after()

    async def skip(self) -> None:
        ticket = self.current
        if self.busy or ticket is None or ticket.status is not TicketStatus.called:
            return

        def optimistic() -> None:
            self.current = None
            self._count(no_shows=+1)

        result = await self._act("skip", optimistic, lambda: self._client.staff.skip(ticket.ticket_id))
        if result is not _FAILED:
            self.notice = Notice("skipped", {"number": ticket.display_number})
        self._after()

    async def transfer(self, target: Service) -> None:
        ticket = self.current
        if self.busy or ticket is None:
            return

        def optimistic() -> None:
            self.current = None

        moved = await self._act(
            "transfer", optimistic,
            lambda: self._client.staff.transfer(ticket.ticket_id, to_service_id=target.id),
        )
        if moved is not _FAILED:
            self.notice = Notice("transferred", {
                "number": ticket.display_number, "service": target.name,
                "new_number": moved.display_number,
            })
        self._after()

    # ------------------------------------------- the exceptions (views/staff/exceptions.py)

    async def call_number(self, number: int) -> None:
        """Call today's `number` out of turn (a patient who stepped out and came back)."""
        if not self.may_call():
            return
        called = await self._act("call_number", lambda: None, lambda: self._client.staff.call_number(
            self.service.id, number=number, counter=self.counter))
        if called is not _FAILED:
            self.current = called
            self.notice = Notice("called", {"number": called.display_number, "counter": self.counter})
        self._after()

    async def requeue(self, ticket: TicketView) -> None:
        if self.busy:
            return
        back = await self._act("requeue", lambda: None, lambda: self._client.staff.requeue(ticket.ticket_id))
        if back is not _FAILED:
            self.notice = Notice("requeued", {"number": back.display_number})
        self._after()

    async def change_lane(self, ticket: TicketView, lane: Lane, reason: PriorityReason | None) -> None:
        if self.busy:
            return
        moved = await self._act("change_lane", lambda: None, lambda: self._client.staff.change_lane(
            ticket.ticket_id, lane=lane, priority_reason=reason))
        if moved is not _FAILED:
            self.notice = Notice("lane_changed", {"number": moved.display_number, "lane": lane,
                                                  "reason": reason})
        self._after()

    async def pause_or_resume(self) -> None:
        """A break starts, or ends if this counter is on one."""
        if self.busy or self.queue is None:
            return
        step = self._client.staff.resume if self.paused else self._client.staff.pause
        kind = "resumed" if self.paused else "paused"
        queue = await self._act("pause", lambda: None, lambda: step(self.service.id, counter=self.counter))
        if queue is not _FAILED:
            self.queue = queue
            self.notice = Notice(kind, {"counter": self.counter})
        self._after()

    def may_call(self) -> bool:
        """Whether this counter may call a number now; if not, the notice says why (a
        break, or someone still at the counter)."""
        if self.busy or self._refuse_call():
            return False
        if self.serving_someone:
            self.notice = Notice("finish_first", {"number": self.current.display_number})  # type: ignore[union-attr]
            return False
        return True

    def _refuse_call(self) -> bool:
        """A counter on a break calls nobody: say how to come back."""
        if self.paused and not self.busy:
            self.notice = Notice("error", {"code": "counter_paused"})
        return self.paused

    # ------------------------------------------------------------------ plumbing

    async def _act(
        self, name: str, optimistic: Callable[[], None], request: Callable[[], Awaitable[Any]]
    ) -> Any:
        """Show the expected result, ask the service, and roll back if it refuses."""
        before = (self.current, self.tickets, self.queue)
        self._acted += 1
        self.busy = name
        self.notice = None
        optimistic()
        try:
            return await request()
        except Unauthorized:
            self.busy = None
            await self._signed_out()
            return _FAILED
        except ApiError as err:
            self.current, self.tickets, self.queue = before
            self.notice = Notice("error", {"code": err.code})
            return _FAILED
        finally:
            self.busy = None

    def _after(self) -> None:
        self._follow_patient()
        self.reload_soon()

    def _follow_patient(self) -> None:
        """Ask who the patient is when a ticket reaches this counter; forget them when
        it leaves (done, skipped, sent on, or another ticket took its place)."""
        current = self.current
        here = current.ticket_id if current is not None and current.status in AT_COUNTER else None
        if here == self._patient_of:
            return
        self._patient_of = here
        self.patient = None
        self.patient_problem = None
        if self._patient_task is not None and not self._patient_task.done():
            self._patient_task.cancel()
        if here is not None and not self._closed:
            self._patient_task = asyncio.ensure_future(self._read_patient(here))

    async def _read_patient(self, ticket_id: int) -> None:
        try:
            seen = await self._client.staff.patient(ticket_id)
        except Unauthorized:
            await self._signed_out()
            return
        except ApiError as err:
            if self._patient_of == ticket_id:
                self.patient_problem = err.code
                if isinstance(err, ApiConnectionError):
                    self._patient_of = None  # asked again at the next reload
            return
        if self._patient_of == ticket_id and not self._closed:
            self.patient = seen

    async def _signed_out(self) -> None:
        if not self._closed:
            self.close()
            await self._on_signed_out()

    def _count(self, **changes: int) -> None:
        if self.queue is not None:
            self.queue = self.queue.model_copy(update={
                key: max(0, getattr(self.queue, key) + delta) for key, delta in changes.items()
            })


_FAILED = object()
