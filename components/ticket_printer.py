"""Printing a queue ticket (the kiosk's, the loket desk's) on an ESC/POS receipt
printer (python-escpos).

The ticket carries numbers only: facility, service, the number large, lane, date
and time, the estimate, the QR of the booking code, and where to follow the queue.
Never a name or a NIK.

A printer that is off, unreachable or out of paper raises `PrinterError`; the
kiosk then shows the number on screen and asks the patient to show it at the
loket. The number is never lost: it exists on the server before printing starts.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError
from escpos.printer import Dummy, File, Network

from api_client.identity import format_booking_code

log = logging.getLogger(__name__)
PAPER_OUT = 0  # python-escpos paper_status(): 2 present, 1 near end, 0 out


@dataclass(frozen=True)
class PrintedTicket:
    """What goes on paper, already translated and formatted by the kiosk."""

    facility_name: str
    title: str  # "NOMOR ANTREAN"
    display_number: str  # "A-012"
    service_name: str
    lane_label: str  # "Reguler" / "Prioritas (lansia)"
    issued_at: str  # "Senin, 30 November 2026 08:05"
    estimate: str | None  # "Perkiraan dipanggil 08.40"
    booking_code: str  # in the QR, and printed in groups
    follow_line: str  # "Pantau antrean:"
    follow_url: str  # "https://…/tiket/K7QD2M9FXH3TA"
    reprint_mark: str | None = None  # "CETAK ULANG" on a reprint


class PrinterError(Exception):
    code = "printer_failed"


class PrinterOffline(PrinterError):
    code = "printer_offline"


class PaperOut(PrinterError):
    code = "printer_paper_out"


class TicketPrinter(Protocol):
    def print_ticket(self, ticket: PrintedTicket) -> None: ...


def write_ticket(printer: Escpos, ticket: PrintedTicket) -> None:
    """The ticket's ESC/POS commands, onto any python-escpos printer."""

    def style(*, bold: bool = False, big: bool = False, small: bool = False,
              invert: bool = False) -> None:
        printer.set(
            align="center", bold=bold, invert=invert, font="b" if small else "a",
            **({"custom_size": True, "width": 4, "height": 4} if big
               else {"normal_textsize": True}),
        )

    style(bold=True)
    printer.text(f"{ticket.facility_name}\n")
    if ticket.reprint_mark:
        style(bold=True, invert=True)
        printer.text(f" {ticket.reprint_mark} \n")
    style()
    printer.text(f"{ticket.title}\n")
    style(bold=True, big=True)
    printer.text(f"{ticket.display_number}\n")
    style(bold=True)
    printer.text(f"{ticket.service_name}\n")
    style()
    printer.text(f"{ticket.lane_label}\n{ticket.issued_at}\n")
    if ticket.estimate:
        printer.text(f"{ticket.estimate}\n")
    printer.qr(ticket.booking_code, size=6, native=True)
    code = ticket.booking_code
    printer.text(f"{format_booking_code(code)}\n")
    style(small=True)
    printer.text(f"{ticket.follow_line}\n{ticket.follow_url}\n")
    printer.cut()


class _NetworkPrinter(Network):  # type: ignore[misc]
    """python-escpos's Network printer, closing its socket when the connection fails."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        try:
            self.device: socket.socket | None = socket.create_connection(
                (self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            self.device = None
            raise PrinterOffline(f"no printer answers at {self.host}:{self.port}") from exc


def ticket_bytes(ticket: PrintedTicket) -> bytes:
    dummy = Dummy()
    write_ticket(dummy, ticket)
    return bytes(dummy.output)


class EscposTicketPrinter:
    """Renders the ticket once, then sends the bytes to a real printer."""

    def __init__(self, open_printer: Callable[[], Escpos], *, check_paper: bool) -> None:
        self._open = open_printer
        self._check_paper = check_paper

    def print_ticket(self, ticket: PrintedTicket) -> None:
        data = ticket_bytes(ticket)
        try:
            printer = self._open()
            try:
                if self._check_paper and printer.paper_status() == PAPER_OUT:
                    raise PaperOut("the printer is out of paper")
                printer._raw(data)
            finally:
                printer.close()
        except PrinterError as exc:
            log.warning("kiosk printer: %s", exc.code)
            raise
        except (OSError, EscposError) as exc:
            log.warning("kiosk printer unreachable: %s", exc.__class__.__name__)
            raise PrinterOffline(str(exc)) from exc


def printer_from_config(kind: str, target: str, *, timeout: float = 3.0) -> TicketPrinter:
    """`network` (host[:port], port 9100 by default), `file` (a device such as
    /dev/usb/lp0, or a path), or `usb` (vendor:product in hex, e.g. 04b8:0202)."""
    if kind == "network":
        host, _, port = target.partition(":")
        return EscposTicketPrinter(
            lambda: _NetworkPrinter(host, int(port or 9100), timeout=timeout), check_paper=True
        )
    if kind == "file":
        return EscposTicketPrinter(lambda: File(target), check_paper=False)
    if kind == "usb":
        from escpos.printer import Usb

        vendor, product = (int(part, 16) for part in target.split(":"))
        return EscposTicketPrinter(lambda: Usb(vendor, product), check_paper=True)
    raise ValueError(f"printer kind must be network, file or usb, got {kind!r}")
