"""The kiosk's flow without a screen: the `Kiosk` model on the real service (with the
kiosk's key), a printer that records what it printed (or runs out of paper), and a
clock the test moves by hand. What a patient at the kiosk would notice."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from api_client import ApiClient
from api_client.models import Channel, Lane, PriorityReason, TicketStatus
from components.printing import PrintStatus
from components.ticket_printer import PaperOut, PrintedTicket
from session.settings import AppSettings, Mode
from session.state import Preferences
from tests.api.helpers import book, service_id
from tests.support.clock import FakeClock
from tests.support.served import as_served
from views.kiosk import clock as kiosk_clock
from views.kiosk import flow
from views.kiosk.flow import Journey, Screen
from views.kiosk.kiosk_model import Kiosk

pytestmark = pytest.mark.anyio
NIK = "3317014506900001"  # a woman born 5 June 1990, Kecamatan Sumber
KIOSK_KEY = "demo-kiosk-pkm-sumber"
IDLE_SECONDS = 60


class Printer:
    """A receipt printer that keeps what it printed; `paper_out` makes it refuse."""

    def __init__(self) -> None:
        self.printed: list[PrintedTicket] = []
        self.paper_out = False

    def print_ticket(self, ticket: PrintedTicket) -> None:
        if self.paper_out:
            raise PaperOut("the printer is out of paper")
        self.printed.append(ticket)


class Seconds:
    """The kiosk's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class LosesFirstWalkInAnswer(httpx.AsyncBaseTransport):
    """The walk-in reaches the service, but its answer is lost on the way back once."""

    def __init__(self, app: object) -> None:
        self.inner = httpx.ASGITransport(as_served(app))  # type: ignore[arg-type]
        self.keys: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/walkins"):
            self.keys.append(request.headers["Idempotency-Key"])
            if len(self.keys) == 1:
                raise httpx.ReadError("connection lost", request=request)
        return response


