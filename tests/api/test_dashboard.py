"""The Dinkes dashboard: its figures equal figures computed here, in plain Python, from
the rows the demo history wrote; who may see it; its CSV and download links.

The expected figures never use the dashboard's queries: the raw rows are read with
plain SELECTs and counted, paired and sorted below.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import statistics
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from api_client import ApiClient, Forbidden, NotFound, Unauthorized, ValidationFailed
from api_client.models import Dashboard
from server.app import create_app
from server.clock import WIB
from server.seed.history import DEMO_CHANNELS, generate_history
from server.settings import Settings
from tests.conftest import BACKENDS
from tests.support.clock import FakeClock, wib

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 11, 30)  # a Monday; the history covers 2–29 November
SUMBER = "pkm-sumber"
STAGE_TASKS = [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module", params=BACKENDS)
def history_app(request, sqlite_databases, tmp_path_factory) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """One service with 28 days of demo history, shared by the module's tests."""
    postgres = request.getfixturevalue("postgres_databases") if request.param == "postgres" else None
    url = postgres.new() if postgres else sqlite_databases.new()
    settings = Settings(
        database_url=url, data_dir=Path(tmp_path_factory.mktemp("dash")),
        secret_key="test-secret-for-layanan-sehat-rembang-0001", demo=True, rate_limits=False,
    )
    clock = FakeClock(wib(2026, 11, 30, 8, 0))
    application = create_app(settings, clock=clock)
    state = application.state.lsr
    with state.db.write_transaction() as session:
        summary = generate_history(session=session, directory=state.directory, vault=state.vault, today=TODAY)
    assert summary is not None and summary.visits > 10_000
    application.state.test_clock = clock
    yield application
    state.db.dispose()
    if postgres:
        postgres.drop(url)


@pytest.fixture(scope="module")
async def clients(history_app) -> AsyncIterator[dict[str, ApiClient]]:  # type: ignore[no-untyped-def]
    made: dict[str, ApiClient] = {}
    for who, username in {"dinkes": "dinkes", "admin": f"admin.{SUMBER}", "admin_lasem": "admin.pkm-lasem",
                          "loket": f"loket.{SUMBER}"}.items():
        made[who] = ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(history_app))
        await made[who].staff.login(username, "rembang-demo")
    made["kiosk"] = ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(history_app),
                              kiosk_key=f"demo-kiosk-{SUMBER}")
    made["nobody"] = ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(history_app))
    yield made
    for client in made.values():
        await client.close()


# ------------------------------------------------------- expected, by hand


def raw_rows(app, sql: str, **params: object) -> list:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return list(session.execute(text(sql), params).mappings())


