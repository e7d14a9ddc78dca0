"""The dashboard on a real-like day with no demo history: three puskesmas, 120 visits
made through the API as their patients and clerks would make them (bookings the evening
before, walk-ins at the kiosk and at the loket, check-ins, calls, hand-overs to the poli,
patients who were not there when called, surveys).

What the dashboard must answer is worked out here from what the test did and when, not
from the database: each wait is the minutes between two moments this test chose, each
channel count the visits it made that way. So a figure that the demo history happened
to hide (it writes its own rows) would show here.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from api_client import ApiClient, Forbidden, new_idempotency_key
from api_client.models import Channel, Dashboard, Payer, SkmElement, WaitStage
from server.settings import Settings
from tests.api.helpers import patient, service_id
from tests.support.clock import FakeClock, wib

pytestmark = pytest.mark.anyio

DAY = dt.date(2026, 11, 30)  # a Monday
FACILITIES = ("pkm-sumber", "pkm-bulu", "pkm-gunem")
WALK_INS = 20  # at the loket: kiosk and desk, then handed over to the poli
BOOKINGS = 22  # for the poli umum, made the evening before
CANCELLED = 2  # of the bookings: not visits
NEVER_CAME = 3  # of the bookings: no-shows once the day is over
SKIPPED_AT_CALLS = (5, 10)  # the poli's 5th and 10th call find nobody
SURVEYED = 4  # the first visits done at each poli answer the survey


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A clerk's sign-in lasts the morning (the console renews its token; this test does not)."""
    return settings.model_copy(update={"token_minutes": 8 * 60})


@dataclass
class Day:
    """What the test did, kept to work out the figures."""

    channels: Counter[tuple[str, str]] = field(default_factory=Counter)  # (facility, channel)
    no_shows: Counter[tuple[str, str]] = field(default_factory=Counter)
    waits: dict[tuple[str, WaitStage], list[float]] = field(default_factory=dict)
    hours: Counter[tuple[str, int]] = field(default_factory=Counter)
    used: Counter[tuple[str, str]] = field(default_factory=Counter)  # (facility, jkn/non_jkn/walkin)
    surveys: dict[str, list[dict[SkmElement, int]]] = field(default_factory=dict)

    def wait(self, facility: str, stage: WaitStage, start: dt.datetime, end: dt.datetime) -> None:
        self.waits.setdefault((facility, stage), []).append((end - start).total_seconds() / 60)


def minute(hour: int, m: int) -> dt.datetime:
    return wib(2026, 11, 30, hour, 0) + dt.timedelta(minutes=m)


async def run_facility(
    k: int, facility: str, clock: FakeClock, make_client: Callable[..., ApiClient], day: Day,
) -> None:
    """One puskesmas's Monday; facility `k` calls its loket 5·k minutes later."""
    citizen = make_client()
    kiosk = make_client(kiosk_key=f"demo-kiosk-{facility}")
    clerk = make_client()
    loket = await service_id(citizen, facility, "loket")
    poli = await service_id(citizen, facility, "poli-umum")

    # Sunday evening: 22 bookings for Monday's poli umum, two cancelled later that evening.
    clock.set(2026, 11, 29, 19, 0)
    booked = []
    for j in range(BOOKINGS):
        payer = Payer.jkn if j % 3 else Payer.non_jkn
        made = await citizen.bookings.create(
            service_id=poli, service_date=DAY, payer=payer,
            patient=patient(1000 * k + j + 1, phone=f"0812-3456-{7000 + 100 * k + j:04d}"),
            consent_version="2026-11", idempotency_key=new_idempotency_key(),
            channel=Channel.web if j % 2 else Channel.app,
        )
        booked.append(made)
    for made in booked[:CANCELLED]:
        await citizen.bookings.cancel(made.booking_code)
    coming, absent = booked[CANCELLED:-NEVER_CAME], booked[-NEVER_CAME:]
    for made in booked[CANCELLED:]:
        day.channels[facility, made.channel] += 1
        day.used[facility, made.payer or ""] += 1
    for made in absent:
        day.no_shows[facility, made.channel] += 1  # counted once the day has passed

    # Monday 07:30–08:08 (the doors open at 07:30): a walk-in every two minutes, at the
    # kiosk or the clerk's desk.
    arrived_at: dict[str, dt.datetime] = {}  # booking code → at the current service since
    walk_ins = []
    clock.set(2026, 11, 30, 7, 25)
    await clerk.staff.login(f"admin.{facility}", "rembang-demo")
    for i in range(WALK_INS):
        clock.now = minute(7, 30 + 2 * i)
        source = kiosk if i % 3 else clerk
        ticket = await source.bookings.walk_in(service_id=loket, idempotency_key=new_idempotency_key())
        walk_ins.append(ticket)
        arrived_at[ticket.booking_code] = clock.now
        day.channels[facility, ticket.channel] += 1
        day.hours[facility, clock.now.hour] += 1
        day.used[facility, "walkin"] += 1

    # The loket calls each walk-in (in arrival order), serves two minutes, sends to the poli.
    for i, ticket in enumerate(walk_ins):
        clock.now = minute(7, 40 + 5 * k + 3 * i)
        called = await clerk.staff.call_next(loket, counter="Loket 1")
        assert called is not None and called.ticket_id == ticket.ticket.ticket_id
        day.wait(facility, WaitStage.loket_wait, arrived_at[ticket.booking_code], clock.now)
        called_at = clock.now
        clock.now += dt.timedelta(minutes=2)
        await clerk.staff.transfer(called.ticket_id, to_service_id=poli)
        day.wait(facility, WaitStage.loket_service, called_at, clock.now)
        arrived_at[ticket.booking_code] = clock.now

    # 09:00–09:32: the booked patients who came check in at the desk, one every two minutes.
    for j, made in enumerate(coming):
        clock.now = minute(9, 2 * j)
        await clerk.bookings.check_in_at_facility(made.booking_code)
        arrived_at[made.booking_code] = clock.now
        day.hours[facility, clock.now.hour] += 1

    # From 10:00 the poli calls every four minutes; each patient takes three.
    current = {await ticket_of(clerk, code): code for code in arrived_at}
    channel_of = {b.booking_code: b.channel for b in [*walk_ins, *coming]}
    done_codes = []
    for call in range(1, len(current) + 1):
        clock.now = minute(10, 4 * call)
        called = await clerk.staff.call_next(poli, counter="Ruang 1")
        assert called is not None
        code = current[called.ticket_id]
        day.wait(facility, WaitStage.poli_wait, arrived_at[code], clock.now)
        if call in SKIPPED_AT_CALLS:
            await clerk.staff.skip(called.ticket_id)
            day.no_shows[facility, channel_of[code]] += 1
            continue
        called_at = clock.now
        clock.now += dt.timedelta(minutes=3)
        await clerk.staff.done(called.ticket_id)
        day.wait(facility, WaitStage.poli_service, called_at, clock.now)
        done_codes.append(code)

    # The first patients done answer the survey, each a little differently.
    day.surveys[facility] = []
    for n, code in enumerate(done_codes[:SURVEYED]):
        scores = {e: 4 - (n + i + k) % 3 for i, e in enumerate(SkmElement)}
        await citizen.feedback.give(code, scores=scores, idempotency_key=new_idempotency_key())
        day.surveys[facility].append(scores)


