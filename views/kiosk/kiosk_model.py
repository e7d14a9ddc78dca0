"""The kiosk's flow as observable data with methods (no Flet page needed): which
screen, what the patient chose and typed, what came back, and the requests to the
API and the printer.

    start ─┬─ services ── lane ── identity ──► result (number big, ticket prints)
           └─ checkin ──────────────────────► result
    any ──► problem (`error`: a plain message and the way to the loket)
    any ──(idle, or "Selesai")──► start, everything cleared

Everything the patient enters lives in this object only: never logged, never written
to disk, gone at the next reset. One idempotency key per intended ticket, so a double
tap or a retry after a lost answer issues one number; while one request is on its way
(`loading`) every other is ignored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import flet as ft
from pydantic_core import PydanticCustomError

from api_client import ApiClient, ApiError, new_idempotency_key
from api_client.errors import ApiConnectionError, Conflict, QuotaFull, ValidationFailed
from api_client.identity import normalize_nik
from api_client.models import Lane, PriorityReason, Service
from components.printed_ticket import printed_ticket
from components.printing import PrintStatus, print_ticket
from components.scan_buffer import ScanBuffer
from session.i18n import Translator
from session.settings import AppSettings
from session.state import Preferences
from views.kiosk import clock, flow
from views.kiosk.flow import CODE_LENGTH, NIK_LENGTH, Journey, Problem, Result, Screen, scanned_code
from views.kiosk.printer_report import PrinterReport
from views.kiosk.services import ServiceTile, load_tiles

if TYPE_CHECKING:
    import datetime as dt

    from components.ticket_printer import TicketPrinter

REPEAT_SECONDS = 3.0
"""The same code scanned again within this time is the same scan heard twice."""
REFRESH_SECONDS = 60.0
"""The start screen's "open now" follows the clock."""
BACK = {Screen.services: Screen.start, Screen.lane: Screen.services,
        Screen.identity: Screen.lane, Screen.checkin: Screen.start}
"""Where "Kembali" leads from each step."""


