"""Konsol Petugas (`/staff`): sign in, choose the service and counter, then serve.

The sign-in token lives only in this session's `ApiClient` (memory, never the
browser's storage). It is renewed every `REFRESH_SECONDS` while the console is
open (the service allows that for a 12-hour shift); when the service says the
sign-in is no longer valid, the console forgets everything and shows the sign-in
form again. A reload of the tab keeps the session (Flet re-attaches it); opening
`/staff` again in the same session asks the service who is signed in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import flet as ft

from api_client import ApiConnectionError, ApiError, Unauthorized
from api_client.models import StaffAction, StaffMe
from components.staff_sign_in import SignInForm
from session.context import use_session
from session.i18n import Translator
from views.staff.complaint_desk import ComplaintDesk
from views.staff.desk import DeskScreen
from views.staff.post import Post, PostPicker

REFRESH_SECONDS = 20 * 60  # tokens last 30 minutes
RETRY_SECONDS = 60.0  # a refresh that could not reach the service


@ft.component
def StaffConsoleView() -> ft.View:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    staff, set_staff = ft.use_state(None)
    asked, set_asked = ft.use_state(False)
    post, set_post = ft.use_state(None)
    ended, set_ended = ft.use_state(False)
    refresher = ft.use_ref(None)
    part, set_part = ft.use_state("queue")  # "queue" or "complaints"

    async def restore() -> None:
        """Signed in earlier in this session (the token is still in the client)?"""
        with contextlib.suppress(ApiError):
            set_staff(await client.staff.me())
        set_asked(True)

    async def signed_in(me: StaffMe) -> None:
        set_ended(False)
        set_post(None)
        set_staff(me)

    async def sign_out(expired: bool = False) -> None:
        """Keluar ends the sign-in at the service too (its token stops everywhere)."""
        with contextlib.suppress(ApiError):  # unreachable: forgotten here all the same
            await client.staff.logout()
        set_part("queue")
        set_post(None)
        set_staff(None)
        set_ended(expired)

    async def expired() -> None:
        await sign_out(expired=True)

    async def sign_out_clicked() -> None:
        await sign_out()

    async def keep_fresh() -> None:
        if staff is None:
            return
        refresher.current = asyncio.current_task()
        wait = REFRESH_SECONDS
        while True:
            await asyncio.sleep(wait)
            try:
                await client.staff.refresh()
                wait = REFRESH_SECONDS
            except Unauthorized:
                await expired()
                return
            except ApiConnectionError:
                wait = RETRY_SECONDS
            except ApiError:
                await expired()
                return
            except RuntimeError:
                return  # the session's client was closed

    ft.use_effect(restore, [])
    ft.use_effect(keep_fresh, [staff.username if staff else None], cleanup=lambda: _cancel(refresher))

    actions: list[ft.Control] = []
    handles_complaints = staff is not None and StaffAction.view_complaints in staff.may
    if staff is not None:
        actions = [
            *([PartSwitch(t, part, set_part)] if handles_complaints else []),
            ft.Semantics(identifier="staff-who", content=ft.Text(
                _("Masuk sebagai {username}").format(username=staff.username),
                theme_style=ft.TextThemeStyle.TITLE_SMALL,
            )),
            ft.Semantics(identifier="sign-out", content=ft.TextButton(
                content=_("Keluar"), icon=ft.Icons.LOGOUT, height=48, on_click=sign_out_clicked,
            )),
            ft.Container(width=8),
        ]

    if not asked:
        body: ft.Control = ft.ProgressRing()
    elif staff is None:
        body = SignInForm(t, client, signed_in, ended)
    elif part == "complaints" and handles_complaints:
        body = ComplaintDesk(t, client, staff, expired, key=f"complaints-{staff.username}")
    elif post is None:
        body = PostPicker(t, client, staff, set_post, expired, key=f"post-{staff.username}")
    else:
        body = DeskScreen(t, client, post, lambda: set_post(None), expired,
                          key=f"desk-{post.service.id}-{post.counter}")
    return ft.View(
        route="/staff",
        appbar=ft.AppBar(title=ft.Text(_("Konsol Petugas")), actions=actions),
        scroll=ft.ScrollMode.AUTO,
        padding=16,
        controls=[ft.SafeArea(content=body)],
    )


@ft.component
def PartSwitch(t: Translator, part: str, on_switch: Callable[[str], None]) -> ft.Control:
    """Between serving the queue and handling complaints."""
    _ = t.gettext
    to_complaints = part != "complaints"
    return ft.Semantics(identifier="staff-part", content=ft.TextButton(
        content=_("Pengaduan") if to_complaints else _("Antrean"),
        icon=ft.Icons.FEEDBACK if to_complaints else ft.Icons.CONFIRMATION_NUMBER, height=48,
        on_click=lambda: on_switch("complaints" if to_complaints else "queue"),
    ))


def _cancel(ref: Any) -> None:
    task = ref.current
    ref.current = None
    if task is not None and not task.done():
        task.cancel()


__all__ = ["Post", "StaffConsoleView"]
