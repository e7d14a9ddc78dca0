"""Who may do what at a counter, case by case: every role × every staff action × every
kind of service, allowed or denied exactly as the table in `server.staff.permissions`
says. The expectations are read from that docstring, so the documentation and the
service cannot drift apart.

Roles: the loket, poli, apotek and admin staff of Puskesmas Lasem (it has a service of
every kind), an admin of another puskesmas, Dinkes (an admin of every facility), the
lobby kiosk's key, and no credential at all. Denied means 401 without a credential and
403 with one; an admin of another facility checking a booking in is told the booking
is for another facility (409 `wrong_facility`), and one acting on a ticket by its id
is told there is no such ticket (404 `ticket_not_found`). Allowed means the action is done (or,
for a walk-in at a service that takes no walk-ins, refused by that rule, not by role).
Check-in is tried on a poli booking: only poli services take bookings.
Closing a queue early and managing announcements are tried by their previews (the
same check, nothing written: a queue closed here would stay closed for every later
case); tests/api/test_close_early.py and test_announcement_changes.py try the real
thing as each attacker. Changing the directory is tried by reading it as its admin
does (the same check); tests/api/test_admin_directory.py tries every change as each
attacker. Managing doctors is tried by reading the facility's doctors (the same check);
tests/api/test_admin_doctors.py and test_doctor_absence.py try each change. The BPJS
page is tried by reading it (the same check); tests/api/test_bpjs_admin.py tries each
change as each attacker.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from api_client import ApiClient, ApiStatusError, new_idempotency_key
from api_client.models import (
    AnnouncementCreate,
    AnnouncementKind,
    Booking,
    ComplaintCategory,
    ComplaintStatus,
    Lane,
    PrinterState,
    PriorityReason,
    ServiceKind,
    StaffAction,
    TicketStatus,
    TicketView,
)
from server.app import create_app
from server.settings import Settings
from server.staff import permissions
from tests.api.helpers import book, nik_for
from tests.support.clock import FakeClock, wib

pytestmark = pytest.mark.anyio

LASEM = "pkm-lasem"
ROLES = ("loket", "poli", "apotek", "admin", "admin-elsewhere", "dinkes", "kiosk", "nobody")
SERVE = ("call_next", "recall", "start", "done", "skip", "transfer",
         "call_number", "requeue", "change_lane", "pause", "resume")
TICKET_ACTIONS = ("recall", "start", "done", "skip", "transfer", "requeue", "change_lane", "see_patient")
"""Actions on a ticket named by its id: another facility's is answered as unknown."""
COMPLAINT_ACTIONS = ("list_complaints", "reply_complaint", "complaint_status")
DESK_ACTIONS = ("preview_booking", "search_bookings", "check_in_found")
ADMIN_FACE_ACTIONS = ("kiosks", "audit", "kiosk_status")  # about the facility, not a service
ACTIONS = (*SERVE, "list_tickets", "walk_in", "check_in", *COMPLAINT_ACTIONS, "dashboard",
           "close_early", "announcements", "see_patient", *DESK_ACTIONS, "directory", "accounts",
           *ADMIN_FACE_ACTIONS, "doctors", "bpjs")
