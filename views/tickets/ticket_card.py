"""The ticket itself: the number, very big; where, with which doctor when one was
chosen, and when; its status. And the QR
code and the booking code to show at the kiosk or the loket."""

from __future__ import annotations

import flet as ft

from api_client.identity import format_booking_code, spell_booking_code
from api_client.models import Booking, TicketStatus
from components.qr import QrCode
from components.ticket_status import LIVE, StatusChip
from session.context import use_session, use_t
from session.theme import code_size


@ft.component
def TicketCard(booking: Booking) -> ft.Control:
    t = use_t()
    _ = t.gettext
    ticket = booking.ticket
    valid = ticket.status in LIVE
    struck = ft.TextStyle(decoration=ft.TextDecoration.LINE_THROUGH)
    center = ft.CrossAxisAlignment.CENTER
    return ft.Card(
        content=ft.Container(
            padding=16,
            content=ft.Column(
                horizontal_alignment=center,
                spacing=8,
                controls=[
                    ft.Semantics(identifier="ticket-facility", content=ft.Text(
                        booking.facility_name, theme_style=ft.TextThemeStyle.TITLE_LARGE,
                        text_align=ft.TextAlign.CENTER, weight=ft.FontWeight.BOLD,
                    )),
                    ft.Semantics(identifier="ticket-service", content=ft.Text(
                        ticket.service_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        text_align=ft.TextAlign.CENTER,
                    )),
                    *([ft.Semantics(identifier="ticket-doctor", content=ft.Text(
                        _("Dokter: {doctor}").format(doctor=booking.doctor_name),
                        theme_style=ft.TextThemeStyle.TITLE_MEDIUM, text_align=ft.TextAlign.CENTER,
                    ))] if booking.doctor_name else []),
                    ft.Text(_("Nomor antrean"), theme_style=ft.TextThemeStyle.LABEL_LARGE),
                    ft.Semantics(
                        identifier="ticket-number",
                        content=ft.Text(
                            ticket.display_number,
                            theme_style=ft.TextThemeStyle.DISPLAY_LARGE,
                            weight=ft.FontWeight.BOLD,
                            color=ft.Colors.PRIMARY if valid else ft.Colors.ON_SURFACE_VARIANT,
                            style=struck if ticket.status is TicketStatus.cancelled else None,
                            text_align=ft.TextAlign.CENTER,
                        ),
                    ),
                    ft.Semantics(
                        identifier="ticket-date",
                        content=ft.Text(
                            t.format_date(booking.service_date, "full"),
                            theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            text_align=ft.TextAlign.CENTER,
                        ),
                    ),
                    StatusChip(ticket),
                ],
            ),
        ),
    )


@ft.component
def BookingCodeCard(booking_code: str) -> ft.Control:
    """The QR code (the booking code only, nothing personal) and the code in groups:
    drawn on the device from the code alone, so it shows with no signal too."""
    session = use_session()
    t = session.t
    _ = t.gettext
    grouped = format_booking_code(booking_code)
    return ft.Card(
        content=ft.Container(
            padding=16,
            content=ft.Column(
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                spacing=8,
                controls=[
                    QrCode(booking_code, label=_("Kode QR tiket")),
                    ft.Text(_("Kode booking"), theme_style=ft.TextThemeStyle.LABEL_LARGE),
                    # Selectable text reaches a screen reader as an empty text box: the
                    # code is read from the label instead, character by character.
                    ft.Semantics(
                        identifier="booking-code",
                        label=spell_booking_code(booking_code),
                        exclude_semantics=True,
                        content=ft.Text(
                            grouped,
                            size=code_size("headline_small", session.prefs.text_scale),
                            weight=ft.FontWeight.BOLD,
                            style=ft.TextStyle(letter_spacing=1.5),
                            selectable=True,
                            text_align=ft.TextAlign.CENTER,
                        ),
                    ),
                    ft.Text(
                        _("Tunjukkan kode ini di anjungan atau loket pendaftaran."),
                        theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                        text_align=ft.TextAlign.CENTER,
                    ),
                ],
            ),
        ),
    )
