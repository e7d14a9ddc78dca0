"""Who is signed in on this tab, for the faces behind a staff sign-in (`/staff`,
`/dashboard`, and the admin face to come): the guard's state, written once.

The sign-in token lives only in this session's `ApiClient` (memory, never the
browser's storage). Opening a guarded face asks the service who is signed in (a
reload, or the other face signed in earlier); Keluar ends the sign-in at the service
too; when the service says the sign-in is no longer valid, the face forgets it and the
sign-in form says the session ended. A face may keep the token fresh while it is open
(`refresh_seconds`: the staff console, for a 12-hour shift).

The form and the face's "Masuk sebagai … / Keluar" are components/staff_guard.py.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from api_client import ApiClient, ApiConnectionError, ApiError, Unauthorized
from api_client.models import StaffMe
from session.follow import use_task

RETRY_SECONDS = 60.0  # a refresh that could not reach the service


@ft.observable
class StaffSession:
    """The signed-in staff member of this tab, as observable data (no page needed)."""

    def __init__(self, client: ApiClient) -> None:
        self._client = client
        self.staff: StaffMe | None = None
        self.asked = False
        """Whether the service has been asked who is signed in (until then: a spinner)."""
        self.ended = False
        """The last sign-in expired: the sign-in form says so."""

    async def who(self) -> StaffMe | None:
        """Signed in earlier in this session (the token is still in the client)?"""
        try:
            return await self._client.staff.me()
        except ApiError:
            return None

    def restored(self, me: StaffMe | None) -> None:
        self.staff = me
        self.asked = True

    def signed_in(self, me: StaffMe) -> None:
        self.ended = False
        self.staff = me

    async def log_out(self) -> None:
        """End the sign-in at the service (its token stops everywhere); unreachable:
        forgotten here all the same."""
        with contextlib.suppress(ApiError):
            await self._client.staff.logout()

    def forget(self, *, expired: bool) -> None:
        self.staff = None
        self.ended = expired

    async def renew(self) -> bool | None:
        """Renew the token: True if renewed, None if the service could not be reached,
        False if the sign-in is no longer valid."""
        try:
            await self._client.staff.refresh()
        except Unauthorized:
            return False
        except ApiConnectionError:
            return None
        except ApiError:
            return False
        return True


@dataclass(frozen=True)
class StaffGuard:
    """What a guarded face reads and calls."""

    staff: StaffMe | None
    asked: bool
    ended: bool
    signed_in: Callable[[StaffMe], Awaitable[None]]
    """For the sign-in form: someone signed in."""
    sign_out: Callable[[], Awaitable[None]]
    """Keluar."""
    expired: Callable[[], Awaitable[None]]
    """The service said the sign-in is no longer valid."""


def use_staff_guard(
    client: ApiClient,
    *,
    on_signed_in: Callable[[StaffMe], object] | None = None,
    on_signed_out: Callable[[], object] | None = None,
    refresh_seconds: float | None = None,
) -> StaffGuard:
    """The guard of a signed-in face: ask who is signed in when mounted, and keep the
    token fresh every `refresh_seconds` (None: never). `on_signed_in` (on restore too)
    and `on_signed_out` let the face set up and forget its own state."""
    held: tuple[StaffSession, object] = ft.use_state(lambda: StaffSession(client))
    session = held[0]

    async def restore() -> None:
        me = await session.who()
        if me is not None and on_signed_in is not None:
            on_signed_in(me)
        session.restored(me)

    async def signed_in(me: StaffMe) -> None:
        if on_signed_in is not None:
            on_signed_in(me)
        session.signed_in(me)

    async def sign_out(expired: bool = False) -> None:
        await session.log_out()
        if on_signed_out is not None:
            on_signed_out()
        session.forget(expired=expired)

    async def expired() -> None:
        await sign_out(expired=True)

    async def sign_out_clicked() -> None:
        await sign_out()

    async def keep_fresh() -> None:
        if session.staff is None or refresh_seconds is None:
            return
        wait = refresh_seconds
        while True:
            await asyncio.sleep(wait)
            renewed = await session.renew()
            if renewed is False:
                await expired()
                return
            wait = refresh_seconds if renewed else RETRY_SECONDS

    ft.use_effect(restore, [])
    use_task(keep_fresh, [session.staff.username if session.staff else None])
    return StaffGuard(
        staff=session.staff, asked=session.asked, ended=session.ended,
        signed_in=signed_in, sign_out=sign_out_clicked, expired=expired,
    )
