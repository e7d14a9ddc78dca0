"""The kiosk (Anjungan Pasien Mandiri): one full-screen view whose body follows the
flow of `views.kiosk.kiosk_model.Kiosk`.

Everything the patient enters lives in that model's memory only. Every tap and
key press resets the idle timer; after `settings.kiosk_idle_seconds` untouched,
the kiosk goes back to the start screen in its own language with nothing kept.
"""

from __future__ import annotations

from typing import cast

import flet as ft

from components.printing import printer_for
from session.context import use_session, use_t
from views.kiosk import clock
from views.kiosk.checkin import CheckinStep
from views.kiosk.flow import Screen
from views.kiosk.header import KioskHeader
from views.kiosk.identity import IdentityStep
from views.kiosk.idle import use_ticker
from views.kiosk.kiosk_model import BACK, Kiosk
from views.kiosk.lane import LaneStep
from views.kiosk.problem import ProblemScreen
from views.kiosk.result import ResultScreen
from views.kiosk.service_grid import ServicesStep
from views.kiosk.start import StartScreen
from views.kiosk.style import INK, PAPER, KioskButton


@ft.component
def KioskView() -> ft.View:
    session = use_session()
    t = use_t()
    _ = t.gettext
    settings = session.deps.settings
    page = ft.context.page

    def new_kiosk() -> Kiosk:
        return Kiosk(session.deps.client, settings=settings, prefs=session.prefs,
                     printer=printer_for(settings.kiosk_printer))

    kiosk = ft.use_memo(new_kiosk, [])  # one Kiosk for the life of the view,
    ft.use_state(kiosk)  # and every change of it renders the view again

    ft.use_effect(kiosk.load_services, [kiosk.screen, kiosk.full, kiosk.refreshes])
    use_ticker(kiosk.tick)

    async def on_keyboard(e: ft.KeyboardEvent) -> None:
        """Every key press is a touch; a scan anywhere starts a check-in."""
        await kiosk.press(e.key)

    def on_mount() -> None:
        kiosk.restore_language()
        page.on_keyboard_event = on_keyboard
        if not page.web:  # the Flet desktop client (`flet build linux`): the whole screen
            page.window.full_screen = True

    ft.use_effect(on_mount, [])
    room, set_room = ft.use_state(cast(tuple[float, float] | None, None))  # the body's size

    def measured(e: ft.LayoutSizeChangeEvent[ft.LayoutControl]) -> None:
        set_room((e.width, e.height))

    # -- render -------------------------------------------------------------

    body: ft.Control
    if kiosk.screen is Screen.start:
        body = StartScreen(kiosk.tiles, kiosk.tiles_loaded, kiosk.tiles_error, kiosk.start_walkin,
                           kiosk.start_checkin, kiosk.reload_services, room)
    elif kiosk.screen is Screen.services:
        body = ServicesStep(kiosk.tiles, kiosk.tiles_loaded, kiosk.choose_service, room)
    elif kiosk.screen is Screen.lane:
        body = LaneStep(kiosk.choose_lane)
    elif kiosk.screen is Screen.identity:
        body = IdentityStep(
            kiosk.nik, kiosk.nik_error, kiosk.loading, kiosk.type_nik, kiosk.erase_nik,
            kiosk.clear_nik, kiosk.skip_nik, kiosk.issue_with_nik, bool(kiosk.cleared), kiosk.restore_nik,
        )
    elif kiosk.screen is Screen.checkin:
        body = CheckinStep(
            kiosk.code, kiosk.attempt, kiosk.loading, kiosk.check_in, kiosk.hear_code, kiosk.focus_code,
            kiosk.type_code, kiosk.erase_code, kiosk.clear_code, kiosk.send_code, bool(kiosk.cleared),
            kiosk.restore_code,
        )
    elif kiosk.screen is Screen.result and kiosk.result is not None:
        body = ResultScreen(kiosk.result, kiosk.reprint, kiosk.reset)
    else:
        assert kiosk.error is not None
        body = ProblemScreen(kiosk.error, kiosk.retry if kiosk.error.retry is not Screen.start else None,
                             kiosk.back_to_start)

    controls: list[ft.Control] = [
        KioskHeader(kiosk.facility_name, t.format_date(clock.now(), "full"), session.prefs.language,
                    kiosk.choose_language),
        ft.Divider(height=2, thickness=2, color=INK),
        # The body scrolls on its own when it is taller than the screen; the way back
        # stays at the bottom, where a hand finds it.
        ft.Container(expand=True, on_size_change=measured, content=ft.Column(
            [body], expand=True, scroll=ft.ScrollMode.AUTO,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH)),
    ]
    if kiosk.screen in BACK and not kiosk.loading:
        controls.append(ft.ResponsiveRow(
            [
                KioskButton(_("Kembali"), ft.Icons.ARROW_BACK, kiosk.back,
                            identifier="kiosk-back", primary=False, col={"xs": 6}),
                KioskButton(_("Ke awal"), ft.Icons.HOME, kiosk.back_to_start, identifier="kiosk-home",
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
