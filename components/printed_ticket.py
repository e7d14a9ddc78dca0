"""The paper ticket of a number issued at the kiosk or the loket's desk, in the language
on screen.

Built from the `Booking` the API returned: facility, service, the number, lane,
the time it was issued (or checked in), the estimate, the booking code (its QR)
and where to follow the queue. No name and no NIK, ever.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api_client.models import Booking, PriorityReason
from components.lanes import lane_label
from components.ticket_advice import call_time_words
from session.i18n import Translator

if TYPE_CHECKING:  # python-escpos is the kiosk's extra: the Android app must import without it
    from components.ticket_printer import PrintedTicket

# A receipt printer's code page has no narrow or non-breaking spaces (Babel puts
# U+202F in "8:05 AM"); without this they print as "?".
_PRINTABLE = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u2013": "-"})


def _plain(text: str) -> str:
    return text.translate(_PRINTABLE)


def follow_url(public_url: str, booking_code: str) -> str:
    """Where the patient can follow the queue on the web (the citizen app's ticket page)."""
    return f"{public_url.rstrip('/')}/tiket/{booking_code}"


def printed_ticket(
    t: Translator,
    booking: Booking,
    *,
    public_url: str,
    reason: PriorityReason | None = None,
    reprint: bool = False,
) -> PrintedTicket:
    """The ticket as the kiosk prints it. `reason` is the priority reason chosen at
    the kiosk (the booking itself only says "priority")."""
    from components.ticket_printer import PrintedTicket

    _ = t.gettext
    ticket = booking.ticket
    issued = booking.checked_in_at or booking.created_at
    estimate = (
        _("Perkiraan dipanggil {time}").format(time=call_time_words(t, ticket))
        if ticket.estimated_call_at else None
    )
    return PrintedTicket(
        facility_name=_plain(booking.facility_name),
        title=_plain(_("NOMOR ANTREAN")),
        display_number=ticket.display_number,
        service_name=_plain(ticket.service_name),
        lane_label=_plain(lane_label(t, ticket.lane, reason)),
        issued_at=_plain(_("{date} pukul {time}").format(
            date=t.format_date(issued, "full"), time=t.format_time(issued))),
        estimate=_plain(estimate) if estimate else None,
        booking_code=booking.booking_code,
        follow_line=_plain(_("Pantau antrean Anda di:")),
        follow_url=follow_url(public_url, booking.booking_code),
        reprint_mark=_plain(_("CETAK ULANG")) if reprint else None,
    )
