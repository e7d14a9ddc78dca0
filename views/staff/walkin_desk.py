"""The walk-in form's place in the desk (`use_walkin_desk`, a hook of `DeskScreen`):
opening and closing it, the keys it owns while open (1–5 lane, Enter issue, W next
patient, Esc close), and this console's receipt printer per facility and counter,
kept in the browser's storage like the kiosk's printer setting on the kiosk PC."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

import flet as ft
from flet.components.hooks.use_ref import MutableRef

from api_client import ApiClient
from api_client.models import Booking
from session.context import use_session
from session.i18n import Translator
from views.staff.post import Post
from views.staff.walkin_model import LANES, DeskWalkin, desk_printer

PRINTERS = "desk_printers"  # {"<facility>/<counter>": "network:HOST[:PORT]"}


@dataclass(frozen=True)
class WalkinDesk:
    shown: DeskWalkin | None  # the open form, for rendering
    printer: str  # this counter's printer setting
    open: Callable[[], None]
    close: Callable[[], None]
    is_open: Callable[[], bool]  # also right in handlers installed at mount
    press: Callable[[str], Awaitable[None]]  # a key pressed alone while the form is open
    save_printer: Callable[[str], Awaitable[None]]


def use_walkin_desk(
    client: ApiClient, post: Post, t: Translator, *,
    on_issued: Callable[[Booking], object], on_signed_out: Callable[[], Awaitable[None]],
    on_closed: Callable[[], None],
) -> WalkinDesk:
    session = use_session()
    form: MutableRef[DeskWalkin] = ft.use_ref(None)  # while the form is open
    shown, show = ft.use_state(cast(DeskWalkin | None, None))
    printer, set_printer = ft.use_state("")
    latest: MutableRef[str] = ft.use_ref("")  # the setting now, for the keys installed at mount
    latest.current = printer
    where = f"{post.facility.id}/{post.counter}"

    def open_form() -> None:
        if form.current is None:
            form.current = DeskWalkin(
                client, [s for s in post.facility.services if s.walkin], t=t,
                public_url=session.deps.settings.public_url, printer=desk_printer(latest.current or ""),
                on_issued=on_issued, on_signed_out=on_signed_out, first=post.service,
            )
            show(form.current)

    def close_form() -> None:
        if form.current is not None and not form.current.busy:
            form.current = None
            on_closed()
            show(None)

    async def press(key: str) -> None:
        current = form.current
        if current is None:
            return
        if key == "ESCAPE":
            close_form()
        elif current.issued is not None:
            if key == "W":
                current.next_patient()
        elif key == "ENTER":
            await current.issue()
        elif key.isdigit() and 1 <= int(key) <= len(LANES):
            current.choose_lane(LANES[int(key) - 1])

    async def load_printer() -> None:
        saved = await session.deps.storage.load(PRINTERS)
        set_printer(str(saved.get(where, "")) if isinstance(saved, dict) else "")

    async def save_printer(setting: str) -> None:
        saved = await session.deps.storage.load(PRINTERS)
        await session.deps.storage.save(
            PRINTERS, {**(saved if isinstance(saved, dict) else {}), where: setting.strip()})
        set_printer(setting.strip())

    ft.use_effect(load_printer, [])
    return WalkinDesk(shown=shown, printer=printer, open=open_form, close=close_form,
                      is_open=lambda: form.current is not None, press=press, save_printer=save_printer)
