"""Demo history: a few weeks of realistic past visits, so the Dinkes dashboard has
something to show on a fresh demo system.

It writes the real tables (visit, ticket, task_time, service_day, survey) in the shapes the
booking and queue services write them, without going through them one request at
a time (that would take minutes): bookings from the app and the web days ahead,
walk-ins from the kiosk and the loket on the day, JKN and Umum quotas, both lanes,
loket → poli → apotek with the BPJS task times (1–7, 99) the queue actions record
(`server.queue.rules`), SKM survey answers for one finished visit in five (most with
the respondent's profile),
cancellations, bookings nobody came for, patients skipped
when called, Monday peaks, the 07–10 WIB morning rush, and closed Sundays, national
holidays and cuti bersama (`Directory.service_closed_reason`); the UGD stays open.

How demo rows are marked (and how to remove them):
- every generated visit has `consent_version = DEMO_MARK` ("demo-history"); no real
  booking has it (real ones carry the consent text's version, walk-ins none), and
  every generated ticket is `called_by = DEMO_MARK`;
- synthetic patients have NIKs `331799…`: kabupaten Rembang, kecamatan 99, which
  does not exist (Rembang has 14), so they can never be a real person's. Their data
  is sealed by the vault and hashed for look-ups exactly like real patients'.

It runs at start-up only with demo data on (`LSR_DEMO=true`; production is off), in
the process that serves the web app, and never twice: it stops when a visit with
the mark exists. A facility-day that already has real visits is left alone.
The same seed and the same `today` give the same history. The rows themselves are
written by `server.seed.history_rows`.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.identity import mask_nik
from api_client.models import (
    AgeGroup,
    Channel,
    Education,
    Job,
    Lane,
    Payer,
    PriorityReason,
    ServiceKind,
    Sex,
    SkmElement,
    TicketStatus,
)
from server.clock import WIB, service_date_of
from server.facilities.directory import Directory, ServiceInfo
from server.feedback.tables import SCORE_COLUMNS
from server.queue.rules import TASK_CANCELLED, Waiting, pick_next, task_on_arrival, task_on_call, task_on_done
from server.queue.tables import VisitRow
from server.seed.history_rows import DEMO_MARK, Patient, Stop, Visit, write_visits
from server.vault import Vault

if TYPE_CHECKING:
    from server.state import AppState

log = logging.getLogger(__name__)

DEMO_NIK_PREFIX = "331799"
DEFAULT_SEED = 3317
PATIENTS_PER_FACILITY = 260
WEEKDAY_LOAD = {0: 1.35, 1: 1.1, 2: 1.0, 3: 0.95, 4: 0.75, 5: 0.85, 6: 0.6}
FIRST_NAMES = ("Siti", "Sri", "Dwi", "Tri", "Eko", "Budi", "Agus", "Slamet", "Sutrisno", "Wahyu",
               "Rina", "Yuli", "Ani", "Nur", "Ahmad", "Muhammad", "Endang", "Sumarni", "Joko",
               "Suparmi", "Rudi", "Dewi", "Lestari", "Bambang", "Puji", "Fitri", "Umi", "Heru")
LAST_NAMES = ("Aminah", "Wahyuni", "Rahayu", "Susanto", "Purnomo", "Setiawan", "Handayani",
              "Hidayat", "Kurniawan", "Lestari", "Santoso", "Utami", "Prasetyo", "Nugroho",
              "Wulandari", "Mulyani", "Saputra", "Fauzi", "Maharani", "Hartono")
# Who answers the survey at a rural puskesmas, roughly (column → category → weight).
RESPONDENTS: dict[str, dict[StrEnum, float]] = {
    "age_group": {AgeGroup.upto_20: 8, AgeGroup.from_21_to_30: 20, AgeGroup.from_31_to_40: 22,
                  AgeGroup.from_41_to_50: 18, AgeGroup.from_51_to_60: 16, AgeGroup.over_60: 16},
    "sex": {Sex.female: 62, Sex.male: 38},
    "education": {Education.none: 6, Education.sd: 30, Education.smp: 25, Education.sma: 28,
                  Education.diploma: 4, Education.s1: 6, Education.s2_up: 1},
    "job": {Job.farmer_fisher: 28, Job.homemaker: 24, Job.entrepreneur: 14, Job.private: 12,
            Job.student: 7, Job.civil_servant: 4, Job.none: 7, Job.other: 4},
}


@dataclass(frozen=True)
class HistorySummary:
    first_day: dt.date
    last_day: dt.date
    visits: int
    tickets: int


def seed_demo_history(state: AppState) -> HistorySummary | None:
    """At start-up, with demo data on: the weeks before today, once."""
    if not state.settings.demo or state.settings.demo_history_days <= 0:
        return None
    with state.db.write_transaction() as session:
        return generate_history(
            session=session, directory=state.directory, vault=state.vault,
            today=service_date_of(state.clock()), days=state.settings.demo_history_days,
        )


def history_exists(*, session: Session) -> bool:
    marked = select(VisitRow.id).where(VisitRow.consent_version == DEMO_MARK).limit(1)
    return session.scalar(marked) is not None


def generate_history(
    *, session: Session, directory: Directory, vault: Vault, today: dt.date, days: int = 28,
    seed: int = DEFAULT_SEED,
) -> HistorySummary | None:
    """Write `days` days of visits before `today` (WIB), unless demo history exists."""
    if days <= 0 or history_exists(session=session):
        return None
    first = today - dt.timedelta(days=days)
    taken = set(session.execute(
        select(VisitRow.facility_id, VisitRow.service_date).distinct().where(
            (VisitRow.service_date >= first) & (VisitRow.service_date < today)
        )
    ).all())
    visits: list[Visit] = []
    for facility_id, info in directory.facilities.items():
        # Seeded pseudo-random on purpose: demo data, the same every time (not secrets).
        pool = _patients(vault, random.Random(f"{seed}:{facility_id}:patients"))  # noqa: S311
        quality = random.Random(f"{seed}:{facility_id}:quality").uniform(2.6, 3.7)  # noqa: S311
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            if (facility_id, day) in taken:
                continue
            rng = random.Random(f"{seed}:{facility_id}:{day.isoformat()}")  # noqa: S311
            today_visits = _facility_day(directory, info.services, day, rng, pool, progress=offset / days)
            _answer_surveys(rng, today_visits, quality,
                            random.Random(f"{seed}:{facility_id}:{day.isoformat()}:respondents"))  # noqa: S311
            visits += today_visits
    tickets = write_visits(session=session, visits=visits)
    log.info("demo history: %d visits, %d tickets, %s to %s", len(visits), tickets, first,
             today - dt.timedelta(days=1))
    return HistorySummary(first, today - dt.timedelta(days=1), len(visits), tickets)


# ------------------------------------------------------------------ patients


def _patients(vault: Vault, rng: random.Random) -> list[Patient]:
    out = []
    for serial in range(1, PATIENTS_PER_FACILITY + 1):
        woman = rng.random() < 0.6
        birth = dt.date(rng.randint(1945, 2024), rng.randint(1, 12), rng.randint(1, 28))
        nik = f"{DEMO_NIK_PREFIX}{birth.day + (40 if woman else 0):02d}{birth:%m%y}{serial:04d}"
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        phone = f"+62899{rng.randint(10_000_000, 99_999_999)}"
        jkn = rng.random() < 0.75
        sealed = {
            "name_sealed": vault.seal(name, purpose="name"),
            "nik_sealed": vault.seal(nik, purpose="nik"),
            "phone_sealed": vault.seal(phone, purpose="phone"),
            "birth_date_sealed": vault.seal(birth.isoformat(), purpose="birth_date"),
        }
        if jkn:
            sealed["bpjs_sealed"] = vault.seal(f"99{rng.randint(0, 10**11 - 1):011d}", purpose="bpjs")
        out.append(Patient(
            key=vault.lookup_key(nik, purpose="nik"), phone_key=vault.lookup_key(phone, purpose="phone"),
            sealed=sealed, name_masked=" ".join(w[0] + "*" * (len(w) - 1) for w in name.split()),
            nik_masked=mask_nik(nik), jkn=jkn,
        ))
    return out


# ------------------------------------------------------------- one facility-day


def _facility_day(
    directory: Directory, services: list[ServiceInfo], day: dt.date, rng: random.Random,
    pool: list[Patient], *, progress: float,
) -> list[Visit]:
    def open_(s: ServiceInfo) -> bool:
        return directory.service_closed_reason(s, day) is None and day.weekday() in s.hours

    loket = next((s for s in services if s.kind is ServiceKind.loket and open_(s)), None)
    polis = [s for s in services if s.kind is ServiceKind.poli and open_(s)]
    apotek = next((s for s in services if s.kind is ServiceKind.apotek and open_(s)), None)
    ugd = next((s for s in services if s.kind is ServiceKind.ugd), None)
    patients = iter(rng.sample(pool, len(pool)))  # nobody twice a day: one active visit each
    visits: list[Visit] = []
    if loket is not None and polis:
        load = WEEKDAY_LOAD[day.weekday()] * rng.uniform(0.85, 1.15)
        taken: Counter[tuple[int, str]] = Counter()  # quota places, as allocation counts them
        for _ in range(round(loket.quotas_on(day).walkin * 0.55 * load)):
            visit = _new_visit(rng, day, loket, polis, patients, progress, taken)
            if visit is not None:
                visits.append(visit)
        _simulate(rng, visits, loket, polis, apotek)
    if ugd is not None:
        visits += _ugd_visits(rng, day, ugd, patients)
    return visits


def _weights(polis: list[ServiceInfo], day: dt.date) -> list[float]:
    return [sum(vars(s.quotas_on(day)).values()) for s in polis]


def _arrival(rng: random.Random, service: ServiceInfo, day: dt.date) -> dt.datetime:
    """The morning rush: most people come 07–10 WIB; never before opening."""
    opens, closes = service.hours[day.weekday()]
    if rng.random() < 0.75:
        minute = rng.gauss(8 * 60 + 10, 50)
    else:
        minute = rng.uniform(opens, closes)
    minute = min(max(minute, opens + rng.uniform(0, 5)), closes - 10)
    return dt.datetime.combine(day, dt.time(0), WIB) + dt.timedelta(minutes=minute)


def _lane(rng: random.Random) -> tuple[Lane, str | None]:
    if rng.random() < 0.14:
        reason = rng.choices(list(PriorityReason), weights=[6, 2, 2, 1])[0]
        return Lane.priority, reason.value
    return Lane.regular, None


DEMO_CHANNELS = [Channel.app, Channel.web, Channel.kiosk, Channel.desk]
"""The demo history's channels (no Mobile JKN: that needs a facility's BPJS bridge)."""


def _new_visit(
    rng: random.Random, day: dt.date, loket: ServiceInfo, polis: list[ServiceInfo],
    patients: Iterable[Patient], progress: float, taken: Counter[tuple[int, str]],
) -> Visit | None:
    """One person's visit: a booking from the app or web, or a walk-in at the kiosk or loket.
    More people book by app as the weeks go by."""
    app_share = 0.16 + 0.12 * progress
    channel = rng.choices(DEMO_CHANNELS, weights=[app_share, 0.08, 0.32, 0.44 - app_share])[0]
    patient = next(iter(patients), None)
    lane, reason = _lane(rng)
    arrival = _arrival(rng, loket, day)
    if channel in (Channel.app, Channel.web):
        bookable = [s for s in polis if s.online] or polis
        service = rng.choices(bookable, weights=_weights(bookable, day))[0]
        payer = Payer.jkn if patient and patient.jkn else Payer.non_jkn
        quotas = service.quotas_on(day)
        quota = quotas.jkn if payer is Payer.jkn else quotas.non_jkn
        if taken[service.id, payer.value] < quota and patient is not None:
            created = dt.datetime.combine(day - dt.timedelta(days=rng.randint(1, 6)), dt.time(0), WIB) \
                + dt.timedelta(minutes=rng.uniform(5 * 60, 22 * 60))
            visit = Visit(loket.facility_id, day, channel, payer, patient, created, None, active=True)
            stop = Stop(service, lane, reason, created, None)
            visit.stops.append(stop)
            fate = rng.random()
            taken[service.id, payer.value] += fate >= 0.04  # a cancellation gives its place back
            if fate < 0.04:  # cancelled by the patient before the day
                stop.status, visit.active = TicketStatus.cancelled, False
                stop.finished_at = created + (arrival - created) * rng.uniform(0.2, 0.9)
                visit.task(TASK_CANCELLED, stop.finished_at)
            elif fate < 0.13:  # booked and never came: stays booked
                pass
            else:  # checked in at the kiosk or the loket on arrival
                visit.checked_in_at = stop.checked_in_at = arrival
                stop.status = TicketStatus.checked_in
                visit.task(task_on_arrival(service.kind), arrival)
            return visit
        channel = Channel.desk  # quota full: comes and queues at the loket anyway
    # A walk-in: most at the loket, some straight to a poli that takes walk-ins.
    direct = [s for s in polis if s.walkin]
    by_quota = _weights(direct, day)
    service = rng.choices(direct, weights=by_quota)[0] if direct and rng.random() < 0.2 else loket
    if taken[service.id, "walkin"] >= service.quotas_on(day).walkin:
        return None  # refused: walk-in quota used up
    taken[service.id, "walkin"] += 1
    walkin_patient = patient if rng.random() < 0.6 else None  # the NIK is optional
    visit = Visit(loket.facility_id, day, channel, None, walkin_patient, arrival, arrival, active=True)
    visit.stops.append(Stop(service, lane, reason, arrival, arrival, TicketStatus.checked_in))
    visit.task(task_on_arrival(service.kind), arrival)
    return visit


def _ugd_visits(
    rng: random.Random, day: dt.date, ugd: ServiceInfo, patients: Iterable[Patient]
) -> list[Visit]:
    """Emergencies, day and night, every day: never refused for a quota."""
    out = []
    for _ in range(rng.randint(2, 8)):
        minute = rng.uniform(0, 1440) if rng.random() < 0.6 else rng.gauss(19 * 60, 120) % 1440
        at = dt.datetime.combine(day, dt.time(0), WIB) + dt.timedelta(minutes=minute)
        lane, reason = _lane(rng)
        patient = next(iter(patients), None)
        visit = Visit(ugd.facility_id, day, Channel.desk, None, patient, at, at, active=True)
        stop = Stop(ugd, lane, reason, at, at, TicketStatus.checked_in)
        visit.stops.append(stop)
        visit.task(task_on_arrival(ugd.kind), at)
        called = at + dt.timedelta(minutes=rng.uniform(1, 12))
        _serve(visit, stop, called, called + dt.timedelta(minutes=rng.lognormvariate(3.0, 0.4)), "IGD 1")
        _close(visit, stop, stop.finished_at)  # type: ignore[arg-type]
        out.append(visit)
    return out


def _answer_surveys(
    rng: random.Random, visits: list[Visit], quality: float, respondents: random.Random
) -> None:
    """About one in five finished visits answers the SKM survey (1–4 per element);
    each facility has its own level, so the bands differ between them. The respondent's
    profile (its own random stream, so the answers stay as they were) is skipped now
    and then, question by question."""
    for visit in visits:
        if visit.stops[-1].status is TicketStatus.done and rng.random() < 0.2:
            visit.survey = {
                column: min(4, max(1, round(rng.gauss(quality + (0.3 if element is SkmElement.biaya else 0),
                                                      0.55))))
                for element, column in SCORE_COLUMNS.items()
            }
            visit.survey.update({
                column: respondents.choices(list(weights), list(weights.values()))[0].value
                if respondents.random() < 0.8 else None
                for column, weights in RESPONDENTS.items()
            })


# ---------------------------------------------------------------- the queues


def _serve(visit: Visit, stop: Stop, called: dt.datetime, done: dt.datetime, counter: str) -> None:
    stop.status, stop.counter, stop.called_at = TicketStatus.called, counter, called
    stop.serving_at = called + dt.timedelta(seconds=40)
    stop.finished_at = done
    visit.task(task_on_call(stop.service.kind), called)


def _close(visit: Visit, stop: Stop, at: dt.datetime) -> None:
    stop.status = TicketStatus.done
    visit.active = False
    visit.task(task_on_done(stop.service.kind), at)


def _send_on(visit: Visit, stop: Stop, to: ServiceInfo) -> Stop:
    """A transfer: the ticket ends `transferred`, a new checked-in ticket starts at `to`."""
    at = stop.finished_at
    assert at is not None
    stop.status = TicketStatus.transferred
    visit.task(task_on_done(stop.service.kind), at)
    moved = Stop(to, stop.lane, stop.reason, at, at, TicketStatus.checked_in)
    visit.stops.append(moved)
    visit.task(task_on_arrival(to.kind), at)
    return moved


def _run_queue(rng: random.Random, service: ServiceInfo, waiting: list[tuple[Visit, Stop]],
               counters: int, label: str) -> list[tuple[Visit, Stop]]:
    """At `counters` counters, by the queue's rule among those who have arrived
    (`rules.pick_next`: the priority lane with its run limit, then the lowest number,
    numbers going by the time they were issued); the served, in finishing order.
    About 2 in 100 are not there when called (skipped: no-show, task 99)."""
    by_issue = sorted(range(len(waiting)), key=lambda i: waiting[i][1].issued_at)
    places = [Waiting(ticket_id=i, number=rank, lane=waiting[i][1].lane)
              for rank, i in enumerate(by_issue, start=1)]
    pending = sorted(places, key=lambda w: waiting[w.ticket_id][1].checked_in_at)  # type: ignore[arg-type,return-value]
    free = [dt.datetime.min.replace(tzinfo=WIB)] * counters
    present: list[Waiting] = []
    served, streak = [], 0
    while pending or present:
        n = min(range(counters), key=lambda i: free[i])
        while pending and waiting[pending[0].ticket_id][1].checked_in_at <= free[n]:  # type: ignore[operator]
            present.append(pending.pop(0))
        if not present:  # idle until the next patient arrives
            free[n] = waiting[pending[0].ticket_id][1].checked_in_at  # type: ignore[assignment]
            continue
        chosen, streak = pick_next(present, streak)
        assert chosen is not None
        present.remove(chosen)
        visit, stop = waiting[chosen.ticket_id]
        called = free[n] + dt.timedelta(seconds=rng.uniform(10, 60))
        minutes = rng.lognormvariate(0, 0.35) * service.setting_on(visit.day).avg_service_minutes
        if rng.random() < 0.02:
            stop.status, stop.counter, stop.called_at = TicketStatus.no_show, f"{label} {n + 1}", called
            stop.finished_at = called + dt.timedelta(minutes=2)
            visit.active = False
            visit.task(task_on_call(service.kind), called)
            visit.task(TASK_CANCELLED, stop.finished_at)
            free[n] = stop.finished_at
            continue
        _serve(visit, stop, called, called + dt.timedelta(minutes=minutes), f"{label} {n + 1}")
        free[n] = stop.finished_at  # type: ignore[assignment]
        served.append((visit, stop))
    return served


def _simulate(rng: random.Random, visits: list[Visit], loket: ServiceInfo, polis: list[ServiceInfo],
              apotek: ServiceInfo | None) -> None:
    def arrived_at(service: ServiceInfo) -> list[tuple[Visit, Stop]]:
        return [(v, v.stops[-1]) for v in visits
                if v.stops[-1].service is service and v.stops[-1].status is TicketStatus.checked_in]

    at_loket = arrived_at(loket)
    walk_polis = [s for s in polis if s.walkin] or polis
    for visit, stop in _run_queue(rng, loket, at_loket, 2 if len(at_loket) > 45 else 1, "Loket"):
        _send_on(visit, stop, rng.choices(walk_polis, weights=_weights(walk_polis, visit.day))[0])
    to_apotek: list[tuple[Visit, Stop]] = []
    for poli in polis:
        waiting = arrived_at(poli)
        for visit, stop in _run_queue(rng, poli, waiting, 2 if len(waiting) > 40 else 1, "Ruang"):
            if apotek is not None and rng.random() < 0.65:
                to_apotek.append((visit, _send_on(visit, stop, apotek)))
            else:
                _close(visit, stop, stop.finished_at)  # type: ignore[arg-type]
    if apotek is not None:
        for visit, stop in _run_queue(rng, apotek, to_apotek, 2 if len(to_apotek) > 40 else 1, "Apotek"):
            _close(visit, stop, stop.finished_at)  # type: ignore[arg-type]


