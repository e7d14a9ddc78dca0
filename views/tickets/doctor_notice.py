"""A notice on a waiting ticket when a doctor of its service is away on its date and
another doctor practises instead (the booking stays). When nobody practises, the
service is closed that day and the ticket is cancelled: `ClosedDayNotice` says why."""

from __future__ import annotations

from typing import cast

import flet as ft

from api_client import ApiClient, ApiError
from api_client.models import Announcement, AnnouncementKind, Booking
from session.context import use_t


def absences_for(announcements: list[Announcement], booking: Booking) -> list[Announcement]:
    return [a for a in announcements
            if a.kind is AnnouncementKind.doctor_absent and a.service_id == booking.ticket.service_id
            and a.valid_from <= booking.service_date <= a.valid_until]


@ft.component
def DoctorAbsentNotice(client: ApiClient, booking: Booking) -> ft.Control:
    t = use_t()
    _ = t.gettext
    notices, set_notices = ft.use_state(cast(list[Announcement], []))

    async def load() -> None:
        try:
            announcements = await client.facilities.announcements(booking.facility_id)
        except ApiError:
            return  # the ticket is still valid; the facility page shows the notice too
        set_notices(absences_for(announcements, booking))

    ft.use_effect(load, [booking.booking_code, booking.service_date])
    if not notices:
        return ft.Container(visible=False)
    return ft.Semantics(
        identifier="doctor-absent", live_region=True,
        content=ft.Container(
            bgcolor=ft.Colors.TERTIARY_CONTAINER, border_radius=12, padding=16,
            content=ft.Column([
                ft.Row([
                    ft.Icon(ft.Icons.PERSON_OFF, color=ft.Colors.ON_TERTIARY_CONTAINER),
                    ft.Text(_("Dokter tidak praktik pada tanggal ini"), color=ft.Colors.ON_TERTIARY_CONTAINER,
                            weight=ft.FontWeight.BOLD, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            expand=True),
                ], spacing=8),
                *[ft.Text(n.title, color=ft.Colors.ON_TERTIARY_CONTAINER,
                          theme_style=ft.TextThemeStyle.BODY_LARGE) for n in notices],
                ft.Text(_("Nomor Anda tetap berlaku: dokter lain yang praktik akan melayani Anda."),
                        color=ft.Colors.ON_TERTIARY_CONTAINER),
            ], spacing=8, horizontal_alignment=ft.CrossAxisAlignment.START),
        ),
    )
