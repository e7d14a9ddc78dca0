"""Close this service's queue early for today, from the desk (key X, or the button in
the desk's header): the clerk writes the reason, sees who is affected (the bookings of
today not yet arrived are cancelled and told; those checked in are still served), and
confirms. The service publishes it as a closure of this service for today, so the
booked read the reason on their ticket and the TV shows the service closed.

While the dialog is open it owns the keys: Esc closes it, every other key goes to the
reason field (the desk's shortcuts do nothing).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft
from pydantic import ValidationError

from api_client import ApiClient, ApiError, Unauthorized
from api_client.models import AnnouncementImpact, CloseEarly
from session import rembang_clock
from session.context import use_t
from session.i18n import Translator, error_message
from views.staff.current import key_cap
from views.staff.desk_model import Desk, Notice

KEY = "X"
REASON_MAX = 120  # CloseEarly.reason


@ft.observable
class EarlyClosing:
    """The dialog's state and the request, testable without a page."""

    def __init__(
        self, client: ApiClient, desk: Desk, *, on_signed_out: Callable[[], Awaitable[None]]
    ) -> None:
        self._client = client
        self._desk = desk
        self._on_signed_out = on_signed_out
        self.open = False
        self.reason = ""
        self.impact: AnnouncementImpact | None = None
        self.error: tuple[str, dict[str, object]] | None = None  # an error code and its params
        self.busy = False
        self.closed_reason: str | None = None  # closed today (by this desk or another)

    async def load(self) -> None:
        """Whether this service is closed today already (a closure that names it)."""
        service = self._desk.service
        today = rembang_clock.now().date()
        try:
            closures = await self._client.facilities.closures(service.facility_id)
        except ApiError:
            return  # the button stays; the service refuses a second closing anyway
        self.closed_reason = next(
            (c.reason for c in closures if c.service_id == service.id and c.service_date == today), None
        )

    async def start(self) -> None:
        """Open the dialog and count who would be affected."""
        if self.open or self.closed_reason is not None:
            return
        self.open, self.reason, self.impact, self.error = True, "", None, None
        try:
            self.impact = await self._client.announcements.preview_closing_early(self._desk.service.id)
        except Unauthorized:
            self.open = False
            await self._on_signed_out()
        except ApiError as err:
            self.error = (err.code, {})

    @property
    def service_name(self) -> str:
        return self._desk.service.name

    def dismiss(self) -> None:
        if not self.busy:
            self.open = False

    def dismissed(self) -> None:
        """The dialog was closed on the screen's side (Esc in the browser)."""
        self.open = False

    def type(self, value: str) -> None:
        self.reason = value
        self.error = None

    async def confirm(self) -> None:
        if self.busy or not self.open:
            return
        try:  # the service's own rule, before anything is sent
            reason = CloseEarly(reason=self.reason).reason
        except ValidationError as err:
            first = err.errors()[0]
            self.error = (str(first["type"]), dict(first.get("ctx") or {}))
            return
        self.busy = True
        try:
            done = await self._client.announcements.close_early(self._desk.service.id, reason=reason)
        except Unauthorized:
            self.busy = False
            self.open = False
            await self._on_signed_out()
            return
        except ApiError as err:
            self.error = (err.code, {})
            return
        finally:
            self.busy = False
        self.open = False
        self.closed_reason = reason
        self._desk.notice = Notice("closed_early", {
            "service": self._desk.service.name, "cancelled": done.cancelled, "kept": done.keeps_serving,
        })
        self._desk.reload_soon()


def impact_sentence(t: Translator, impact: AnnouncementImpact) -> str:
    cancelled = sum(day.bookings for day in impact.cancels)
    told = t.ngettext(
        "{n} pasien yang belum datang akan diberi tahu dan bookingnya dibatalkan",
        "{n} pasien yang belum datang akan diberi tahu dan bookingnya dibatalkan", cancelled,
    ).format(n=cancelled)
    served = t.ngettext(
        "{n} yang sudah check-in tetap dilayani", "{n} yang sudah check-in tetap dilayani",
        impact.keeps_serving,
    ).format(n=impact.keeps_serving)
    return t.gettext("Jika ditutup: {told}; {served}.").format(told=told, served=served)


