"""The wire contract: every shape that crosses between the service and its clients.

The server imports these for its requests and responses; this package never
imports the server. Field names are English; where a field mirrors a BPJS
Antrean Online field its name is given in the description.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from api_client.bpjs_codes import DoctorCode, PoliCode
from api_client.identity import BpjsNumber, Nik, PersonName, PhoneE164, no_id_number
from api_client.text import MultiLineText, OneLineText, one_line


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
    desk = "desk"  # a walk-in issued by staff at the loket (stored "staff" before 0013)
    mobile_jkn = "mobile_jkn"  # booked in BPJS's Mobile JKN, which calls our web service (server.bpjs.ws)


CitizenChannel = Literal[Channel.app, Channel.web]
"""Where a citizen's own request comes from: the Android app or the web app."""
SelfServiceChannel = Literal[Channel.app, Channel.web, Channel.kiosk]
"""A citizen's request, or one made at the kiosk (surveys, complaints)."""


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
    only_emergency_now: bool = Field(
        default=False,
        description="open now only because its 24-hour UGD is (outside its own hours, on a "
        "holiday, a cuti bersama or a closure of the facility)",
    )


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
    counters: list[str] = Field(default_factory=list, description="the counters that call it, today")


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
    absent_reason: str | None = Field(
        default=None, description="the doctor does not practise on this date, and why (an absence)"
    )


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
    service_id: int | None = Field(
        default=None, description="the one service closed (e.g. the UGD); none: the whole facility"
    )


class AnnouncementKind(StrEnum):
    closure = "closure"  # closes booking on every date from valid_from to valid_until
    doctor_absent = "doctor_absent"
    hours_changed = "hours_changed"
    campaign = "campaign"


class AnnouncementCreate(Wire):
    kind: AnnouncementKind
    title: OneLineText = Field(min_length=3, max_length=120)
    body: MultiLineText = Field(min_length=1, max_length=2000)
    valid_from: dt.date
    valid_until: dt.date
    service_id: int | None = Field(
        default=None,
        description="a closure of this one service of the facility (e.g. the UGD); none: the whole "
        "facility, whose 24-hour UGD stays open",
    )


class Announcement(AnnouncementCreate):
    id: int
    facility_id: str | None = Field(description="None: regency-wide, published by Dinkes")
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None = Field(
        default=None, description="withdrawn by the facility (a withdrawn closure reopens booking)"
    )
    kecamatan: str | None = Field(
        default=None, description="a regency-wide one for one kecamatan's facilities only"
    )
    absence_id: int | None = Field(
        default=None, description="set (in the admins' list): it tells this doctor's absence and "
        "changes only with it (Dokter)",
    )


class AnnouncementChange(Wire):
    """An edit of a published announcement: its dates, title and body (its kind and
    service stay). A closure's new dates close booking (and cancel the bookings on
    them); the dates it no longer covers reopen."""

    title: OneLineText = Field(min_length=3, max_length=120)
    body: MultiLineText = Field(min_length=1, max_length=2000)
    valid_from: dt.date
    valid_until: dt.date


class CloseEarly(Wire):
    """Close one service's queue for the rest of today, with the reason the booked
    people and the TV are shown."""

    reason: OneLineText = Field(min_length=3, max_length=120)


class AffectedDay(Wire):
    service_id: int
    service_date: dt.date
    bookings: int = Field(description="bookings of that service and date that will be cancelled")


class AnnouncementImpact(Wire):
    """What publishing, changing, withdrawing or closing early would do: a dry run,
    nothing written. Numbers only, never who."""

    cancels: list[AffectedDay] = Field(
        default_factory=list, description="per service and date with bookings to cancel, by date"
    )
    reopens: list[dt.date] = Field(
        default_factory=list, description="dates from today on whose booking opens again"
    )
    stay_cancelled: int = Field(
        default=0, description="bookings this closure cancelled on the reopened dates: they stay cancelled"
    )
    stays_open: list[int] = Field(
        default_factory=list, description="24-hour services a closure of the whole facility leaves open"
    )
    keeps_serving: int = Field(
        default=0, description="closing early: tickets already checked in today, still served"
    )


class ClosedEarly(Wire):
    """A queue closed early for today: its closure, and what closing did."""

    announcement: Announcement
    cancelled: int = Field(description="bookings of today not yet checked in, now cancelled")
    keeps_serving: int = Field(description="tickets checked in today, still to be served")


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
    channel: CitizenChannel = Channel.app
    consent_version: OneLineText = Field(
        min_length=1, max_length=40, description="version of the consent text the patient accepted"
    )
    lane: Lane = Lane.regular
    priority_reason: PriorityReason | None = None
    doctor_id: int | None = Field(
        default=None, description="kodedokter: the doctor the patient chose, who must have a "
        "session at this service on that weekday and not be absent that date; none: any doctor",
    )


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
    people_ahead: int = Field(
        description="people who can be called before this one, in the call order: checked-in "
        "tickets, and bookings not arrived yet weighted by the share of bookings that come "
        "(rounded)"
    )
    estimated_call_at: dt.datetime | None = Field(
        default=None, description="estimasidilayani, the expected call; None once called or "
        "finished, or while every counter of the service is on a break"
    )
    estimated_call_from: dt.datetime | None = Field(
        default=None, description="the early end of the range the call is expected in "
        "(rounded to 5 minutes, never before the service opens); None with no estimate"
    )
    estimated_call_until: dt.datetime | None = Field(
        default=None, description="the late end of that range, at least 10 minutes after "
        "its early end; None with no estimate"
    )
    called_at: dt.datetime | None = None
    requeued_calls_left: int | None = Field(
        default=None,
        description="a skipped ticket returned to the waiting list: how many calls of other "
        "numbers still come before it (its place rule: called after the next two calls); None "
        "for a ticket never returned",
    )


class StaffTicketView(TicketView):
    """A ticket as staff of its facility see it (the console's lists and actions)."""

    nik_with_other_phone: bool = Field(
        default=False,
        description="this visit's NIK also has an active booking made with another phone "
        "number: check the KTP (from keyed hashes; the other phone is never shown)",
    )


