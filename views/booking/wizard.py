"""Ambil Nomor Antrean as observable data with methods (no Flet page needed): five
plain steps, one decision each.

    1 date  ->  2 payer  ->  3 patient  ->  4 consent  ->  5 confirm  ->  on_booked

When the chosen day has two or more doctors practising at the service (absent ones
left out), the confirm step offers them, "Dokter mana saja" (any doctor) chosen until
the person picks one: no tap more on any way.

A returning patient goes from the date straight to the confirm step: the patient this
device kept last, with the way they paid and the consent they gave, when all of it is
known (`ready_profile`); "Ganti pasien" or "Langkah sebelumnya" leave that short way. The first
patient typed on a device is kept unless the user says not to; later ones when asked.

Everything typed lives here, so going back, a full quota or a lost connection loses
nothing. One idempotency key is made each time the confirm step is reached and reused
for every retry of that booking: a double tap or a retry after a lost answer gives one
booking. While one booking is on its way every other tap is ignored; once booked, the
wizard books nothing more.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import flet as ft

from api_client import ApiClient, ApiError, new_idempotency_key
from api_client.errors import ApiConnectionError, Conflict, QuotaFull, ValidationFailed
from api_client.identity import mask_nik, nik_birth_date
from api_client.models import (
    Booking,
    CitizenChannel,
    DayAvailability,
    DoctorSession,
    ErrorCode,
    FacilityDetail,
    Lane,
    Payer,
    PriorityReason,
    QueueEvent,
    Service,
)
from api_client.priority import priority_by_age
from session.state import SavedProfile
from views.booking.patient_validation import (
    FIELDS,
    PatientDraft,
    Problem,
    check_all,
    check_field,
    ready_profile,
    server_problems,
    to_patient,
    to_profile,
)

STEPS = 5
BIRTH_PARTS = frozenset({"birth_day", "birth_month", "birth_year"})
PATIENT_FIELDS = frozenset(FIELDS)

CONSENT_VERSION = "2026-11"
"""The version of the consent text (views/booking/consent_step.py); sent with the
booking. Change it with the text."""

PLACES_EVERY_SECONDS = 30.0
"""A place taken or given back (`issued`, `cancelled`) reads the places left again at
most this often: in a morning rush a popular service issues many numbers a second, and
every open booking screen reading again at each would multiply the rush. A change of the
service, a doctor or an absence (`reconfigured`) is read at once. A full day is still
said when booking (`quota_full`)."""

OnBooked = Callable[[Booking, SavedProfile | None], Awaitable[None]]
"""What to do with a booking made: keep it (and the patient, when asked) on the device
and show the ticket."""


@dataclass(frozen=True)
class SendProblem:
    """Why the last try did not give a number."""

    kind: Literal["quota_full", "connection", "error"]
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    next_available: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Summary:
    """What the confirm step shows: the NIK only masked."""

    facility_name: str
    service_name: str
    service_date: dt.date
    payer: Payer
    patient_name: str
    nik_masked: str


@dataclass(frozen=True)
class DoctorOption:
    """One doctor who can be chosen on the day: their sessions' hours that day."""

    doctor_id: int
    name: str
    hours: tuple[tuple[str, str], ...]


