"""Every answer of the web service BPJS calls, in BPJS's envelope:
`{"metadata": {"code": …, "message": …}, "response": …}`. Codes: 200 success, 201
refused (the message says why, in Bahasa Indonesia: Mobile JKN shows it to the
patient), 202 new patient (never sent: we keep no medical records). The HTTP status
is 200 whatever the code, as BPJS reads the code, except an unknown path (404) and a
body too large (413), still in the envelope.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import ApiProblem

OK = 200
REFUSED = 201

MAX_BODY_BYTES = 8 * 1024
"""The largest body BPJS sends (a new patient's identity and address) is under 2 KB."""


class Refused(Exception):  # noqa: N818 - answered, not an error of ours
    """Answer code 201 with `message` (what went wrong, for the patient)."""

    def __init__(self, message: str, code: int = REFUSED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def answer(response: Any = None, *, message: str = "Ok", code: int = OK,
           status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"metadata": {"code": code, "message": message}}
    if response is not None:
        body["response"] = response
    return JSONResponse(body, status_code=status, headers=headers)


def install_envelope(app: FastAPI) -> None:
    """Errors in the envelope: refusals, validation failures (the first field that
    failed, named as BPJS names it), unknown paths, and anything unexpected (logged by
    the service, never shown)."""

    @app.exception_handler(Refused)
    async def refused(_: Request, exc: Refused) -> JSONResponse:
        return answer(message=exc.message, code=exc.code)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return answer(message=validation_message(exc.errors()), code=REFUSED)

    @app.exception_handler(HTTPException)
    async def http(_: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return answer(message="Tidak ditemukan", code=404, status=404)
        if exc.status_code == 405:
            return answer(message="Metode tidak diizinkan", code=405, status=405)
        return answer(message="Permintaan tidak dapat diproses", code=REFUSED, status=exc.status_code)

    @app.exception_handler(ApiProblem)
    async def problem(_: Request, exc: ApiProblem) -> JSONResponse:
        if exc.status == 429:
            return answer(message="Terlalu banyak percobaan; coba lagi nanti", code=REFUSED,
                          status=429, headers=exc.headers)
        return answer(message=exc.detail.message, code=REFUSED)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:  # noqa: ARG001
        return answer(message="Terjadi kesalahan pada layanan; coba lagi", code=REFUSED, status=500)


FIELD_WORDS = {
    "missing": "wajib diisi",
    "json_invalid": "bukan JSON yang sah",
    "string_too_long": "terlalu panjang",
    "string_pattern_mismatch": "formatnya salah",
    "date_from_datetime_parsing": "bukan tanggal YYYY-MM-DD",
    "date_parsing": "bukan tanggal YYYY-MM-DD",
    "date_type": "bukan tanggal YYYY-MM-DD",
    "int_parsing": "harus berupa angka",
    "extra_forbidden": "tidak dikenal",
    "greater_than_equal": "di luar batas",
    "less_than_equal": "di luar batas",
    "string_type": "harus berupa teks",
    "int_type": "harus berupa angka",
    "model_type": "harus berupa objek JSON",
    # Our identity checks (api_client.identity): their own messages are English and
    # quote part of the value (a NIK's region or birth date).
    "nik_not_digits": "NIK hanya boleh berisi angka",
    "nik_length": "NIK harus 16 digit",
    "nik_region": "kode wilayah NIK tidak dikenal",
    "nik_birth_date": "tanggal lahir dalam NIK tidak sah",
    "nik_serial": "nomor urut NIK tidak sah",
    "bpjs_not_digits": "nomor kartu hanya boleh berisi angka",
    "bpjs_length": "nomor kartu harus 13 digit",
    "phone_invalid": "bukan nomor HP Indonesia yang sah",
    "phone_not_mobile": "harus nomor HP (seluler), bukan telepon rumah",
}


def validation_message(errors: Any) -> str:
    """`nik: NIK harus 16 digit`: the first failing field and why, never the value sent."""
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "path", "header", "query")]
        where = ".".join(loc) or "body"
        why = FIELD_WORDS.get(error.get("type", ""))
        if why is None and error.get("type") == "value_error":
            # Our own validators here (the dates) explain themselves in Bahasa Indonesia.
            why = str(error.get("msg", "tidak sah")).removeprefix("Value error, ")
        elif why is None:  # another check's message may be English or quote the value
            why = "tidak sah"
        return f"{where}: {why}"
    return "Permintaan tidak sah"


class BodyLimit:
    """Refuse a body over `MAX_BODY_BYTES`, whether it says its length or streams."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and not length.isdigit():
            await answer(message="Permintaan tidak sah", code=REFUSED, status=400)(scope, receive, send)
            return
        if length is not None and int(length) > MAX_BODY_BYTES:
            await _too_large(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            # A body streamed without its length stops being read at the limit: what
            # was read is then no JSON, and refused as such.
            nonlocal seen
            if seen > MAX_BODY_BYTES:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                return {"type": "http.request", "body": b"", "more_body": False}
            return message

        await self.app(scope, counted, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    await answer(message="Permintaan terlalu besar", code=REFUSED, status=413)(scope, receive, send)

