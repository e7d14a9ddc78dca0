"""The async API client: one surface, thin resources, typed results.

    async with ApiClient("https://layanansehat.rembangkab.go.id/api") as client:
        facilities = await client.facilities.list(kecamatan="Lasem", open_now=True)
        booking = await client.bookings.create(
            service_id=2, service_date=date(2026, 11, 30), payer=Payer.jkn,
            patient=PatientIn(...), consent_version="2026-11", idempotency_key=new_key(),
        )
        async for event in client.queues.events(service_id=2):
            ...

Every failure is an `api_client.errors.ApiError`.
"""

from __future__ import annotations

import asyncio
import builtins
import datetime as dt
import random
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from api_client import constants
from api_client._http import Http
from api_client.admin_accounts import StaffAccounts
from api_client.announcements import Announcements
from api_client.audit import AuditTrail
from api_client.bpjs_admin import BpjsAdmin
from api_client.directory_admin import DirectoryAdmin
from api_client.doctors import Doctors
from api_client.errors import (
    ApiConnectionError,
    ApiStatusError,
    RateLimited,
    ServerError,
    Unauthorized,
)
from api_client.kiosks import Kiosks
from api_client.models import (
    Announcement,
    AnnouncementCreate,
    Anonymisation,
    Booking,
    BookingCreate,
    BookingLookup,
    BookingSearch,
    CallNext,
    CallNumber,
    Channel,
    CitizenChannel,
    Closure,
    Complaint,
    ComplaintCategory,
    ComplaintContact,
    ComplaintCreate,
    ComplaintForStaff,
    ComplaintReply,
    ComplaintStatus,
    ComplaintStatusChange,
    ConsentWithdrawal,
    CounterBreak,
    Dashboard,
    DoctorSession,
    DownloadLink,
    Facility,
    FacilityComparison,
    FacilityDetail,
    FacilityType,
    Lane,
    LaneChange,
    LoginRequest,
    PasswordChange,
    PatientAtDesk,
    PatientIn,
    Payer,
    PersonalDataExport,
    PriorityReason,
    PrivacyRequestByNik,
    QueueEvent,
    QueueState,
    ReportFile,
    RespondentProfile,
    SelfCheckIn,
    SelfServiceChannel,
    ServiceAvailability,
    SkmElement,
    SkmIndex,
    StaffBooking,
    StaffMe,
    StaffTicketView,
    SurveyCreate,
    SurveyReceipt,
    SurveyState,
    TokenResponse,
    TotpConfirm,
    TotpConfirmed,
    TotpEnrolment,
    Transfer,
    WalkInCreate,
    WeeklyTrends,
)
from api_client.shared_answers import LastAnswer


def new_idempotency_key() -> str:
    """A fresh key for one intended action; keep it to retry that same action."""
    return uuid.uuid4().hex


class _Resource:
    def __init__(self, http: Http) -> None:
        self._http = http


async def _follow(
    http: Http, path: str, last_event_id: int | None
) -> AsyncIterator[QueueEvent]:
    """Live events that survive drops: reconnect with backoff and resume after the last id."""
    failures = 0
    while True:
        at_least = 0.0
        try:
            async for sse_id, _event, data in http.events(path, last_event_id=last_event_id):
                try:
                    event = QueueEvent.model_validate_json(data)
                except ValidationError:  # a kind of event a newer service sends: not for this app
                    last_event_id = int(sse_id) if sse_id.isdigit() else last_event_id
                    continue
                last_event_id = event.id
                failures = 0
                yield event
        except (ApiConnectionError, ServerError):
            pass
        except RateLimited as exc:  # too many streams from this address (nginx): wait, then again
            at_least = min(exc.retry_after or 0.0, constants.EVENTS_RECONNECT_MAX)
        except ApiStatusError:
            raise  # 404 and friends will not heal by retrying
        failures += 1
        wait = min(constants.EVENTS_RECONNECT_MAX, 0.25 * 2 ** min(failures, 6))
        await asyncio.sleep(max(at_least, wait * (0.5 + random.random() / 2)))  # noqa: S311 - jitter only


