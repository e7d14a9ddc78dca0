"""The printed ticket: exact ESC/POS bytes, numbers only, and a printer that fails
(port closed, out of paper) raises a clear error instead of losing anything."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from components.ticket_printer import (
    PaperOut,
    PrintedTicket,
    PrinterOffline,
    printer_from_config,
    ticket_bytes,
)

GOLDEN = Path(__file__).with_name("golden")
TICKET = PrintedTicket(
    facility_name="Puskesmas Sumber",
    title="NOMOR ANTREAN",
    display_number="A-012",
    service_name="Loket Pendaftaran",
    lane_label="Prioritas (lansia)",
    issued_at="Senin, 30 November 2026 08.05",
    estimate="Perkiraan dipanggil 08.40",
    booking_code="K7QD2M9FXH3TA",
    follow_line="Pantau antrean:",
    follow_url="http://127.0.0.1:8000/tiket/K7QD2M9FXH3TA",
)


def test_the_ticket_bytes_match_the_reviewed_golden_file():
    # To change the layout on purpose: regenerate with ticket_bytes(TICKET), review, commit.
    assert ticket_bytes(TICKET) == (GOLDEN / "ticket-id.bin").read_bytes()


def test_the_number_is_printed_four_times_as_large_and_the_qr_holds_only_the_code():
    data = ticket_bytes(TICKET)
    assert b"\x1d!\x33\x1bE\x01\x1bM\x00\x1ba\x01\x1dB\x00A-012\n" in data  # GS ! 4×4, bold, centred
    assert b"\x1d(k\x10\x001P0K7QD2M9FXH3TA" in data  # QR store: the code, nothing else
    assert data.endswith(b"\x1dV\x00")  # full cut


def test_a_reprint_is_marked():
    reprint = ticket_bytes(TICKET.__class__(**{**TICKET.__dict__, "reprint_mark": "CETAK ULANG"}))
    assert b"CETAK ULANG" in reprint and b"CETAK ULANG" not in ticket_bytes(TICKET)


class FakePrinter:
    """An ESC/POS printer on 127.0.0.1: records bytes, answers the paper status query."""

    def __init__(self, paper_status: bytes = b"\x12") -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.paper_status = paper_status
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            while chunk := conn.recv(65536):
                if chunk == b"\x10\x04\x04":
                    conn.sendall(self.paper_status)
                else:
                    self.received += chunk

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.server.close()


def test_a_network_printer_on_port_9100_receives_exactly_the_ticket():
    fake = FakePrinter()
    printer_from_config("network", f"127.0.0.1:{fake.port}").print_ticket(TICKET)
    fake.close()
    assert bytes(fake.received) == ticket_bytes(TICKET)


def test_a_printer_out_of_paper_raises_paper_out_and_prints_nothing():
    fake = FakePrinter(paper_status=b"\x72")
    with pytest.raises(PaperOut):
        printer_from_config("network", f"127.0.0.1:{fake.port}").print_ticket(TICKET)
    fake.close()
    assert fake.received == b""


def test_a_closed_printer_port_raises_printer_offline():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    with pytest.raises(PrinterOffline):
        printer_from_config("network", f"127.0.0.1:{closed_port}", timeout=1).print_ticket(TICKET)


def test_a_file_printer_writes_the_ticket(tmp_path: Path):
    target = tmp_path / "lp0"
    printer_from_config("file", str(target)).print_ticket(TICKET)
    assert target.read_bytes() == ticket_bytes(TICKET)
