"""The wire contract: every shape that crosses between the service and its clients.

The server imports these for its requests and responses; this package never
imports the server. Field names are English; where a field mirrors a BPJS
Antrean Online field its name is given in the description.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from api_client.identity import BpjsNumber, Nik, PersonName, PhoneE164


class Wire(BaseModel):
    model_config = ConfigDict(frozen=True)


class FacilityType(StrEnum):
    puskesmas = "puskesmas"
    rumah_sakit = "rumah_sakit"


class ServiceKind(StrEnum):
    loket = "loket"
    poli = "poli"
    lab = "lab"
    apotek = "apotek"
    ugd = "ugd"


class Payer(StrEnum):
    jkn = "jkn"
    non_jkn = "non_jkn"


class Channel(StrEnum):
    app = "app"
    web = "web"
    kiosk = "kiosk"
    staff = "staff"


class Lane(StrEnum):
    regular = "regular"
    priority = "priority"


class PriorityReason(StrEnum):
    lansia = "lansia"
    ibu_hamil = "ibu_hamil"
    balita = "balita"
    disabilitas = "disabilitas"


class TicketStatus(StrEnum):
    booked = "booked"
    checked_in = "checked_in"
    called = "called"
    serving = "serving"
    done = "done"
    transferred = "transferred"
    cancelled = "cancelled"
    no_show = "no_show"


ACTIVE_STATUSES = frozenset(
    {TicketStatus.booked, TicketStatus.checked_in, TicketStatus.called, TicketStatus.serving}
)


class Role(StrEnum):
    loket = "loket"
    poli = "poli"
    apotek = "apotek"
    admin = "admin"
    kiosk = "kiosk"


# ---------------------------------------------------------------- facilities


HourMinute = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")]


class OpeningHours(Wire):
    """Hours on one weekday, WIB. `closes` may be '24:00'."""

    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    opens: HourMinute
    closes: HourMinute


class Facility(Wire):
    id: str
    name: str
    type: FacilityType
    kecamatan: str
    kecamatan_code: str
    address: str
    phone: str
    lat: float
    lon: float
    hours: list[OpeningHours]
    open_now: bool
    unconfirmed: list[str] = Field(default_factory=list)


class Service(Wire):
    id: int
    facility_id: str
    code: str
    name: str
    kind: ServiceKind
    prefix: str
    online: bool
    walkin: bool
    avg_service_minutes: float
    hours: list[OpeningHours]


class FacilityDetail(Facility):
    services: list[Service]


class DoctorSession(Wire):
    """A doctor's practice hours on one date (BPJS `jampraktek`)."""

    doctor_id: int
    doctor_name: str
    service_id: int
    service_date: dt.date
    starts: HourMinute
    ends: HourMinute


class DayAvailability(Wire):
    service_date: dt.date
    open: bool
    closed_reason: str | None = Field(
        default=None, description="holiday name, 'weekly_closed', or an announced closure"
    )
    quota_jkn: int = Field(description="kuotajkn")
    left_jkn: int = Field(description="sisakuotajkn")
    quota_non_jkn: int = Field(description="kuotanonjkn")
    left_non_jkn: int = Field(description="sisakuotanonjkn")


class ServiceAvailability(Wire):
    service_id: int
    days: list[DayAvailability]


class Closure(Wire):
    facility_id: str | None
    service_date: dt.date
    reason: str


class AnnouncementKind(StrEnum):
    closure = "closure"  # closes booking on every date from valid_from to valid_until
    doctor_absent = "doctor_absent"
    hours_changed = "hours_changed"
    campaign = "campaign"


class AnnouncementCreate(Wire):
    kind: AnnouncementKind
    title: str = Field(min_length=3, max_length=120)
    body: str = Field(min_length=1, max_length=2000)
    valid_from: dt.date
    valid_until: dt.date


class Announcement(AnnouncementCreate):
    id: int
    facility_id: str
    created_at: dt.datetime


# ------------------------------------------------------------------ bookings


class PatientIn(Wire):
    name: PersonName
    nik: Nik
    phone: PhoneE164
    birth_date: dt.date
    bpjs_number: BpjsNumber | None = Field(default=None, description="nomorkartu; JKN only")


