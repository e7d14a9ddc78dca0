"""The app's root: one API client per session, passed down by context, and the
route table. Screens live in their own modules."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient
from views.context import ApiContext
from views.facilities import FacilityDetailView, FacilityListView
from views.settings import AppSettings


@ft.component
def App(client: ApiClient) -> ft.Control:
    return ApiContext(
        client,
        lambda: ft.Router(
            [
                ft.Route(
                    component=FacilityListView,
                    children=[ft.Route(path="faskes/:facility_id", component=FacilityDetailView)],
                )
            ],
            manage_views=True,
        ),
    )


def main_for(
    settings: AppSettings, *, make_client: Callable[[], ApiClient] | None = None
) -> Callable[[ft.Page], Awaitable[None]]:
    """The `main` of one session: its own client, closed when the session ends.

    `make_client` lets tests hand in a client wired to an in-process service.
    """

    def default_client() -> ApiClient:
        return ApiClient(settings.api_url, kiosk_key=settings.kiosk_key)

    async def main(page: ft.Page) -> None:
        page.title = "Layanan Sehat Rembang"
        client = (make_client or default_client)()

        async def close_client(_event: object = None) -> None:
            await client.close()

        page.on_disconnect = close_client
        page.render_views(App, client)

    return main