class Facilities(_Resource):
    async def list(
        self,
        *,
        kecamatan: str | None = None,
        type: FacilityType | None = None,
        open_now: bool = False,
        q: str | None = None,
    ) -> list[Facility]:
        data = await self._http.request(
            "GET", "/facilities",
            params={"kecamatan": kecamatan, "type": type, "open_now": open_now or None, "q": q},
        )
        if (kecamatan, type, q, open_now) == (None, None, None, False):  # the whole directory
            return list(_DIRECTORY.parse(data))  # its own list: one session's sort is not another's
        return _FACILITIES.validate_python(data)

    async def get(self, facility_id: str) -> FacilityDetail:
        return FacilityDetail.model_validate(
            await self._http.request("GET", f"/facilities/{facility_id}")
        )

    async def doctors(self, facility_id: str, *, date: dt.date | None = None) -> builtins.list[DoctorSession]:
        data = await self._http.request(
            "GET", f"/facilities/{facility_id}/doctors",
            params={"date": date.isoformat() if date else None},
        )
        return _DOCTORS.validate_python(data)

    async def closures(self, facility_id: str) -> builtins.list[Closure]:
        return _CLOSURES.validate_python(
            await self._http.request("GET", f"/facilities/{facility_id}/closures")
        )

    async def announcements(self, facility_id: str) -> builtins.list[Announcement]:
        return _ANNOUNCEMENTS.validate_python(
            await self._http.request("GET", f"/facilities/{facility_id}/announcements")
        )

    async def availability(self, service_id: int) -> ServiceAvailability:
        return ServiceAvailability.model_validate(
            await self._http.request("GET", f"/services/{service_id}/availability")
        )

    def events(self, facility_id: str, *, last_event_id: int | None = None) -> AsyncIterator[QueueEvent]:
        return _follow(self._http, f"/facilities/{facility_id}/events", last_event_id)


class Bookings(_Resource):
    async def create(
        self,
        *,
        service_id: int,
        service_date: dt.date,
        payer: Payer,
        patient: PatientIn,
        consent_version: str,
        idempotency_key: str,
        lane: Lane = Lane.regular,
        priority_reason: PriorityReason | None = None,
        channel: CitizenChannel = Channel.app,
        doctor_id: int | None = None,
    ) -> Booking:
        """`doctor_id`: the doctor chosen (a session that day at this service); None: any."""
        body = BookingCreate(
            service_id=service_id, service_date=service_date, payer=payer, patient=patient,
            consent_version=consent_version, lane=lane, priority_reason=priority_reason,
            channel=channel, doctor_id=doctor_id,
        )
        return Booking.model_validate(await self._http.request(
            "POST", "/bookings", json_body=body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        ))

    async def walk_in(
        self,
        *,
        service_id: int,
        idempotency_key: str,
        lane: Lane = Lane.regular,
        priority_reason: PriorityReason | None = None,
        nik: str | None = None,
    ) -> Booking:
        body = WalkInCreate(
            service_id=service_id, lane=lane, priority_reason=priority_reason, nik=nik
        )
        return Booking.model_validate(await self._http.request(
            "POST", "/walkins", json_body=body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        ))

    async def get(self, booking_code: str) -> Booking:
        return Booking.model_validate(await self._http.request("GET", f"/bookings/{booking_code}"))

    async def lookup(self, *, booking_code: str, phone: str) -> Booking:
        """Find a booking by code and the phone it was booked with (a new device)."""
        body = BookingLookup(booking_code=booking_code, phone=phone)
        return Booking.model_validate(
            await self._http.request("POST", "/bookings/lookup", json_body=body.model_dump())
        )

    async def cancel(self, booking_code: str) -> Booking:
        return Booking.model_validate(
            await self._http.request("POST", f"/bookings/{booking_code}/cancel")
        )

    async def check_in(self, booking_code: str, *, lat: float, lon: float) -> Booking:
        """The patient's own check-in from the app, on the service day, from where the
        phone is (the service refuses it away from the facility: `check_in_not_near`)."""
        body = SelfCheckIn(lat=lat, lon=lon)
        return Booking.model_validate(await self._http.request(
            "POST", f"/bookings/{booking_code}/check-in", json_body=body.model_dump()
        ))

    async def check_in_at_facility(self, booking_code: str) -> StaffBooking:
        """Check-in by a kiosk or staff: the booking must be for their facility."""
        return StaffBooking.model_validate(
            await self._http.request("POST", f"/facility-check-in/{booking_code}")
        )


class Queues(_Resource):
    async def state(self, service_id: int, *, date: dt.date | None = None) -> QueueState:
        return QueueState.model_validate(await self._http.request(
            "GET", f"/services/{service_id}/queue",
            params={"date": date.isoformat() if date else None},
        ))

    def events(self, service_id: int, *, last_event_id: int | None = None) -> AsyncIterator[QueueEvent]:
        return _follow(self._http, f"/services/{service_id}/events", last_event_id)