@ft.observable
class Kiosk:
    def __init__(
        self,
        client: ApiClient,
        *,
        settings: AppSettings,
        prefs: Preferences,
        printer: TicketPrinter | None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._settings = settings
        self._prefs = prefs
        self._printer = printer
        self._monotonic = monotonic
        self._in_flight = False  # a request, and then its ticket's print, on their way
        self._pending: tuple[tuple[object, ...], str] | None = None  # (walk-in body, its key)
        self._last_code: tuple[str, float] = ("", float("-inf"))  # the code sent last, and when
        self._shown_until: float | None = None  # when the printed number leaves the screen
        self._last_touch = monotonic()
        self._loaded_at = monotonic()
        self._typed = ""  # what the scanner/keyboard typed into the check-in field (no re-render)
        self._field_focused = False
        self._scan = ScanBuffer()
        self._printer_report = PrinterReport(client)  # the admin's kiosk list shows it
        # The facility and its service tiles (the start screen and step 1).
        self.facility_name = ""
        self.tiles: list[ServiceTile] = []
        self.tiles_loaded = False
        self.tiles_error = ""  # an error code when the tiles could not be read
        self.full: frozenset[tuple[int, dt.date]] = frozenset()  # (service, day) refused as full
        self.refreshes = 0  # bumped when the start screen is due for a fresh read
        # The flow.
        self.attempt = 0  # bumped to give the check-in field a fresh, empty start
        self.screen = Screen.start
        self.service: Service | None = None
        self.lane = Lane.regular
        self.reason: PriorityReason | None = None
        self.nik = ""  # digits typed on the keypad; never logged, never stored
        self.nik_error: Problem | None = None
        self.code = ""  # booking code typed on the keypad
        self.cleared = ""  # what "Kosongkan semua" just removed, until "Kembalikan" or the next key
        self.loading = False  # a request to the API is on its way
        self.error: Problem | None = None
        self.result: Result | None = None

    # ------------------------------------------------------------------ reading

    @property
    def entered_anything(self) -> bool:
        """Whether anything of a patient is on the kiosk (the idle reset has work to do)."""
        return bool(
            self.screen is not Screen.start or self.service is not None or self.lane is not Lane.regular
            or self.reason is not None or self.nik or self.nik_error or self.code or self.loading
            or self.error or self.result
        )

    @property
    def printing(self) -> bool:
        return self.result is not None and self.result.printing is PrintStatus.printing

    async def load_services(self) -> None:
        """Read the facility and its walk-in service tiles (on the start screen and step 1)."""
        if self.screen not in (Screen.start, Screen.services):
            return
        if not self._settings.kiosk_facility:
            self.tiles_error = "kiosk_not_configured"
            return
        try:
            detail, found = await load_tiles(
                self._client, self._settings.kiosk_facility, now=clock.now(), full=self.full
            )
        except ApiError as err:
            self.tiles_error = err.code
            return
        self._loaded_at = self._monotonic()
        self.facility_name = detail.name
        self.tiles = found
        self.tiles_loaded = True
        self.tiles_error = ""

    async def reload_services(self) -> None:
        """"Coba lagi" when the tiles could not be read."""
        self.touch()
        await self.load_services()

    # ------------------------------------------------------------------ time

    def touch(self) -> None:
        """Someone is there: every tap and key press puts the idle reset off."""
        self._last_touch = self._monotonic()

    def tick(self) -> None:
        """Called a few times a second: the idle reset, the number's time on screen, and
        the start screen's refresh."""
        now = self._monotonic()
        if self.loading or self.printing:
            self.touch()  # never reset under a request or a print on its way
            return
        if self.screen is Screen.result and self._shown_until is not None and now >= self._shown_until:
            self.reset()
            return
        if now - self._last_touch >= self._settings.kiosk_idle_seconds and (
            self.entered_anything or self._prefs.language != self._settings.kiosk_language or self._typed
        ):
            self.reset()
            return
        if self.screen is Screen.start and now - self._loaded_at >= REFRESH_SECONDS:
            self._loaded_at = now
            self.refreshes += 1

    # ------------------------------------------------------------------ moving

    def restore_language(self) -> None:
        """The kiosk's own language (at start, and for every next patient)."""
        if self._prefs.language != self._settings.kiosk_language:
            self._prefs.language = self._settings.kiosk_language

    def choose_language(self, code: str) -> None:
        self.touch()
        self._prefs.language = code

    def reset(self) -> None:
        """Back to start for the next person: nothing typed or chosen survives, the
        language is the kiosk's again."""
        self.back_to_start()
        self.restore_language()

    def back_to_start(self) -> None:
        """The same person starts over ("Ke awal", "Kembali ke awal"): nothing typed or
        chosen survives but the language they chose."""
        self.touch()
        self._typed = ""
        self._scan.clear()
        self._forget()
        self._clear(Screen.start, fresh_field=True)

    def back(self) -> None:
        """"Kembali": one step back."""
        if self.screen in BACK:
            self.touch()
            self.screen = BACK[self.screen]
            self.error = None

    def start_walkin(self) -> None:
        self.touch()
        self._clear(Screen.services, fresh_field=False)

    def start_checkin(self) -> None:
        self.touch()
        self._typed = ""
        self._forget()  # a code tried before may be tried again
        self._clear(Screen.checkin, fresh_field=True)

    def choose_service(self, tile: ServiceTile) -> None:
        self.touch()
        self.service = tile.service
        self.screen = Screen.lane

    def choose_lane(self, lane: Lane, reason: PriorityReason | None) -> None:
        self.touch()
        self.lane, self.reason, self.nik_error = lane, reason, None
        self.screen = Screen.identity

    def retry(self) -> None:
        """"Coba lagi" on a problem: back to where it can be tried again."""
        self.touch()
        problem = self.error
        if problem is None:
            return
        if problem.retry is Screen.checkin:
            self.start_checkin()
        else:
            self.screen, self.error = problem.retry, None

    # ------------------------------------------------------------------ typing

    def type_nik(self, digit: str) -> None:
        self.touch()
        self.nik, self.nik_error, self.cleared = (self.nik + digit)[:NIK_LENGTH], None, ""

    def erase_nik(self) -> None:
        self.touch()
        self.nik, self.nik_error, self.cleared = self.nik[:-1], None, ""

    def clear_nik(self) -> None:
        self.touch()
        self.nik, self.nik_error, self.cleared = "", None, self.nik

    def restore_nik(self) -> None:
        """Undo "Kosongkan semua" (a finger that meant "Hapus")."""
        self.touch()
        self.nik, self.nik_error, self.cleared = self.cleared or self.nik, None, ""

    def type_code(self, char: str) -> None:
        self.touch()
        self._typed = ((self._typed or self.code) + char)[:CODE_LENGTH]
        self.code, self.cleared = self._typed, ""

    def erase_code(self) -> None:
        self.touch()
        self._typed = (self._typed or self.code)[:-1]
        self.code, self.cleared = self._typed, ""

    def clear_code(self) -> None:
        self.touch()
        self.cleared = self._typed or self.code
        self._typed = ""
        self.code = ""
        self.attempt += 1

    def restore_code(self) -> None:
        """Undo "Kosongkan semua": the code back in a fresh field."""
        self.touch()
        self._typed = self.cleared or self._typed or self.code
        self.code, self.cleared = self._typed, ""
        self.attempt += 1

    def hear_code(self, text: str) -> None:
        """What the scanner or a keyboard typed into the check-in field, kept without a
        re-render (a fast scanner would otherwise race its own echo)."""
        self.touch()
        self._typed = text
        if self.cleared and text:  # typing again: nothing to give back (one render, once)
            self.cleared = ""

    def focus_code(self, focused: bool) -> None:
        self._field_focused = focused

    async def press(self, key: str) -> None:
        """A key press anywhere (Flutter's key label): a touch, and a USB scanner's code
        ends in Enter, which starts a check-in from the start screen too."""
        self.touch()
        if self.screen is Screen.checkin and self._field_focused:
            return  # the field has the keys; its on_submit sends the code
        text = self._scan.key(key, self._monotonic())
        if text and self.screen in (Screen.start, Screen.checkin) and not self.loading:
            await self.check_in(text)

    # ------------------------------------------------------------------ requests

    async def issue_with_nik(self) -> None:
        """"Ambil nomor" with the NIK typed: checked here first, then sent."""
        try:
            nik = normalize_nik(self.nik)
        except PydanticCustomError as err:
            self.nik_error = Problem(err.type, dict(err.context or {}))
            return
        await self._issue(nik)

    async def skip_nik(self) -> None:
        await self._issue("")

    async def check_in(self, text: str) -> None:
        """Check in the online booking whose code was scanned or typed."""
        code = scanned_code(text)
        if not code or self._in_flight:
            return
        sent, at = self._last_code
        if code == sent and self._monotonic() - at < REPEAT_SECONDS:
            return  # the same scan heard twice (the field's Enter and the page's keys)
        self._last_code = (code, self._monotonic())
        self._in_flight = True
        self.loading, self.error = True, None
        try:
            booking = await self._client.bookings.check_in_at_facility(code)
        except ApiError as err:
            self._fail(err.code, retry=Screen.checkin)
        else:
            await self._show(Result(journey=Journey.checkin, booking=booking, reason=None))
        finally:
            self._in_flight = False

    async def send_code(self) -> None:
        """"Check-in": what the field heard, else what the keypad typed."""
        await self.check_in(self._typed or self.code)

    async def reprint(self) -> None:
        """"Cetak ulang" (a copy marked as such) or "Coba cetak lagi" (none came out)."""
        result = self.result
        if result is None or result.printing is PrintStatus.printing:
            return
        self._shown_until = None
        again = replace(result, printing=PrintStatus.printing)
        self.result = again
        await self._print(again, reprint=result.printed_once)

    # ------------------------------------------------------------------ plumbing

    async def _issue(self, nik: str) -> None:
        if self._in_flight or self.service is None:
            return  # a second tap while the first is on its way
        service, lane, reason = self.service, self.lane, self.reason
        body = (service.id, lane, reason, nik or None)
        if self._pending is None or self._pending[0] != body:
            self._pending = (body, new_idempotency_key())
        key = self._pending[1]
        self._in_flight = True
        self.nik, self.nik_error, self.loading = nik, None, True
        try:
            booking = await self._client.bookings.walk_in(
                service_id=service.id, idempotency_key=key, lane=lane, priority_reason=reason,
                nik=nik or None,
            )
        except ValidationFailed as err:
            at_nik = next((f for f in err.fields if f.field.endswith("nik")), None)
            if at_nik is not None:
                self.loading, self.nik_error = False, Problem(at_nik.code, dict(at_nik.params))
            else:
                self._fail(err.code, retry=Screen.services)
        except Conflict as err:  # the service keeps this "no" for the key: a new try, a new key
            self._pending = None
            if isinstance(err, QuotaFull):
                self.full = self.full | {(service.id, clock.now().date())}
            self._fail(err.code, retry=Screen.services)
        except ApiConnectionError as err:
            self._fail(err.code, retry=Screen.identity)  # the NIK and the key are kept for the retry
        except ApiError as err:
            self._fail(err.code, retry=Screen.services)
        else:
            self._pending = None
            await self._show(Result(journey=Journey.walkin, booking=booking, reason=reason))
        finally:
            self._in_flight = False

    def _fail(self, code: str, *, retry: Screen) -> None:
        self.error = Problem(code=code, retry=retry)
        self.screen, self.loading = Screen.problem, False

    async def _show(self, result: Result) -> None:
        self._shown_until = None
        # The NIK and the code have done their job: gone from memory now.
        self.nik, self.code, self.error = "", "", None
        self.result = result
        self.screen, self.loading = Screen.result, False
        await self._print(result, reprint=False)

    async def _print(self, result: Result, *, reprint: bool) -> None:
        ticket = printed_ticket(  # in the language on screen
            Translator(self._prefs.language), result.booking, public_url=self._settings.public_url,
            reason=result.reason, reprint=reprint,
        )
        status = await print_ticket(self._printer, ticket, service_id=result.booking.ticket.service_id,
                                    found=self._printer_report.tell)
        shown = self.result
        if shown is None or shown.booking.booking_code != result.booking.booking_code:
            return  # the kiosk moved on meanwhile
        self.result = replace(shown, printing=status,
                              printed_once=shown.printed_once or status is PrintStatus.printed)
        if status is PrintStatus.printed:
            self._shown_until = self._monotonic() + flow.SHOW_NUMBER_SECONDS

    def _forget(self) -> None:
        self._pending = None
        self._last_code = ("", float("-inf"))
        self._shown_until = None

    def _clear(self, screen: Screen, *, fresh_field: bool) -> None:
        """Everything a patient chose or typed, gone; `screen` next."""
        self.service, self.lane, self.reason = None, Lane.regular, None
        self.nik, self.nik_error, self.code, self.cleared = "", None, "", ""
        self.loading, self.error, self.result = False, None, None
        if fresh_field:
            self.attempt += 1
        self.screen = screen