class BookingCreate(Wire):
    service_id: int
    service_date: dt.date = Field(description="tanggalperiksa")
    payer: Payer
    patient: PatientIn
    channel: Literal[Channel.app, Channel.web] = Channel.app
    consent_version: str = Field(
        min_length=1, max_length=40, description="version of the consent text the patient accepted"
    )
    lane: Lane = Lane.regular
    priority_reason: PriorityReason | None = None


class WalkInCreate(Wire):
    """A same-day number from a kiosk or the loket. Identity is optional."""

    service_id: int
    lane: Lane = Lane.regular
    priority_reason: PriorityReason | None = None
    nik: Nik | None = None


class TicketView(Wire):
    """One place in one service's queue. No personal data: safe for displays."""

    ticket_id: int
    service_id: int
    service_name: str
    service_date: dt.date
    number: int = Field(description="angkaantrean")
    display_number: str = Field(description="nomorantrean, e.g. 'A-012'")
    lane: Lane
    status: TicketStatus
    counter: str | None = Field(default=None, description="where to go when called")
    people_ahead: int = Field(description="active tickets that will be called before this one")
    estimated_call_at: dt.datetime | None = Field(
        default=None, description="estimasidilayani; None once called or finished"
    )
    called_at: dt.datetime | None = None


class Booking(Wire):
    """A visit: one booking code that follows the patient from loket to poli to apotek."""

    booking_code: str = Field(description="kodebooking")
    facility_id: str
    facility_name: str
    service_date: dt.date
    payer: Payer | None
    channel: Channel
    ticket: TicketView = Field(description="the current ticket of the visit")
    patient_name_masked: str | None = None
    nik_masked: str | None = None
    created_at: dt.datetime
    checked_in_at: dt.datetime | None = None


class BookingLookup(Wire):
    booking_code: str = Field(min_length=1, max_length=40)
    phone: PhoneE164


# --------------------------------------------------------------------- queue


class QueueState(Wire):
    service_id: int
    service_date: dt.date
    now_calling: str | None = Field(description="antreanpanggil")
    now_calling_counter: str | None = None
    total: int = Field(description="totalantrean: numbers issued today")
    waiting: int = Field(description="sisaantrean: not yet called")
    waiting_checked_in: int
    served: int
    no_shows: int
    avg_service_minutes: float
    avg_is_measured: bool = Field(description="false while the configured average is used")
    waiting_seconds: int = Field(description="waktutunggu for a number taken now")
    last_event_id: int | None


class QueueEvent(Wire):
    """A live queue event. Carries numbers, never names."""

    id: int
    type: Literal["issued", "checked_in", "called", "recalled", "serving", "done", "no_show",
                  "cancelled", "transferred"]
    facility_id: str
    service_id: int
    service_date: dt.date
    display_number: str
    counter: str | None = None
    at: dt.datetime
    now_calling: str | None = Field(default=None, description="after this event")
    waiting: int | None = Field(default=None, description="tickets not yet called, after this event")


# --------------------------------------------------------------------- staff


class LoginRequest(Wire):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(Wire):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_at: dt.datetime
    role: Role
    facility_id: str | None
    username: str


class StaffMe(Wire):
    username: str
    role: Role
    facility_id: str | None


class CallNext(Wire):
    counter: str = Field(min_length=1, max_length=40, description="e.g. 'Loket 2', 'Ruang 3'")


class Transfer(Wire):
    to_service_id: int
    lane: Lane | None = Field(default=None, description="keep the ticket's lane when None")


# -------------------------------------------------------------------- errors


class FieldError(Wire):
    field: str = Field(description="dotted path, e.g. 'patient.nik'")
    code: str = Field(description="machine-readable, translated by the app")
    message: str
    params: dict[str, str | int | float] = Field(default_factory=dict)


class ErrorDetail(Wire):
    code: str
    message: str
    fields: list[FieldError] = Field(default_factory=list)
    next_available: list[dt.date] = Field(
        default_factory=list, description="for quota_full: the next dates that still have room"
    )


class ErrorBody(Wire):
    error: ErrorDetail


Pagination = Annotated[int, Field(ge=1, le=500)]