async def ticket_of(client: ApiClient, booking_code: str) -> int:
    return (await client.bookings.get(booking_code)).ticket.ticket_id


def p90(values: list[float]) -> float:
    return sorted(values)[math.ceil(0.9 * len(values)) - 1]


def skm_index(responses: list[dict[SkmElement, int]]) -> float:
    """Mean of the nine element means, ×25 (PermenPANRB 14/2017 with the exact 1/9)."""
    means = [statistics.fmean(r[e] for r in responses) for e in SkmElement]
    return round(statistics.fmean(means) * 25 + 1e-9, 2)


def assert_figures(report: Dashboard, day: Day, facilities: tuple[str, ...]) -> None:
    def count(counter: Counter[tuple[str, str]], channel: str) -> int:
        return sum(n for (f, c), n in counter.items() if f in facilities and c == channel)

    by_channel = {c.channel: c for c in report.channels}
    visits = sum(count(day.channels, c) for c in Channel)
    assert report.visits == visits == 40 * len(facilities)
    for channel in Channel:
        assert by_channel[channel].visits == count(day.channels, channel), channel
    waits = {w.stage: w for w in report.waits}
    for stage in (WaitStage.loket_wait, WaitStage.loket_service, WaitStage.poli_wait, WaitStage.poli_service):
        values = [v for f in facilities for v in day.waits[f, stage]]
        assert waits[stage].visits == len(values), stage
        assert waits[stage].median_minutes == pytest.approx(round(statistics.median(values), 1)), stage
        assert waits[stage].p90_minutes == pytest.approx(round(p90(values), 1)), stage
    assert waits[WaitStage.apotek_wait].visits == 0  # nobody was sent to the apotek
    hours = {h.hour: h.visits for h in report.hours}
    assert {h: n for h, n in hours.items() if n} == {
        h: sum(n for (f, hh), n in day.hours.items() if f in facilities and hh == h) for h in (7, 8, 9)
    }
    [quota] = report.quota
    assert (quota.used_jkn, quota.used_non_jkn, quota.used_walkin) == (
        sum(day.used[f, Payer.jkn] for f in facilities),
        sum(day.used[f, Payer.non_jkn] for f in facilities),
        sum(day.used[f, "walkin"] for f in facilities),
    )
    responses = [r for f in facilities for r in day.surveys[f]]
    assert report.skm.respondents == len(responses)
    assert float(report.skm.index or 0) == pytest.approx(skm_index(responses))
    assert report.demo_visits == 0