class ClosureCancellation(Wire):
    """Why a booking was cancelled by its facility: the closure announced for its date."""

    reason: str = Field(description="the closure's title, e.g. 'Fumigasi gedung'")
    service_id: int | None = Field(description="the one service closed; None: the whole facility")
    withdrawn: bool = Field(description="the closure was withdrawn later; the cancellation stands")


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
    doctor_id: int | None = Field(default=None, description="the doctor chosen; none: any doctor")
    doctor_name: str | None = Field(default=None, description="the chosen doctor's name")
    cancelled_by_closure: ClosureCancellation | None = Field(
        default=None, description="a booking cancelled by a closure of its date: which, and whether "
        "it was withdrawn since")


class StaffBooking(Booking):
    """A check-in at a facility (kiosk, loket), answered to the facility, not the citizen."""

    ticket: StaffTicketView = Field(description="the current ticket of the visit")


class SelfCheckIn(Wire):
    """Where the phone is when its holder taps "Saya sudah sampai". Used for the check
    only (within `LSR_CHECK_IN_RADIUS_M` of the facility), never stored or logged."""

    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)


class BookingLookup(Wire):
    booking_code: str = Field(min_length=1, max_length=40)
    phone: PhoneE164


class BookingSearch(Wire):
    """Today's bookings of one facility, found at its desk: by the patient's name with
    their birth date, by the last 4 digits of the NIK or the phone, or by the whole NIK
    or phone number. In the body, never in a URL; the audit trail keeps that a search
    was made and a keyed hash of its terms, never the terms."""

    name: OneLineText | None = Field(
        default=None, min_length=2, max_length=100, description="with birth_date: every word "
        "typed starts a word of the name (case and accents as typed on the KTP)",
    )
    birth_date: dt.date | None = None
    digits: str | None = Field(
        default=None, pattern=r"^[0-9]{4,16}$",
        description="the last 4 digits of the NIK or the phone, or the whole number (10 to 16 digits)",
    )


# ------------------------------------------------------------------- privacy


REQUEST_REFERENCE_MAX_LENGTH = 60

RequestReference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=REQUEST_REFERENCE_MAX_LENGTH),
    AfterValidator(one_line),
    AfterValidator(no_id_number),
]
"""What ties an action to its paper: the number of the written request or of the
desk's KTP check (``SR/2026/117``); never a NIK, BPJS or phone number."""


class PrivacyRequestByNik(Wire):
    """Dinkes answering a person's written request: the person is found by NIK; the
    request's reference goes into the audit row (the NIK never does)."""

    nik: Nik
    request_reference: RequestReference = Field(
        description="number of the person's written request or of the KTP check at the desk, "
        "1-60 characters, as Dinkes files it"
    )


class VisitExport(Wire):
    """One visit in a person's own export: their data unmasked, here only."""

    booking_code: str
    facility_id: str
    facility_name: str
    service_id: int
    service_name: str
    service_date: dt.date
    payer: Payer | None
    channel: Channel
    display_number: str
    status: TicketStatus
    created_at: dt.datetime
    checked_in_at: dt.datetime | None = None
    consent_version: str | None = None
    consent_at: dt.datetime | None = None
    consent_withdrawn_at: dt.datetime | None = None
    name: str | None = None
    nik: str | None = None
    bpjs_number: str | None = None
    phone: str | None = None
    birth_date: dt.date | None = None


class PersonalDataExport(Wire):
    exported_at: dt.datetime
    visits: list[VisitExport]


class ConsentWithdrawal(Wire):
    withdrawn_at: dt.datetime
    visits: int = Field(description="visits whose consent is now withdrawn")
    cancelled: list[str] = Field(description="booking codes of the future bookings cancelled")


class Anonymisation(Wire):
    anonymised_at: dt.datetime
    visits: int = Field(description="visits whose personal data was erased; kept for statistics")
    cancelled: list[str] = Field(description="booking codes of the future bookings cancelled")


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
    waiting_seconds: int | None = Field(
        description="waktutunggu for a number taken now; None while every counter of the "
        "service is on a break (no honest estimate)"
    )
    last_event_id: int | None
    call_order: list[int] = Field(
        default_factory=list,
        description="numbers of the checked-in tickets, in the order they will be called "
        "(the priority rule: at most a few priority tickets in a row while a regular one waits)",
    )
    paused_counters: list[str] = Field(
        default_factory=list,
        description="the counters of this service on a break right now (e.g. 'Ruang 1'), "
        "in the order they paused",
    )


class QueueEvent(Wire):
    """A live queue event. Carries numbers, never names."""

    id: int
    type: Literal["issued", "checked_in", "called", "recalled", "serving", "done", "no_show",
                  "cancelled", "transferred", "paused", "resumed", "requeued", "lane_changed",
                  "reconfigured"] = Field(description="'reconfigured': the service's or facility's "
                                          "directory entry changed (read it again); no number")
    facility_id: str
    service_id: int
    service_date: dt.date
    display_number: str = Field(description="the ticket's number; '' for a counter's "
                                "'paused' and 'resumed'")
    counter: str | None = None
    at: dt.datetime
    now_calling: str | None = Field(default=None, description="after this event")
    waiting: int | None = Field(default=None, description="tickets not yet called, after this event")


# --------------------------------------------------------------------- staff


class StaffAction(StrEnum):
    """What a staff account may do, beyond serving the queues of its `serves` kinds."""

    serve = "serve"  # call, recall, start, done, skip, transfer
    walkin = "walkin"
    check_in = "check_in"
    view_tickets = "view_tickets"
    view_complaints = "view_complaints"
    handle_complaints = "handle_complaints"  # reply, change status
    view_dashboard = "view_dashboard"
    manage_announcements = "manage_announcements"  # publish, preview, edit, withdraw
    find_bookings = "find_bookings"  # at the desk: search today's bookings, preview one
    manage_directory = "manage_directory"  # the facility, its services, their quotas from a date
    manage_accounts = "manage_accounts"  # staff accounts: list, create, deactivate, reset, TOTP
    manage_kiosks = "manage_kiosks"  # enrol, rename, revoke kiosk devices; see their state
    view_audit = "view_audit"  # read and export the audit trail
    manage_doctors = "manage_doctors"  # add, edit, retire doctors; schedules; absences
    manage_bpjs = "manage_bpjs"  # the BPJS bridge: on/off, poli and doctor codes


class StaffAbilities(Wire):
    """What the service lets a signed-in account do (it still checks every request)."""

    serves: list[ServiceKind] = Field(
        default_factory=list, description="the kinds of service whose queues it calls and serves"
    )
    may: list[StaffAction] = Field(
        default_factory=list, description="what it may do in its facility (Dinkes: in every one)"
    )


