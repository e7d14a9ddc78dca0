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
from api_client.models import QueueState, Service, TicketStatus, TicketView
from views.staff.queue_rules import AT_COUNTER, at_counter, call_order, not_arrived


@dataclass(frozen=True)
class Notice:
    """What the last action said. `kind`: error, called, none_waiting, recalled, done,
    skipped, transferred; `params` fill the sentence (numbers, names, an error code)."""

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

    # ------------------------------------------------------------------ reading

    @property
    def waiting(self) -> list[TicketView]:
        """Checked in, in the order the service will call them."""
        return call_order(self.tickets, self.queue.call_order if self.queue else ())

    @property
    def not_arrived(self) -> list[TicketView]:
        return not_arrived(self.tickets)

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

    # ------------------------------------------------------------------ actions

    async def call_next(self) -> None:
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
        self.reload_soon()

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
