"""Twelve weeks per facility on the dashboard, in-process against the real service with
five weeks of demo history (Monday 30 November 2026): Dinkes sees one row per facility
and the regency's last, each with the figure of its oldest and newest week as the API
gives them; the measure can be changed; a facility's name opens its dashboard; a
facility's admin sees their own line only."""

from __future__ import annotations

import datetime as dt

import flet as ft
import pytest

from api_client.models import FacilityTrend, WeeklyTrends
from server.seed.history import generate_history
from tests.views.harness import run_app
from tests.views.test_dashboard_view import sign_in

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def history(app, monkeypatch, clock):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("components.ticket_advice.now_wib", clock)
    state = app.state.lsr
    with state.db.write_transaction() as session:
        generate_history(session=session, directory=state.directory, vault=state.vault, today=TODAY, days=35)


def weekly_rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.find(ft.DataTable, root=app.find(identifier="weekly-table"))
    return [[" ".join(app.texts(root=cell)) for cell in row.cells] for row in table.rows]


def minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} menit".replace(".", ",")


def oldest_and_newest(line: FacilityTrend, figure: str) -> list[str]:
    values = [getattr(w, figure) for w in line.weeks if getattr(w, figure) is not None]
    return [minutes(values[0]), minutes(values[-1])] if values else ["–", "–"]


async def trends(make_client, username: str, facility_id: str | None = None) -> WeeklyTrends:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.staff.login(username, "rembang-demo")
    return await client.dashboard.weekly(facility_id=facility_id, date_to=TODAY)


async def test_dinkes_reads_twelve_weeks_of_every_facility_and_the_regency(app_main, make_client):  # type: ignore[no-untyped-def]
    report = await trends(make_client, "dinkes")
    assert report.regency is not None
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "dinkes")
        # Twelve weeks of every facility take seconds while the page's other figures load
        # beside them (docs: a one-pass query is the next step).
        await app.wait_for(lambda: app.exists(identifier="weekly-table"), timeout=60)
        rows = weekly_rows(app)
        names = [line.facility_name for line in report.facilities]
        assert [r[0] for r in rows] == [*names, "Seluruh kabupaten"]
        for row, line in zip(rows, [*report.facilities, report.regency], strict=True):
            assert row[2:4] == oldest_and_newest(line, "poli_wait_p90_minutes"), row[0]
        # 35 days of history (from 25 October): the first six weeks have no visit, no wait.
        assert all(w.visits == 0 and w.poli_wait_p90_minutes is None for w in report.regency.weeks[:6])
        assert report.regency.weeks[-1].visits > 0

        picker = app.find(ft.Dropdown, label="Ukuran")
        await app.trigger(picker, "select", "visits", props={"value": "visits"})
        newest = f"{report.regency.weeks[-1].visits:,}".replace(",", ".")
        await app.wait_for(lambda: weekly_rows(app)[-1][3] == newest)

        lasem = next(i for i, line in enumerate(report.facilities) if line.facility_id == "pkm-lasem")
        await app.click(app.find(ft.TextButton, root=app.find(ft.DataTable, root=app.find(
            identifier="weekly-table")).rows[lasem].cells[0]))
        await app.wait_for(lambda: len(weekly_rows(app)) == 2, timeout=60)  # Lasem and the regency
        assert weekly_rows(app)[0][0] == "Puskesmas Lasem"


async def test_an_admin_sees_their_own_line_only(app_main, make_client):  # type: ignore[no-untyped-def]
    own = await trends(make_client, "admin.pkm-sumber", "pkm-sumber")
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "admin.pkm-sumber")
        # Twelve weeks of every facility take seconds while the page's other figures load
        # beside them (docs: a one-pass query is the next step).
        await app.wait_for(lambda: app.exists(identifier="weekly-table"), timeout=60)
        rows = weekly_rows(app)
        assert [r[0] for r in rows] == ["Puskesmas Sumber"]
        assert rows[0][2:4] == oldest_and_newest(own.facilities[0], "poli_wait_p90_minutes")
        assert not app.exists(identifier="compare-table")
