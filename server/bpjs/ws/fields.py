"""The fields BPJS sends, checked as our own API checks them (NIK 16 digits with a
real birth date, card 13 digits, an Indonesian mobile number), named as BPJS names
them. Unknown fields are ignored (BPJS adds fields over time); a field too long or
of the wrong shape is refused before anything is looked up.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from api_client.bpjs_codes import DOCTOR_CODE_MAX
from api_client.identity import BpjsNumber, Nik, PhoneE164

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # ASCII digits only, not \d


def _iso_date(value: object) -> object:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("harus tanggal YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("bukan tanggal yang ada") from None


Tanggal = Annotated[dt.date, BeforeValidator(_iso_date)]
KodePoli = Annotated[str, Field(min_length=1, max_length=10, pattern=r"^[A-Za-z0-9]+$")]
KodeBooking = Annotated[str, Field(min_length=1, max_length=40)]
JamPraktek = Annotated[str, Field(max_length=11, pattern=r"^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$")]
Keterangan = Annotated[str, Field(max_length=200)]
KodeDokter = Annotated[int, Field(ge=0, le=DOCTOR_CODE_MAX)]  # as the BPJS page takes it


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class StatusRequest(Body):
    kodepoli: KodePoli
    kodedokter: KodeDokter | None = None
    tanggalperiksa: Tanggal
    jampraktek: JamPraktek | None = None


class TakeNumberRequest(Body):
    """RS `ambilantrean`; FKTP `POST antrean` adds `keluhan` (not stored: the loket
    and the doctor ask again)."""

    nomorkartu: BpjsNumber
    nik: Nik
    nohp: PhoneE164
    kodepoli: KodePoli
    norm: Annotated[str, Field(max_length=20)] | None = None
    tanggalperiksa: Tanggal
    kodedokter: KodeDokter | None = None
    jampraktek: JamPraktek | None = None
    jeniskunjungan: int | None = Field(default=None, ge=1, le=4)
    nomorreferensi: Annotated[str, Field(max_length=40)] | None = None
    keluhan: Annotated[str, Field(max_length=200)] | None = None


class CodeRequest(Body):
    kodebooking: KodeBooking


class CancelRequest(Body):
    kodebooking: KodeBooking
    keterangan: Keterangan | None = None


class CheckInRequest(Body):
    kodebooking: KodeBooking
    waktu: int = Field(ge=0, le=10**14, description="Unix milliseconds")


class SurgeryRangeRequest(Body):
    tanggalawal: Tanggal
    tanggalakhir: Tanggal


class SurgeryPatientRequest(Body):
    nopeserta: BpjsNumber


class CancelByCardRequest(Body):
    """FKTP `PUT antrean/batal`."""

    nomorkartu: BpjsNumber
    kodepoli: KodePoli
    tanggalperiksa: Tanggal
    keterangan: Keterangan | None = None