class LoginRequest(Wire):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    totp_code: str | None = Field(
        default=None, max_length=20,
        description="the 6-digit code of the authenticator app, or a recovery code, when the "
        "sign-in answered `totp_required`",
    )


class PasswordChange(Wire):
    """A new password for an account, proven by its current (or one-time) password."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)
    totp_code: str | None = Field(default=None, max_length=20)


class TotpEnrolment(Wire):
    """A new authenticator secret, not in force until a first code confirms it."""

    secret: str = Field(description="base32, for typing into the app by hand")
    otpauth_uri: str = Field(description="the same as an otpauth:// URI, for a QR code")


class TotpConfirm(Wire):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")


class TokenResponse(StaffAbilities):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_at: dt.datetime
    role: Role
    facility_id: str | None
    username: str


class TotpConfirmed(Wire):
    recovery_codes: list[str] = Field(description="shown once; each signs in once instead of a code")
    token: TokenResponse


class StaffMe(StaffAbilities):
    username: str
    role: Role
    facility_id: str | None


class CallNext(Wire):
    counter: OneLineText = Field(min_length=1, max_length=40, description="e.g. 'Loket 2', 'Ruang 3'")


class Transfer(Wire):
    to_service_id: int
    lane: Lane | None = Field(default=None, description="keep the ticket's lane when None")


class PatientAtDesk(Wire):
    """Who stands at the counter: the patient of a ticket called or being served there,
    opened for the staff who serve that service (`GET /tickets/{id}/patient`; every
    answer about an identified patient leaves an audit row). Never in a list: the
    polled ticket list carries no names."""

    ticket_id: int
    display_number: str
    booking_code: str = Field(description="kodebooking: the visit's code, kept across transfers")
    identified: bool = Field(description="false: a walk-in who gave neither NIK nor name")
    name: str | None = None
    nik_masked: str | None = Field(default=None, description="e.g. '3317********0001'")
    age_years: int | None = Field(default=None, description="on the service date (WIB)")
    age_months: int | None = Field(
        default=None, description="whole months on the service date: for a child under 2"
    )
    payer: Payer | None = Field(default=None, description="none: a walk-in, payer not recorded")
    bpjs_masked: str | None = Field(default=None, description="e.g. '*********1234'; JKN only")
    lane: Lane
    priority_reason: PriorityReason | None = None
    nik_with_other_phone: bool = Field(
        default=False, description="as `StaffTicketView.nik_with_other_phone`: check the KTP"
    )
    doctor_name: str | None = Field(default=None, description="the doctor the patient chose when booking")


class CallNumber(Wire):
    """Call one number of today out of turn: a patient who stepped out and came back."""

    number: int = Field(ge=1, description="angkaantrean of today's ticket in this service")
    counter: OneLineText = Field(min_length=1, max_length=40, description="e.g. 'Loket 2', 'Ruang 3'")


class LaneChange(Wire):
    """Move a waiting ticket to the other lane; the priority lane needs its reason."""

    lane: Lane
    priority_reason: PriorityReason | None = None


class CounterBreak(Wire):
    """A counter of a service going on a break, or back from one."""

    counter: OneLineText = Field(min_length=1, max_length=40, description="e.g. 'Loket 2', 'Ruang 3'")


# ---------------------------------------------- satisfaction survey (SKM)


class SkmElement(StrEnum):
    """The nine elements of the SKM (PermenPANRB 14/2017), U1–U9 in this order."""

    persyaratan = "persyaratan"  # Persyaratan
    prosedur = "prosedur"  # Sistem, Mekanisme dan Prosedur
    waktu = "waktu"  # Waktu Penyelesaian
    biaya = "biaya"  # Biaya/Tarif
    produk = "produk"  # Produk Spesifikasi Jenis Pelayanan
    kompetensi = "kompetensi"  # Kompetensi Pelaksana
    perilaku = "perilaku"  # Perilaku Pelaksana
    pengaduan = "pengaduan"  # Penanganan Pengaduan, Saran dan Masukan
    sarana = "sarana"  # Sarana dan Prasarana


class SkmBand(StrEnum):
    """Mutu pelayanan: A Sangat Baik, B Baik, C Kurang Baik, D Tidak Baik."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


SkmScoreValue = Annotated[int, Field(ge=1, le=4)]


class AgeGroup(StrEnum):
    """Umur of the respondent, in the groups of the SKM report."""

    upto_20 = "upto_20"  # ≤ 20 tahun
    from_21_to_30 = "21_30"
    from_31_to_40 = "31_40"
    from_41_to_50 = "41_50"
    from_51_to_60 = "51_60"
    over_60 = "over_60"  # > 60 tahun


class Sex(StrEnum):
    """Jenis kelamin of the respondent."""

    male = "male"  # laki-laki
    female = "female"  # perempuan


class Education(StrEnum):
    """Pendidikan terakhir of the respondent."""

    none = "none"  # tidak sekolah
    sd = "sd"
    smp = "smp"
    sma = "sma"  # SMA/SMK
    diploma = "diploma"  # D1–D3
    s1 = "s1"  # D4/S1
    s2_up = "s2_up"  # S2, S3


class Job(StrEnum):
    """Pekerjaan utama of the respondent."""

    civil_servant = "civil_servant"  # PNS/TNI/Polri
    private = "private"  # pegawai swasta
    entrepreneur = "entrepreneur"  # wirausaha
    farmer_fisher = "farmer_fisher"  # petani/nelayan
    student = "student"  # pelajar/mahasiswa
    homemaker = "homemaker"  # ibu rumah tangga
    none = "none"  # tidak bekerja
    other = "other"  # lainnya


class RespondentProfile(Wire):
    """Who answered, in the SKM report's categories only (PermenPANRB 14/2017): every
    question may be skipped. The respondent is not always the patient (a mother answers
    for her child), so nothing is taken from the booking."""

    age_group: AgeGroup | None = None
    sex: Sex | None = None
    education: Education | None = None
    job: Job | None = None


class SurveyCreate(Wire):
    """One visit's answers: every element on 1–4 (4 best), an optional comment, and the
    respondent's profile if they gave it."""

    scores: dict[SkmElement, SkmScoreValue]
    comment: MultiLineText | None = Field(default=None, max_length=1000)
    channel: SelfServiceChannel = Channel.app
    respondent: RespondentProfile | None = Field(default=None, description="every part optional")


