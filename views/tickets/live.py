"""One ticket, live: the booking, its queue today, and whether the service answers.

``use_live_ticket(code)`` loads the booking, then follows its service's
server-sent events and re-reads the booking on every event of its day; a slow poll
runs beside the stream, so a lost connection is noticed and the screen says so while
keeping what it knew (the live loop: session/follow.py).

On a device (`Deps.keeps_tickets`) every state read is kept, and the next time the
ticket opens it shows at once what was kept, with when it was read, before the service
answers: number, status, people ahead and the QR code stay readable with no signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft
from flet.components.hooks.use_ref import MutableRef

from api_client import ApiClient, ApiConnectionError, ApiError
from api_client.models import Booking, QueueEvent, QueueState
from components.ticket_advice import device_today, opening_time
from components.ticket_status import LIVE
from session import rembang_clock
from session.follow import follow, until_reached, use_task
from session.offline_cache import keep_ticket, kept, kept_ticket
from session.storage import ClientStorage

POLL_SECONDS = 20.0  # a check beside the stream: notices a lost connection
RETRY_SECONDS = 5.0  # while disconnected


@dataclass(frozen=True)
class LiveTicket:
    booking: Booking | None = None
    queue: QueueState | None = None
    """The service's queue *today* (per the service's clock): now calling, last event."""
    opens: dt.time | None = None
    """When the service opens on the booking's date, if known."""
    offline: bool = False
    error: str | None = None
    """The error code when the booking could not be loaded at all."""
    read_at: dt.datetime | None = None
    """When `booking` was last read from the service (this session or, kept on the
    device, an earlier one)."""

    @property
    def today(self) -> dt.date:
        """The service's date today; the device's if the service has not said yet."""
        return self.queue.service_date if self.queue else device_today()


def use_live_ticket(
    client: ApiClient, code: str, *, keep: ClientStorage | None = None
) -> tuple[LiveTicket, Callable[[Booking], None], Callable[[], Awaitable[bool]]]:
    """The live state of booking ``code``, a setter for a booking an action returned, and
    "Coba lagi": ask again now (while offline, the loops themselves wait between tries).
    With ``keep`` (a device's storage) the last state read is kept there and shown first
    the next time."""
    booking_state: tuple[Booking | None, Callable[[Booking | None], None]] = ft.use_state(None)
    booking, set_booking = booking_state
    queue_state: tuple[QueueState | None, Callable[[QueueState | None], None]] = ft.use_state(None)
    queue, set_queue = queue_state
    opens_state: tuple[dt.time | None, Callable[[dt.time | None], None]] = ft.use_state(None)
    opens, set_opens = opens_state
    offline, set_offline = ft.use_state(False)
    error_state: tuple[str | None, Callable[[str | None], None]] = ft.use_state(None)
    error, set_error = error_state
    opens_for: MutableRef[tuple[int, dt.date]] = ft.use_ref(None)  # whose opening time `opens` is
    read_state: tuple[dt.datetime | None, Callable[[dt.datetime | None], None]] = ft.use_state(None)
    read_at, set_read_at = read_state
    last_kept: MutableRef[Booking | None] = ft.use_ref(None)

    async def opening(fresh: Booking) -> dt.time | None:
        """When the booking's service opens that day (None if the service cannot say)."""
        try:
            detail = await client.facilities.get(fresh.facility_id)
        except ApiError:
            return None  # the advice then just says half an hour before
        service = next((s for s in detail.services if s.id == fresh.ticket.service_id), None)
        return opening_time(service.hours, fresh.service_date) if service else None

    async def refresh() -> bool:
        """Re-read the booking and its queue; False if the service could not be reached."""
        try:
            fresh = await client.bookings.get(code)
            state = await client.queues.state(fresh.ticket.service_id)
            key = (fresh.ticket.service_id, fresh.service_date)
            if opens_for.current != key:
                set_opens(await opening(fresh))
                opens_for.current = key
        except ApiConnectionError:
            set_offline(True)
            return False
        except ApiError as exc:
            set_offline(False)
            set_error(exc.code)
            return True
        set_booking(fresh)
        set_queue(state)
        set_offline(False)
        set_error(None)
        set_read_at(rembang_clock.now())
        if keep is not None and kept(fresh) != last_kept.current:
            last_kept.current = kept(fresh)
            await keep_ticket(keep, fresh)
        return True

    async def load() -> None:
        set_booking(None)
        set_error(None)
        set_read_at(None)
        if keep is not None:
            earlier = await kept_ticket(keep, code)
            if earlier is not None:
                last_kept.current, when = earlier
                set_booking(last_kept.current)
                set_read_at(when)
        await until_reached(refresh, RETRY_SECONDS)

    use_task(load, [code])

    current: Booking | None = booking
    service_id = current.ticket.service_id if current else None
    day = current.service_date if current else None
    live_now = current is not None and current.ticket.status in LIVE
    last_event_id = queue.last_event_id if queue else None

    async def on_event(event: QueueEvent) -> None:
        if event.service_date == day:
            await refresh()

    async def live() -> None:
        if not live_now or service_id is None:
            return
        followed: int = service_id
        await follow(
            lambda since: client.queues.events(followed, last_event_id=since), on_event,
            poll=refresh, poll_seconds=POLL_SECONDS, retry_seconds=RETRY_SECONDS,
            resume_from=last_event_id,
        )

    use_task(live, [code, service_id, live_now])

    state = LiveTicket(
        booking=current, queue=queue, opens=opens, offline=offline, error=error, read_at=read_at,
    )
    return state, set_booking, refresh
