"""Staff only: this ticket's NIK is also booked with another phone number, so the
person at the counter may not be the one on the KTP (see `server.privacy.shared_nik`).
An icon and a sentence next to the number; never shown on a citizen's screen."""

from __future__ import annotations

import flet as ft

from api_client.models import StaffTicketView, TicketView
from session.context import use_t


def nik_flagged(ticket: TicketView | None) -> bool:
    return isinstance(ticket, StaffTicketView) and ticket.nik_with_other_phone


@ft.component
def NikFlag(identifier: str, *, at_counter: bool = False) -> ft.Control:
    """`at_counter`: the patient stands at the counter: say what to do about it too."""
    t = use_t()
    words = t.gettext("NIK ini juga dipakai dengan nomor HP lain")
    if at_counter:
        words += ". " + t.gettext("Periksa KTP pasien.")
    return ft.Semantics(identifier=identifier, content=ft.Container(
        padding=ft.Padding.symmetric(horizontal=12, vertical=6), border_radius=16,
        bgcolor=ft.Colors.ERROR_CONTAINER,
        content=ft.Row([
            ft.Icon(ft.Icons.WARNING_AMBER, size=18, color=ft.Colors.ON_ERROR_CONTAINER),
            ft.Text(words, color=ft.Colors.ON_ERROR_CONTAINER, weight=ft.FontWeight.W_500),
        ], spacing=6, tight=True),
    ))
