"""An admin section mounted on its own, the way the admin face (views/admin/face.py)
will mount it: inside the app's session context, with a signed-in `ApiClient`, the
`StaffMe` of the sign-in and an `expired` callback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from api_client import ApiClient
from api_client.models import StaffMe
from session.context import Deps, Session, SessionContext
from session.i18n import Translator
from session.settings import AppSettings
from session.state import Preferences, Wallet
from session.storage import MemoryStorage
from session.theme import apply_theme
from views.app import locale_configuration


def section_main(
    section: Callable[[ApiClient, StaffMe, Callable[[], object]], ft.Control], client: ApiClient,
    me: StaffMe, *, language: str = "id", expired: Callable[[], object] = lambda: None,
) -> Callable[[ft.Page], Awaitable[None]]:
    async def main(page: ft.Page) -> None:
        prefs = Preferences(language=language)
        deps = Deps(client=client, settings=AppSettings(), storage=MemoryStorage())
        session = Session(deps=deps, prefs=prefs, wallet=Wallet(), t=Translator(language))
        apply_theme(page, prefs)
        page.locale_configuration = locale_configuration(session.t)

        @ft.component
        def Host() -> Any:
            return SessionContext(session, lambda: ft.View(
                route="/", padding=16, scroll=ft.ScrollMode.AUTO,
                controls=[section(client, me, expired)],
            ))

        page.render_views(Host)

    return main


async def signed_in(make_client: Callable[..., ApiClient], username: str) -> tuple[ApiClient, StaffMe]:
    client = make_client()
    await client.staff.login(username, "rembang-demo")
    return client, await client.staff.me()