CODE_OF_KIND = {
    ServiceKind.loket: "loket", ServiceKind.poli: "poli-umum", ServiceKind.lab: "lab",
    ServiceKind.ugd: "ugd", ServiceKind.apotek: "apotek",
}
# The rows of the documented table, by their label: which actions on which kinds.
ROWS = {
    "serve a loket service (*serve*: below)": (SERVE, {ServiceKind.loket}),
    "… on a poli, lab or UGD service": (SERVE, {ServiceKind.poli, ServiceKind.lab, ServiceKind.ugd}),
    "… on an apotek service": (SERVE, {ServiceKind.apotek}),
    "issue a walk-in number": (("walk_in",), set(ServiceKind)),
    "check in a booking": (("check_in",), set(ServiceKind)),
    "see a service's ticket list": (("list_tickets",), set(ServiceKind)),
    "see the facility's complaints": (("list_complaints",), set(ServiceKind)),
    "reply to a complaint, change its status": (("reply_complaint", "complaint_status"), set(ServiceKind)),
    "see the dashboard of the facility": (("dashboard",), set(ServiceKind)),
    "see the patient at a loket counter": (("see_patient",), {ServiceKind.loket}),
    "… at a poli, lab or UGD counter": (
        ("see_patient",), {ServiceKind.poli, ServiceKind.lab, ServiceKind.ugd}),
    "… at an apotek counter": (("see_patient",), {ServiceKind.apotek}),
    "close a loket service's queue early for today": (("close_early",), {ServiceKind.loket}),
    "… a poli, lab or UGD service's": (
        ("close_early",), {ServiceKind.poli, ServiceKind.lab, ServiceKind.ugd}),
    "… an apotek service's": (("close_early",), {ServiceKind.apotek}),
    "publish, preview, edit, withdraw announcements and closures": (("announcements",), set(ServiceKind)),
    "find today's bookings at the desk, preview one, check it in": (DESK_ACTIONS, set(ServiceKind)),
    "change the directory: facility, marks, services, quotas from a date": (("directory",), set(ServiceKind)),
    "list, create, deactivate, reactivate accounts, reset passwords, require TOTP": (
        ("accounts",), set(ServiceKind)),
    "list, enrol, rename, revoke kiosk devices": (("kiosks",), set(ServiceKind)),
    "read and export the audit trail": (("audit",), set(ServiceKind)),
    "report its own printer's state (`POST /kiosk/status`)": (("kiosk_status",), set(ServiceKind)),
    "add, edit, retire doctors; their sessions and absences": (("doctors",), set(ServiceKind)),
    "turn the BPJS bridge on and off, map services and doctors to BPJS codes": (("bpjs",), set(ServiceKind)),
}


