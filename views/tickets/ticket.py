"""Tiket: one booking, live. The number very big, where and when, its status in plain
words, the QR code of the booking code, people ahead and when to come, the number
now being called, a nudge when the turn is near; check in on the day, keep it on this
device, or cancel it. On a phone it opens with what was last read, signal or not.
"""

from __future__ import annotations

import flet as ft

from api_client.models import TicketStatus
from components.facility_states import LastUpdated, RetryButton
from components.offline_banner import OfflineBanner
from components.ticket_status import LIVE, WAITING, ClosedDayNotice
from session.context import use_session
from session.i18n import error_message
from session.typed import keyed
from views.tickets.actions import TicketActions
from views.tickets.doctor_notice import DoctorAbsentNotice
from views.tickets.live import use_live_ticket
from views.tickets.near_turn import NearTurnAlert
from views.tickets.progress import CalledBanner, OfflineNotice, QueueProgress
from views.tickets.survey_prompt import SurveyPrompt
from views.tickets.ticket_card import BookingCodeCard, TicketCard


@ft.component
def TicketScreen() -> ft.View:
    session = use_session()
    t = session.t
    _ = t.gettext
    code = ft.use_route_params()["booking_code"]
    deps = session.deps
    live, set_booking, retry = use_live_ticket(
        deps.client, code, keep=deps.storage if deps.keeps_tickets else None,
    )
    booking = live.booking

    controls: list[ft.Control] = [OfflineBanner(deps.connectivity)]
    if live.offline:  # it tries again by itself; "Coba lagi" does at once
        notice: list[ft.Control] = [OfflineNotice()]
        if booking is not None and live.read_at is not None:
            notice.append(LastUpdated(live.read_at))
        controls.append(ft.Column([*notice, ft.Row([RetryButton(retry)])], spacing=8))
    if booking is None and live.offline:
        # Nothing known yet and no signal: the code in the address is enough for the QR
        # code that the kiosk or the loket scans.
        controls.append(BookingCodeCard(code))
    elif booking is None:
        if live.error:
            controls.append(ft.Semantics(identifier="ticket-error", content=ft.Text(
                error_message(t, live.error), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
            )))
        else:
            controls.append(ft.Row(
                [ft.ProgressRing(), ft.Text(_("Memuat tiket…"))],
                alignment=ft.MainAxisAlignment.CENTER,
            ))
    else:
        if booking.ticket.status is TicketStatus.called:
            controls.append(CalledBanner(booking))
        # Keyed too: it holds the loaded chime and leaves the tab's title as it found it.
        controls.append(keyed("near-turn", NearTurnAlert)(booking, today=live.today))
        # Keyed, as the notices that load on their own are: the offline box above comes
        # and goes with each poll, and a shift would remount them (a new load, failing
        # while offline: the warning hidden until the signal is back).
        if booking.ticket.status is TicketStatus.cancelled:
            controls.append(keyed("closed-day", ClosedDayNotice)(session.deps.client, booking))
        if booking.ticket.status in WAITING:
            controls.append(keyed("doctor-absent", DoctorAbsentNotice)(session.deps.client, booking))
        controls += [
            TicketCard(booking),
            QueueProgress(booking, live.queue, today=live.today, opens=live.opens),
            # Keyed: the notices above come and go (offline, called), and a shift must not
            # remount the actions and lose what they hold (a cancellation being queued).
            keyed("actions", TicketActions)(
                booking, session.wallet, today=live.today, on_changed=set_booking,
            ),
        ]
        if booking.ticket.status is TicketStatus.done:
            controls.append(keyed("survey", SurveyPrompt)(booking.booking_code))
        if booking.ticket.status in LIVE:  # a finished ticket is not shown at the loket
            controls.append(BookingCodeCard(booking.booking_code))
    return ft.View(
        route=ft.use_view_path(),
        appbar=ft.AppBar(title=ft.Text(_("Tiket"))),
        scroll=ft.ScrollMode.AUTO,
        padding=16,
        controls=[ft.SafeArea(content=ft.Column(controls, spacing=16,
                                                horizontal_alignment=ft.CrossAxisAlignment.STRETCH))],
    )
