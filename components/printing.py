"""Printing a queue ticket: the printer from a setting (the kiosk's `LSR_KIOSK_PRINTER`,
a desk's own printer setting), the blocking print in a worker thread, and a failure
that never loses the number.

A failure is logged for staff (printer problem, number and service: no booking
code, no NIK, no name) and reported to the screen, which then shows the number
and sends the patient to the loket with it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from api_client.models import PrinterState

if TYPE_CHECKING:  # python-escpos (the `kiosk` extra) is imported only when a kiosk prints
    from components.ticket_printer import PrintedTicket, TicketPrinter

log = logging.getLogger("kiosk.printer")


class PrintStatus(StrEnum):
    printing = "printing"
    printed = "printed"
    failed = "failed"  # offline, unreachable, out of paper, or no printer configured


def printer_for(setting: str) -> TicketPrinter | None:
    """`network:HOST[:PORT]`, `file:PATH`, `usb:VID:PID`, or `none` (no printer)."""
    kind, _, target = setting.strip().partition(":")
    if kind in ("", "none"):
        return None
    from components.ticket_printer import printer_from_config

    try:
        return printer_from_config(kind, target)
    except ValueError as exc:
        log.error("kiosk printer setting %r is not usable: %s", setting, exc)
        return None


async def print_ticket(
    printer: TicketPrinter | None, ticket: PrintedTicket, *, service_id: int,
    found: Callable[[PrinterState], None] | None = None,
) -> PrintStatus:
    """Print without blocking the event loop (every kiosk session shares it). `found`
    hears how the printer was (the kiosk reports it: `POST /kiosk/status`)."""
    from components.ticket_printer import PaperOut, PrinterError

    def state(value: PrinterState) -> None:
        if found is not None:
            found(value)

    where = f"number {ticket.display_number} of service {service_id}"
    if printer is None:
        log.warning("kiosk printer: none configured; %s shown on screen only", where)
        state(PrinterState.none)
        return PrintStatus.failed
    try:
        await asyncio.to_thread(printer.print_ticket, ticket)
    except PrinterError as exc:
        log.warning("kiosk printer: %s; %s shown on screen, patient sent to the loket", exc.code, where)
        state(PrinterState.paper_out if isinstance(exc, PaperOut) else PrinterState.offline)
        return PrintStatus.failed
    except Exception as exc:  # a driver bug must not lose the number either
        log.error("kiosk printer: unexpected %s; %s shown on screen", exc.__class__.__name__, where)
        state(PrinterState.offline)
        return PrintStatus.failed
    state(PrinterState.ok)
    return PrintStatus.printed
