"""On a done ticket: "Beri penilaian", until the visit has been rated."""

from __future__ import annotations

import flet as ft

from api_client import ApiError
from session.context import use_session


@ft.component
def SurveyPrompt(booking_code: str) -> ft.Control:
    """Asks the service whether this visit was rated; shows nothing until it knows."""
    session = use_session()
    _ = session.t.gettext
    page = ft.context.page
    open_, set_open = ft.use_state(False)

    async def ask() -> None:
        try:
            state = await session.deps.client.feedback.state(booking_code)
        except ApiError:
            return  # offline: the prompt comes back next time
        set_open(state.visit_done and not state.given and not state.closed)

    # Asked again whenever the route changes: coming back from the survey hides it.
    ft.use_effect(ask, [booking_code, ft.use_route_location()])
    if not open_:
        return ft.Container()
    return ft.Card(content=ft.Container(padding=16, content=ft.Column(
        spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Text(_("Bagaimana pelayanan hari ini? Penilaian Anda membantu kami menjadi lebih baik."),
                    theme_style=ft.TextThemeStyle.BODY_LARGE),
            ft.Semantics(identifier="give-survey", content=ft.FilledButton(
                _("Beri penilaian"), icon=ft.Icons.STAR_RATE, height=52,
                on_click=lambda: page.navigate(f"/tiket/{booking_code}/survei"),
            )),
        ],
    )))
