"""What the kiosk asks of the API and the printer: a walk-in number, a check-in, a
(re)print. One idempotency key per intended ticket, so a double tap or a retry
after a lost answer issues one number; one request at a time."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import flet as ft
from pydantic_core import PydanticCustomError

from api_client import ApiError, new_idempotency_key
from api_client.errors import ApiConnectionError, Conflict, QuotaFull, ValidationFailed
from api_client.identity import normalize_nik
from session.context import Session
from views.kiosk import clock, flow
from views.kiosk.flow import Journey, KioskState, Problem, Result, Screen, scanned_code, walkin_body
from views.kiosk.printing import PrintStatus, print_ticket
from views.kiosk.ticket import printed_ticket

if TYPE_CHECKING:
    from views.kiosk.ticket_printer import TicketPrinter

REPEAT_SECONDS = 3.0


@dataclass(frozen=True)
class KioskActions:
    issue_with_nik: Callable[[], Any]
    skip_nik: Callable[[], Any]
    check_in: Callable[[str], Any]
    reprint: Callable[[], Any]
    forget: Callable[[], None]
    shown_until: Callable[[], float | None]


def use_kiosk_actions(
    *,
    session: Session,
    printer: TicketPrinter | None,
    latest: Any,  # use_ref holding the current KioskState
    set_state: Callable[[Any], None],
    on_full: Callable[[tuple[int, dt.date]], None],
) -> KioskActions:
    client = session.deps.client
    settings = session.deps.settings
    in_flight = ft.use_ref(False)
    last_code = ft.use_ref(("", 0.0))  # the code sent last, and when
    pending = ft.use_ref(None)  # (walk-in body, its idempotency key)
    shown_until = ft.use_ref(None)  # monotonic time the number leaves the screen

    def update(**changes: object) -> None:
        set_state(lambda s: replace(s, **changes))

    def fail(code: str, params: dict[str, Any] | None = None, *, retry: Screen) -> None:
        update(screen=Screen.problem, busy=False,
               problem=Problem(code=code, params=params or {}, retry=retry))

    async def run_print(result: Result, *, reprint: bool) -> None:
        ticket = printed_ticket(session.t, result.booking, public_url=settings.public_url,
                                reason=result.reason, reprint=reprint)
        status = await print_ticket(printer, ticket, service_id=result.booking.ticket.service_id)

        def printed(s: KioskState) -> KioskState:
            if s.result is None or s.result.booking.booking_code != result.booking.booking_code:
                return s  # the kiosk moved on meanwhile
            done = replace(s.result, printing=status,
                           printed_once=s.result.printed_once or status is PrintStatus.printed)
            return replace(s, result=done)

        set_state(printed)
        if status is PrintStatus.printed:
            shown_until.current = time.monotonic() + flow.SHOW_NUMBER_SECONDS

    async def show(result: Result) -> None:
        shown_until.current = None
        # The NIK and the code have done their job: gone from memory now.
        update(screen=Screen.result, busy=False, result=result, nik="", code="", problem=None)
        await run_print(result, reprint=False)

    async def issue(nik: str) -> None:
        if in_flight.current:
            return  # a second tap while the first is on its way
        s = replace(latest.current, nik=nik, nik_problem=None)
        if s.service is None:
            return
        body = walkin_body(s)
        if pending.current is None or pending.current[0] != body:
            pending.current = (body, new_idempotency_key())
        in_flight.current = True
        set_state(lambda old: replace(old, nik=nik, nik_problem=None, busy=True))
        try:
            booking = await client.bookings.walk_in(
                service_id=s.service.id, idempotency_key=pending.current[1], lane=s.lane,
                priority_reason=s.reason, nik=nik or None,
            )
        except ValidationFailed as err:
            at_nik = next((f for f in err.fields if f.field.endswith("nik")), None)
            if at_nik is not None:
                update(busy=False, nik_problem=Problem(at_nik.code, dict(at_nik.params)))
            else:
                fail(err.code, retry=Screen.services)
        except Conflict as err:  # the service keeps this "no" for the key: a new try, a new key
            pending.current = None
            if isinstance(err, QuotaFull):
                on_full((s.service.id, clock.now().date()))
            fail(err.code, retry=Screen.services)
        except ApiConnectionError as err:
            fail(err.code, retry=Screen.identity)  # the NIK and the key are kept for the retry
        except ApiError as err:
            fail(err.code, retry=Screen.services)
        else:
            pending.current = None
            await show(Result(journey=Journey.walkin, booking=booking, reason=s.reason))
        finally:
            in_flight.current = False

    async def issue_with_nik() -> None:
        raw = latest.current.nik
        try:
            nik = normalize_nik(raw)
        except PydanticCustomError as err:
            update(nik_problem=Problem(err.type, dict(err.context or {})))
            return
        await issue(nik)

    async def skip_nik() -> None:
        await issue("")

    async def check_in(text: str) -> None:
        code = scanned_code(text)
        if not code or in_flight.current:
            return
        sent, at = last_code.current
        if code == sent and time.monotonic() - at < REPEAT_SECONDS:
            return  # the same scan heard twice (the field's Enter and the page's keys)
        last_code.current = (code, time.monotonic())
        in_flight.current = True
        update(busy=True, problem=None)
        try:
            booking = await client.bookings.check_in_at_facility(code)
        except ApiError as err:
            fail(err.code, retry=Screen.checkin)
        else:
            await show(Result(journey=Journey.checkin, booking=booking, reason=None))
        finally:
            in_flight.current = False

    async def reprint() -> None:
        result = latest.current.result
        if result is None or result.printing is PrintStatus.printing:
            return
        shown_until.current = None
        update(result=replace(result, printing=PrintStatus.printing))
        await run_print(result, reprint=result.printed_once)

    def forget() -> None:
        pending.current = None
        last_code.current = ("", 0.0)
        shown_until.current = None

    return KioskActions(
        issue_with_nik=issue_with_nik, skip_nik=skip_nik, check_in=check_in, reprint=reprint,
        forget=forget, shown_until=lambda: shown_until.current,
    )