@pytest.fixture(autouse=True)
def kiosk_pc(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    """The kiosk PC's clock agrees with the service's (Monday 30 November 2026, 08:00 WIB)."""
    monkeypatch.setattr(kiosk_clock, "now", lambda: clock.now)


@pytest.fixture
def printer() -> Printer:
    return Printer()


@pytest.fixture
def seconds() -> Seconds:
    return Seconds()


@pytest.fixture
def prefs() -> Preferences:
    return Preferences(language="id")


@pytest.fixture
def make_kiosk(
    make_client: Callable[..., ApiClient], printer: Printer, seconds: Seconds, prefs: Preferences
) -> Callable[..., Kiosk]:
    def make(client: ApiClient | None = None, *, facility: str | None = "pkm-sumber") -> Kiosk:
        settings = AppSettings(
            mode=Mode.kiosk, kiosk_key=KIOSK_KEY, kiosk_facility=facility, kiosk_printer="none",
            kiosk_language="id", kiosk_idle_seconds=IDLE_SECONDS,
            public_url="https://antrean.rembangkab.go.id",
        )
        return Kiosk(client or make_client(kiosk_key=KIOSK_KEY), settings=settings, prefs=prefs,
                     printer=printer, monotonic=seconds)

    return make


@pytest.fixture
async def kiosk(make_kiosk: Callable[..., Kiosk]) -> Kiosk:
    kiosk = make_kiosk()
    await kiosk.load_services()
    return kiosk


async def to_identity(kiosk: Kiosk, service: str, lane: Lane = Lane.regular,
                      reason: PriorityReason | None = None) -> None:
    """Start screen → "Ambil Nomor Antrean" → a service tile → a lane: the NIK step."""
    kiosk.start_walkin()
    await kiosk.load_services()  # what the screen does when step 1 shows
    kiosk.choose_service(next(tile for tile in kiosk.tiles if tile.service.code == service))
    kiosk.choose_lane(lane, reason)
    assert kiosk.screen is Screen.identity


def time_passes(kiosk: Kiosk, seconds: Seconds, by: float) -> None:
    """`by` seconds go by at the kiosk, and its tick runs."""
    seconds.now += by
    kiosk.tick()


def type_nik(kiosk: Kiosk, digits: str) -> None:
    for digit in digits:
        kiosk.type_nik(digit)


async def test_the_start_screen_names_the_facility_and_its_walk_in_services(kiosk: Kiosk) -> None:
    assert kiosk.screen is Screen.start and kiosk.tiles_loaded and not kiosk.tiles_error
    assert kiosk.facility_name == "Puskesmas Sumber"
    codes = [tile.service.code for tile in kiosk.tiles]
    assert "poli-umum" in codes and "lab" not in codes  # no walk-in numbers at the lab


async def test_a_walk_in_with_a_nik_gets_a_number_and_its_ticket_and_the_nik_is_gone(
    kiosk: Kiosk, printer: Printer, client: ApiClient
) -> None:
    await to_identity(kiosk, "poli-umum", Lane.priority, PriorityReason.lansia)
    type_nik(kiosk, NIK + "99")  # the keypad takes 16 digits, no more
    assert kiosk.nik == NIK
    await kiosk.issue_with_nik()
    assert kiosk.screen is Screen.result and not kiosk.loading and kiosk.error is None
    assert kiosk.result is not None and kiosk.result.journey is Journey.walkin
    assert kiosk.result.booking.ticket.display_number == "B-001"
    assert kiosk.result.printing is PrintStatus.printed
    assert [t.display_number for t in printer.printed] == ["B-001"]
    assert printer.printed[0].lane_label == "Prioritas (Lansia)" and printer.printed[0].reprint_mark is None
    assert kiosk.nik == ""  # done its job: gone from memory
    booking = await client.bookings.get(kiosk.result.booking.booking_code)
    assert booking.channel is Channel.kiosk and booking.nik_masked == "3317********0001"


async def test_a_wrong_nik_is_said_at_the_field_and_nothing_is_issued(
    kiosk: Kiosk, printer: Printer, client: ApiClient
) -> None:
    await to_identity(kiosk, "poli-umum")
    type_nik(kiosk, "3317019913900001")  # day 99: no such birth date
    await kiosk.issue_with_nik()
    assert kiosk.screen is Screen.identity and kiosk.nik_error is not None
    assert kiosk.nik == "3317019913900001"  # still typed, to be corrected
    kiosk.erase_nik()
    assert kiosk.nik_error is None
    assert not printer.printed
    assert (await client.queues.state(await service_id(client, code="poli-umum"))).total == 0


async def test_checking_in_by_typed_code_records_the_arrival_and_prints(
    kiosk: Kiosk, printer: Printer, client: ApiClient
) -> None:
    booking = await book(client, await service_id(client, code="poli-gigi"))
    kiosk.start_checkin()
    for char in booking.booking_code[:5] + "X":
        kiosk.type_code(char)
    kiosk.erase_code()  # a slip of the finger, undone
    for char in booking.booking_code[5:]:
        kiosk.type_code(char)
    await kiosk.send_code()
    assert kiosk.screen is Screen.result and kiosk.result is not None
    assert kiosk.result.journey is Journey.checkin
    assert kiosk.result.booking.ticket.display_number == booking.ticket.display_number
    assert [t.booking_code for t in printer.printed] == [booking.booking_code]
    assert kiosk.code == ""
    arrived = await client.bookings.get(booking.booking_code)
    assert arrived.ticket.status is TicketStatus.checked_in


async def test_a_scan_on_the_start_screen_checks_in_and_the_same_scan_heard_twice_counts_once(
    kiosk: Kiosk, printer: Printer, client: ApiClient
) -> None:
    booking = await book(client, await service_id(client, code="kia-kb"))
    for key in [*booking.booking_code, "Enter"]:  # a USB scanner types, then Enter
        await kiosk.press(key)
    assert kiosk.screen is Screen.result
    await kiosk.check_in(booking.booking_code)  # the same code again, a moment later
    assert kiosk.screen is Screen.result and kiosk.error is None  # not "already checked in"
    assert len(printer.printed) == 1


async def test_a_wrong_code_is_said_with_the_way_to_the_loket_and_a_retry_is_an_empty_field(
    kiosk: Kiosk, printer: Printer
) -> None:
    kiosk.start_checkin()
    attempt = kiosk.attempt
    kiosk.hear_code("K7QD-2M9F-XH3TA")  # what the scanner typed into the field
    await kiosk.send_code()
    assert kiosk.screen is Screen.problem and not kiosk.loading
    assert kiosk.error is not None and kiosk.error.code == "booking_not_found" and kiosk.error.to_loket
    kiosk.retry()
    assert kiosk.screen is Screen.checkin and kiosk.error is None
    assert kiosk.code == "" and kiosk.attempt > attempt  # a fresh, empty field
    assert not printer.printed


async def test_a_printer_out_of_paper_keeps_the_number_and_a_second_try_is_not_a_reprint(
    kiosk: Kiosk, printer: Printer, client: ApiClient, seconds: Seconds
) -> None:
    printer.paper_out = True
    await to_identity(kiosk, "kia-kb", Lane.priority, PriorityReason.ibu_hamil)
    await kiosk.skip_nik()
    assert kiosk.screen is Screen.result and kiosk.result is not None
    assert kiosk.result.printing is PrintStatus.failed
    assert kiosk.result.booking.ticket.display_number == "D-001"  # the number is real
    state = await client.queues.state(await service_id(client, code="kia-kb"))
    assert state.total == 1 and state.waiting == 1
    time_passes(kiosk, seconds, flow.SHOW_NUMBER_SECONDS + 1)
    assert kiosk.screen is Screen.result  # no paper: the number stays until the patient is done
    printer.paper_out = False  # staff put in a new roll
    await kiosk.reprint()
    assert kiosk.result.printing is PrintStatus.printed
    assert [(t.display_number, t.reprint_mark) for t in printer.printed] == [("D-001", None)]
    await kiosk.reprint()  # now a copy: marked as one
    assert printer.printed[-1].reprint_mark == "CETAK ULANG"


async def test_a_lost_answer_is_said_the_nik_is_kept_and_the_retry_gets_the_same_one_number(
    app: object, make_kiosk: Callable[..., Kiosk], printer: Printer, client: ApiClient
) -> None:
    transport = LosesFirstWalkInAnswer(app)
    lossy = ApiClient("http://lsr.test/api", transport=transport, kiosk_key=KIOSK_KEY, retry_attempts=1)
    kiosk = make_kiosk(lossy)
    await kiosk.load_services()
    await to_identity(kiosk, "loket")
    type_nik(kiosk, NIK)
    await kiosk.issue_with_nik()
    assert kiosk.screen is Screen.problem and kiosk.error is not None
    assert kiosk.error.code == "connection_failed" and not printer.printed
    kiosk.retry()
    assert kiosk.screen is Screen.identity and kiosk.nik == NIK  # nothing to type again
    await kiosk.issue_with_nik()
    assert kiosk.screen is Screen.result and kiosk.result is not None
    assert kiosk.result.booking.ticket.display_number == "A-001"
    assert len(set(transport.keys)) == 1  # the retry asked for the same number
    assert (await client.queues.state(await service_id(client, code="loket"))).total == 1
    await lossy.close()


async def test_a_double_tap_takes_one_number_and_prints_one_ticket(
    kiosk: Kiosk, printer: Printer, client: ApiClient
) -> None:
    await to_identity(kiosk, "poli-gigi")
    await asyncio.gather(kiosk.skip_nik(), kiosk.skip_nik())
    assert kiosk.result is not None and kiosk.result.booking.ticket.display_number == "C-001"
    assert len(printer.printed) == 1
    assert (await client.queues.state(await service_id(client, code="poli-gigi"))).total == 1


async def test_a_full_quota_is_said_and_the_tile_then_says_full(
    kiosk: Kiosk, make_client: Callable[..., ApiClient], printer: Printer
) -> None:
    other_kiosk = make_client(kiosk_key=KIOSK_KEY)
    gizi = await service_id(other_kiosk, code="gizi")
    for n in range(8):  # the walk-in quota of Gizi at Puskesmas Sumber
        await other_kiosk.bookings.walk_in(service_id=gizi, idempotency_key=f"fill-gizi-{n}")
    await to_identity(kiosk, "gizi")
    await kiosk.skip_nik()
    assert kiosk.error is not None and kiosk.error.code == "quota_full"
    kiosk.retry()
    await kiosk.load_services()
    assert kiosk.screen is Screen.services
    tile = next(tile for tile in kiosk.tiles if tile.service.code == "gizi")
    assert tile.state == "full" and not printer.printed


async def test_an_idle_kiosk_forgets_a_half_typed_nik_and_speaks_its_own_language_again(
    kiosk: Kiosk, seconds: Seconds, prefs: Preferences
) -> None:
    kiosk.choose_language("jv")
    await to_identity(kiosk, "poli-umum", Lane.priority, PriorityReason.balita)
    type_nik(kiosk, "331701450")
    time_passes(kiosk, seconds, IDLE_SECONDS - 1)
    assert kiosk.screen is Screen.identity and kiosk.nik == "331701450"  # someone may be there
    kiosk.type_nik("6")  # a tap puts the reset off
    time_passes(kiosk, seconds, IDLE_SECONDS - 1)
    assert kiosk.nik == "3317014506"
    time_passes(kiosk, seconds, 1)
    assert kiosk.screen is Screen.start and not kiosk.entered_anything
    assert kiosk.nik == "" and kiosk.service is None and kiosk.reason is None
    assert prefs.language == "id"


async def test_the_number_leaves_the_screen_a_while_after_its_ticket_printed(
    kiosk: Kiosk, seconds: Seconds, prefs: Preferences
) -> None:
    kiosk.choose_language("en")
    await to_identity(kiosk, "loket")
    await kiosk.skip_nik()
    assert kiosk.result is not None and kiosk.result.printing is PrintStatus.printed
    time_passes(kiosk, seconds, flow.SHOW_NUMBER_SECONDS - 1)
    assert kiosk.screen is Screen.result
    time_passes(kiosk, seconds, 1)
    assert kiosk.screen is Screen.start and kiosk.result is None  # for the next patient
    assert prefs.language == "id"


async def test_back_to_start_forgets_the_choices_but_keeps_the_language_chosen(
    kiosk: Kiosk, prefs: Preferences, seconds: Seconds
) -> None:
    kiosk.choose_language("jv")
    await to_identity(kiosk, "poli-umum")
    type_nik(kiosk, "3317")
    kiosk.back()
    assert kiosk.screen is Screen.lane
    kiosk.back_to_start()
    assert kiosk.screen is Screen.start and kiosk.nik == "" and kiosk.service is None
    assert prefs.language == "jv"
    time_passes(kiosk, seconds, IDLE_SECONDS)  # nobody there any more: the kiosk's language again
    assert prefs.language == "id"


async def test_a_kiosk_without_a_facility_says_so_instead_of_loading_forever(
    make_kiosk: Callable[..., Kiosk]
) -> None:
    kiosk = make_kiosk(facility=None)
    await kiosk.load_services()
    assert kiosk.tiles_error == "kiosk_not_configured" and not kiosk.tiles_loaded
