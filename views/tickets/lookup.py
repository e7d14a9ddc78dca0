"""Cari tiket saya: someone on a new device finds their booking by its code and the
phone number it was made with. A wrong code or phone answers the same way: not found.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiError, NotFound, ValidationFailed
from api_client.models import Booking
from components.booking_proof import proof_errors
from components.message_line import message_line
from session.context import use_session
from session.i18n import error_message

FIELDS = {"booking_code": "code", "phone": "phone"}


@ft.component
def TicketLookupForm(on_found: Callable[[Booking], Awaitable[None]]) -> ft.Control:
    session = use_session()
    t, client = session.t, session.deps.client
    _ = t.gettext
    code, set_code = ft.use_state("")
    phone, set_phone = ft.use_state("")
    errors, set_errors = ft.use_state(dict[str, str]())
    problem, set_problem = ft.use_state("")
    busy, set_busy = ft.use_state(False)


    async def search() -> None:
        set_problem("")
        found = proof_errors(t, code, phone)
        set_errors(found)
        if found:
            return
        set_busy(True)
        try:
            booking = await client.bookings.lookup(booking_code=code.strip(), phone=phone)
        except NotFound:
            set_problem(_("Tiket tidak ditemukan. Periksa lagi kode booking dan nomor HP "
                          "yang dipakai saat mendaftar."))
        except ValidationFailed as exc:
            set_errors({
                FIELDS.get(f.field.split(".")[-1], "code"): error_message(t, f.code, f.params)
                for f in exc.fields
            })
        except ApiError as exc:
            set_problem(error_message(t, exc.code))
        else:
            set_code("")  # found and kept: the form is ready for another ticket
            set_phone("")
            await on_found(booking)
        finally:
            set_busy(False)

    def typed(setter: Callable[[str], None], field: str) -> Callable[[ft.Event], None]:
        def on_change(e: ft.Event) -> None:
            setter(e.control.value or "")
            if field in errors:
                set_errors({k: v for k, v in errors.items() if k != field})
        return on_change

    return ft.Column(
        spacing=12,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Text(_("Cari tiket saya"), theme_style=ft.TextThemeStyle.TITLE_LARGE,
                    weight=ft.FontWeight.BOLD),
            ft.Text(_("Mendaftar dari HP lain? Masukkan kode booking dan nomor HP yang "
                      "dipakai saat mendaftar.")),
            ft.Semantics(identifier="lookup-code", content=ft.TextField(
                label=_("Kode booking"), value=code, hint_text="K7QD-2M9F-XH3TA",
                capitalization=ft.TextCapitalization.CHARACTERS, autocorrect=False,
                error=errors.get("code"), error_max_lines=3, on_change=typed(set_code, "code"),
            )),
            ft.Semantics(identifier="lookup-phone", content=ft.TextField(
                label=_("Nomor HP"), value=phone, hint_text="0812 3456 7890",
                keyboard_type=ft.KeyboardType.PHONE, error=errors.get("phone"),
                error_max_lines=3, on_change=typed(set_phone, "phone"), on_submit=search,
            )),
            ft.Semantics(identifier="lookup-search", content=ft.FilledButton(
                _("Cari tiket"), icon=ft.Icons.SEARCH, on_click=search, disabled=busy,
                style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=20, vertical=16)),
            )),
            *([message_line(problem, identifier="lookup-problem", error=True)] if problem else []),
        ],
    )