class Staff(_Resource):
    async def login(self, username: str, password: str, *, totp_code: str | None = None) -> TokenResponse:
        """Sign in; later requests of this client carry the token. An admin with an
        authenticator app gets `totp_required` first, then sends its code."""
        token = TokenResponse.model_validate(await self._http.request(
            "POST", "/auth/login",
            json_body=LoginRequest(username=username, password=password, totp_code=totp_code).model_dump(),
        ))
        self._http.headers["Authorization"] = f"Bearer {token.access_token}"
        return token

    async def refresh(self) -> TokenResponse:
        """Renew the sign-in token (call before it expires; up to 12 hours a shift)."""
        token = TokenResponse.model_validate(await self._http.request("POST", "/auth/refresh"))
        self._http.headers["Authorization"] = f"Bearer {token.access_token}"
        return token

    async def change_password(
        self, username: str, password: str, new_password: str, *, totp_code: str | None = None
    ) -> TokenResponse:
        """Replace the password (a one-time one first of all); signs in with the new one."""
        token = TokenResponse.model_validate(await self._http.request(
            "POST", "/auth/password",
            json_body=PasswordChange(
                username=username, password=password, new_password=new_password, totp_code=totp_code,
            ).model_dump(),
        ))
        self._http.headers["Authorization"] = f"Bearer {token.access_token}"
        return token

    async def enrol_totp(self, username: str, password: str) -> TotpEnrolment:
        """A new authenticator secret (after `totp_enrolment_required`), not yet in force."""
        return TotpEnrolment.model_validate(await self._http.request(
            "POST", "/auth/totp/enrol",
            json_body=LoginRequest(username=username, password=password).model_dump(),
        ))

    async def confirm_totp(self, username: str, password: str, code: str) -> TotpConfirmed:
        """The app's first code: the secret is in force; recovery codes, and signed in."""
        confirmed = TotpConfirmed.model_validate(await self._http.request(
            "POST", "/auth/totp/confirm",
            json_body=TotpConfirm(username=username, password=password, code=code).model_dump(),
        ))
        self._http.headers["Authorization"] = f"Bearer {confirmed.token.access_token}"
        return confirmed

    async def logout(self) -> None:
        """End the sign-in at the service (its token stops working everywhere at once),
        and forget the token here even when the service cannot be reached (then the
        error is raised after forgetting). A sign-in that had ended already is no error."""
        if "Authorization" not in self._http.headers:
            return
        try:
            await self._http.request("POST", "/auth/logout")
        except Unauthorized:
            pass
        finally:
            self._http.headers.pop("Authorization", None)

    async def me(self) -> StaffMe:
        return StaffMe.model_validate(await self._http.request("GET", "/auth/me"))

    async def tickets(self, service_id: int) -> list[StaffTicketView]:
        return _TICKETS.validate_python(
            await self._http.request("GET", f"/services/{service_id}/tickets")
        )

    async def call_next(self, service_id: int, *, counter: str) -> StaffTicketView | None:
        """The ticket now called, or None when nobody has checked in."""
        data = await self._http.request(
            "POST", f"/services/{service_id}/call-next",
            json_body=CallNext(counter=counter).model_dump(),
        )
        return StaffTicketView.model_validate(data) if data is not None else None

    async def recall(self, ticket_id: int) -> StaffTicketView:
        return await self._step(ticket_id, "recall")

    async def start(self, ticket_id: int) -> StaffTicketView:
        return await self._step(ticket_id, "start")

    async def done(self, ticket_id: int) -> StaffTicketView:
        return await self._step(ticket_id, "done")

    async def skip(self, ticket_id: int) -> StaffTicketView:
        return await self._step(ticket_id, "skip")

    async def transfer(
        self, ticket_id: int, *, to_service_id: int, lane: Lane | None = None
    ) -> StaffTicketView:
        return StaffTicketView.model_validate(await self._http.request(
            "POST", f"/tickets/{ticket_id}/transfer",
            json_body=Transfer(to_service_id=to_service_id, lane=lane).model_dump(mode="json"),
        ))

    async def patient(self, ticket_id: int) -> PatientAtDesk:
        """Who is at the counter: the patient of a ticket called or being served today."""
        return PatientAtDesk.model_validate(
            await self._http.request("GET", f"/tickets/{ticket_id}/patient")
        )

    async def publish_announcement(
        self, facility_id: str, announcement: AnnouncementCreate
    ) -> Announcement:
        """Admins only. A closure closes booking on its dates."""
        return Announcement.model_validate(await self._http.request(
            "POST", f"/facilities/{facility_id}/announcements",
            json_body=announcement.model_dump(mode="json"),
        ))

    async def call_number(self, service_id: int, *, number: int, counter: str) -> StaffTicketView:
        """Call today's `number` out of turn (a checked-in or a skipped ticket)."""
        return StaffTicketView.model_validate(await self._http.request(
            "POST", f"/services/{service_id}/call-number",
            json_body=CallNumber(number=number, counter=counter).model_dump(),
        ))

    async def requeue(self, ticket_id: int) -> StaffTicketView:
        """A skipped ticket back to the waiting list (called after the next two calls)."""
        return await self._step(ticket_id, "requeue")

    async def change_lane(
        self, ticket_id: int, *, lane: Lane, priority_reason: PriorityReason | None = None
    ) -> StaffTicketView:
        return StaffTicketView.model_validate(await self._http.request(
            "POST", f"/tickets/{ticket_id}/lane",
            json_body=LaneChange(lane=lane, priority_reason=priority_reason).model_dump(mode="json"),
        ))

    async def pause(self, service_id: int, *, counter: str) -> QueueState:
        """This counter goes on a break (it calls nobody until `resume`)."""
        return await self._counter(service_id, "pause", counter)

    async def resume(self, service_id: int, *, counter: str) -> QueueState:
        return await self._counter(service_id, "resume", counter)

    async def _counter(self, service_id: int, step: str, counter: str) -> QueueState:
        return QueueState.model_validate(await self._http.request(
            "POST", f"/services/{service_id}/{step}", json_body=CounterBreak(counter=counter).model_dump(),
        ))

    async def _step(self, ticket_id: int, step: str) -> StaffTicketView:
        return StaffTicketView.model_validate(
            await self._http.request("POST", f"/tickets/{ticket_id}/{step}")
        )


