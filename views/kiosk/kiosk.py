"""The kiosk (Anjungan Pasien Mandiri): one full-screen view whose body follows the
flow in `views.kiosk.flow`.

Everything the patient enters lives in this view's memory only. Every tap and
key press resets the idle timer; after `settings.kiosk_idle_seconds` untouched,
the kiosk goes back to the start screen in its own language with nothing kept.
"""

from __future__ import annotations

import time
from dataclasses import replace

import flet as ft

from api_client import ApiError
from api_client.models import Lane, PriorityReason
from session.context import use_session
from views.kiosk import clock
from views.kiosk.actions import use_kiosk_actions
from views.kiosk.checkin import CheckinStep
from views.kiosk.flow import CODE_LENGTH, NIK_LENGTH, KioskState, Screen
from views.kiosk.header import KioskHeader
from views.kiosk.identity import IdentityStep
from views.kiosk.idle import use_ticker
from views.kiosk.lane import LaneStep
from views.kiosk.printing import PrintStatus, printer_for
from views.kiosk.problem import ProblemScreen
from views.kiosk.result import ResultScreen
from views.kiosk.scanner import ScanBuffer
from views.kiosk.service_grid import ServicesStep
from views.kiosk.services import ServiceTile, load_tiles
from views.kiosk.start import StartScreen
from views.kiosk.style import INK, PAPER, KioskButton

REFRESH_SECONDS = 60.0  # the start screen's "open now" follows the clock
BACK = {Screen.services: Screen.start, Screen.lane: Screen.services,
        Screen.identity: Screen.lane, Screen.checkin: Screen.start}