def expected_no_shows(facilities: tuple[str, ...], *, day_over: bool) -> int:
    """Skipped when called; and, once the day is over, booked and never came."""
    return (len(SKIPPED_AT_CALLS) + (NEVER_CAME if day_over else 0)) * len(facilities)


@pytest.fixture
async def real_day(clock: FakeClock, make_client: Callable[..., ApiClient]) -> Day:
    day = Day()
    for k, facility in enumerate(FACILITIES):
        await run_facility(k, facility, clock, make_client, day)
    return day


async def test_three_puskesmas_and_the_regency_add_up_from_what_happened(
    real_day: Day, clock: FakeClock, make_client: Callable[..., ApiClient],
):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    clock.set(2026, 11, 30, 16, 0)  # the same afternoon: the absent are not no-shows yet
    await dinkes.staff.login("dinkes", "rembang-demo")
    for facilities in [(f,) for f in FACILITIES] + [FACILITIES]:
        report = await dinkes.dashboard.get(
            facility_id=facilities[0] if len(facilities) == 1 else None, date_from=DAY, date_to=DAY,
        )
        assert_figures(report, real_day, facilities)
        assert report.previous is None  # no visit before this Monday: nothing to compare with
        assert report.no_shows == expected_no_shows(facilities, day_over=False)

    clock.set(2026, 12, 1, 8, 0)  # Tuesday: Monday's bookings nobody came for are no-shows
    await dinkes.staff.login("dinkes", "rembang-demo")
    report = await dinkes.dashboard.get(facility_id=None, date_from=DAY, date_to=DAY)
    assert_figures(report, real_day, FACILITIES)
    assert report.no_shows == expected_no_shows(FACILITIES, day_over=True)
    by_channel = {c.channel: c.no_shows for c in report.channels}
    assert by_channel == {c: sum(n for (f, cc), n in real_day.no_shows.items() if cc == c) for c in Channel}


async def test_the_next_day_is_compared_with_the_day_before(
    real_day: Day, clock: FakeClock, make_client: Callable[..., ApiClient],
):  # type: ignore[no-untyped-def]
    clock.set(2026, 12, 1, 9, 0)
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    tuesday = dt.date(2026, 12, 1)
    report = await dinkes.dashboard.get(facility_id=None, date_from=tuesday, date_to=tuesday)
    before = report.previous
    assert report.visits == 0 and before is not None
    assert (before.date_from, before.date_to) == (DAY, DAY)
    assert before.visits == 120
    missed = expected_no_shows(FACILITIES, day_over=True)
    assert before.no_show_rate == pytest.approx(round(100 * missed / 120, 1))
    poli = [v for f in FACILITIES for v in real_day.waits[f, WaitStage.poli_wait]]
    assert before.poli_wait_p90_minutes == pytest.approx(round(p90(poli), 1))
    responses = [r for f in FACILITIES for r in real_day.surveys[f]]
    assert before.skm_respondents == len(responses)
    assert before.skm_index == pytest.approx(skm_index(responses))


async def test_twelve_weeks_end_with_the_week_of_the_day(
    real_day: Day, clock: FakeClock, make_client: Callable[..., ApiClient],
):  # type: ignore[no-untyped-def]
    clock.set(2026, 12, 1, 9, 0)
    dinkes, admin = make_client(), make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    await admin.staff.login("admin.pkm-sumber", "rembang-demo")

    trends = await dinkes.dashboard.weekly(date_to=DAY)
    assert trends.regency is not None and len(trends.facilities) == 20  # every facility, each a line
    by_id = {line.facility_id: line for line in trends.facilities}
    for line in [*trends.facilities, trends.regency]:
        assert len(line.weeks) == 12
        assert (line.weeks[0].date_from, line.weeks[-1].date_to) == (dt.date(2026, 9, 8), DAY)
        assert all(week.visits == 0 and week.no_show_rate is None for week in line.weeks[:-1])
    poli = [v for f in FACILITIES for v in real_day.waits[f, WaitStage.poli_wait]]
    last = trends.regency.weeks[-1]
    missed = expected_no_shows(FACILITIES, day_over=True)
    assert (last.visits, last.no_show_rate) == (120, round(100 * missed / 120, 1))
    assert last.poli_wait_p90_minutes == pytest.approx(round(p90(poli), 1))
    for facility in FACILITIES:
        week = by_id[facility].weeks[-1]
        assert week.visits == 40
        assert week.skm_index == pytest.approx(skm_index(real_day.surveys[facility]))
    assert by_id["pkm-lasem"].weeks[-1].visits == 0

    own = await admin.dashboard.weekly(facility_id="pkm-sumber", date_to=DAY)
    assert [line.facility_id for line in own.facilities] == ["pkm-sumber"] and own.regency is None
    assert own.facilities[0].weeks == by_id["pkm-sumber"].weeks
    with pytest.raises(Forbidden):
        await admin.dashboard.weekly(facility_id="pkm-bulu", date_to=DAY)
    with pytest.raises(Forbidden):
        await admin.dashboard.weekly(date_to=DAY)
