"""Every facility side by side (`GET /dashboard/facilities`): three puskesmas with a
known fortnight (visits, task times, quota, surveys, complaints written straight into
the tables), every figure and the regency's row worked out by hand below, the
attention list exactly when a figure is over its threshold, and who may see it.

The fortnight, 16–27 November 2026 (today is Monday 30 November):

| | Sumber | Lasem | Sulang |
|---|---|---|---|
| visits counted | 9 done, 1 booked never came (+1 cancelled) | 4 done, 1 skipped | 3 done |
| loket wait 1→2, minutes | 2 4 6 8 10 12 14 16 40 | 5 5 5 5 | 10 20 30 |
| poli wait 3→4, minutes | 5 10 15 20 25 30 35 40 45 | 30 45 60 95 | 60 60 60 |
| quota places / taken | 40 / 10 | 50 / 30 (+ its UGD, left out) | none |
| surveys | 2, every element 4 | none | 2, every element 3 |
| complaints open (overdue) | 1 (0), + 1 selesai | none | 2 (1) |

Every done visit also spends 2 min in loket service, 10 at the poli, 15 waiting at
the apotek and 5 there.
"""

from __future__ import annotations

import datetime as dt
import itertools

import httpx
import pytest

from api_client import Forbidden, Unauthorized, ValidationFailed
from api_client.models import AttentionCode, FacilityComparison, FacilityFigures, SkmBand, WaitStage
from server.complaints.deadline import respond_by
from server.complaints.tables import ComplaintRow
from server.feedback.tables import SCORE_COLUMNS, SurveyRow
from server.queue.tables import ServiceDayRow, TaskTimeRow, TicketRow, VisitRow
from tests.api.test_dashboard import csv_tables

pytestmark = pytest.mark.anyio

FIRST, LAST = dt.date(2026, 11, 16), dt.date(2026, 11, 27)
SUMBER, LASEM, SULANG = "pkm-sumber", "pkm-lasem", "pkm-sulang"
OTHER_STAGES = {2: 2, 4: 10, 5: 15, 6: 5}  # loket service, poli service, apotek wait, apotek service
LOKET = {SUMBER: [2, 4, 6, 8, 10, 12, 14, 16, 40], LASEM: [5, 5, 5, 5], SULANG: [10, 20, 30]}
POLI = {SUMBER: [5, 10, 15, 20, 25, 30, 35, 40, 45], LASEM: [30, 45, 60, 95], SULANG: [60, 60, 60]}