class SurveyState(Wire):
    """Whether the visit of a booking code can still be rated."""

    booking_code: str
    facility_name: str
    visit_done: bool = Field(description="the visit's current ticket is done")
    given: bool = Field(description="a survey was already given for this visit")
    open_until: dt.date = Field(description="the last day the visit can be rated (WIB)")
    closed: bool = Field(default=False, description="that day has passed: no survey any more")


class SurveyReceipt(Wire):
    facility_id: str
    facility_name: str
    submitted_at: dt.datetime


class SkmScore(Wire):
    element: SkmElement
    mean: float = Field(description="NRR: mean score of the element, 1–4")
    index: float = Field(description="mean × 25, 25–100")
    band: SkmBand


class SkmIndex(Wire):
    """The SKM of one facility (or all, `facility_id` None) over service dates."""

    facility_id: str | None
    date_from: dt.date
    date_to: dt.date
    respondents: int
    elements: list[SkmScore] = Field(description="empty when nobody answered")
    index: float | None = Field(description="mean of the element means × 25, 2 decimals")
    band: SkmBand | None
    band_label: str | None = Field(description="the regulation's words: 'Sangat Baik', …")


# -------------------------------------------------------- complaints (pengaduan)


class ComplaintCategory(StrEnum):
    pelayanan = "pelayanan"  # the service received
    antrean = "antrean"  # waiting, queue numbers, booking
    petugas = "petugas"  # staff conduct
    fasilitas = "fasilitas"  # buildings, cleanliness, equipment
    biaya = "biaya"  # fees, payment
    obat = "obat"  # medicine, pharmacy
    aplikasi = "aplikasi"  # this app, the kiosk
    lainnya = "lainnya"


class ComplaintStatus(StrEnum):
    """Only forward: diterima → diproses → selesai."""

    diterima = "diterima"
    diproses = "diproses"
    selesai = "selesai"


class ComplaintContact(Wire):
    """Optional; only with consent. Sealed at rest, shown masked only."""

    name: PersonName | None = None
    phone: PhoneE164 | None = None


class ComplaintCreate(Wire):
    facility_id: str = Field(min_length=1, max_length=64)
    category: ComplaintCategory
    text: MultiLineText = Field(min_length=10, max_length=3000)
    contact: ComplaintContact | None = None
    contact_consent: bool = Field(
        default=False, description="must be true when a contact is given"
    )
    channel: SelfServiceChannel = Channel.app


class ComplaintUpdate(Wire):
    """One step of the complaint's history: a staff reply and/or a status change."""

    at: dt.datetime
    status: ComplaintStatus | None = Field(description="the status set at this step, if any")
    reply: str | None = None
    by: str | None = Field(default=None, description="staff username; staff views only")


class Escalation(Wire):
    name: str = "SP4N-LAPOR!"
    url: str = "https://www.lapor.go.id"
    sms: str = "1708"


class Complaint(Wire):
    """A complaint as its tracking code's holder sees it."""

    tracking_code: str
    facility_id: str
    facility_name: str
    category: ComplaintCategory
    text: str
    status: ComplaintStatus
    created_at: dt.datetime
    respond_by: dt.date = Field(description="the last working day for a response (5 working days)")
    overdue: bool = Field(description="past respond_by and not selesai")
    escalation: Escalation | None = Field(description="where to turn when overdue")
    updates: list[ComplaintUpdate]
    contact_name_masked: str | None = None
    contact_phone_masked: str | None = None


class ComplaintForStaff(Complaint):
    id: int


class ComplaintReply(Wire):
    reply: MultiLineText = Field(min_length=1, max_length=3000)
    status: ComplaintStatus | None = Field(
        default=None, description="also move the complaint on; a reply to a new one makes it diproses"
    )


class ComplaintStatusChange(Wire):
    status: ComplaintStatus


# ----------------------------------------------------------------- dashboard


class WaitStage(StrEnum):
    """A stretch between two BPJS Antrean task times (1→2, 2→3, …, 6→7)."""

    loket_wait = "loket_wait"  # 1 → 2: arrived, until called at the loket
    loket_service = "loket_service"  # 2 → 3
    poli_wait = "poli_wait"  # 3 → 4: waiting for the poli (or UGD), until called
    poli_service = "poli_service"  # 4 → 5
    apotek_wait = "apotek_wait"  # 5 → 6
    apotek_service = "apotek_service"  # 6 → 7: until the medicine is handed over


class ChannelVisits(Wire):
    channel: Channel
    visits: int = Field(description="visits not cancelled")
    no_shows: int = Field(description="never came for a past booking, or skipped when called")
    no_show_rate: float | None = Field(description="percent of visits; None without visits")


class DayVisits(Wire):
    service_date: dt.date
    app: int
    web: int
    kiosk: int
    desk: int
    mobile_jkn: int = 0
    total: int


class StageWait(Wire):
    stage: WaitStage
    from_task: int
    to_task: int
    visits: int = Field(description="visits with both task times")
    median_minutes: float | None
    p90_minutes: float | None = Field(description="nearest-rank 90th percentile")


class QuotaDay(Wire):
    """Quota places taken on one date, summed over the services (UGD takes none)."""

    service_date: dt.date
    quota_jkn: int
    used_jkn: int
    quota_non_jkn: int
    used_non_jkn: int
    quota_walkin: int
    used_walkin: int


class HourVisits(Wire):
    hour: int = Field(ge=0, le=23, description="hour of arrival, WIB")
    visits: int


class PeriodSummary(Wire):
    """The headline figures of a period: what a dashboard compares its own against."""

    date_from: dt.date
    date_to: dt.date
    visits: int
    no_show_rate: float | None = Field(description="percent of visits; None without visits")
    poli_wait_p90_minutes: float | None = Field(description="nearest-rank p90 of the 3→4 wait")
    skm_index: float | None
    skm_respondents: int


class FacilityTrend(Wire):
    """One facility's headline figures week by week (or the regency's, `facility_id` None)."""

    facility_id: str | None
    facility_name: str | None
    weeks: list[PeriodSummary] = Field(description="oldest first, seven days each")


class WeeklyTrends(Wire):
    """Twelve weeks up to a date, per facility, and the regency's line (for whoever may
    see every facility)."""

    date_to: dt.date
    facilities: list[FacilityTrend] = Field(description="by name")
    regency: FacilityTrend | None