@ft.component
def KioskView() -> ft.View:
    session = use_session()
    t = session.t
    _ = t.gettext
    settings = session.deps.settings
    client = session.deps.client
    prefs = session.prefs
    page = ft.context.page

    state, set_state = ft.use_state(KioskState())
    facility_name, set_facility_name = ft.use_state("")
    tiles, set_tiles = ft.use_state(list[ServiceTile]())
    loaded, set_loaded = ft.use_state(False)
    load_problem, set_load_problem = ft.use_state("")
    full, set_full = ft.use_state(frozenset())
    refreshes, set_refreshes = ft.use_state(0)

    printer = ft.use_memo(lambda: printer_for(settings.kiosk_printer), [])
    latest = ft.use_ref(state)
    latest.current = state
    last_touch = ft.use_ref(time.monotonic())
    loaded_at = ft.use_ref(time.monotonic())
    typed = ft.use_ref("")  # what the scanner/keyboard typed into the check-in field
    field_focused = ft.use_ref(False)
    scan = ft.use_memo(ScanBuffer, [])

    def touch() -> None:
        last_touch.current = time.monotonic()

    def update(**changes: object) -> None:
        set_state(lambda s: replace(s, **changes))

    def go(screen: Screen) -> None:
        touch()
        update(screen=screen, problem=None)

    def reset() -> None:
        """Back to start for the next person: nothing typed or chosen survives, the
        language is the kiosk's again."""
        back_to_start()
        if prefs.language != settings.kiosk_language:
            prefs.language = settings.kiosk_language

    def back_to_start() -> None:
        """The same person starts over ("Ke awal", "Kembali ke awal"): nothing typed or
        chosen survives but the language they chose."""
        touch()
        typed.current = ""
        scan.clear()
        actions.forget()
        set_state(lambda s: KioskState(attempt=s.attempt + 1))

    actions = use_kiosk_actions(
        session=session, printer=printer, latest=latest, set_state=set_state,
        on_full=lambda key: set_full(lambda old: old | {key}),
    )

    # -- facility and service tiles ------------------------------------------

    async def load() -> None:
        if latest.current.screen not in (Screen.start, Screen.services):
            return
        if not settings.kiosk_facility:
            set_load_problem("kiosk_not_configured")
            return
        try:
            detail, found = await load_tiles(client, settings.kiosk_facility, now=clock.now(), full=full)
        except ApiError as err:
            set_load_problem(err.code)
            return
        loaded_at.current = time.monotonic()
        set_facility_name(detail.name)
        set_tiles(found)
        set_loaded(True)
        set_load_problem("")

    ft.use_effect(load, [state.screen, full, refreshes])

    def on_mount() -> None:
        if prefs.language != settings.kiosk_language:
            prefs.language = settings.kiosk_language
        page.on_keyboard_event = dispatch_key
        if not page.web:  # the Flet desktop client (`flet build linux`): the whole screen
            page.window.full_screen = True

    # -- the tick: idle reset, the number's time on screen, refresh ------------

    def tick() -> None:
        now = time.monotonic()
        s = latest.current
        if s.busy or (s.result and s.result.printing is PrintStatus.printing):
            touch()  # never reset under a request or a print on its way
            return
        shown = actions.shown_until()
        if s.screen is Screen.result and shown is not None and now >= shown:
            reset()
            return
        if now - last_touch.current >= settings.kiosk_idle_seconds and (
            s.entered_anything or prefs.language != settings.kiosk_language or typed.current
        ):
            reset()
            return
        if s.screen is Screen.start and now - loaded_at.current >= REFRESH_SECONDS:
            loaded_at.current = now
            set_refreshes(lambda n: n + 1)

    use_ticker(tick)

    # -- keys: every key press is a touch; a scan anywhere starts a check-in ----

    async def dispatch_key(e: ft.KeyboardEvent) -> None:
        await on_key.current(e)  # the latest render's handler (its language, its state)

    async def on_keyboard(e: ft.KeyboardEvent) -> None:
        touch()
        s = latest.current
        if s.screen is Screen.checkin and field_focused.current:
            return  # the field has the keys; its on_submit sends the code
        text = scan.key(e.key, time.monotonic())
        if text and s.screen in (Screen.start, Screen.checkin) and not s.busy:
            await actions.check_in(text)

    on_key = ft.use_ref(None)  # (use_ref would call a callable initial value)
    on_key.current = on_keyboard
    ft.use_effect(on_mount, [])

    # -- handlers -----------------------------------------------------------

    def choose_language(code: str) -> None:
        touch()
        prefs.language = code

    def start_walkin() -> None:
        touch()
        set_state(lambda s: KioskState(screen=Screen.services, attempt=s.attempt))

    def start_checkin() -> None:
        touch()
        typed.current = ""
        actions.forget()  # a code tried before may be tried again
        set_state(lambda s: KioskState(screen=Screen.checkin, attempt=s.attempt + 1))

    def choose_service(tile: ServiceTile) -> None:
        touch()
        update(screen=Screen.lane, service=tile.service)

    def choose_lane(lane: Lane, reason: PriorityReason | None) -> None:
        touch()
        update(screen=Screen.identity, lane=lane, reason=reason, nik_problem=None)

    def nik_key(digit: str) -> None:
        touch()
        set_state(lambda s: replace(s, nik=(s.nik + digit)[:NIK_LENGTH], nik_problem=None))

    def nik_backspace() -> None:
        touch()
        set_state(lambda s: replace(s, nik=s.nik[:-1], nik_problem=None))

    def code_key(char: str) -> None:
        touch()
        base = typed.current or latest.current.code
        typed.current = (base + char)[:CODE_LENGTH]
        update(code=typed.current)

    def code_backspace() -> None:
        touch()
        typed.current = (typed.current or latest.current.code)[:-1]
        update(code=typed.current)

    def code_clear() -> None:
        touch()
        typed.current = ""
        set_state(lambda s: replace(s, code="", attempt=s.attempt + 1))

    def heard(text: str) -> None:
        touch()
        typed.current = text

    def focus(focused: bool) -> None:
        field_focused.current = focused

    async def retry() -> None:
        touch()
        problem = latest.current.problem
        if problem is None:
            return
        if problem.retry is Screen.checkin:
            start_checkin()
        else:
            update(screen=problem.retry, problem=None)

    async def send_code() -> None:
        await actions.check_in(typed.current or latest.current.code)

    async def reload() -> None:
        touch()
        await load()

    # -- render -------------------------------------------------------------

    body: ft.Control
    if state.screen is Screen.start:
        body = StartScreen(tiles, loaded, load_problem, start_walkin, start_checkin, reload)
    elif state.screen is Screen.services:
        body = ServicesStep(tiles, loaded, choose_service)
    elif state.screen is Screen.lane:
        body = LaneStep(choose_lane)
    elif state.screen is Screen.identity:
        body = IdentityStep(
            state.nik, state.nik_problem, state.busy, nik_key, nik_backspace,
            lambda: (touch(), update(nik="", nik_problem=None)), actions.skip_nik, actions.issue_with_nik,
        )
    elif state.screen is Screen.checkin:
        body = CheckinStep(
            state.code, state.attempt, state.busy, actions.check_in, heard, focus, code_key,
            code_backspace, code_clear, send_code,
        )
    elif state.screen is Screen.result and state.result is not None:
        body = ResultScreen(state.result, actions.reprint, reset)
    else:
        assert state.problem is not None
        body = ProblemScreen(state.problem, retry if state.problem.retry is not Screen.start else None,
                             back_to_start)

    controls: list[ft.Control] = [
        KioskHeader(facility_name, t.format_date(clock.now(), "full"), prefs.language, choose_language),
        ft.Divider(height=2, thickness=2, color=INK),
        # The body scrolls on its own when it is taller than the screen; the way back
        # stays at the bottom, where a hand finds it.
        ft.Column([body], expand=True, scroll=ft.ScrollMode.AUTO,
                  horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
    ]
    if state.screen in BACK and not state.busy:
        controls.append(ft.ResponsiveRow(
            [
                KioskButton(_("Kembali"), ft.Icons.ARROW_BACK, lambda: go(BACK[state.screen]),
                            identifier="kiosk-back", primary=False, col={"xs": 6}),
                KioskButton(_("Ke awal"), ft.Icons.HOME, back_to_start, identifier="kiosk-home",
                            primary=False, col={"xs": 6}),
            ],
            spacing=20, run_spacing=20,
        ))
    return ft.View(
        route=ft.use_view_path(),
        controls=[ft.Column(controls, expand=True, spacing=20,
                            horizontal_alignment=ft.CrossAxisAlignment.STRETCH)],
        bgcolor=PAPER,
        padding=ft.Padding.symmetric(horizontal=40, vertical=28),
    )
