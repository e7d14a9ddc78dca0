"""When to come: an honest estimate and the latest time to arrive.

Patients still come at dawn because they do not trust the booking, so the ticket
says when the number is likely called, as a range ("sekitar 08.10–08.40", the
service's `estimated_call_from`/`_until`, server/queue/estimate.py), and when to be
there: 30 minutes before the expected call, never before the service opens. A wide
range says why it is wide.
"""

from __future__ import annotations

import datetime as dt

from api_client.models import OpeningHours, TicketStatus, TicketView
from session import rembang_clock
from session.i18n import TIMEZONE, Translator

ARRIVE_BEFORE = dt.timedelta(minutes=30)
WIDE_RANGE = dt.timedelta(minutes=60)


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


def call_time_words(t: Translator, ticket: TicketView) -> str:
    """ "08.10–08.40": the range the call is expected in (one time from a service that
    sends no range)."""
    start, end = ticket.estimated_call_from, ticket.estimated_call_until
    if start is None or end is None:
        assert ticket.estimated_call_at is not None
        return t.format_time(ticket.estimated_call_at)
    return f"{t.format_time(start)}–{t.format_time(end)}"


def wide_range_words(t: Translator, ticket: TicketView) -> str | None:
    """Why the range is wide, when it is (an hour or more)."""
    start, end = ticket.estimated_call_from, ticket.estimated_call_until
    if start is None or end is None or end - start < WIDE_RANGE:
        return None
    return t.gettext(
        "Rentang waktunya lebar: belum pasti berapa pasien yang memesan sebelum Anda akan "
        "datang, dan lama pelayanan tiap pasien berbeda-beda. Rentangnya menyempit selama "
        "antrean berjalan."
    )


def advice_words(
    t: Translator,
    ticket: TicketView,
    *,
    today: dt.date,
    opens: dt.time | None,
    now: dt.datetime | None = None,
) -> str | None:
    """E.g. "Perkiraan dipanggil sekitar 09.25–09.55. Datanglah paling lambat 09.10."."""
    if ticket.estimated_call_at is None or ticket.status not in (
        TicketStatus.booked, TicketStatus.checked_in
    ):
        return None
    _ = t.gettext
    estimate = ticket.estimated_call_at
    time = call_time_words(t, ticket)
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