class Dashboard(Wire):
    facility_id: str | None = Field(description="None: every facility")
    date_from: dt.date
    date_to: dt.date
    visits: int
    no_shows: int
    no_show_rate: float | None
    channels: list[ChannelVisits]
    days: list[DayVisits]
    waits: list[StageWait]
    quota: list[QuotaDay]
    hours: list[HourVisits]
    skm: SkmIndex = Field(description="the survey index over the same facilities and dates")
    demo_visits: int = Field(description="generated demo visits among `visits` (not real people)")
    previous: PeriodSummary | None = Field(
        default=None,
        description="the same figures over the period of the same length just before, to "
        "compare against; None when that period would start before the service's first date",
    )


class DownloadLink(Wire):
    url: str = Field(description="path of the file with a short-lived download token")
    expires_at: dt.datetime


class FacilityFigures(Wire):
    """One facility's figures over a period, as the dashboard defines them; or the
    regency's (`facility_id` None), computed over all its visits together."""

    facility_id: str | None = Field(description="None: the regency, every facility together")
    facility_name: str | None
    visits: int = Field(description="visits not cancelled")
    no_shows: int
    no_show_rate: float | None = Field(description="percent of visits; None without visits")
    waits: list[StageWait] = Field(description="the six stages, 1→2 … 6→7")
    quota: int = Field(description="quota places over the period (JKN, non-JKN, walk-in), UGD left out")
    quota_used: int
    quota_use_rate: float | None = Field(description="percent of quota places taken; None without quota")
    skm_respondents: int
    skm_index: float | None
    skm_band: SkmBand | None
    complaints_open: int = Field(description="complaints not yet selesai, today (whatever the period)")
    complaints_overdue: int = Field(description="open complaints past their 5-working-day deadline")


class AttentionCode(StrEnum):
    """Why a facility needs attention; the client words each in the user's language."""

    loket_wait_p90 = "loket_wait_p90"  # p90 of the loket wait (1→2) over the limit, minutes
    poli_wait_p90 = "poli_wait_p90"  # p90 of the poli wait (3→4) over the limit, minutes
    no_show_rate = "no_show_rate"  # no-show percent over the limit
    overdue_complaints = "overdue_complaints"  # open complaints past their deadline
    skm_band = "skm_band"  # SKM band C (Kurang Baik) or D (Tidak Baik)


class AttentionReason(Wire):
    code: AttentionCode
    value: float = Field(description="minutes, percent, complaints, or the SKM index")
    limit: float | None = Field(description="the threshold it passed; None for the SKM band")
    band: SkmBand | None = Field(default=None, description="with skm_band: C or D")


class Attention(Wire):
    facility_id: str
    facility_name: str
    reasons: list[AttentionReason] = Field(min_length=1)


class AttentionThresholds(Wire):
    """Set on the service (`LSR_ATTENTION_*`, docs/deploy.md); a facility is listed when
    it is over any of them, or has an overdue complaint, or SKM band C or D."""

    loket_wait_p90_minutes: float
    poli_wait_p90_minutes: float
    no_show_percent: float


class FacilityComparison(Wire):
    """Every facility side by side over one period, the regency's row, and the
    facilities over a threshold (most reasons first)."""

    date_from: dt.date
    date_to: dt.date
    facilities: list[FacilityFigures] = Field(description="one row per facility, by name")
    regency: FacilityFigures
    thresholds: AttentionThresholds
    attention: list[Attention]


class ReportFile(StrEnum):
    """The reports to file (server/reports): the SKM report of a month and the monthly
    recap of the dashboard's tables, as an Excel workbook or CSV."""

    skm_xlsx = "skm.xlsx"
    skm_csv = "skm.csv"
    recap_xlsx = "recap.xlsx"
    recap_csv = "recap.csv"


# ------------------------------------------------------------ kiosk devices


class PrinterState(StrEnum):
    """A kiosk's ticket printer as the kiosk last found it."""

    ok = "ok"
    paper_out = "paper_out"
    offline = "offline"
    none = "none"  # no printer configured


KioskName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), AfterValidator(one_line)
]
"""What the admin calls a kiosk ("Kiosk lobi", "Kiosk KIA"): one line, spaces trimmed."""


class KioskStatusReport(Wire):
    """What a kiosk reports about itself (`POST /kiosk/status`, with its key)."""

    printer: PrinterState


class KioskDevice(Wire):
    device_id: int
    facility_id: str
    name: str
    active: bool = Field(description="false once revoked: its key no longer works")
    enrolled_at: dt.datetime | None = Field(description="None: enrolled before this was recorded")
    last_seen_at: dt.datetime | None = Field(
        description="its last request with its key (recorded at most once a minute)"
    )
    printer: PrinterState | None = Field(description="as last reported; None: never reported")
    printer_reported_at: dt.datetime | None


class KioskEnrol(Wire):
    facility_id: str = Field(min_length=1, max_length=64)
    name: KioskName = Field(description="e.g. 'Kiosk lobi'")


class KioskRename(Wire):
    name: KioskName


class KioskEnrolment(Wire):
    """A new kiosk's key: shown once, never again (only its hash is kept)."""

    device: KioskDevice
    key: str = Field(description="the kiosk's LSR_KIOSK_KEY")
    setup_text: str = Field(
        description="the kiosk PC's key file (LSR_KIOSK_FACILITY and LSR_KIOSK_KEY lines), "
        "the text of the QR code its scanner types in"
    )


# -------------------------------------------------------------- audit trail


class AuditEntry(Wire):
    id: int
    at: dt.datetime
    actor: str = Field(description="the staff username, 'kiosk:<id>', 'operator:<name>' or 'person'")
    role: str
    facility_id: str | None
    action: str
    subject: str = Field(description="what was acted on, by id, e.g. 'ticket:12'")
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditPage(Wire):
    entries: list[AuditEntry] = Field(description="newest first")
    total: int = Field(description="rows matching the filters, on every page")
    page: int
    page_size: int


# -------------------------------------------------------------------- errors