def documented_table() -> dict[tuple[str, str, ServiceKind], bool]:
    """(role, action, kind) → allowed, from the markdown table in the docstring."""
    lines = [line for line in (permissions.__doc__ or "").splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == ["action", "loket", "poli", "apotek", "admin", "kiosk", "nobody"], header
    table: dict[tuple[str, str, ServiceKind], bool] = {}
    for line in lines[2:]:
        label, *cells = [cell.strip() for cell in line.strip("|").split("|")]
        actions, kinds = ROWS[label]  # a new or renamed row must be added to ROWS
        for role, cell in zip(header[1:], cells, strict=True):
            assert cell in ("yes", "–"), f"{label!r}/{role}: {cell!r}"
            for action, kind in itertools.product(actions, ServiceKind):
                if kind not in kinds:  # a row of some kinds (serving, closing early)
                    continue
                table[(role, action, kind)] = cell == "yes"
    # "Staff and kiosks act only within their own facility; an admin without a
    # facility (Dinkes) acts in every facility."
    assert re.search(r"act only within their own facility", permissions.__doc__ or "")
    for action, kind in itertools.product(ACTIONS, ServiceKind):
        table[("admin-elsewhere", action, kind)] = False
        table[("dinkes", action, kind)] = table[("admin", action, kind)]
    return table


TABLE = documented_table()
CASES = [
    pytest.param(role, action, kind, id=f"{role}-{action}-{kind}")
    for role, action, kind in itertools.product(ROLES, ACTIONS, ServiceKind)
    if action != "check_in" or kind is ServiceKind.poli
    if action not in COMPLAINT_ACTIONS or kind is ServiceKind.loket  # not about a service: once
    if action not in ("dashboard", "announcements", "directory", "accounts", "doctors", "bpjs")
    or kind is ServiceKind.loket
    if action not in DESK_ACTIONS or kind is ServiceKind.poli  # about the facility: once
    if action not in ADMIN_FACE_ACTIONS or kind is ServiceKind.loket
]


def test_the_table_covers_every_role_action_and_kind():
    assert {(r, a, k) for r, a, k in TABLE} >= {tuple(c.values) for c in CASES}
    assert TABLE[("poli", "call_next", ServiceKind.ugd)] is True
    assert TABLE[("kiosk", "walk_in", ServiceKind.loket)] is True
    assert TABLE[("apotek", "check_in", ServiceKind.poli)] is False


# ---------------------------------------------------------------- one service


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def table_app(sqlite_databases, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One service for the whole table: Monday 30 November 2026, 08:00 WIB (all open)."""
    settings = Settings(
        database_url=sqlite_databases.new(), data_dir=Path(tmp_path_factory.mktemp("auth")),
        secret_key="test-secret-for-layanan-sehat-rembang-0001", demo=True,
        max_active_bookings_per_phone=1000,  # the table books for everyone with one phone
        rate_limits=False,  # ... more often than a phone may; the limits have their own tests
    )
    application = create_app(settings, clock=FakeClock(wib(2026, 11, 30, 8, 0)))
    yield application
    application.state.lsr.db.dispose()


@pytest.fixture(scope="module")
async def actors(table_app) -> AsyncIterator[dict[str, ApiClient]]:  # type: ignore[no-untyped-def]
    def new(**kwargs: object) -> ApiClient:
        return ApiClient(
            "http://lsr.test/api", transport=httpx.ASGITransport(table_app), **kwargs  # type: ignore[arg-type]
        )

    clients = {"kiosk": new(kiosk_key=f"demo-kiosk-{LASEM}"), "nobody": new(), "setup": new()}
    accounts = {
        "loket": f"loket.{LASEM}", "poli": f"poli.{LASEM}", "apotek": f"apotek.{LASEM}",
        "admin": f"admin.{LASEM}", "admin-elsewhere": "admin.pkm-sumber", "dinkes": "dinkes",
    }
    for role, username in accounts.items():
        clients[role] = new()
        await clients[role].staff.login(username, "rembang-demo")
    await clients["setup"].staff.login(f"admin.{LASEM}", "rembang-demo")
    yield clients
    for client in clients.values():
        await client.close()


@pytest.fixture(scope="module")
async def services(actors) -> dict[ServiceKind, int]:  # type: ignore[no-untyped-def]
    detail = await actors["nobody"].facilities.get(LASEM)
    by_code = {s.code: s for s in detail.services}
    assert {by_code[code].kind for code in CODE_OF_KIND.values()} == set(ServiceKind)
    return {kind: by_code[code].id for kind, code in CODE_OF_KIND.items()}


_serial = itertools.count(1)
_called: dict[ServiceKind, TicketView] = {}
"""A called ticket per kind, reused until an action moves it on (saves walk-in quota)."""


async def called_ticket(setup: ApiClient, services: dict[ServiceKind, int], kind: ServiceKind) -> TicketView:
    """A ticket called to a counter of a `kind` service (made by the facility's admin)."""
    if kind in _called:
        return _called[kind]
    sid = services[kind]
    if kind in (ServiceKind.lab, ServiceKind.apotek):  # no walk-ins: sent on from the loket
        at_loket = await called_ticket(setup, services, ServiceKind.loket)
        del _called[ServiceKind.loket]
        await setup.staff.transfer(at_loket.ticket_id, to_service_id=sid)
    else:
        await setup.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key())
    called = await setup.staff.call_next(sid, counter="Meja Uji")
    assert called is not None
    _called[kind] = called
    return called


_waiting: dict[ServiceKind, TicketView] = {}
"""A checked-in ticket per kind, reused until an action calls it."""
_skipped: dict[ServiceKind, TicketView] = {}
"""A skipped ticket per kind, reused until an action returns it to the waiting list."""
BREAK_COUNTER = "Meja Istirahat"


async def waiting_ticket(setup: ApiClient, services: dict[ServiceKind, int], kind: ServiceKind) -> TicketView:
    """A checked-in ticket of a `kind` service (lab and apotek: sent on from the loket)."""
    if kind not in _waiting:
        if kind in (ServiceKind.lab, ServiceKind.apotek):
            at_loket = await called_ticket(setup, services, ServiceKind.loket)
            del _called[ServiceKind.loket]
            _waiting[kind] = await setup.staff.transfer(at_loket.ticket_id, to_service_id=services[kind])
        else:
            booking = await setup.bookings.walk_in(service_id=services[kind],
                                                   idempotency_key=new_idempotency_key())
            _waiting[kind] = booking.ticket
    ticket = _waiting[kind]
    now = {t.ticket_id: t for t in await setup.staff.tickets(services[kind])}[ticket.ticket_id]
    if now.status is not TicketStatus.checked_in:  # another case's call next took it
        del _waiting[kind]
        return await waiting_ticket(setup, services, kind)
    return ticket


async def skipped_ticket(setup: ApiClient, services: dict[ServiceKind, int], kind: ServiceKind) -> TicketView:
    if kind not in _skipped:
        called = await called_ticket(setup, services, kind)
        del _called[kind]
        _skipped[kind] = await setup.staff.skip(called.ticket_id)
    return _skipped[kind]


async def counter_break(setup: ApiClient, sid: int, *, paused: bool) -> None:
    """Put the break counter in the state the attempt starts from."""
    try:
        await (setup.staff.resume if not paused else setup.staff.pause)(sid, counter=BREAK_COUNTER)
    except ApiStatusError as err:
        assert err.code in ("counter_paused", "counter_not_paused")


_complaint: list[int] = []


async def lasem_complaint(citizen: ApiClient, setup: ApiClient) -> int:
    """One complaint about Puskesmas Lasem, sent by a citizen, for every complaint case."""
    if not _complaint:
        sent = await citizen.complaints.send(
            facility_id=LASEM, category=ComplaintCategory.pelayanan,
            text="Petugas loket tidak ramah kepada lansia.", idempotency_key=new_idempotency_key(),
        )
        listed = await setup.complaints.list()
        _complaint.append(next(c.id for c in listed if c.tracking_code == sent.tracking_code))
    return _complaint[0]


DESK_SERIAL = 8_001
_desk_booking: list[Booking] = []


async def attempt(
    actors: dict[str, ApiClient], services: dict[ServiceKind, int], role: str, action: str,
    kind: ServiceKind,
) -> str:
    """What happens when `role` tries `action` on a `kind` service: "done" or the error."""
    client, setup, sid = actors[role], actors["setup"], services[kind]
    other = services[ServiceKind.poli if kind is not ServiceKind.poli else ServiceKind.apotek]
    steps: dict[str, Callable[[], Awaitable[object]]] = {
        "call_next": lambda: client.staff.call_next(sid, counter="Meja Uji"),
        "list_tickets": lambda: client.staff.tickets(sid),
        "walk_in": lambda: client.bookings.walk_in(service_id=sid, idempotency_key=new_idempotency_key()),
        "dashboard": lambda: client.dashboard.get(facility_id=LASEM),
        "directory": lambda: client.directory_admin.get(LASEM),  # as its admin edits it: same check
        "close_early": lambda: client.announcements.preview_closing_early(sid),
        "accounts": lambda: client.accounts.list(facility_id=LASEM),
        "announcements": lambda: client.announcements.preview(LASEM, AnnouncementCreate(
            kind=AnnouncementKind.closure, title="Fumigasi gedung", body="Tutup sehari.",
            valid_from=dt.date(2026, 12, 2), valid_until=dt.date(2026, 12, 2),
        )),
        # Kiosk devices are tried by their list (the same check as enrol, rename, revoke:
        # tests/api/test_admin_kiosks.py tries those as each attacker).
        "kiosks": lambda: client.kiosks.list(facility_id=LASEM),
        "audit": lambda: client.audit.page(facility_id=LASEM),
        "kiosk_status": lambda: client.kiosks.report_status(printer=PrinterState.ok),
        "doctors": lambda: client.doctors.managed(LASEM),  # the same check as every change
        "bpjs": lambda: client.bpjs_admin.get(LASEM),  # the same check as every change
    }
    if action in ("recall", "start", "done", "skip", "transfer", "see_patient"):
        ticket = await called_ticket(setup, services, kind)
        tid = ticket.ticket_id
        if action == "see_patient" and TABLE[(role, "call_next", kind)]:
            await client.staff.recall(tid)  # only who called it to their counter sees the patient
        steps |= {
            "see_patient": lambda: client.staff.patient(tid),
            "recall": lambda: client.staff.recall(tid),
            "start": lambda: client.staff.start(tid),
            "done": lambda: client.staff.done(tid),
            "skip": lambda: client.staff.skip(tid),
            "transfer": lambda: client.staff.transfer(tid, to_service_id=other),
        }
    if action == "call_number":
        number = (await waiting_ticket(setup, services, kind)).number
        steps["call_number"] = lambda: client.staff.call_number(
            sid, number=number, counter=f"Meja {next(_serial)}")
    if action == "requeue":
        skipped = await skipped_ticket(setup, services, kind)
        steps["requeue"] = lambda: client.staff.requeue(skipped.ticket_id)
    if action == "change_lane":
        waiting = await waiting_ticket(setup, services, kind)
        other = Lane.regular if waiting.lane is Lane.priority else Lane.priority
        steps["change_lane"] = lambda: client.staff.change_lane(
            waiting.ticket_id, lane=other, priority_reason=PriorityReason.lansia)
    if action in ("pause", "resume"):
        await counter_break(setup, sid, paused=action == "resume")
        steps |= {
            "pause": lambda: client.staff.pause(sid, counter=BREAK_COUNTER),
            "resume": lambda: client.staff.resume(sid, counter=BREAK_COUNTER),
        }
    if action in COMPLAINT_ACTIONS:
        cid = await lasem_complaint(actors["nobody"], setup)
        steps |= {
            "list_complaints": lambda: client.complaints.list(facility_id=LASEM),
            "reply_complaint": lambda: client.complaints.reply(cid, reply="Terima kasih, kami cek."),
            "complaint_status": lambda: client.complaints.set_status(cid, ComplaintStatus.diproses),
        }
    if action == "check_in":
        booking = await book(setup, sid, serial=next(_serial))
        steps["check_in"] = lambda: client.bookings.check_in_at_facility(booking.booking_code)
    if action in DESK_ACTIONS:
        if not _desk_booking:  # one booking for every desk case: looking changes nothing
            _desk_booking.append(await book(setup, sid, serial=DESK_SERIAL))
        code = _desk_booking[0].booking_code
        steps |= {
            "preview_booking": lambda: client.desk.preview(LASEM, code),
            "search_bookings": lambda: client.desk.search(LASEM, digits=nik_for(DESK_SERIAL)[-4:]),
        }
    if action == "check_in_found":
        found = await book(setup, sid, serial=next(_serial))
        steps["check_in_found"] = lambda: client.desk.check_in(LASEM, found.ticket.ticket_id)
    try:
        result = await steps[action]()
    except ApiStatusError as err:
        return f"{err.status} {err.fields[0].code if err.fields else err.code}"
    if action in ("start", "done", "skip", "transfer"):
        del _called[kind]  # that ticket has moved on
    if action == "call_number":
        del _waiting[kind]
    if action == "requeue":
        del _skipped[kind]
        _waiting[kind] = result
    if action == "change_lane":
        _waiting[kind] = result
    return "done"


@pytest.mark.parametrize(("role", "action", "kind"), CASES)
async def test_each_role_may_do_exactly_what_the_table_says(actors, services, role, action, kind):  # type: ignore[no-untyped-def]
    outcome = await attempt(actors, services, role, action, kind)
    if not TABLE[(role, action, kind)]:
        denied = {"nobody": "401 unauthorized"}.get(role, "403 forbidden")
        if (role, action) == ("admin-elsewhere", "check_in"):
            denied = "409 wrong_facility"
        if role == "admin-elsewhere" and action in TICKET_ACTIONS:
            denied = "404 ticket_not_found"  # as if it did not exist
        assert outcome == denied
    elif action == "walk_in" and kind in (ServiceKind.lab, ServiceKind.apotek):
        assert outcome == "422 service_not_walkin"  # refused by a rule, not by role
    elif action == "transfer" and kind is ServiceKind.apotek:
        assert outcome == "422 transfer_target_invalid"  # the visit ends there (api_client/stages.py)
    elif action == "close_early" and kind is ServiceKind.ugd:
        assert outcome == "409 service_always_open"  # open day and night: by a rule, not by role
    else:
        assert outcome == "done"


# ------------------------------------------------------- privacy requests by NIK

PRIVACY_SERIAL = 9_001


@pytest.mark.parametrize("role", ROLES)
async def test_only_dinkes_answers_a_privacy_request_by_nik(actors, services, role):  # type: ignore[no-untyped-def]
    """The docstring's rule: "Only Dinkes answers a person's privacy request by NIK"."""
    assert "Only Dinkes answers a person's privacy request by NIK" in (permissions.__doc__ or "")
    if role == "dinkes":
        booking = await book(actors["setup"], services[ServiceKind.poli], serial=PRIVACY_SERIAL)
    client = actors[role]
    outcomes = []
    for act in (client.privacy.export_by_nik, client.privacy.withdraw_consent_by_nik):
        try:
            await act(nik_for(PRIVACY_SERIAL), request_reference="SR/2026/117")
            outcomes.append("done")
        except ApiStatusError as err:
            outcomes.append(f"{err.status} {err.code}")
    if role == "dinkes":
        assert outcomes == ["done", "done"]
        assert (await client.bookings.get(booking.booking_code)).ticket.status == "cancelled"
    else:
        assert outcomes == [{"nobody": "401 unauthorized"}.get(role, "403 forbidden")] * 2


# What the sign-in tells the console, by the table's actions (one service of each kind).
ANNOUNCED = {
    StaffAction.walkin: ("walk_in", ServiceKind.loket),
    StaffAction.check_in: ("check_in", ServiceKind.poli),
    StaffAction.view_tickets: ("list_tickets", ServiceKind.loket),
    StaffAction.view_complaints: ("list_complaints", ServiceKind.loket),
    StaffAction.handle_complaints: ("reply_complaint", ServiceKind.loket),
    StaffAction.view_dashboard: ("dashboard", ServiceKind.loket),
    StaffAction.manage_announcements: ("announcements", ServiceKind.loket),
    StaffAction.find_bookings: ("search_bookings", ServiceKind.poli),
    StaffAction.manage_accounts: ("accounts", ServiceKind.loket),
    StaffAction.manage_kiosks: ("kiosks", ServiceKind.loket),
    StaffAction.view_audit: ("audit", ServiceKind.loket),
}


@pytest.mark.parametrize("role", ["loket", "poli", "apotek", "admin", "dinkes"])
async def test_each_account_is_told_what_the_table_lets_it_do(actors, role):  # type: ignore[no-untyped-def]
    """The console offers what `/auth/me` announces: exactly what the service allows."""
    me = await actors[role].staff.me()
    assert set(me.serves) == {kind for kind in ServiceKind if TABLE[(role, "call_next", kind)]}
    for action, (tried, kind) in ANNOUNCED.items():
        assert (action in me.may) is TABLE[(role, tried, kind)], action
    assert (StaffAction.serve in me.may) is bool(me.serves)
