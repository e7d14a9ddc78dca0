"""Live events between the worker processes of one machine on SQLite: Unix datagrams.

`python -m server --workers N` runs N processes on one SQLite file. A subscriber's
stream lives in one of them, the booking or the call that causes an event may run
in another, and SQLite has no LISTEN/NOTIFY. So each worker binds a datagram
socket in a folder beside the database (`<database>.events/<pid>.sock`), and a
committed transaction sends its events to every socket there, its own worker's
included, before it lets go of the write locks (`server.db`: `after_commit` runs
inside them). The sends of successive transactions are therefore in commit order,
and every worker reads one stream in that order: a stream never sees event 11
before event 10 (the SSE streams drop what is older than what they sent).

A worker that is gone (its socket refuses) is forgotten; a worker that does not
read for a second loses that event (its subscribers still resume from the
database when they reconnect) rather than stall every writer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from pathlib import Path

from api_client.models import QueueEvent
from server.events.bus import EventBus
from server.events.payloads import parse, payloads

log = logging.getLogger(__name__)
SEND_TIMEOUT = 1.0
MAX_DATAGRAM = 65536


class SocketRelay:
    def __init__(self, folder: Path, bus: EventBus, *, name: str | None = None) -> None:
        """`name` (default: the process id) names this worker's socket."""
        self.folder = folder
        self.bus = bus
        self.path = folder / f"{name or os.getpid()}.sock"
        self._inbox: socket.socket | None = None
        self._sender: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # left by a killed process that had our pid
        inbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        inbox.bind(str(self.path))
        inbox.setblocking(False)
        sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sender.settimeout(SEND_TIMEOUT)
        self._inbox, self._sender = inbox, sender
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(inbox.fileno(), self._receive)
        self.bus.outbox = self.send

    async def stop(self) -> None:
        self.bus.outbox = None
        if self._loop is not None and self._inbox is not None:
            self._loop.remove_reader(self._inbox.fileno())
        for sock in (self._inbox, self._sender):
            if sock is not None:
                sock.close()
        self._inbox = self._sender = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _receive(self) -> None:
        assert self._inbox is not None
        while True:
            try:
                data = self._inbox.recv(MAX_DATAGRAM)
            except BlockingIOError:
                return
            try:
                events = parse(data.decode())
            except ValueError:
                log.warning("event relay: an unreadable datagram was dropped")
                continue
            self.bus.deliver(events)

    def send(self, events: list[QueueEvent]) -> None:
        """Every worker, this one included, gets `events` (called holding the write
        locks, right after the commit). Never raises: the transaction has committed."""
        sender = self._sender
        if sender is None:
            self.bus.deliver(events)
            return
        try:
            peers = sorted(self.folder.glob("*.sock"))
            for payload in payloads(events):
                data = payload.encode()
                for peer in peers:
                    self._send_to(sender, data, peer)
        except OSError as exc:  # the folder itself is gone: deliver here at least
            log.warning("event relay failed (%s); delivering locally", exc.__class__.__name__)
            self.bus.deliver(events)

    def _send_to(self, sender: socket.socket, data: bytes, peer: Path) -> None:
        try:
            sender.sendto(data, str(peer))
        except (ConnectionRefusedError, FileNotFoundError):
            if peer != self.path:  # a worker that has died: forget it
                with contextlib.suppress(FileNotFoundError):
                    peer.unlink()
        except (TimeoutError, OSError) as exc:
            log.warning("event relay: worker %s missed an event (%s)", peer.stem,
                        exc.__class__.__name__)