class Feedback(_Resource):
    """The SKM survey after a done visit, and the published index."""

    async def state(self, booking_code: str) -> SurveyState:
        return SurveyState.model_validate(
            await self._http.request("GET", f"/bookings/{booking_code}/survey")
        )

    async def give(
        self,
        booking_code: str,
        *,
        scores: dict[SkmElement, int],
        idempotency_key: str,
        comment: str | None = None,
        channel: SelfServiceChannel = Channel.app,
        respondent: RespondentProfile | None = None,
    ) -> SurveyReceipt:
        """Once per visit, up to 30 days after it: `Conflict` `survey_already_given`,
        `visit_not_done` or `survey_closed`."""
        body = SurveyCreate(scores=scores, comment=comment, channel=channel, respondent=respondent)
        return SurveyReceipt.model_validate(await self._http.request(
            "POST", f"/bookings/{booking_code}/survey", json_body=body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        ))

    async def index(
        self,
        facility_id: str | None = None,
        *,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> SkmIndex:
        """A facility's index, or every facility's together (`facility_id` None)."""
        path = f"/facilities/{facility_id}/skm" if facility_id else "/skm"
        return SkmIndex.model_validate(await self._http.request("GET", path, params={
            "date_from": date_from.isoformat() if date_from else None,
            "date_to": date_to.isoformat() if date_to else None,
        }))


class Complaints(_Resource):
    """Pengaduan: send and follow by tracking code (anyone); handle (staff)."""

    async def send(
        self,
        *,
        facility_id: str,
        category: ComplaintCategory,
        text: str,
        idempotency_key: str,
        contact: ComplaintContact | None = None,
        contact_consent: bool = False,
        channel: SelfServiceChannel = Channel.app,
    ) -> Complaint:
        body = ComplaintCreate(
            facility_id=facility_id, category=category, text=text, contact=contact,
            contact_consent=contact_consent, channel=channel,
        )
        return Complaint.model_validate(await self._http.request(
            "POST", "/complaints", json_body=body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        ))

    async def get(self, tracking_code: str) -> Complaint:
        return Complaint.model_validate(
            await self._http.request("GET", f"/complaints/{tracking_code}")
        )

    async def list(
        self, *, facility_id: str | None = None, status: ComplaintStatus | None = None
    ) -> builtins.list[ComplaintForStaff]:
        """Staff: their facility's complaints (Dinkes: `facility_id`, or all)."""
        return _COMPLAINTS.validate_python(await self._http.request(
            "GET", "/staff/complaints", params={"facility_id": facility_id, "status": status},
        ))

    async def open(self, complaint_id: int) -> ComplaintForStaff:
        return ComplaintForStaff.model_validate(
            await self._http.request("GET", f"/staff/complaints/{complaint_id}")
        )

    async def reply(
        self, complaint_id: int, *, reply: str, status: ComplaintStatus | None = None
    ) -> ComplaintForStaff:
        return ComplaintForStaff.model_validate(await self._http.request(
            "POST", f"/staff/complaints/{complaint_id}/replies",
            json_body=ComplaintReply(reply=reply, status=status).model_dump(mode="json"),
        ))

    async def set_status(self, complaint_id: int, status: ComplaintStatus) -> ComplaintForStaff:
        return ComplaintForStaff.model_validate(await self._http.request(
            "POST", f"/staff/complaints/{complaint_id}/status",
            json_body=ComplaintStatusChange(status=status).model_dump(mode="json"),
        ))


class DashboardResource(_Resource):
    """The Dinkes dashboard (admins; Dinkes for every facility, `facility_id=None`)."""

    async def get(
        self, *, facility_id: str | None = None, date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> Dashboard:
        return Dashboard.model_validate(await self._http.request(
            "GET", "/dashboard", params=_period(facility_id, date_from, date_to)
        ))

    async def download_link(
        self, *, facility_id: str | None = None, date_from: dt.date, date_to: dt.date,
    ) -> DownloadLink:
        """A path (under the API's origin) that downloads the dashboard's tables as CSV
        without a token header, for two minutes: what a browser opens."""
        return DownloadLink.model_validate(await self._http.request(
            "POST", "/dashboard/download", params=_period(facility_id, date_from, date_to)
        ))

    async def compare(
        self, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
    ) -> FacilityComparison:
        """Every facility side by side, the regency's row and the facilities over a
        threshold (Dinkes only)."""
        return FacilityComparison.model_validate(await self._http.request(
            "GET", "/dashboard/facilities", params=_dates(date_from, date_to)
        ))

    async def weekly(self, *, facility_id: str | None = None, date_to: dt.date | None = None) -> WeeklyTrends:
        """Twelve weeks up to `date_to` (default today) per facility, or the one asked
        for, with the regency's line for Dinkes."""
        return WeeklyTrends.model_validate(await self._http.request(
            "GET", "/dashboard/weekly", params=_period(facility_id, None, date_to)
        ))

    async def report_link(
        self, report: ReportFile, *, facility_id: str | None = None, month: dt.date,
    ) -> DownloadLink:
        """A path that downloads a report to file (the SKM report, the monthly recap) of
        the month of `month` (any day in it), without a token header, for two minutes."""
        return DownloadLink.model_validate(await self._http.request(
            "POST", f"/reports/{report.value}/download",
            params={"facility_id": facility_id or "all", "month": f"{month:%Y-%m}"},
        ))


class Privacy(_Resource):
    """A person's own data: export, withdraw consent, anonymise. The person proves a
    booking is theirs with its code and the phone it was made with (in the body,
    never the URL); Dinkes does the same by NIK (`*_by_nik`, Dinkes sign-in), naming
    the person's written request (`request_reference`, kept in the audit trail)."""

    async def export(self, *, booking_code: str, phone: str) -> PersonalDataExport:
        return PersonalDataExport.model_validate(await self._own("export", booking_code, phone))

    async def withdraw_consent(self, *, booking_code: str, phone: str) -> ConsentWithdrawal:
        return ConsentWithdrawal.model_validate(await self._own("withdraw-consent", booking_code, phone))

    async def anonymise(self, *, booking_code: str, phone: str) -> Anonymisation:
        return Anonymisation.model_validate(await self._own("anonymise", booking_code, phone))

    async def export_by_nik(self, nik: str, *, request_reference: str) -> PersonalDataExport:
        return PersonalDataExport.model_validate(await self._by_nik("export", nik, request_reference))

    async def withdraw_consent_by_nik(self, nik: str, *, request_reference: str) -> ConsentWithdrawal:
        return ConsentWithdrawal.model_validate(
            await self._by_nik("withdraw-consent", nik, request_reference)
        )

    async def anonymise_by_nik(self, nik: str, *, request_reference: str) -> Anonymisation:
        return Anonymisation.model_validate(await self._by_nik("anonymise", nik, request_reference))

    async def _own(self, step: str, booking_code: str, phone: str) -> Any:
        body = BookingLookup(booking_code=booking_code, phone=phone)
        return await self._http.request("POST", f"/privacy/{step}", json_body=body.model_dump(mode="json"))

    async def _by_nik(self, step: str, nik: str, request_reference: str) -> Any:
        body = PrivacyRequestByNik(nik=nik, request_reference=request_reference)
        return await self._http.request(
            "POST", f"/staff/privacy/{step}", json_body=body.model_dump(mode="json")
        )


class DeskBookings(_Resource):
    """The desk of a facility finds today's bookings before checking one in (staff of
    that facility: loket, poli, admin). Search terms go in the body, never the URL."""

    async def preview(self, facility_id: str, booking_code: str) -> StaffBooking:
        """The booking to confirm; refused as its check-in would be (`wrong_facility`,
        `booking_in_future`, `booking_expired`, `already_checked_in`, `booking_cancelled`)."""
        return StaffBooking.model_validate(await self._http.request(
            "GET", f"/staff/facilities/{facility_id}/bookings/{booking_code}"
        ))

    async def search(
        self, facility_id: str, *, name: str | None = None, birth_date: dt.date | None = None,
        digits: str | None = None,
    ) -> builtins.list[StaffBooking]:
        """By `name` with `birth_date`, or by `digits`: the last 4 of the NIK or phone, or
        the whole number. Bookings still to check in, their codes masked; at most 5
        (`booking_search_too_many`, `booking_search_digits` for 5 to 9 digits)."""
        body = BookingSearch(name=name, birth_date=birth_date, digits=digits)
        return _BOOKINGS.validate_python(await self._http.request(
            "POST", f"/staff/facilities/{facility_id}/bookings/search",
            json_body=body.model_dump(mode="json"),
        ))

    async def check_in(self, facility_id: str, ticket_id: int) -> StaffBooking:
        """Check in a booking found by `search` (its code masked), by its ticket."""
        return StaffBooking.model_validate(await self._http.request(
            "POST", f"/staff/facilities/{facility_id}/tickets/{ticket_id}/check-in"
        ))


def _period(facility_id: str | None, date_from: dt.date | None, date_to: dt.date | None) -> dict[str, Any]:
    return {"facility_id": facility_id or "all", **_dates(date_from, date_to)}


def _dates(date_from: dt.date | None, date_to: dt.date | None) -> dict[str, Any]:
    return {
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat() if date_to else None,
    }


_FACILITIES = TypeAdapter(list[Facility])
_DIRECTORY = LastAnswer(_FACILITIES)
_COMPLAINTS = TypeAdapter(list[ComplaintForStaff])
_DOCTORS = TypeAdapter(list[DoctorSession])
_CLOSURES = TypeAdapter(list[Closure])
_ANNOUNCEMENTS = TypeAdapter(list[Announcement])
_TICKETS = TypeAdapter(list[StaffTicketView])
_BOOKINGS = TypeAdapter(list[StaffBooking])


class ApiClient:
    """The one door to the central service's data, for every face of the app."""

    def __init__(
        self,
        base_url: str = constants.DEFAULT_BASE_URL,
        *,
        kiosk_key: str | None = None,
        forwarded_for: str | None = None,
        transport: Any = None,
        retry_attempts: int = constants.RETRY_ATTEMPTS,
    ) -> None:
        """`forwarded_for`: the browser's address, when the web app's server process
        calls the API on a citizen's behalf (rate limits count per citizen)."""
        self._http = Http(base_url, transport=transport, retry_attempts=retry_attempts)
        if kiosk_key:
            self._http.headers["X-Kiosk-Key"] = kiosk_key
        if forwarded_for:
            self._http.headers["X-Forwarded-For"] = forwarded_for
        self.facilities = Facilities(self._http)
        self.bookings = Bookings(self._http)
        self.queues = Queues(self._http)
        self.staff = Staff(self._http)
        self.feedback = Feedback(self._http)
        self.complaints = Complaints(self._http)
        self.dashboard = DashboardResource(self._http)
        self.privacy = Privacy(self._http)
        self.announcements = Announcements(self._http)
        self.desk = DeskBookings(self._http)
        self.directory_admin = DirectoryAdmin(self._http)
        self.accounts = StaffAccounts(self._http)
        self.kiosks = Kiosks(self._http)
        self.audit = AuditTrail(self._http)
        self.doctors = Doctors(self._http)
        self.bpjs_admin = BpjsAdmin(self._http)

    def watch_reach(self, callback: Callable[[bool], None] | None) -> None:
        """`callback(answered)` after every request: False when the service could
        not be reached (offline, no answer in time), True when it answered."""
        self._http.on_reach = callback

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.close()
