"""The staff side of one complaint: write a reply the person will see with their
code, and move the status on (diproses, selesai). A second click while one request
is on its way does nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft
from pydantic_core import PydanticCustomError

from api_client import ApiClient, ApiError, Unauthorized
from api_client.models import ComplaintForStaff, ComplaintStatus
from api_client.text import multi_line
from session.context import use_t
from session.i18n import error_message
from session.typed import use_ref

REPLY_MAX = 3000  # ComplaintReply.reply


@ft.component
def ComplaintReplyBox(
    client: ApiClient,
    complaint: ComplaintForStaff,
    on_changed: Callable[[ComplaintForStaff], Awaitable[None]],
    on_signed_out: Callable[[], Awaitable[None]],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    text, set_text = ft.use_state("")
    error, set_error = ft.use_state(cast(str | None, None))
    busy, set_busy = ft.use_state(False)
    typed = use_ref(lambda: "")
    working = use_ref(lambda: False)

    def change(value: str) -> None:
        typed.current = value
        set_text(value)
        set_error(None)

    async def run(step: Callable[[], Awaitable[ComplaintForStaff]]) -> bool:
        if working.current:
            return False
        working.current = True
        set_busy(True)
        try:
            await on_changed(await step())
            return True
        except Unauthorized:
            await on_signed_out()
        except ApiError as err:
            set_error(error_message(t, err.code))
        finally:
            working.current = False
            set_busy(False)
        return False

    async def send(status: ComplaintStatus | None = None) -> None:
        reply = typed.current.strip()
        if not reply:
            set_error(error_message(t, "missing"))
            return
        try:  # the service's own rule (api_client/text.py), before anything is sent
            multi_line(reply)
        except PydanticCustomError as err:
            set_error(error_message(t, err.type))
            return
        if await run(lambda: client.complaints.reply(complaint.id, reply=reply, status=status)):
            change("")

    async def send_only() -> None:
        await send()

    async def send_and_finish() -> None:
        await send(ComplaintStatus.selesai)

    async def mark(status: ComplaintStatus) -> None:
        await run(lambda: client.complaints.set_status(complaint.id, status))

    async def mark_processing() -> None:
        await mark(ComplaintStatus.diproses)

    async def mark_done() -> None:
        await mark(ComplaintStatus.selesai)

    if complaint.status is ComplaintStatus.selesai:
        return ft.Text(_("Pengaduan ini sudah selesai."), theme_style=ft.TextThemeStyle.TITLE_SMALL)
    buttons: list[ft.Control] = [
        ft.Semantics(identifier="reply-send", content=ft.FilledButton(
            _("Kirim balasan"), icon=ft.Icons.SEND, disabled=busy, on_click=send_only,
        )),
        ft.Semantics(identifier="reply-finish", content=ft.FilledTonalButton(
            _("Kirim balasan dan selesaikan"), icon=ft.Icons.TASK_ALT, disabled=busy,
            on_click=send_and_finish,
        )),
    ]
    if complaint.status is ComplaintStatus.diterima:
        buttons.append(ft.Semantics(identifier="mark-processing", content=ft.OutlinedButton(
            _("Tandai sedang diproses"), icon=ft.Icons.AUTORENEW, disabled=busy,
            on_click=mark_processing,
        )))
    elif any(u.reply for u in complaint.updates):
        buttons.append(ft.Semantics(identifier="mark-done", content=ft.OutlinedButton(
            _("Tandai selesai"), icon=ft.Icons.TASK_ALT, disabled=busy, on_click=mark_done,
        )))
    controls: list[ft.Control] = [
        ft.Semantics(identifier="reply-text", content=ft.TextField(
            label=_("Balasan untuk pelapor"), value=text, multiline=True, min_lines=3,
            max_length=REPLY_MAX, error=error, on_change=lambda e: change(e.control.value),
            helper=_("Pelapor membaca balasan ini dengan kode pengaduannya."), helper_max_lines=3,
        )),
        ft.Row(buttons, wrap=True, spacing=8, run_spacing=8),
    ]
    return ft.Column(controls, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