@ft.component
def CloseEarlyButton(closing: EarlyClosing) -> ft.Control:
    """The header's button (or, once closed, what it says), and the dialog it opens."""
    t = use_t()
    _ = t.gettext
    ft.use_effect(closing.load, [])
    ft.use_dialog(close_early_dialog(t, closing) if closing.open else None)
    if closing.closed_reason is not None:
        return ft.Semantics(identifier="closed-early", content=ft.Container(
            padding=ft.Padding.symmetric(horizontal=12, vertical=8), border_radius=8,
            bgcolor=ft.Colors.ERROR_CONTAINER,
            content=ft.Row(spacing=8, tight=True, controls=[
                ft.Icon(ft.Icons.EVENT_BUSY, color=ft.Colors.ON_ERROR_CONTAINER),
                ft.Text(_("Ditutup hari ini: {reason}").format(reason=closing.closed_reason),
                        color=ft.Colors.ON_ERROR_CONTAINER, max_lines=2, width=260,
                        overflow=ft.TextOverflow.ELLIPSIS),
            ]),
        ))
    return ft.Semantics(identifier="close-early", content=ft.OutlinedButton(
        tooltip=_("Tutup antrean hari ini (tombol {key})").format(key=KEY),
        on_click=closing.start,
        content=ft.Row(spacing=8, tight=True, controls=[
            key_cap(KEY), ft.Icon(ft.Icons.EVENT_BUSY), ft.Text(_("Tutup antrean hari ini")),
        ]),
    ))


def close_early_dialog(t: Translator, closing: EarlyClosing) -> ft.AlertDialog:
    _ = t.gettext
    service = closing.service_name
    if closing.impact is not None:
        affected = impact_sentence(t, closing.impact)
    elif closing.error is None:
        affected = _("Menghitung pasien yang terdampak…")
    else:
        affected = ""
    error = error_message(t, closing.error[0], closing.error[1]) if closing.error else None
    return ft.AlertDialog(
        modal=True, on_dismiss=closing.dismissed,
        title=ft.Text(_("Tutup antrean {service} untuk hari ini?").format(service=service)),
        content=ft.Column(width=480, tight=True, spacing=12, controls=[
            ft.Semantics(identifier="close-early-reason", content=ft.TextField(
                label=_("Alasan"), value=closing.reason, autofocus=True, max_length=REASON_MAX,
                helper=_("Pasien membacanya di tiket, dan TV ruang tunggu menampilkannya."),
                helper_max_lines=2, error=error, on_change=lambda e: closing.type(e.control.value),
                # No on_submit: Enter here closes nothing. Only the red button closes the day.
                # A scanner's code typed at a loaded desk can arrive as single keys: X opened
                # this dialog, the rest of the code became the reason, and its Enter closed
                # the loket for the day (a clean-clone run, 7 December).
            )),
            ft.Semantics(identifier="close-early-impact", live_region=True, content=ft.Text(
                affected, theme_style=ft.TextThemeStyle.BODY_LARGE, weight=ft.FontWeight.BOLD,
            )),
            ft.Text(_("Tidak ada nomor baru untuk layanan ini sampai besok.")),
        ]),
        actions=[
            ft.Semantics(identifier="close-early-cancel", content=ft.TextButton(
                content=_("Batal (Esc)"), on_click=closing.dismiss, disabled=closing.busy,
            )),
            ft.Semantics(identifier="close-early-confirm", content=ft.FilledButton(
                content=_("Tutup antrean hari ini"), icon=ft.Icons.EVENT_BUSY,
                disabled=closing.busy or closing.impact is None,
                style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR),
                on_click=closing.confirm,
            )),
        ],
    )