class ErrorCode(StrEnum):
    """Every code the service answers with, in `ErrorDetail.code` or as a `FieldError.code`
    of its own checks. The server raises with these; the app has a sentence for each
    (session/i18n.py). Field errors also carry the identity codes
    (`api_client.identity.IdentityCode`), the free-text codes (`api_client.text`) and
    pydantic's own types (`missing`, `string_too_long`, …); a 5xx without a body reaches
    the app as `http_5xx`."""

    # booking and check-in
    quota_full = "quota_full"
    already_booked = "already_booked"
    service_closed = "service_closed"
    service_always_open = "service_always_open"  # the UGD's queue never closes early
    date_outside_window = "date_outside_window"
    service_not_bookable = "service_not_bookable"
    service_not_walkin = "service_not_walkin"
    bpjs_required = "bpjs_required"
    priority_reason_required = "priority_reason_required"
    priority_age = "priority_age"
    phone_booking_limit = "phone_booking_limit"
    nik_booking_limit = "nik_booking_limit"
    booking_not_found = "booking_not_found"
    booking_in_future = "booking_in_future"
    booking_expired = "booking_expired"
    booking_cancelled = "booking_cancelled"
    already_checked_in = "already_checked_in"
    check_in_not_near = "check_in_not_near"
    check_in_location_required = "check_in_location_required"
    wrong_facility = "wrong_facility"
    cannot_cancel = "cannot_cancel"
    # privacy requests
    person_not_found = "person_not_found"
    # the staff console
    wrong_ticket_status = "wrong_ticket_status"
    transfer_target_invalid = "transfer_target_invalid"
    ticket_number_not_found = "ticket_number_not_found"
    ticket_not_arrived = "ticket_not_arrived"
    ticket_at_counter = "ticket_at_counter"
    ticket_already_done = "ticket_already_done"
    ticket_not_today = "ticket_not_today"
    ticket_not_skipped = "ticket_not_skipped"
    ticket_not_waiting = "ticket_not_waiting"
    ticket_replaced = "ticket_replaced"
    lane_unchanged = "lane_unchanged"
    counter_busy = "counter_busy"
    counter_paused = "counter_paused"
    counter_not_paused = "counter_not_paused"
    # staff sign-in and accounts
    invalid_credentials = "invalid_credentials"
    login_locked = "login_locked"
    password_change_required = "password_change_required"  # noqa: S105 - a code
    password_too_short = "password_too_short"  # noqa: S105 - a code
    password_unchanged = "password_unchanged"  # noqa: S105 - a code
    totp_required = "totp_required"
    totp_invalid = "totp_invalid"
    totp_enrolment_required = "totp_enrolment_required"
    password_changed_totp_enrolment_required = "password_changed_totp_enrolment_required"  # noqa: S105 - a code
    totp_locked = "totp_locked"
    totp_already_enabled = "totp_already_enabled"
    totp_not_pending = "totp_not_pending"
    unauthorized = "unauthorized"
    forbidden = "forbidden"
    # announcements and the dashboard
    date_range_reversed = "date_range_reversed"
    date_in_past = "date_in_past"
    service_not_of_facility = "service_not_of_facility"
    closure_too_long = "closure_too_long"
    date_range_too_long = "date_range_too_long"
    # survey and complaints
    survey_already_given = "survey_already_given"
    visit_not_done = "visit_not_done"
    survey_closed = "survey_closed"
    survey_incomplete = "survey_incomplete"
    complaint_not_found = "complaint_not_found"
    complaint_closed = "complaint_closed"
    complaint_status_backward = "complaint_status_backward"
    complaint_reply_required = "complaint_reply_required"
    contact_consent_required = "contact_consent_required"
    # requests and lookups
    rate_limited = "rate_limited"
    idempotency_key_reused = "idempotency_key_reused"
    request_in_progress = "request_in_progress"  # the client retries a 409 only with this
    validation_failed = "validation_failed"
    not_found = "not_found"
    method_not_allowed = "method_not_allowed"  # only a bug in a client meets it
    service_not_found = "service_not_found"
    facility_not_found = "facility_not_found"
    ticket_not_found = "ticket_not_found"
    # who is at the counter (GET /tickets/{id}/patient)
    patient_not_at_counter = "patient_not_at_counter"
    patient_at_other_counter = "patient_at_other_counter"
    # announcements and closures (the console)
    announcement_not_found = "announcement_not_found"
    announcement_withdrawn = "announcement_withdrawn"
    announcement_ended = "announcement_ended"
    booking_search_incomplete = "booking_search_incomplete"  # the desk's search: name without birth date
    booking_search_digits = "booking_search_digits"  # the desk's search: not 4 digits, not a whole number
    booking_search_too_many = "booking_search_too_many"  # the desk's search: more than a desk can use
    # the directory (admin)
    hours_overlap = "hours_overlap"  # a weekday given twice
    hours_reversed = "hours_reversed"  # closes at or before it opens
    facility_phone_invalid = "facility_phone_invalid"  # not a telephone number in Indonesia
    outside_rembang = "outside_rembang"  # coordinates outside Kabupaten Rembang
    kecamatan_unknown = "kecamatan_unknown"
    mark_not_unconfirmed = "mark_not_unconfirmed"  # the field carries no unconfirmed mark
    prefix_taken = "prefix_taken"  # another service of the facility has it
    prefix_in_use = "prefix_in_use"  # numbers with the old prefix are issued for today or later
    service_code_taken = "service_code_taken"
    quota_below_booked = "quota_below_booked"  # params: date, booked, quota
    counter_repeated = "counter_repeated"
    # staff accounts (the admin face)
    account_not_found = "account_not_found"
    account_inactive = "account_inactive"
    account_active = "account_active"  # reactivating an account that is active
    own_account = "own_account"  # nobody deactivates or resets their own account
    username_length = "username_length"
    username_characters = "username_characters"
    username_taken = "username_taken"
    role_not_allowed = "role_not_allowed"  # e.g. a facility admin creating a Dinkes account
    facility_required = "facility_required"
    # kiosk devices and the audit trail (the admin face)
    kiosk_not_found = "kiosk_not_found"
    kiosk_name_taken = "kiosk_name_taken"
    kiosk_revoked = "kiosk_revoked"
    audit_export_too_large = "audit_export_too_large"
    # doctors, their schedules and absences (the admin face)
    doctor_not_found = "doctor_not_found"
    doctor_retired = "doctor_retired"
    doctor_sessions_overlap = "doctor_sessions_overlap"
    doctor_session_reversed = "doctor_session_reversed"
    doctor_not_scheduled = "doctor_not_scheduled"
    doctor_already_absent = "doctor_already_absent"
    doctor_not_bookable = "doctor_not_bookable"  # a booking's chosen doctor has no session that day
    absence_not_found = "absence_not_found"
    absence_withdrawn = "absence_withdrawn"
    facility_name_taken = "facility_name_taken"  # another facility has the name (params: name)
    service_has_numbers = "service_has_numbers"  # not disabled while tickets await (params: count)
    # issue 15's attacker review
    totp_lift_dinkes_only = "totp_lift_dinkes_only"  # only Dinkes lifts a required authenticator app
    date_too_far = "date_too_far"  # past the planning horizon (params: max days, last date)
    announcement_of_absence = "announcement_of_absence"  # changes only with its doctor's absence
    # the BPJS page (the admin face)
    bpjs_poli_code = "bpjs_poli_code"  # not 3 letters or digits (api_client/bpjs_codes.py)
    bpjs_doctor_code = "bpjs_doctor_code"  # not a positive whole number
    bpjs_poli_code_taken = "bpjs_poli_code_taken"  # another service has it (params: code, service)
    bpjs_doctor_code_taken = "bpjs_doctor_code_taken"  # another doctor has it (params: code, doctor)
    bpjs_not_poli = "bpjs_not_poli"  # only a poli service is a BPJS poli
    bpjs_credentials_missing = "bpjs_credentials_missing"  # none in the server's settings
    bpjs_variant_mismatch = "bpjs_variant_mismatch"  # rs credentials for a puskesmas, or fktp for a hospital
    bpjs_no_poli_mapped = "bpjs_no_poli_mapped"  # the bridge needs one service with a kodepoli
    bpjs_last_poli_code = "bpjs_last_poli_code"  # not cleared while the bridge is on
    bpjs_message_not_found = "bpjs_message_not_found"  # no such message to BPJS at this facility


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


