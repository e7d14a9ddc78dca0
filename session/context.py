"""Dependencies handed down the component tree (no module-level globals), and the
hooks that read them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

import flet as ft

from api_client import ApiClient
from api_client.models import Channel, CitizenChannel
from api_client.outbox import Outbox
from session.i18n import Translator
from session.near_turn import NearTurnMemory
from session.patient_book import PatientBook
from session.settings import AppSettings
from session.state import Preferences, Wallet
from session.storage import ClientStorage, DeviceFileStorage


@ft.observable
@dataclass
class Connectivity:
    """Whether the last request reached the service; the ApiClient reports every
    attempt here (views/app.py), and the offline banner shows `offline`."""

    offline: bool = False
    sent: int = 0
    """How many outbox actions have gone out this session: screens that list what the
    outbox sent re-render when it grows."""


@dataclass(frozen=True)
class Deps:
    client: ApiClient
    settings: AppSettings
    storage: ClientStorage
    connectivity: Connectivity = field(default_factory=Connectivity)
    outbox: Outbox | None = None
    """Actions made offline, sent when the service is reached again; on a device
    only (DeviceFileStorage). On the web this Python session runs on the server, next
    to the API: a browser that is offline reaches no session at all."""
    patients: PatientBook | None = None
    """The wallet's patients, sealed (session/patient_book.py); None: kept nowhere."""
    near_turn: NearTurnMemory = field(default_factory=NearTurnMemory)
    """Which tickets have chimed already this session (views/tickets/near_turn.py)."""

    @property
    def keeps_tickets(self) -> bool:
        """Whether the last known state of a ticket shown is kept (session/offline_cache.py):
        on a device, where the signal can drop; not in a browser's localStorage (the web
        session runs beside the API, and keeps nothing personal unasked), nor at the
        kiosk (nothing personal on its disk)."""
        return isinstance(self.storage, DeviceFileStorage)


@dataclass(frozen=True)
class Session:
    """Everything a screen may need, in one context value."""

    deps: Deps
    prefs: Preferences
    wallet: Wallet
    t: Translator


R = TypeVar("R")

SessionContext: ft.ContextProvider[Session | None] = ft.create_context(None)


def use_session() -> Session:
    session = ft.use_context(SessionContext)
    assert session is not None, "render inside App"
    return session


def use_t() -> Translator:
    """The translator, for every `@ft.component` (plain helpers take `t: Translator`)."""
    return use_session().t


def with_translator(session: Session, t: Translator, render: Callable[[], R]) -> R:
    """`render()`, with `t` as what use_t() gives every component it makes: a face that
    speaks one language whatever the device's (the waiting room's TV: Indonesian)."""
    return SessionContext(replace(session, t=t), render)


def use_client() -> ApiClient:
    return use_session().deps.client


async def save_preferences(session: Session) -> None:
    await session.deps.storage.save("preferences", session.prefs.to_json())


async def save_wallet(session: Session) -> None:
    await session.deps.storage.save("wallet", session.wallet.to_json())
    if session.deps.patients is not None:
        await session.deps.patients.save(list(session.wallet.profiles))
        if session.wallet.profiles:
            session.wallet.patients_unreadable = False  # the box that would not open is replaced


def citizen_channel(page: ft.Page) -> CitizenChannel:
    """Where a citizen's booking, survey or complaint comes from, for the dashboard's
    split: the web app (served by the service, a browser: `page.web`) or the Android
    app."""
    return Channel.web if page.web else Channel.app


def navigate_to(page: ft.Page, route: str) -> Callable[[], None]:
    """A handler that opens `route` (Flet hands a handler's event to any function that
    takes an argument, so `partial(page.navigate, route)` would get it as a second one)."""
    return lambda: page.navigate(route)