class Writer:
    """Rows as the booking, queue, survey and complaint services leave them."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.state = app.state.lsr
        self.codes = (f"TEST{n:04d}" for n in itertools.count(1))
        self.numbers = itertools.count(1)

    def service(self, facility_id: str, kind: str) -> int:
        services = self.state.directory.facilities[facility_id].services
        return next(s.id for s in services if s.kind.value == kind)

    def visit(self, session, facility_id: str, status: str, *, day: dt.date = FIRST,  # type: ignore[no-untyped-def]
              loket: float | None = None, poli: float | None = None) -> VisitRow:
        service_id = self.service(facility_id, "poli")
        start = dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC)  # 08:00 WIB
        visit = VisitRow(booking_code=next(self.codes), facility_id=facility_id, service_id=service_id,
                         service_date=day, channel="app", active=False,
                         created_at=start - dt.timedelta(days=1))
        session.add(visit)
        session.flush()
        ticket = TicketRow(visit_id=visit.id, service_id=service_id, service_date=day,
                           number=next(self.numbers), lane="regular", status=status,
                           issued_at=visit.created_at)
        session.add(ticket)
        session.flush()
        visit.current_ticket_id = ticket.id
        if loket is not None and poli is not None:
            minutes = {1: loket, 3: poli, **OTHER_STAGES}  # the minutes from task n to n + 1
            at = start
            for task in range(1, 8):
                session.add(TaskTimeRow(visit_id=visit.id, task_id=task, recorded_at=at))
                at += dt.timedelta(minutes=minutes.get(task, 0))
        return visit

    def survey(self, session, visit: VisitRow, score: int) -> None:  # type: ignore[no-untyped-def]
        session.add(SurveyRow(
            visit_id=visit.id, facility_id=visit.facility_id, service_id=visit.service_id,
            service_date=visit.service_date, channel="app",
            submitted_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
            **dict.fromkeys(SCORE_COLUMNS.values(), score),
        ))

    def quota(self, session, facility_id: str, kind: str, *, quota: tuple[int, int, int],  # type: ignore[no-untyped-def]
              used: tuple[int, int, int]) -> None:
        session.add(ServiceDayRow(
            service_id=self.service(facility_id, kind), service_date=dt.date(2026, 11, 18),
            last_number=sum(used),
            quota_jkn=quota[0], quota_non_jkn=quota[1], quota_walkin=quota[2],
            used_jkn=used[0], used_non_jkn=used[1], used_walkin=used[2],
        ))

    def complaint(self, session, facility_id: str, *, received: dt.date, status: str = "diterima") -> None:  # type: ignore[no-untyped-def]
        at = dt.datetime.combine(received, dt.time(3, 0), tzinfo=dt.UTC)
        session.add(ComplaintRow(
            tracking_code=next(self.codes), facility_id=facility_id, category="antrean",
            text="Menunggu terlalu lama di poli.", status=status, channel="app", created_at=at,
            respond_by=respond_by(received), updated_at=at, answered=status != "diterima",
        ))


@pytest.fixture
def fortnight(app) -> None:  # type: ignore[no-untyped-def]
    """The table in the module's docstring."""
    rows = Writer(app)
    with app.state.lsr.db.write_transaction() as session:
        for facility_id in (SUMBER, LASEM, SULANG):
            done = [rows.visit(session, facility_id, "done", loket=loket, poli=poli)
                    for loket, poli in zip(LOKET[facility_id], POLI[facility_id], strict=True)]
            if facility_id == SUMBER:
                rows.visit(session, SUMBER, "booked", day=dt.date(2026, 11, 20))  # never came: a no-show
                rows.visit(session, SUMBER, "cancelled")  # not a visit
                rows.visit(session, SUMBER, "done", day=dt.date(2026, 11, 28),  # after LAST
                           loket=500, poli=500)
                for visit in done[:2]:
                    rows.survey(session, visit, 4)
            if facility_id == LASEM:
                rows.visit(session, LASEM, "no_show")  # skipped when called
            if facility_id == SULANG:
                for visit in done[:2]:
                    rows.survey(session, visit, 3)
        rows.quota(session, SUMBER, "poli", quota=(20, 10, 10), used=(8, 2, 0))
        rows.quota(session, LASEM, "poli", quota=(30, 10, 10), used=(20, 6, 4))
        rows.quota(session, LASEM, "ugd", quota=(100, 100, 100), used=(1, 1, 1))  # the UGD is left out
        rows.complaint(session, SUMBER, received=dt.date(2026, 11, 27))  # due Friday 4 December
        rows.complaint(session, SUMBER, received=dt.date(2026, 11, 2), status="selesai")  # finished
        rows.complaint(session, SULANG, received=dt.date(2026, 11, 16), status="diproses")  # due 23 Nov
        rows.complaint(session, SULANG, received=dt.date(2026, 11, 27))


async def compared(make_client) -> FacilityComparison:  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    return await dinkes.dashboard.compare(date_from=FIRST, date_to=LAST)


def row(report: FacilityComparison, facility_id: str) -> FacilityFigures:
    return next(r for r in report.facilities if r.facility_id == facility_id)


def waits(figures: FacilityFigures) -> dict[WaitStage, tuple[int, float | None, float | None]]:
    return {w.stage: (w.visits, w.median_minutes, w.p90_minutes) for w in figures.waits}


