"""A small BPJS Antrol for the tests (its own ASGI app): it checks each request's
signature, consumer, user key and timestamp like the real service, encrypts and
compresses its answers, keeps what it accepted, and can be told to fail, to be slow,
or to answer 5xx. Written from the public description (/work/shared/BPJS.md), apart
from the service's own code: the service's signing is tested against it, not against
itself."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lzstring import LZString
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.live_server import free_port

TASKS = {1, 2, 3, 4, 5, 6, 7, 99}
RS_ADD_FIELDS = {
    "kodebooking", "jenispasien", "nomorkartu", "nik", "nohp", "kodepoli", "namapoli",
    "pasienbaru", "norm", "tanggalperiksa", "kodedokter", "namadokter", "jampraktek",
    "jeniskunjungan", "nomorreferensi", "nomorantrean", "angkaantrean", "estimasidilayani",
    "sisakuotajkn", "kuotajkn", "sisakuotanonjkn", "kuotanonjkn", "keterangan",
}


@dataclass
class Simulator:
    cons_id: str = "1234"
    secret: str = "rahasia-konsumen-simulator"
    user_key: str = "kunci-pengguna-simulator"
    pcare: str | None = None  # FKTP: "user:password" expected in X-authorization
    now: Callable[[], float] = time.time
    max_skew_seconds: int = 300
    delay_seconds: float = 0.0
    answer_after_seconds: float = 0.0
    """Take the request at once but answer only after this long (a caller that dies
    meanwhile never hears that BPJS has it)."""
    fail_with: list[int] = field(default_factory=list)
    """HTTP statuses to answer next, one per request (e.g. [503, 503])."""
    refuse_with: str | None = None
    """Answer every accepted-looking request with code 201 and this message."""
    bookings: dict[str, dict[str, Any]] = field(default_factory=dict)
    tasks: dict[tuple[str, int], int] = field(default_factory=dict)
    """(kodebooking, taskid) → waktu, each accepted once."""
    calls: list[dict[str, Any]] = field(default_factory=list)  # FKTP antrean/panggil
    cancelled: dict[str, str] = field(default_factory=dict)
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Every request that passed the checks, duplicates included, in order."""

    # -- the real service's checks ---------------------------------------------------------
    def _check(self, request: Request) -> str | None:
        h = request.headers
        stamp = h.get("x-timestamp", "")
        if h.get("x-cons-id") != self.cons_id:
            return "Cons ID tidak sesuai"
        if not stamp.isdigit() or abs(int(stamp) - self.now()) > self.max_skew_seconds:
            return "Timestamp tidak valid"
        expected = base64.b64encode(hmac.new(
            self.secret.encode(), f"{self.cons_id}&{stamp}".encode(), hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(h.get("x-signature", ""), expected):
            return "Signature tidak valid"
        if h.get("user_key") != self.user_key:
            return "User key tidak valid"
        if self.pcare is not None:
            wanted = "Basic " + base64.b64encode(f"{self.pcare}:095".encode()).decode()
            if h.get("x-authorization") != wanted:
                return "Otorisasi PCare tidak valid"
        return None

    def _seal(self, stamp: str, response: Any) -> str:
        key = hashlib.sha256(f"{self.cons_id}{self.secret}{stamp}".encode()).digest()
        compressed = LZString().compressToEncodedURIComponent(json.dumps(response)).encode()
        padder = padding.PKCS7(128).padder()
        encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
        sealed = encryptor.update(padder.update(compressed) + padder.finalize()) + encryptor.finalize()
        return base64.b64encode(sealed).decode()

    # -- the app ----------------------------------------------------------------------------
    @property
    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/antrean/add", self._endpoint(self._add), methods=["POST"]),
            Route("/antrean/updatewaktu", self._endpoint(self._update_time), methods=["POST"]),
            Route("/antrean/batal", self._endpoint(self._cancel), methods=["POST"]),
            Route("/antrean/panggil", self._endpoint(self._call), methods=["POST"]),
        ])

    def _endpoint(self, handle: Callable[[dict[str, Any]], tuple[int, str, Any]]) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Response:
            if self.delay_seconds:
                await asyncio.sleep(self.delay_seconds)
            if self.fail_with:
                return Response("Service Unavailable", status_code=self.fail_with.pop(0))
            refused = self._check(request)
            if refused is not None:
                return _answer(201, refused)
            try:
                body = json.loads(await request.body())
                assert isinstance(body, dict)
            except (ValueError, AssertionError):
                return _answer(201, "Format request tidak sesuai")
            self.received.append((request.url.path, body))
            if self.refuse_with is not None:
                return _answer(201, self.refuse_with)
            code, message, response = handle(body)
            if self.answer_after_seconds:
                await asyncio.sleep(self.answer_after_seconds)
            stamp = request.headers["x-timestamp"]
            return _answer(code, message, self._seal(stamp, response) if response is not None else None)
        return endpoint

    def _add(self, body: dict[str, Any]) -> tuple[int, str, Any]:
        code = body.get("kodebooking") or _fktp_key(body)
        if code in self.bookings:
            return 201, "Terdapat duplikasi Kode Booking", None
        if not body.get("kodepoli") or not body.get("nik"):
            return 201, "Data tidak lengkap", None
        self.bookings[code] = body
        return 200, "Ok.", {"kodebooking": code}

    def _update_time(self, body: dict[str, Any]) -> tuple[int, str, Any]:
        code, task, at = body.get("kodebooking"), body.get("taskid"), body.get("waktu")
        if code not in self.bookings:
            return 201, "Kode Booking tidak ditemukan", None
        if task not in TASKS or not isinstance(at, int):
            return 201, "TaskId atau waktu tidak valid", None
        if (code, task) in self.tasks:
            return 201, f"TaskId={task} sudah ada", None
        earlier = [w for (c, t), w in self.tasks.items() if c == code and t < task and task != 99]
        if any(w > at for w in earlier):
            return 201, f"waktu TaskId={task} tidak boleh kurang dari TaskId sebelumnya", None
        self.tasks[(code, task)] = at
        return 200, "Ok.", None

    def _cancel(self, body: dict[str, Any]) -> tuple[int, str, Any]:
        code = body.get("kodebooking") or _fktp_key(body)
        if code in self.cancelled:
            return 201, "Antrean sudah dibatalkan sebelumnya", None
        self.cancelled[code] = body.get("keterangan") or body.get("alasan") or ""
        return 200, "Ok.", None

    def _call(self, body: dict[str, Any]) -> tuple[int, str, Any]:
        if body.get("status") not in (1, 2) or not isinstance(body.get("waktu"), int):
            return 201, "Status atau waktu tidak valid", None
        self.calls.append(body)
        return 200, "Ok.", None

    def accept(self, kodebooking: str) -> None:
        """A booking BPJS knows already (taken through Mobile JKN)."""
        self.bookings[kodebooking] = {"kodebooking": kodebooking}


def _answer(code: int, message: str, response: Any = None) -> JSONResponse:
    envelope: dict[str, Any] = {"metadata": {"code": code, "message": message}}
    if response is not None:
        envelope["response"] = response
    return JSONResponse(envelope)


def _fktp_key(body: dict[str, Any]) -> str:
    """FKTP has no booking code: one number per card (or NIK), poli and date."""
    return f"{body.get('tanggalperiksa')}/{body.get('kodepoli')}/{body.get('nomorkartu') or body.get('nik')}"


@contextmanager
def served(sim: Simulator) -> Iterator[str]:
    """The simulator on a real port (for a real service process to call): its URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(sim.app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="bpjs-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise TimeoutError("the BPJS simulator did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