@ft.observable
class BookingWizard:
    def __init__(
        self,
        client: ApiClient,
        *,
        facility_id: str,
        service_id: int,
        channel: CitizenChannel,
        on_booked: OnBooked,
        saved: Sequence[SavedProfile] = (),
    ) -> None:
        self._client = client
        self._channel = channel
        self._on_booked = on_booked
        self._key = ""
        self._in_flight = False
        self._read_at = float("-inf")  # the monotonic time of the last read of the days
        self.facility_id = facility_id
        self.service_id = service_id
        self.facility: FacilityDetail | None = None
        self.days: list[DayAvailability] = []
        self.doctors: dict[dt.date, list[DoctorSession]] = {}
        """Who practises on each day of the window (empty when unknown)."""
        self.loading = False
        self.error = ""
        """The code of the last failed load of the schedule ("" when none)."""
        self.step = 1
        self.day: dt.date | None = None
        self.doctor_id: int | None = None
        """The doctor chosen on the confirm step; None: any doctor."""
        self.payer: Payer | None = None
        self.draft = PatientDraft()
        self.problems: dict[str, Problem] = {}
        self._returning = next((p for p in reversed(saved) if ready_profile(p, CONSENT_VERSION)), None)
        self.quick = False
        """On the short way: the day, then the confirm step with a saved patient."""
        self.save_profile = not saved  # the first patient on this device: kept unless unticked
        self.declared: PriorityReason | None = None
        """Ibu hamil or disabilitas, as the patient says (lansia and balita: `by_age`)."""
        self.agreed = False
        self.consent_missing = False
        self.sending = False
        self.problem: SendProblem | None = None

    # ------------------------------------------------------------------ reading

    @property
    def service(self) -> Service | None:
        if self.facility is None:
            return None
        return next((s for s in self.facility.services if s.id == self.service_id), None)

    @property
    def chosen_day(self) -> DayAvailability | None:
        return next((d for d in self.days if d.service_date == self.day), None)

    @property
    def doctor_options(self) -> list[DoctorOption]:
        """The doctors practising on the chosen day (not absent), by their first session;
        empty unless there are two or more to choose from."""
        options: dict[int, DoctorOption] = {}
        for s in self.doctors.get(self.day, []) if self.day is not None else []:
            if s.absent_reason is None:
                known = options.get(s.doctor_id)
                options[s.doctor_id] = DoctorOption(
                    s.doctor_id, s.doctor_name, (*(known.hours if known else ()), (s.starts, s.ends)))
        return list(options.values()) if len(options) >= 2 else []

    @property
    def summary(self) -> Summary | None:
        """What will be booked, once a day, a payer and a valid patient are chosen
        (None while the patient is being changed)."""
        facility, service, day, payer = self.facility, self.service, self.day, self.payer
        if facility is None or service is None or day is None or payer is None:
            return None
        try:
            patient = to_patient(self.draft, payer)
        except ValueError:
            return None
        return Summary(facility.name, service.name, day, payer, self.draft.name.strip(),
                       mask_nik(patient.nik))

    @property
    def by_age(self) -> PriorityReason | None:
        """Lansia or balita on the chosen day, from the birth date typed (None until
        both are known)."""
        try:
            born = to_patient(self.draft, self.payer or Payer.non_jkn).birth_date
        except ValueError:
            return None
        return priority_by_age(born, self.day) if self.day is not None else None

    @property
    def priority(self) -> PriorityReason | None:
        """The priority lane's reason for this booking, or None (the regular lane)."""
        declared = self.declared
        if declared is PriorityReason.ibu_hamil and not self.woman:
            declared = None
        return self.by_age or declared

    @property
    def woman(self) -> bool:
        """Whether the NIK typed is a woman's (ibu hamil is offered to her)."""
        try:
            return nik_birth_date(self.draft.nik)[1] == "F"
        except ValueError:
            return False

    async def load(self) -> None:
        """The facility and the days of the booking window."""
        self.error = ""
        self.loading = True
        self._read_at = time.monotonic()
        try:
            facility, availability, doctors = await asyncio.gather(
                self._client.facilities.get(self.facility_id),
                self._client.facilities.availability(self.service_id),
                self._doctors(),
            )
        except ApiError as err:
            self.error = err.code
            return
        finally:
            self.loading = False
        self.facility = facility
        self.days = list(availability.days)
        self.doctors = doctors or {}

    def heed(self, event: QueueEvent, now: float) -> bool:
        """Whether a live event of the service is worth reading the days again for
        (`now`: monotonic seconds)."""
        if event.type == "reconfigured":
            return True
        return event.type in ("issued", "cancelled") and now - self._read_at >= PLACES_EVERY_SECONDS

    async def reread(self) -> None:
        """The same, read again quietly (the service changed or a place was taken): what
        is shown stays until the answer comes, and stays when none comes."""
        self._read_at = time.monotonic()
        try:
            facility, availability, doctors = await asyncio.gather(
                self._client.facilities.get(self.facility_id),
                self._client.facilities.availability(self.service_id),
                self._doctors(),
            )
        except ApiError:
            return
        self.facility, self.days, self.error = facility, list(availability.days), ""
        if doctors is not None:
            self.doctors = doctors
            self._forget_doctor_gone()

    async def _doctors(self) -> dict[dt.date, list[DoctorSession]] | None:
        """By day; None when they cannot be read (booking does not need them)."""
        try:
            sessions = await self._client.doctors.of_service(self.service_id)
        except ApiError:
            return None
        by_day: dict[dt.date, list[DoctorSession]] = {}
        for session in sessions:
            by_day.setdefault(session.service_date, []).append(session)
        return by_day

    async def refresh_days(self) -> None:
        """Fresh places left; on failure the last known ones stay on screen."""
        try:
            self.days = list((await self._client.facilities.availability(self.service_id)).days)
        except ApiError:
            return

    # ------------------------------------------------------------------ steps

    def choose_day(self, value: dt.date) -> None:
        self.day = value
        self.doctor_id = None  # who practises depends on the day
        self.problem = None
        if self.quick:  # back to change the day: the rest is still chosen
            self._go(STEPS)
        elif self._returning is not None and self.payer is None:
            self.use_profile(self._returning)
        else:
            self._go(2)

    def use_profile(self, profile: SavedProfile) -> None:
        """A saved patient in one tap: to the confirm step when everything a booking
        needs is known; otherwise to the step that asks what is missing."""
        self.draft = PatientDraft.of(profile)
        self.problems = {}
        self.declared = None
        self.save_profile = True  # kept already: keeping it again makes it the last used
        payer = ready_profile(profile, CONSENT_VERSION)
        if payer is None:
            self.quick = False
            self._go(3 if self.payer is not None else 2)
            return
        self.payer, self.agreed, self.quick = payer, True, True
        self._go(STEPS)

    def other_patient(self) -> None:
        """Leave the short way: the patient form, empty, with the saved patients above it."""
        self.quick = False
        self.agreed = False
        self.draft = PatientDraft()
        self.problems = {}
        self.declared = None
        self.save_profile = False
        self._go(3 if self.payer is not None else 2)

    def other_payer(self) -> None:
        self.quick = False
        self._go(2)

    def other_lane(self) -> None:
        """From the short way to the patient step, where the priority lane is chosen."""
        self.quick = False
        self._go(3)

    def choose_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        if self.problem is not None and self.problem.code == ErrorCode.doctor_not_bookable:
            self.problem = None  # chosen again

    def declare(self, reason: PriorityReason | None) -> None:
        self.declared = reason

    def choose_payer(self, value: Payer) -> None:
        self.payer = value
        if value is not Payer.jkn:
            self.problems = {f: p for f, p in self.problems.items() if f != "bpjs_number"}
        self._go(3)

    def change_field(self, name: str, value: str) -> None:
        self.draft = replace(self.draft, **{name: value})
        checked = "birth_date" if name in BIRTH_PARTS else name
        self.problems = {f: p for f, p in self.problems.items() if f != checked}

    def leave_field(self, name: str) -> None:
        if name == "birth_date" and not self.draft.birth_date_complete():
            return  # still typing the other parts
        found = check_field(name, self.draft, self.payer)
        self.problems = {**{f: p for f, p in self.problems.items() if f != name},
                         **({name: found} if found else {})}

    def pick_profile(self, profile: SavedProfile) -> None:
        self.draft = PatientDraft.of(profile)
        self.problems = {}
        self.save_profile = True

    def set_save_profile(self, value: bool) -> None:
        self.save_profile = value

    def patient_next(self) -> None:
        found = check_all(self.draft, self.payer)
        self.problems = found
        if not found:
            self._go(4)

    def agree(self, value: bool) -> None:
        self.agreed = value

    def consent_next(self) -> None:
        self.consent_missing = not self.agreed
        if self.agreed:
            self._go(STEPS)

    def back(self) -> None:
        if self.quick and self.step == STEPS:
            self.step = 1  # the short way came from the day
        elif self.step > 1:
            self.step -= 1

    def pick_next_date(self, value: dt.date) -> None:
        """Another day the service offered when the chosen one filled up."""
        self.day = value
        self.doctor_id = None
        self.problem = None
        self.step = 2

    async def change_date(self) -> None:
        self.problem = None
        self.step = 1
        await self.refresh_days()

    # ------------------------------------------------------------------ booking

    async def confirm(self) -> None:
        payer, day = self.payer, self.day
        if self._in_flight or payer is None or day is None:
            return  # a second tap while the first is on its way
        self._in_flight = True
        self.sending = True
        self.problem = None
        patient = to_patient(self.draft, payer)
        try:
            booking = await self._client.bookings.create(
                service_id=self.service_id, service_date=day, payer=payer, patient=patient,
                consent_version=CONSENT_VERSION, idempotency_key=self._key,
                channel=self._channel, lane=Lane.priority if self.priority else Lane.regular,
                priority_reason=self.priority, doctor_id=self.doctor_id,
            )
        except QuotaFull as err:
            self.problem = SendProblem("quota_full", err.code,
                                       next_available=tuple(err.next_available))
            await self.refresh_days()
        except ValidationFailed as err:
            self._refused(server_problems(err.fields), err.code)
            if any(f.field == "doctor_id" for f in err.fields):  # away since it was read
                self.doctor_id = None
                await self.reread()  # the doctors who practise now
        except Conflict as err:  # kept by the service for this key: a new tap, a new key
            self._key = new_idempotency_key()
            self.problem = SendProblem("error", err.code)
        except ApiConnectionError as err:
            self.problem = SendProblem("connection", err.code)
        except ApiError as err:
            self.problem = SendProblem("error", err.code)
        else:
            kept = to_profile(patient, payer, CONSENT_VERSION) if self.save_profile else None
            await self._on_booked(booking, kept)
            return  # stay in flight: this booking is done
        finally:
            self.sending = False
        self._in_flight = False

    # ------------------------------------------------------------------ plumbing

    def _forget_doctor_gone(self) -> None:
        """The doctor chosen no longer practises that day (an absence recorded since):
        back to any doctor, and the person is told so on the confirm step."""
        if self.doctor_id is None or self.day is None:
            return
        if self.doctor_id not in {o.doctor_id for o in self.doctor_options}:
            self.doctor_id = None
            self.problem = SendProblem("error", ErrorCode.doctor_not_bookable,
                                       {"date": self.day.isoformat()})

    def _go(self, to: int) -> None:
        if to == STEPS:
            self._key = new_idempotency_key()  # one booking, however many tries
            self.problem = None
        self.step = to

    def _refused(self, found: dict[str, Problem], code: str) -> None:
        """The service refused a field: a patient field is shown at the form, another
        (the date, say) on the confirm step."""
        on_form = {f: p for f, p in found.items() if f in PATIENT_FIELDS}
        if on_form:
            self.problems = on_form
            self.step = 3
        else:
            code, params = next(iter(found.values()), (code, {}))
            self.problem = SendProblem("error", code, params)