async def test_each_facility_has_its_own_figures(fortnight, make_client):  # type: ignore[no-untyped-def]
    report = await compared(make_client)
    sumber, lasem, sulang = row(report, SUMBER), row(report, LASEM), row(report, SULANG)
    assert (sumber.visits, sumber.no_shows, sumber.no_show_rate) == (10, 1, 10.0)
    assert (lasem.visits, lasem.no_shows, lasem.no_show_rate) == (5, 1, 20.0)
    assert (sulang.visits, sulang.no_shows, sulang.no_show_rate) == (3, 0, 0.0)
    # Nine loket waits: the median is the 5th (10), the p90 the 9th (⌈0.9·9⌉ = 9): 40.
    assert waits(sumber)[WaitStage.loket_wait] == (9, 10.0, 40.0)
    assert waits(sumber)[WaitStage.poli_wait] == (9, 25.0, 45.0)
    # Four poli waits: median (45 + 60) / 2, p90 the 4th (⌈3.6⌉ = 4).
    assert waits(lasem)[WaitStage.poli_wait] == (4, 52.5, 95.0)
    assert waits(sulang)[WaitStage.loket_wait] == (3, 20.0, 30.0)
    assert waits(sulang)[WaitStage.apotek_service] == (3, 5.0, 5.0)
    assert [w.stage for w in sumber.waits] == list(WaitStage)
    assert (sumber.quota, sumber.quota_used, sumber.quota_use_rate) == (40, 10, 25.0)
    assert (lasem.quota, lasem.quota_used, lasem.quota_use_rate) == (50, 30, 60.0)
    assert (sulang.quota, sulang.quota_used, sulang.quota_use_rate) == (0, 0, None)
    assert (sumber.skm_respondents, sumber.skm_index, sumber.skm_band) == (2, 100.0, SkmBand.A)
    assert (lasem.skm_respondents, lasem.skm_index, lasem.skm_band) == (0, None, None)
    assert (sulang.skm_respondents, sulang.skm_index, sulang.skm_band) == (2, 75.0, SkmBand.C)
    assert (sumber.complaints_open, sumber.complaints_overdue) == (1, 0)
    assert (sulang.complaints_open, sulang.complaints_overdue) == (2, 1)
    assert sumber.facility_name == "Puskesmas Sumber"


async def test_every_facility_has_a_row_by_name_even_without_visits(fortnight, make_client):  # type: ignore[no-untyped-def]
    report = await compared(make_client)
    names = [r.facility_name for r in report.facilities]
    assert names == sorted(names) and len(names) == len(set(names)) >= 17
    quiet = row(report, "pkm-gunem")
    assert (quiet.visits, quiet.no_show_rate, quiet.skm_index, quiet.complaints_open) == (0, None, None, 0)
    assert all(w.visits == 0 and w.p90_minutes is None for w in quiet.waits)


async def test_the_regency_row_is_computed_over_every_visit_not_a_mean_of_rows(fortnight, make_client):  # type: ignore[no-untyped-def]
    regency = (await compared(make_client)).regency
    assert regency.facility_id is None
    # 2 no-shows of 18 visits = 11.1 % (the mean of the three rows would be 10.0 %).
    assert (regency.visits, regency.no_shows, regency.no_show_rate) == (18, 2, 11.1)
    # 16 loket waits: 2 4 5 5 5 5 6 8 | 10 10 12 14 16 20 30 40: median (8 + 10) / 2,
    # p90 the 15th (⌈14.4⌉ = 15): 30.
    assert waits(regency)[WaitStage.loket_wait] == (16, 9.0, 30.0)
    # 16 poli waits: 5 10 15 20 25 30 30 35 | 40 45 45 60 60 60 60 95.
    assert waits(regency)[WaitStage.poli_wait] == (16, 37.5, 60.0)
    assert (regency.quota, regency.quota_used, regency.quota_use_rate) == (90, 40, 44.4)
    # Four answers: two all 4, two all 3: mean 3.5 × 25 = 87.50, band B (not the mean of 100 and 75).
    assert (regency.skm_respondents, regency.skm_index, regency.skm_band) == (4, 87.5, SkmBand.B)
    assert (regency.complaints_open, regency.complaints_overdue) == (3, 1)


