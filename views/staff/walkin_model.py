"""A number for anyone at the desk (someone without a phone, the kiosk down), as
observable data with methods: the service, the lane with its reason, an optional NIK,
the number issued (channel `desk`) and its ticket on this counter's receipt printer.

One idempotency key per intended number: a double Enter or click sends one request
(`busy`), and a retry after a lost answer sends the same key, so the service answers
with the same number. The number exists before printing starts: a printer that is
missing, offline or out of paper only changes what the screen says (`printed`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import flet as ft
from pydantic_core import PydanticCustomError

from api_client import ApiClient, ApiError, Unauthorized, new_idempotency_key
from api_client.errors import ApiConnectionError, ValidationFailed
from api_client.identity import normalize_nik
from api_client.models import Booking, PriorityReason, Service
from components.lanes import PRIORITY, REGULAR, LaneChoice
from components.printed_ticket import printed_ticket
from components.printing import PrintStatus, print_ticket, printer_for
from session.i18n import Translator

if TYPE_CHECKING:
    from components.ticket_printer import TicketPrinter

LANES: tuple[LaneChoice, ...] = (REGULAR, *PRIORITY)
log = logging.getLogger("staff.desk_printer")


def desk_printer(setting: str) -> TicketPrinter | None:
    """A desk's receipt printer: only `network:HOST[:PORT]` (the console runs on the
    central service, so a file or USB device there is not at the desk), else none."""
    kind = setting.strip().partition(":")[0]
    if kind != "network":
        return None
    try:
        return printer_for(setting)
    except ImportError:  # python-escpos (the kiosk extra) is not installed with this service
        log.error("desk printer: python-escpos is not installed; numbers are shown on screen only")
        return None


@ft.observable
class DeskWalkin:
    def __init__(
        self,
        client: ApiClient,
        services: list[Service],
        *,
        t: Translator,
        public_url: str,
        printer: TicketPrinter | None,
        on_issued: Callable[[Booking], object],
        on_signed_out: Callable[[], Awaitable[None]],
        first: Service | None = None,
    ) -> None:
        self._client = client
        self._t = t
        self._public_url = public_url
        self._printer = printer
        self._on_issued = on_issued
        self._on_signed_out = on_signed_out
        self._pending: tuple[tuple[object, ...], str] | None = None  # (request, its key)
        self.services = services
        self.service: Service | None = first if first in services else (services[0] if services else None)
        self.lane: LaneChoice = REGULAR
        self.nik = ""
        self.nik_error: tuple[str, dict[str, object]] | None = None
        self.error: str | None = None  # an error code of the service
        self.busy = False
        self.issued: Booking | None = None
        self.printed: PrintStatus | None = None

    def choose_service(self, service: Service) -> None:
        self.service, self.error = service, None

    def choose_lane(self, choice: LaneChoice) -> None:
        self.lane, self.error = choice, None

    def type_nik(self, text: str) -> None:
        self.nik, self.nik_error = text, None

    def next_patient(self) -> None:
        """A fresh form for the next person (the service is kept)."""
        self.lane, self.nik, self.nik_error, self.error = REGULAR, "", None, None
        self.issued, self.printed = None, None

    async def issue(self) -> None:
        """"Ambil nomor": the NIK (if any) is checked here first, then the number issued."""
        service = self.service
        if self.busy or self.issued is not None or service is None:
            return
        nik: str | None = None
        if self.nik.strip():
            try:
                nik = normalize_nik(self.nik)
            except PydanticCustomError as err:
                self.nik_error = (err.type, dict(err.context or {}))
                return
        reason: PriorityReason | None = self.lane.reason
        request = (service.id, self.lane.lane, reason, nik)
        if self._pending is None or self._pending[0] != request:
            self._pending = (request, new_idempotency_key())
        self.busy, self.error = True, None
        try:
            booking = await self._client.bookings.walk_in(
                service_id=service.id, idempotency_key=self._pending[1], lane=self.lane.lane,
                priority_reason=reason, nik=nik,
            )
        except Unauthorized:
            self.busy = False
            await self._on_signed_out()
            return
        except ValidationFailed as err:
            at_nik = next((f for f in err.fields if f.field.endswith("nik")), None)
            if at_nik is not None:
                self.nik_error = (at_nik.code, dict(at_nik.params))
            else:
                self.error = err.fields[0].code if err.fields else err.code
            self.busy = False
            return
        except ApiConnectionError as err:  # the key is kept: "Ambil nomor" again is a retry
            self.error, self.busy = err.code, False
            return
        except ApiError as err:
            self._pending = None
            self.error, self.busy = err.code, False
            return
        self._pending = None
        self.nik = ""  # done its job: gone from memory
        self.issued, self.printed, self.busy = booking, PrintStatus.printing, False
        self._on_issued(booking)
        ticket = printed_ticket(self._t, booking, public_url=self._public_url, reason=reason)
        status = await print_ticket(self._printer, ticket, service_id=service.id)
        if self.issued is not None and self.issued.booking_code == booking.booking_code:
            self.printed = status

    @property
    def has_printer(self) -> bool:
        return self._printer is not None