# --------------------------------------------------------- directory (admin)


Quota = Annotated[int, Field(ge=0, le=9999)]
WeekQuota = Annotated[list[Quota], Field(min_length=7, max_length=7, description="Monday first")]
CounterName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                        AfterValidator(one_line)]


class ServiceQuotas(Wire):
    """What a service offers each weekday, how long a patient takes, who calls it."""

    quota_jkn: WeekQuota
    quota_non_jkn: WeekQuota
    quota_walkin: WeekQuota
    avg_service_minutes: float = Field(gt=0, le=240)
    counters: list[CounterName] = Field(default_factory=list, max_length=30)


class ServiceSettingsChange(ServiceQuotas):
    """New settings from `effective_from` (today or later) until the next version."""

    effective_from: dt.date


class ServiceSettingsVersion(ServiceSettingsChange):
    created_by: str | None = None
    created_at: dt.datetime | None = None


class ServiceCreate(ServiceQuotas):
    code: Annotated[str, Field(pattern=r"^[a-z0-9-]{2,40}$")]
    name: Annotated[OneLineText, Field(min_length=1, max_length=120)]
    kind: ServiceKind
    prefix: Annotated[str, Field(pattern=r"^[A-Z]{1,2}$")]
    online: bool
    walkin: bool


class ServiceChange(Wire):
    """Only the fields given change (at once; quotas change from a date: settings)."""

    name: Annotated[OneLineText, Field(min_length=1, max_length=120)] | None = None
    prefix: Annotated[str | None, Field(pattern=r"^[A-Z]{1,2}$")] = None
    online: bool | None = None
    walkin: bool | None = None
    disabled: bool | None = None


class ServiceAdmin(Wire):
    id: int
    facility_id: str
    code: str
    name: str
    kind: ServiceKind
    prefix: str
    online: bool
    walkin: bool
    disabled: bool
    settings: list[ServiceSettingsVersion] = Field(
        description="the version in force today, then those from a later date"
    )


class FacilityChange(Wire):
    """Only the fields given change, at once. `hours`: every open weekday (the others
    are closed)."""

    name: Annotated[OneLineText, Field(min_length=1, max_length=120)] | None = None
    address: Annotated[OneLineText, Field(min_length=1, max_length=255)] | None = None
    phone: Annotated[str | None, Field(max_length=30)] = None
    lat: float | None = None
    lon: float | None = None
    kecamatan: Annotated[str | None, Field(max_length=60)] = None
    hours: list[OpeningHours] | None = Field(default=None, max_length=7)


class MarkConfirmed(Wire):
    field: str
    by: str = Field(description="the staff account that confirmed it")
    at: dt.datetime


class ConfirmMark(Wire):
    field: Annotated[str, Field(max_length=40)]


class FacilityAdmin(Wire):
    facility: Facility
    confirmed: list[MarkConfirmed]
    services: list[ServiceAdmin] = Field(description="disabled ones included")
# ---------------------------------------------------------------- staff accounts (admin face)


class StaffAccount(Wire):
    """A staff account as its administrators see it (never its password or secrets)."""

    id: int
    username: str
    role: Role
    facility_id: str | None = Field(description="None: Dinkes (an admin of every facility)")
    active: bool
    password_change_required: bool = Field(
        description="its password is a one-time one, not replaced yet"
    )
    totp_enabled: bool = Field(description="signs in with an authenticator app")
    totp_required: bool = Field(description="must enrol an authenticator app at its next sign-in")
    last_signed_in_at: dt.datetime | None = None


class StaffAccountCreate(Wire):
    username: str = Field(min_length=1, max_length=100, description="checked by the service: "
                          "3 to 40 characters, lowercase letters, digits, '.', '-', '_'")
    role: Role
    facility_id: str | None = Field(default=None, description="None: a Dinkes account (Dinkes only)")


class StaffAccountIssued(Wire):
    """A new account, or a reset one, with its one-time password: shown once, never stored
    (only its hash), replaced at the first sign-in."""

    account: StaffAccount
    one_time_password: str


class TotpRequirement(Wire):
    required: bool
# ---------------------------------------------------------------- doctors (the admin face)


class DoctorWeekSession(Wire):
    """One weekly practice session of a doctor at their service (WIB)."""

    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    starts: HourMinute
    ends: HourMinute


class DoctorIn(Wire):
    """A doctor as the facility's admin writes them: name, SIP (optional), the service
    they practise at and their weekly sessions (no two of one weekday overlap)."""

    name: OneLineText = Field(min_length=3, max_length=120)
    sip: OneLineText | None = Field(
        default=None, max_length=40, description="Surat Izin Praktik number, when known"
    )
    service_id: int
    sessions: list[DoctorWeekSession] = Field(default_factory=list, max_length=21)