async def test_the_attention_list_names_exactly_the_figures_over_their_thresholds(fortnight, make_client):  # type: ignore[no-untyped-def]
    report = await compared(make_client)
    limits = report.thresholds
    assert (limits.loket_wait_p90_minutes, limits.poli_wait_p90_minutes,
            limits.no_show_percent) == (30, 60, 10)
    reasons = {a.facility_id: [(r.code, r.value, r.limit, r.band) for r in a.reasons]
               for a in report.attention}
    # Sumber: loket p90 40 > 30; its no-shows are 10.0 %, not over 10. Lasem: poli p90
    # 95 > 60 and no-shows 20 % > 10. Sulang: loket p90 and poli p90 equal to their
    # limits (not over), an overdue complaint, SKM C.
    assert reasons == {
        SUMBER: [(AttentionCode.loket_wait_p90, 40.0, 30.0, None)],
        LASEM: [(AttentionCode.poli_wait_p90, 95.0, 60.0, None),
                (AttentionCode.no_show_rate, 20.0, 10.0, None)],
        SULANG: [(AttentionCode.overdue_complaints, 1.0, 0.0, None),
                 (AttentionCode.skm_band, 75.0, None, SkmBand.C)],
    }
    # Most reasons first, then by name.
    assert [a.facility_id for a in report.attention] == [LASEM, SULANG, SUMBER]
    assert report.attention[0].facility_name == "Puskesmas Lasem"


async def test_the_thresholds_are_the_services_settings(fortnight, app, make_client, monkeypatch):  # type: ignore[no-untyped-def]
    state = app.state.lsr
    monkeypatch.setattr(state, "settings", state.settings.model_copy(update={
        "attention_loket_wait_minutes": 40, "attention_poli_wait_minutes": 90, "attention_no_show_percent": 5,
    }))
    report = await compared(make_client)
    reasons = {a.facility_id: {r.code for r in a.reasons} for a in report.attention}
    assert reasons == {
        SUMBER: {AttentionCode.no_show_rate},  # 10 % > 5; its loket p90 of 40 is not over 40
        LASEM: {AttentionCode.poli_wait_p90, AttentionCode.no_show_rate},
        SULANG: {AttentionCode.overdue_complaints, AttentionCode.skm_band},
    }


async def test_without_any_visit_nobody_needs_attention(make_client):  # type: ignore[no-untyped-def]
    report = await compared(make_client)
    assert report.attention == [] and report.regency.visits == 0 and report.regency.no_show_rate is None


async def test_only_dinkes_compares_facilities(fortnight, make_client):  # type: ignore[no-untyped-def]
    for username in (f"admin.{SUMBER}", f"loket.{SUMBER}"):
        staff = make_client()
        await staff.staff.login(username, "rembang-demo")
        with pytest.raises(Forbidden):
            await staff.dashboard.compare(date_from=FIRST, date_to=LAST)
    with pytest.raises(Unauthorized):
        await make_client().dashboard.compare(date_from=FIRST, date_to=LAST)


async def test_the_period_follows_the_dashboards_rules(make_client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    report = await dinkes.dashboard.compare()
    assert (report.date_from, report.date_to) == (dt.date(2026, 11, 3), dt.date(2026, 11, 30))
    with pytest.raises(ValidationFailed) as err:
        await dinkes.dashboard.compare(date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 11, 10))
    assert err.value.fields[0].code == "date_range_too_long"


async def test_the_csv_of_every_facility_holds_each_with_all_six_stages(fortnight, app, make_client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    report = await dinkes.dashboard.compare(date_from=FIRST, date_to=LAST)
    token = {"Authorization": dinkes._http.headers["Authorization"]}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as http:
        response = await http.get("/api/dashboard.csv", headers=token,
                                  params={"from": str(FIRST), "to": str(LAST)})
        one = await http.get("/api/dashboard.csv", headers=token,
                             params={"facility_id": LASEM, "from": str(FIRST), "to": str(LAST)})
    tables = csv_tables(response.text)
    by_id = {r["facility_id"]: r for r in tables["facilities"]}
    assert len(by_id) == len(report.facilities) + 1
    assert by_id["all"]["visits"] == "18" and by_id["all"]["no_show_rate"] == "11.1"
    lasem = by_id[LASEM]
    assert (lasem["poli_wait_median_minutes"], lasem["poli_wait_p90_minutes"]) == ("52.5", "95.0")
    assert by_id[SULANG]["apotek_wait_p90_minutes"] == "15.0" and by_id[SULANG]["skm_band"] == "C"
    assert [(r["facility_id"], r["reason"]) for r in tables["attention"]] == [
        (a.facility_id, r.code.value) for a in report.attention for r in a.reasons
    ]
    assert "facilities" not in csv_tables(one.text)  # one facility's CSV is its own
