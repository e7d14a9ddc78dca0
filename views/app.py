"""The app's root: the session's dependencies in one context, the theme and language
from the user's preferences, and the route table (nested, so each level has a back
stack).

    /                                   Beranda
    /faskes                             Faskes: every facility
    /faskes/:facility_id                a facility: services, doctors, quota
    /faskes/:facility_id/pesan/:service_id   booking a number
    /ambil                              Ambil Nomor: where (own facilities first)
    /ambil/:facility_id                 which service (today's state of each)
    /ambil/:facility_id/:service_id     booking a number (the same screen)
    /tiket                              my tickets, find a ticket
    /tiket/:booking_code                one ticket, live
    /tiket/:booking_code/survei         the satisfaction survey after a done visit
    /pengaduan                          send a complaint, find one by its code
    /pengaduan/:tracking_code           a complaint: status, replies, LAPOR! advice
    /pengaturan                         language, text size, contrast
    /staff                              staff console (after sign-in)
    /dashboard                          Dinkes dashboard (admins, after sign-in)
    /admin                              administration (Dinkes, facility admins, after sign-in)
    /display/:facility_id               the waiting-room TV

In kiosk mode (`LSR_MODE=kiosk`, on the lobby PC) the kiosk's own route table
(`views.kiosk.app.KIOSK_ROUTES`) replaces all of these.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import flet as ft

from api_client import ApiClient
from api_client.outbox import Outbox
from session.connectivity import watch_connection
from session.context import Deps, Session, SessionContext
from session.i18n import APP_NAME, Translator, pick_language
from session.patient_book import PatientBook
from session.seal_keys import key_ring_for
from session.settings import AppSettings, Mode
from session.state import Preferences, Wallet
from session.storage import BrowserStorage, ClientStorage, DeviceFileStorage, MemoryStorage
from session.theme import apply_theme
from views.admin import AdminView
from views.booking.screen import BookingView
from views.booking.service_pick import ServicePickView
from views.booking.start import BookingStartView
from views.complaints.screen import ComplaintFormView, ComplaintTrackView
from views.dashboard import DashboardView
from views.display.board import DisplayView
from views.faskes.facilities import FacilityDetailView, FacilityListView
from views.home.screen import HomeView
from views.kiosk.app import KIOSK_ROUTES
from views.preferences.screen import PreferencesView
from views.preferences.service_address import ServiceAddressMissing
from views.staff.console import StaffConsoleView
from views.tickets.my_tickets import MyTicketsView
from views.tickets.survey import SurveyView
from views.tickets.ticket import TicketScreen

ROUTES = [
    ft.Route(
        component=HomeView,
        children=[
            ft.Route(
                path="faskes",
                component=FacilityListView,
                children=[
                    ft.Route(
                        path=":facility_id",
                        component=FacilityDetailView,
                        children=[ft.Route(path="pesan/:service_id", component=BookingView)],
                    )
                ],
            ),
            ft.Route(
                path="ambil",
                component=BookingStartView,
                children=[
                    ft.Route(
                        path=":facility_id",
                        component=ServicePickView,
                        children=[ft.Route(path=":service_id", component=BookingView)],
                    )
                ],
            ),
            ft.Route(
                path="tiket",
                component=MyTicketsView,
                children=[ft.Route(
                    path=":booking_code", component=TicketScreen,
                    children=[ft.Route(path="survei", component=SurveyView)],
                )],
            ),
            ft.Route(
                path="pengaduan",
                component=ComplaintFormView,
                children=[ft.Route(path=":tracking_code", component=ComplaintTrackView)],
            ),
            ft.Route(path="pengaturan", component=PreferencesView),
        ],
    ),
    ft.Route(path="staff", component=StaffConsoleView),
    ft.Route(path="dashboard", component=DashboardView),
    ft.Route(path="admin", component=AdminView),
    ft.Route(path="display/:facility_id", component=DisplayView),
]


def locale_configuration(t: Translator) -> ft.LocaleConfiguration:
    """Flutter's own widgets (date picker, back button) follow the UI language;
    Flutter has no Javanese, so `jv` shows Indonesian there, and no English of
    Indonesia, so `en` is British (day month year, 24-hour clock)."""
    return ft.LocaleConfiguration(
        supported_locales=[ft.Locale("id", "ID"), ft.Locale("en", "GB")],
        current_locale=ft.Locale(t.flutter_locale, "GB" if t.flutter_locale == "en" else "ID"),
    )


@ft.component
def App(deps: Deps, prefs: Preferences, wallet: Wallet) -> ft.Control:
    t = ft.use_memo(lambda: Translator(prefs.language), [prefs.language])
    page = ft.context.page

    def restyle() -> None:
        apply_theme(page, prefs)
        page.locale_configuration = locale_configuration(t)
        page.title = APP_NAME

    ft.use_effect(restyle, [prefs.language, prefs.text_scale, prefs.high_contrast, prefs.dark])
    session = Session(deps=deps, prefs=prefs, wallet=wallet, t=t)
    routes = KIOSK_ROUTES if deps.settings.mode is Mode.kiosk else ROUTES
    return SessionContext(session, lambda: ft.Router(routes, manage_views=True))


def main_for(
    settings: AppSettings,
    *,
    make_client: Callable[[], ApiClient] | None = None,
    make_storage: Callable[[ft.Page, AppSettings], Awaitable[ClientStorage]] | None = None,
    on_session_start: Callable[[], None] | None = None,
    on_session_end: Callable[[], None] | None = None,
) -> Callable[[ft.Page], Awaitable[None]]:
    """The `main` of one session: its own client and storage, closed when it ends.

    Tests hand in a client wired to an in-process service. `on_session_start` is told
    when a session has its client, `on_session_end` after that client is closed (the
    service counts the sessions it holds and frees what they held).
    """

    def default_client(page: ft.Page) -> ApiClient:
        assert settings.api_url is not None  # main() checked it
        return ApiClient(
            settings.api_url, kiosk_key=settings.kiosk_key,
            forwarded_for=page.client_ip if page.web else None,
        )

    async def main(page: ft.Page) -> None:
        if settings.api_url is None:  # a phone build without lsr-build.json
            await show_service_address_missing(page)
            return
        client = make_client() if make_client else default_client(page)
        storage = await (make_storage or default_storage)(page, settings)
        saved = await storage.load("preferences") or {}
        prefs = Preferences.from_json(saved)
        prefs.language = pick_language(await device_languages(page), saved.get("language"))
        saved_wallet = await storage.load("wallet")
        wallet = Wallet.from_json(saved_wallet)
        patients = PatientBook(storage, key_ring_for(page, storage))
        wallet.profiles, wallet.patients_unreadable = await patients.load(saved_wallet)
        apply_theme(page, prefs)
        page.locale_configuration = locale_configuration(Translator(prefs.language))

        async def close_client(_event: object = None) -> None:
            await client.close()
            if on_session_end is not None:
                on_session_end()

        # Not on_disconnect: a reloaded tab re-attaches to this same session.
        page.on_close = close_client
        if on_session_start is not None:
            on_session_start()
        outbox = Outbox(storage.store) if isinstance(storage, DeviceFileStorage) else None
        deps = Deps(client=client, settings=settings, storage=storage, outbox=outbox, patients=patients)
        watch_connection(page, deps)
        page.render_views(App, deps, prefs, wallet)

    return main


async def show_service_address_missing(page: ft.Page) -> None:
    """No service to talk to: say so in the device's language, and nothing else."""
    t = Translator(pick_language(await device_languages(page), None))
    apply_theme(page, Preferences())
    page.locale_configuration = locale_configuration(t)
    page.title = APP_NAME
    page.render_views(ServiceAddressMissing, t)


async def device_languages(page: ft.Page) -> list[str]:
    """The device's or browser's languages; none if it does not answer in time (a
    reconnecting browser may not), so the app still starts, in Indonesian."""
    try:
        device = await asyncio.wait_for(page.get_device_info(), 5.0)
    except TimeoutError:
        return []
    return list(getattr(device, "languages", None) or [])


async def default_storage(page: ft.Page, settings: AppSettings) -> ClientStorage:
    """The browser's storage on the web; a file in the app's own folder on a device;
    nothing on disk at the kiosk (no personal data stays behind)."""
    if settings.mode is Mode.kiosk:
        return MemoryStorage()
    if page.web:
        return BrowserStorage()
    folder = await ft.StoragePaths().get_application_support_directory()
    return DeviceFileStorage(Path(folder) / "layanan-sehat-rembang.json")
