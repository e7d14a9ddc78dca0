"""The paths BPJS calls, under the facility's base URL (`…/api/bpjs/{facility_id}/`).

Both variants get a token at `GET auth` (FKTP catalogue; many RS implementations too)
or `GET|POST token`. Then the facility's variant (from its credentials) decides which
set answers; the other set's paths are unknown (404 in the envelope).

RS (WS RS, all `POST` with a JSON body): `statusantrean`, `ambilantrean`,
`sisaantrean`, `batalantrean`, `checkinantrean`, `infopasienbaru` (also
`pasienbaru`), `jadwaloperasirs`, `jadwaloperasipasien`.
FKTP (WS FKTP): `GET antrean/status/{kodepoli}/{tanggalperiksa}`, `POST antrean`,
`GET antrean/sisapeserta/{nomorkartu}/{kodepoli}/{tanggalperiksa}`,
`PUT antrean/batal`, `POST peserta`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from server.bpjs.credentials import Variant
from server.bpjs.mapping import doctor_for_code
from server.bpjs.ws import messages
from server.bpjs.ws import queue as ws_queue
from server.bpjs.ws.auth import Caller, FacilityId, caller, issue_token
from server.bpjs.ws.envelope import REFUSED, Refused, answer
from server.bpjs.ws.fields import (
    Body,
    CancelByCardRequest,
    CancelRequest,
    CheckInRequest,
    CodeRequest,
    StatusRequest,
    SurgeryPatientRequest,
    SurgeryRangeRequest,
    TakeNumberRequest,
)

router = APIRouter()
B = TypeVar("B", bound=Body)
HeaderText = Annotated[str | None, Header(max_length=1000)]


def rs_caller(who: Annotated[Caller, Depends(caller)]) -> Caller:
    if who.credentials.variant is not Variant.rs:
        raise HTTPException(404)
    return who


def fktp_caller(who: Annotated[Caller, Depends(caller)]) -> Caller:
    if who.credentials.variant is not Variant.fktp:
        raise HTTPException(404)
    return who


RsCaller = Annotated[Caller, Depends(rs_caller)]
FktpCaller = Annotated[Caller, Depends(fktp_caller)]


async def body_of(request: Request, model: type[B]) -> B:
    """The JSON body whatever its content type says (the catalogue names form
    encoding; BPJS sends JSON)."""
    try:
        raw: Any = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: arrays nested thousands deep (a few KB can hold them).
        raise Refused("body: bukan JSON yang sah") from None
    return validated(model, raw)


def validated(model: type[B], raw: Any) -> B:
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        raise RequestValidationError(err.errors(include_input=False)) from None


# ------------------------------------------------------------------ token


@router.get("/{facility_id}/auth")
@router.get("/{facility_id}/token")
@router.post("/{facility_id}/token")
def token(request: Request, facility_id: FacilityId, x_username: HeaderText = None,
          x_password: HeaderText = None) -> JSONResponse:
    return answer({"token": issue_token(request, facility_id, x_username, x_password)})


# ------------------------------------------------------------------ RS


@router.post("/{facility_id}/statusantrean")
async def rs_status(request: Request, who: RsCaller) -> JSONResponse:
    data = await body_of(request, StatusRequest)
    s = await run_in_threadpool(ws_queue.status, who, kodepoli=data.kodepoli, day=data.tanggalperiksa)
    name = await run_in_threadpool(_doctor_name, who, data.kodedokter)
    quota_jkn, left_jkn, quota_non, left_non = s.quotas
    return answer({
        "namapoli": s.service.name, "namadokter": name,
        "totalantrean": s.total, "sisaantrean": s.waiting, "antreanpanggil": s.now_calling,
        "sisakuotajkn": left_jkn, "kuotajkn": quota_jkn,
        "sisakuotanonjkn": left_non, "kuotanonjkn": quota_non, "keterangan": "",
    })


@router.post("/{facility_id}/ambilantrean")
async def rs_take_number(request: Request, who: RsCaller) -> JSONResponse:
    data = await body_of(request, TakeNumberRequest)
    taken = await _take(request, who, data, "ambilantrean")
    booking = taken.booking
    quota_jkn, left_jkn, quota_non, left_non = taken.quotas
    return answer({
        "nomorantrean": booking.ticket.display_number, "angkaantrean": booking.ticket.number,
        "kodebooking": booking.booking_code, "norm": data.norm or "",
        "namapoli": taken.service.name, "namadokter": booking.doctor_name or "",
        "estimasidilayani": ws_queue.estimate_ms(booking, taken.service),
        "sisakuotajkn": left_jkn, "kuotajkn": quota_jkn,
        "sisakuotanonjkn": left_non, "kuotanonjkn": quota_non,
        "keterangan": messages.ARRIVE_EARLY,
    })


@router.post("/{facility_id}/sisaantrean")
async def rs_remaining(request: Request, who: RsCaller) -> JSONResponse:
    data = await body_of(request, CodeRequest)
    where = await run_in_threadpool(ws_queue.place, who, data.kodebooking)
    return answer({
        "nomorantrean": where.booking.ticket.display_number, "namapoli": where.service.name,
        "namadokter": where.booking.doctor_name or "", "sisaantrean": where.booking.ticket.people_ahead,
        "antreanpanggil": where.now_calling, "waktutunggu": where.waiting_seconds, "keterangan": "",
    })


@router.post("/{facility_id}/batalantrean")
async def rs_cancel(request: Request, who: RsCaller) -> JSONResponse:
    data = await body_of(request, CancelRequest)
    await run_in_threadpool(ws_queue.cancel, who, code=data.kodebooking)
    return answer()


@router.post("/{facility_id}/checkinantrean")
async def rs_check_in(request: Request, who: RsCaller) -> JSONResponse:
    data = await body_of(request, CheckInRequest)
    await run_in_threadpool(ws_queue.check_in, who, code=data.kodebooking, waktu_ms=data.waktu)
    return answer()


@router.post("/{facility_id}/infopasienbaru")
@router.post("/{facility_id}/pasienbaru")
async def rs_new_patient(who: RsCaller) -> JSONResponse:  # noqa: ARG001 - signed in, nothing read
    # The identity sent is not read, let alone stored: we keep no medical records.
    return answer(message=messages.NO_RECORDS, code=REFUSED)


@router.post("/{facility_id}/jadwaloperasirs")
async def rs_surgeries(request: Request, who: RsCaller) -> JSONResponse:  # noqa: ARG001
    data = await body_of(request, SurgeryRangeRequest)
    if data.tanggalakhir < data.tanggalawal:
        raise Refused("tanggalakhir tidak boleh sebelum tanggalawal")
    return answer({"list": []})  # we keep no surgery schedules


@router.post("/{facility_id}/jadwaloperasipasien")
async def rs_patient_surgeries(request: Request, who: RsCaller) -> JSONResponse:  # noqa: ARG001
    await body_of(request, SurgeryPatientRequest)
    return answer({"list": []})


# ------------------------------------------------------------------ FKTP


@router.get("/{facility_id}/antrean/status/{kodepoli}/{tanggalperiksa}")
def fktp_status(who: FktpCaller, kodepoli: str, tanggalperiksa: str) -> JSONResponse:
    data = validated(StatusRequest, {"kodepoli": kodepoli, "tanggalperiksa": tanggalperiksa})
    s = ws_queue.status(who, kodepoli=data.kodepoli, day=data.tanggalperiksa)
    return answer({
        "namapoli": s.service.name, "totalantrean": s.total, "sisaantrean": s.waiting,
        "antreanpanggil": s.now_calling, "keterangan": "",
    })


@router.post("/{facility_id}/antrean")
async def fktp_take_number(request: Request, who: FktpCaller) -> JSONResponse:
    data = await body_of(request, TakeNumberRequest)
    taken = await _take(request, who, data, "antrean")
    booking = taken.booking
    return answer({
        "nomorantrean": booking.ticket.display_number, "angkaantrean": booking.ticket.number,
        "namapoli": taken.service.name, "sisaantrean": booking.ticket.people_ahead,
        "antreanpanggil": taken.now_calling, "keterangan": messages.ARRIVE_EARLY,
    })


@router.get("/{facility_id}/antrean/sisapeserta/{nomorkartu}/{kodepoli}/{tanggalperiksa}")
def fktp_remaining(who: FktpCaller, nomorkartu: str, kodepoli: str, tanggalperiksa: str) -> JSONResponse:
    data = validated(CancelByCardRequest, {"nomorkartu": nomorkartu, "kodepoli": kodepoli,
                                           "tanggalperiksa": tanggalperiksa})
    where = ws_queue.place_by_card(who, kodepoli=data.kodepoli, day=data.tanggalperiksa,
                                   card=data.nomorkartu)
    return answer({
        "nomorantrean": where.booking.ticket.display_number, "namapoli": where.service.name,
        "sisaantrean": where.booking.ticket.people_ahead, "antreanpanggil": where.now_calling,
        "keterangan": "",
    })


@router.put("/{facility_id}/antrean/batal")
async def fktp_cancel(request: Request, who: FktpCaller) -> JSONResponse:
    data = await body_of(request, CancelByCardRequest)
    await run_in_threadpool(ws_queue.cancel, who, kodepoli=data.kodepoli, day=data.tanggalperiksa,
                            card=data.nomorkartu)
    return answer()


@router.post("/{facility_id}/peserta")
async def fktp_new_patient(who: FktpCaller) -> JSONResponse:  # noqa: ARG001 - nothing read
    return answer(message=messages.NO_RECORDS, code=REFUSED)


# ------------------------------------------------------------------ shared


async def _take(request: Request, who: Caller, data: TakeNumberRequest, path: str) -> ws_queue.Taken:
    extras = ws_queue.Extras(kodedokter=data.kodedokter, jampraktek=data.jampraktek,
                             jeniskunjungan=data.jeniskunjungan, nomorreferensi=data.nomorreferensi,
                             norm=data.norm)
    return await ws_queue.take_number(
        request, who, kodepoli=data.kodepoli, day=data.tanggalperiksa, nik=data.nik,
        card=data.nomorkartu, phone=data.nohp, extras=extras,
        body=data.model_copy(update={"keluhan": None}), path=f"/bpjs/{who.facility_id}/{path}",
    )


def _doctor_name(who: Caller, kodedokter: int | None) -> str:
    if kodedokter is None:
        return ""
    with who.state.db.read() as session:
        doctor_id = doctor_for_code(session, who.facility_id, kodedokter)
    return who.state.directory.roster.name_of(doctor_id) or ""
