"""When to come: an honest estimate and the latest time to arrive.

Patients still come at dawn because they do not trust the booking, so the ticket
says when the number is likely called and when to be there: 30 minutes before,
never before the service opens.
"""

from __future__ import annotations

import datetime as dt

from api_client.models import OpeningHours, TicketStatus, TicketView
from session import rembang_clock
from session.i18n import TIMEZONE, Translator

ARRIVE_BEFORE = dt.timedelta(minutes=30)


def now_wib() -> dt.datetime:
    """The time in Rembang (session/rembang_clock.py). Tests replace it with the
    service's fake clock."""
    return rembang_clock.now()


def device_today() -> dt.date:
    return now_wib().date()


def opening_time(hours: list[OpeningHours], day: dt.date) -> dt.time | None:
    """When the service opens on ``day`` (the earliest session), or None if unknown."""
    opens = [h.opens for h in hours if h.weekday == day.weekday()]
    if not opens:
        return None
    hour, minute = (int(part) for part in min(opens).split(":"))
    return dt.time(hour % 24, minute)


def come_at(estimate: dt.datetime, opens: dt.time | None) -> dt.datetime:
    """Half an hour before the estimated call, but not before the service opens."""
    come = estimate.astimezone(TIMEZONE) - ARRIVE_BEFORE
    if opens is not None:
        opening = dt.datetime.combine(come.date(), opens, tzinfo=TIMEZONE)
        come = max(come, opening)
    return come


def people_ahead_words(t: Translator, n: int) -> str:
    if n == 0:
        return t.gettext("Tidak ada orang di depan Anda.")
    return t.ngettext(
        "{n} orang di depan Anda", "{n} orang di depan Anda", n
    ).format(n=t.format_number(n))


def advice_words(
    t: Translator,
    ticket: TicketView,
    *,
    today: dt.date,
    opens: dt.time | None,
    now: dt.datetime | None = None,
) -> str | None:
    """E.g. "Perkiraan dipanggil sekitar 09.40. Datanglah paling lambat 09.10."."""
    if ticket.estimated_call_at is None or ticket.status not in (
        TicketStatus.booked, TicketStatus.checked_in
    ):
        return None
    _ = t.gettext
    estimate = ticket.estimated_call_at
    time = t.format_time(estimate)
    if ticket.service_date > today:
        come = come_at(estimate, opens)
        return _(
            "Perkiraan dipanggil {date} sekitar {time}. Datanglah paling lambat {come}."
        ).format(date=t.format_date(ticket.service_date, "full"), time=time,
                 come=t.format_time(come))
    if ticket.service_date < today:
        return None
    if ticket.status is TicketStatus.checked_in:
        return _("Perkiraan dipanggil sekitar {time}. Tunggu sampai nomor Anda dipanggil.").format(
            time=time
        )
    come = come_at(estimate, opens)
    if come <= (now or now_wib()):
        return _("Perkiraan dipanggil sekitar {time}. Datanglah sekarang.").format(time=time)
    return _("Perkiraan dipanggil sekitar {time}. Datanglah paling lambat {come}.").format(
        time=time, come=t.format_time(come)
    )