class Doctor(DoctorIn):
    id: int
    facility_id: str
    active: bool = Field(description="False: retired (kept for history, never shown to citizens)")
    unconfirmed: list[str] = Field(
        default_factory=list, description="'name': a seed placeholder, not shown to citizens"
    )


class DoctorAbsenceIn(Wire):
    """"dr. X cuti 12 Des": the doctor does not practise on `service_date`."""

    service_date: dt.date
    reason: OneLineText = Field(min_length=3, max_length=120)


class DoctorAbsence(DoctorAbsenceIn):
    id: int
    doctor_id: int
    doctor_name: str
    service_id: int
    closes_service: bool = Field(
        description="no other doctor practises at the service that day: the service is "
        "closed that day and its bookings cancelled, as a closure does"
    )
    announcement_id: int = Field(description="the announcement that tells the booked patients")
    cancelled: int = Field(default=0, description="bookings cancelled when it was recorded")
    withdrawn_at: dt.datetime | None = None


class RegionalAnnouncementCreate(AnnouncementCreate):
    """Dinkes, for every facility (cuti bersama) or one kecamatan's (a flood in Sedan).
    It names no service: a closure closes every service but the 24-hour UGD."""

    kecamatan: str | None = Field(default=None, max_length=60)


# ---------------------------------------------------------------- the BPJS page (the admin face)


class BpjsVariant(StrEnum):
    """Which BPJS Antrean a facility speaks: Antrean RS (a hospital) or Antrean FKTP (a
    puskesmas, signed in to PCare)."""

    rs = "rs"
    fktp = "fktp"


class BpjsBridge(Wire):
    enabled: bool = Field(description="off until an administrator turns it on")
    changed_at: dt.datetime | None = Field(default=None, description="None: never turned on")
    changed_by: str | None = Field(default=None, description="the staff account that turned it on or off")


class BpjsPoli(Wire):
    """One poli service of the facility and its BPJS `kodepoli` (None: not mapped)."""

    service_id: int
    name: str
    prefix: str
    disabled: bool
    kodepoli: str | None


class BpjsDoctor(Wire):
    """One doctor of the facility and their BPJS `kodedokter` (None: not mapped)."""

    doctor_id: int
    name: str
    service_id: int
    active: bool = Field(description="False: retired (a code can still be cleared)")
    kodedokter: int | None


class BpjsPage(Wire):
    """A facility's BPJS bridge as its admin (or Dinkes) sees it: whether the server has
    its credentials (never the credentials themselves), whether the bridge is on, and
    the poli and doctor codes."""

    facility_id: str
    facility_type: FacilityType
    credentials: bool = Field(description="the server's settings hold BPJS credentials for it")
    variant: BpjsVariant | None = Field(description="the credentials' variant; None without credentials")
    bridge: BpjsBridge
    blocked_by: list[ErrorCode] = Field(
        description="why the bridge cannot be turned on now (empty: it can): "
        "bpjs_credentials_missing, bpjs_variant_mismatch, bpjs_no_poli_mapped"
    )
    services: list[BpjsPoli] = Field(description="the facility's poli services, disabled ones included")
    doctors: list[BpjsDoctor] = Field(description="the facility's doctors, retired ones included")


class BpjsPoliCode(Wire):
    kodepoli: PoliCode = Field(description="HFIS poli code: 3 letters or digits, e.g. INT, ANA, 001")


class BpjsDoctorCode(Wire):
    kodedokter: DoctorCode = Field(description="HFIS doctor code: a positive whole number")


class BpjsBridgeSwitch(Wire):
    enabled: bool


class BpjsOutboxState(StrEnum):
    waiting = "waiting"  # not sent yet (BPJS away: tried again later)
    sent = "sent"
    failed = "failed"  # BPJS refused it, or it cannot be built (a poli not mapped): retry
    skipped = "skipped"  # nothing to send for it (e.g. a walk-in without a NIK)


class BpjsOutboxKind(StrEnum):
    add = "add"  # antrean/add
    task = "task"  # a task time (updatewaktu / panggil)
    cancel = "cancel"  # antrean/batal


class BpjsOutboxReason(StrEnum):
    """Why a message waits, failed or was not sent, when it was not BPJS's answer."""

    unreachable = "unreachable"  # no connection, a timeout, a 5xx: tried again later
    no_credentials = "no_credentials"  # the server's settings hold none for the facility
    waiting_for_poli = "waiting_for_poli"  # still at the loket: registered at its poli
    poli_not_mapped = "poli_not_mapped"  # its poli has no kodepoli: map it, send again
    doctor_not_mapped = "doctor_not_mapped"  # no doctor with a kodedokter and a session that day
    no_nik = "no_nik"  # a walk-in without a NIK: BPJS takes no registration without one
    never_reached_poli = "never_reached_poli"  # the day ended before it reached a mapped poli
    not_reported = "not_reported"  # a task Antrean FKTP does not take
    sent_as_cancel = "sent_as_cancel"  # a cancellation's task 99: antrean/batal says it
    cancelled_by_bpjs = "cancelled_by_bpjs"  # BPJS asked for the cancellation itself
    unbuilt = "unbuilt"  # the message could not be built (a fault of ours: the log has the row)


class BpjsMessage(Wire):
    """One message to BPJS about one visit (no personal data: the booking code only)."""

    id: int
    booking_code: str
    kind: BpjsOutboxKind
    task_id: int | None = Field(description="the BPJS task (1-7, 99) of a task message")
    state: BpjsOutboxState
    happened_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime | None = Field(description="when it is tried again (waiting only)")
    sent_at: dt.datetime | None
    reason: BpjsOutboxReason | None = Field(description="why, when it was not BPJS's answer")
    last_code: str | None = Field(description="BPJS's metadata.code of the last answer")
    last_message: str | None = Field(description="BPJS's message (or what went wrong in transit)")


class BpjsOutbox(Wire):
    """What a facility tells BPJS: counts by state, and the messages of one state
    (newest first, at most `limit`)."""

    counts: dict[BpjsOutboxState, int]
    oldest_waiting_at: dt.datetime | None = Field(description="the oldest message not sent yet")
    last_sent_at: dt.datetime | None
    messages: list[BpjsMessage]


class BpjsRetried(Wire):
    retried: int = Field(description="messages due again now")