def as_utc(value: object) -> dt.datetime:
    """SQLite hands back text, PostgreSQL aware datetimes; both are UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def as_date(value: object) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


def expected(app, facility: str | None, first: dt.date, last: dt.date) -> dict[str, object]:  # type: ignore[no-untyped-def]
    visits = [
        v for v in raw_rows(app, """
            SELECT v.id, v.facility_id, v.service_date, v.channel, v.checked_in_at, t.status
            FROM visit v JOIN ticket t ON t.id = v.current_ticket_id""")
        if (facility is None or v["facility_id"] == facility) and first <= as_date(v["service_date"]) <= last
    ]
    kept = [v for v in visits if v["status"] != "cancelled"]
    by_channel = Counter(v["channel"] for v in kept)
    by_day = Counter((as_date(v["service_date"]), v["channel"]) for v in kept)
    no_show = Counter(
        v["channel"] for v in kept
        if v["status"] == "no_show" or (v["status"] == "booked" and as_date(v["service_date"]) < TODAY)
    )
    hours = Counter(as_utc(v["checked_in_at"]).astimezone(WIB).hour for v in kept if v["checked_in_at"])
    ids = {v["id"] for v in visits}
    times: dict[int, dict[int, dt.datetime]] = {}
    for row in raw_rows(app, "SELECT visit_id, task_id, recorded_at FROM task_time"):
        if row["visit_id"] in ids:
            times.setdefault(row["visit_id"], {})[row["task_id"]] = as_utc(row["recorded_at"])
    waits = {}
    for a, b in STAGE_TASKS:
        minutes = sorted((t[b] - t[a]).total_seconds() / 60 for t in times.values() if a in t and b in t)
        waits[a] = (len(minutes), statistics.median(minutes) if minutes else None,
                    minutes[math.ceil(0.9 * len(minutes)) - 1] if minutes else None)
    quota: dict[dt.date, Counter[str]] = {}
    for row in raw_rows(app, """SELECT d.*, s.facility_id, s.kind FROM service_day d
                                JOIN service s ON s.id = d.service_id"""):
        day = as_date(row["service_date"])
        mine = facility is None or row["facility_id"] == facility
        if mine and first <= day <= last and row["kind"] != "ugd":
            quota.setdefault(day, Counter()).update(
                {k: row[k] for k in ("quota_jkn", "used_jkn", "quota_non_jkn", "used_non_jkn",
                                     "quota_walkin", "used_walkin")}
            )
    surveys = [s for s in raw_rows(app, "SELECT facility_id, service_date FROM survey")
               if (facility is None or s["facility_id"] == facility)
               and first <= as_date(s["service_date"]) <= last]
    return {"by_channel": by_channel, "by_day": by_day, "no_show": no_show, "hours": hours,
            "waits": waits, "quota": quota, "surveys": len(surveys), "visits": len(kept)}


def close(a: float | None, b: float | None) -> bool:
    """Equal after the dashboard's rounding to 0.1 minute (the database subtracts times
    in floating point, so a value on a rounding edge may land either side)."""
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 0.1 + 1e-9)


def assert_matches(report: Dashboard, want: dict[str, object]) -> None:
    assert report.visits == want["visits"] and report.visits > 0
    assert {c.channel.value: c.visits for c in report.channels} == {
        c: want["by_channel"].get(c, 0) for c in ("app", "web", "kiosk", "desk", "mobile_jkn")  # type: ignore[attr-defined]
    }
    assert {c.channel.value: c.no_shows for c in report.channels} == {
        c: want["no_show"].get(c, 0) for c in ("app", "web", "kiosk", "desk", "mobile_jkn")  # type: ignore[attr-defined]
    }
    assert report.no_shows == sum(want["no_show"].values())  # type: ignore[attr-defined]
    assert report.no_show_rate == round(100 * report.no_shows / report.visits, 1)
    for day in report.days:
        for channel in ("app", "web", "kiosk", "desk"):
            assert getattr(day, channel) == want["by_day"][day.service_date, channel], (day, channel)  # type: ignore[index]
    assert {h.hour: h.visits for h in report.hours if h.visits} == dict(want["hours"])  # type: ignore[call-overload]
    for stage in report.waits:
        count, mid, top = want["waits"][stage.from_task]  # type: ignore[index]
        assert stage.visits == count, stage
        assert close(stage.median_minutes, mid) and close(stage.p90_minutes, top), (stage, mid, top)
    assert {q.service_date: Counter({k: getattr(q, k) for k in want["quota"][q.service_date]})  # type: ignore[index]
            for q in report.quota} == want["quota"]
    assert report.skm.respondents == want["surveys"]


# ------------------------------------------------------------------ figures


async def test_every_facility_together_matches_the_rows(clients, history_app):  # type: ignore[no-untyped-def]
    first, last = dt.date(2026, 11, 2), dt.date(2026, 11, 29)
    report = await clients["dinkes"].dashboard.get(date_from=first, date_to=last)
    assert report.facility_id is None and report.demo_visits == report.visits
    assert_matches(report, expected(history_app, None, first, last))


async def test_one_puskesmas_over_two_weeks_matches_the_rows(clients, history_app):  # type: ignore[no-untyped-def]
    first, last = dt.date(2026, 11, 9), dt.date(2026, 11, 22)
    report = await clients["admin"].dashboard.get(facility_id=SUMBER, date_from=first, date_to=last)
    assert report.facility_id == SUMBER
    assert [d.service_date for d in report.days] == [first + dt.timedelta(days=i) for i in range(14)]
    assert_matches(report, expected(history_app, SUMBER, first, last))


async def test_the_history_looks_like_a_puskesmas_month(clients):  # type: ignore[no-untyped-def]
    report = await clients["admin"].dashboard.get(
        facility_id=SUMBER, date_from=dt.date(2026, 11, 2), date_to=dt.date(2026, 11, 29)
    )
    by_weekday: dict[int, list[int]] = {}
    for day in report.days:
        by_weekday.setdefault(day.service_date.weekday(), []).append(day.total)
    assert by_weekday[6] == [0, 0, 0, 0]  # closed on Sundays (no UGD at Sumber)
    monday = statistics.mean(by_weekday[0])
    assert all(monday > statistics.mean(by_weekday[d]) for d in range(1, 6))  # the Monday peak
    arrivals = {h.hour: h.visits for h in report.hours}
    assert sum(arrivals[h] for h in (7, 8, 9)) > 0.7 * sum(arrivals.values())  # the morning rush
    assert all(c.visits > 0 for c in report.channels if c.channel in DEMO_CHANNELS)
    waits = {w.stage.value: w for w in report.waits}
    assert waits["poli_wait"].p90_minutes > waits["poli_wait"].median_minutes > 0  # type: ignore[operator]
    assert report.skm.respondents > 0 and report.skm.band is not None
    assert 0 < report.no_show_rate < 20  # type: ignore[operator]
    assert any(q.used_jkn > 0 for q in report.quota)
    assert all(q.used_jkn <= q.quota_jkn and q.used_walkin <= q.quota_walkin for q in report.quota)


async def test_the_default_period_is_the_28_days_up_to_today(clients):  # type: ignore[no-untyped-def]
    report = await clients["dinkes"].dashboard.get()
    assert (report.date_from, report.date_to) == (dt.date(2026, 11, 3), TODAY)


# -------------------------------------------------------------- permissions


async def test_an_admin_sees_only_their_own_facility(clients):  # type: ignore[no-untyped-def]
    assert (await clients["admin"].dashboard.get(facility_id=SUMBER)).visits > 0
    for facility in ("pkm-lasem", None):
        with pytest.raises(Forbidden):
            await clients["admin"].dashboard.get(facility_id=facility)


async def test_dinkes_sees_each_facility_and_all(clients):  # type: ignore[no-untyped-def]
    one = await clients["dinkes"].dashboard.get(facility_id="pkm-lasem")
    everyone = await clients["dinkes"].dashboard.get()
    assert 0 < one.visits < everyone.visits


async def test_counter_staff_kiosks_and_strangers_are_refused(clients):  # type: ignore[no-untyped-def]
    for who in ("loket", "kiosk"):
        with pytest.raises(Forbidden):
            await clients[who].dashboard.get(facility_id=SUMBER)
    with pytest.raises(Unauthorized):
        await clients["nobody"].dashboard.get(facility_id=SUMBER)


async def test_a_bad_period_or_facility_is_named(clients):  # type: ignore[no-untyped-def]
    dinkes = clients["dinkes"]
    with pytest.raises(ValidationFailed) as err:
        await dinkes.dashboard.get(date_from=dt.date(2026, 11, 20), date_to=dt.date(2026, 11, 10))
    assert err.value.fields[0].code == "date_range_reversed"
    with pytest.raises(ValidationFailed) as err:
        await dinkes.dashboard.get(date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 11, 10))
    assert err.value.fields[0].code == "date_range_too_long"
    with pytest.raises(ValidationFailed) as err:
        await dinkes.dashboard.get(date_to=dt.date(1, 1, 1))  # a typo, not year 1
    assert err.value.fields[0].code == "date_outside_window"
    with pytest.raises(NotFound):
        await dinkes.dashboard.get(facility_id="pkm-atlantis")


# --------------------------------------------------------------------- CSV


def csv_tables(body: str) -> dict[str, list[dict[str, str]]]:
    tables: dict[str, list[dict[str, str]]] = {}
    for block in body.strip().split("\r\n\r\n"):
        name, *rest = list(csv.reader(io.StringIO(block)))
        header, *rows = rest
        tables[name[0]] = [dict(zip(header, row, strict=True)) for row in rows]
    return tables


async def test_the_csv_holds_the_same_tables(clients, history_app):  # type: ignore[no-untyped-def]
    first, last = dt.date(2026, 11, 9), dt.date(2026, 11, 15)
    report = await clients["admin"].dashboard.get(facility_id=SUMBER, date_from=first, date_to=last)
    token = clients["admin"]._http.headers["Authorization"]
    transport = httpx.ASGITransport(history_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://lsr.test") as http:
        response = await http.get("/api/dashboard.csv", headers={"Authorization": token},
                                  params={"facility_id": SUMBER, "from": str(first), "to": str(last)})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "dasbor-pkm-sumber-2026-11-09-2026-11-15.csv" in response.headers["content-disposition"]
    tables = csv_tables(response.text)
    assert {r["channel"]: int(r["visits"]) for r in tables["visits_by_channel"]} == {
        c.channel.value: c.visits for c in report.channels
    }
    assert [(r["service_date"], int(r["total"])) for r in tables["visits_by_day"]] == [
        (str(d.service_date), d.total) for d in report.days
    ]
    assert [(r["stage"], r["median_minutes"]) for r in tables["waiting_minutes"]] == [
        (w.stage.value, str(w.median_minutes)) for w in report.waits
    ]
    assert [int(r["used_jkn"]) for r in tables["quota_use"]] == [q.used_jkn for q in report.quota]
    assert {int(r["hour_wib"]): int(r["visits"]) for r in tables["visits_by_hour"]} == {
        h.hour: h.visits for h in report.hours
    }
    assert tables["skm"][0]["index"] == str(report.skm.index)


async def test_a_download_link_works_without_the_token_for_two_minutes_and_one_file(clients, history_app):  # type: ignore[no-untyped-def]
    clock: FakeClock = history_app.state.test_clock
    first, last = dt.date(2026, 11, 9), dt.date(2026, 11, 15)
    link = await clients["admin"].dashboard.download_link(facility_id=SUMBER, date_from=first, date_to=last)
    assert link.url.startswith("/api/dashboard.csv?")
    transport = httpx.ASGITransport(history_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://lsr.test") as http:
        assert (await http.get(link.url)).status_code == 200
        other = link.url.replace("2026-11-15", "2026-11-16")
        assert (await http.get(other)).json()["error"]["code"] == "unauthorized"
        tampered = link.url.replace("pkm-sumber", "pkm-lasem")
        assert (await http.get(tampered)).status_code == 401
        clock.advance(minutes=2)
        try:
            assert (await http.get(link.url)).status_code == 401
        finally:
            clock.advance(minutes=-2)
        assert (await http.get("/api/dashboard.csv", params={"facility_id": SUMBER})).status_code == 401


async def test_a_download_link_is_only_made_for_someone_who_may_see_it(clients):  # type: ignore[no-untyped-def]
    with pytest.raises(Forbidden):
        await clients["admin_lasem"].dashboard.download_link(
            facility_id=SUMBER, date_from=dt.date(2026, 11, 9), date_to=dt.date(2026, 11, 15)
        )
