"""Every facility side by side on the dashboard, in-process against the real service
with two weeks of demo history (Monday 30 November 2026, 08:00 WIB): Dinkes with
"Semua faskes" sees the attention card, the table and the map above the regency's
figures; sorting keeps the regency's row last; a facility's name opens its
dashboard; a facility's admin never sees the comparison."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter

import flet as ft
import flet_map as fm
import pytest

from api_client.models import FacilityComparison, FacilityFigures, StageWait, WaitStage
from server.seed.history import generate_history
from tests.views.harness import run_app
from tests.views.test_dashboard_view import sign_in, table
from views.dashboard.compare import COLUMNS, sorted_rows

pytestmark = pytest.mark.anyio
with_history = pytest.mark.usefixtures("history")

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def history(app):  # type: ignore[no-untyped-def]
    state = app.state.lsr
    with state.db.write_transaction() as session:
        generate_history(session=session, directory=state.directory, vault=state.vault, today=TODAY, days=14)


async def comparison(make_client) -> FacilityComparison:  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    return await dinkes.dashboard.compare(date_from=TODAY - dt.timedelta(days=27), date_to=TODAY)


def table_rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The comparison table as shown: the facility's name (a button) and the texts."""
    table = app.find(ft.DataTable, root=app.find(identifier="compare-table"))
    return [[" ".join(app.texts(root=cell)) for cell in row.cells] for row in table.rows]


def minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} menit".replace(".", ",")


def poli_p90(row: FacilityFigures) -> float | None:
    return next(w.p90_minutes for w in row.waits if w.stage is WaitStage.poli_wait)


async def open_comparison(app) -> None:  # type: ignore[no-untyped-def]
    await sign_in(app, "dinkes")
    await app.wait_for(lambda: app.exists(identifier="compare-table"))


@with_history
async def test_dinkes_sees_who_needs_attention_and_each_facility_worst_poli_wait_first(app_main, make_client):  # type: ignore[no-untyped-def]
    report = await comparison(make_client)
    assert report.attention  # the demo's poli waits pass 60 minutes somewhere
    async with run_app(app_main, route="/dashboard") as app:
        await open_comparison(app)
        card = " ".join(app.texts(root=app.find(identifier="dashboard-attention")))
        assert card.startswith("Perlu perhatian")
        for item in report.attention:
            line = " ".join(app.texts(root=app.find(identifier=f"attention-{item.facility_id}")))
            assert line.startswith(item.facility_name)
            poli = next((r for r in item.reasons if r.code.value == "poli_wait_p90"), None)
            if poli is not None:
                assert f"P90 tunggu poli {minutes(poli.value)} (batas 60,0 menit)" in line
        listed = {a.facility_id for a in report.attention}
        assert not any(app.exists(identifier=f"attention-{r.facility_id}")
                       for r in report.facilities if r.facility_id not in listed)
        rows = table_rows(app)
        assert len(rows) == len(report.facilities) + 1
        assert rows[-1][:2] == ["Seluruh kabupaten", f"{report.regency.visits:,}".replace(",", ".")]
        worst_first = sorted(report.facilities, key=lambda r: (poli_p90(r) or -1, r.facility_name),
                             reverse=True)
        assert [r[0] for r in rows[:-1]] == [r.facility_name for r in worst_first]
        assert [r[5] for r in rows[:-1]] == [minutes(poli_p90(r)) for r in worst_first]
        # Above the regency's own figures.
        wanted = ("dashboard-attention", "compare-table", "compare-map", "dashboard-channels")
        # Each part shows once its own answer is in.
        await app.wait_for(lambda: all(app.exists(identifier=part) for part in wanted))
        order = [c.identifier for c in app.find_all(ft.Semantics) if c.identifier in wanted]
        assert order == list(wanted)


@with_history
async def test_each_card_is_asked_for_once(app_main, caplog):  # type: ignore[no-untyped-def]
    """The headline arriving used to move the cards below it one place down, and they
    were built anew: Dinkes waited for the comparison and the twelve weeks twice (24 s
    each on a loaded CI machine, 2026-12-06)."""
    caplog.set_level(logging.INFO, logger="lsr.access")
    async with run_app(app_main, route="/dashboard") as app:
        await open_comparison(app)
        parts = ("dashboard-channels", "compare-table", "weekly-table")
        await app.wait_for(lambda: all(app.exists(identifier=part) for part in parts))
        await app.settle()
    asked = Counter(json.loads(r.getMessage())["route"] for r in caplog.records if r.name == "lsr.access")
    assert {route: asked[route] for route in ("/api/dashboard", "/api/dashboard/facilities",
                                               "/api/dashboard/weekly")} == {
        "/api/dashboard": 1, "/api/dashboard/facilities": 1, "/api/dashboard/weekly": 1}


@with_history
async def test_sorting_by_a_column_keeps_the_regency_row_last(app_main, make_client):  # type: ignore[no-untyped-def]
    report = await comparison(make_client)
    async with run_app(app_main, route="/dashboard") as app:
        await open_comparison(app)
        table = app.find(ft.DataTable, root=app.find(identifier="compare-table"))
        await app.trigger(table.columns[1], "sort", {"ci": 1, "asc": True})  # Kunjungan, fewest first
        await app.wait_for(lambda: app.find(ft.DataTable, root=app.find(identifier="compare-table"))
                           .sort_column_index == 1)
        rows = table_rows(app)
        fewest_first = sorted(report.facilities, key=lambda r: (r.visits, r.facility_name))
        assert [r[0] for r in rows] == [r.facility_name for r in fewest_first] + ["Seluruh kabupaten"]
        table = app.find(ft.DataTable, root=app.find(identifier="compare-table"))
        await app.trigger(table.columns[0], "sort", {"ci": 0, "asc": False})  # by name, Z to A
        await app.wait_for(lambda: table_rows(app)[0][0] == max(r.facility_name for r in report.facilities))
        names = [r[0] for r in table_rows(app)]
        assert names[:-1] == sorted(names[:-1], reverse=True) and names[-1] == "Seluruh kabupaten"


@with_history
async def test_a_facilitys_name_opens_its_dashboard(app_main, make_client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    lasem = await dinkes.dashboard.get(facility_id="pkm-lasem", date_from=TODAY - dt.timedelta(days=27),
                                       date_to=TODAY)
    async with run_app(app_main, route="/dashboard") as app:
        await open_comparison(app)
        await app.click(identifier="compare-open-pkm-lasem")
        await app.wait_for(lambda: app.find(ft.Dropdown, label="Faskes").value == "pkm-lasem")
        visits = f"{lasem.visits:,}".replace(",", ".")
        await app.wait_for(lambda: app.exists(identifier="dashboard-channels")
                           and table(app, "dashboard-channels")[-1][1] == visits)
        assert not app.exists(identifier="compare-table") and not app.exists(identifier="dashboard-attention")


@with_history
async def test_the_map_marks_every_facility_coloured_by_the_chosen_measure(app_main, make_client):  # type: ignore[no-untyped-def]
    report = await comparison(make_client)
    async with run_app(app_main, route="/dashboard") as app:
        await open_comparison(app)
        await app.wait_for(lambda: app.exists(identifier="compare-map"))
        markers = app.find_all(fm.Marker, root=app.find(identifier="compare-map"))
        assert len(markers) == len(report.facilities)
        labels = {m.content.identifier: m.content.content.icon.semantics_label for m in markers}
        sumber = next(r for r in report.facilities if r.facility_id == "pkm-sumber")
        assert labels["compare-marker-pkm-sumber"] == (
            f"Puskesmas Sumber: P90 tunggu poli {minutes(poli_p90(sumber))}")
        assert "≤ 60,0 menit" in app.texts(root=app.find(identifier="compare-map-legend"))
        picker = app.find(ft.Dropdown, label="Warna menurut")
        await app.trigger(picker, "select", "skm", props={"value": "skm"})
        await app.wait_for(
            lambda: "C (Kurang Baik)" in app.texts(root=app.find(identifier="compare-map-legend")))
        marker = next(m for m in app.find_all(fm.Marker, root=app.find(identifier="compare-map"))
                      if m.content.identifier == "compare-marker-pkm-sumber")
        assert marker.content.content.icon.semantics_label.startswith("Puskesmas Sumber: Indeks SKM ")
        await app.click(identifier="compare-marker-pkm-sumber")
        await app.wait_for(lambda: app.find(ft.Dropdown, label="Faskes").value == "pkm-sumber")


@with_history
async def test_a_facility_admin_never_sees_the_comparison(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "admin.pkm-sumber")
        await app.wait_for(lambda: app.exists(identifier="dashboard-channels"))
        assert not app.exists(identifier="compare-table") and not app.exists(identifier="dashboard-attention")
        assert not app.exists(identifier="compare-map")


async def test_with_nothing_over_a_limit_the_card_says_so(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/dashboard") as app:  # a service with no visits yet
        await open_comparison(app)
        card = app.texts(root=app.find(identifier="dashboard-attention"))
        assert "Tidak ada faskes yang melewati batas." in card
        assert table_rows(app)[-1][:2] == ["Seluruh kabupaten", "0"]


def figures(name: str, *, visits: int, poli_p90: float | None) -> FacilityFigures:
    return FacilityFigures(
        facility_id=name.lower(), facility_name=name, visits=visits, no_shows=0, no_show_rate=None,
        waits=[StageWait(stage=WaitStage.poli_wait, from_task=3, to_task=4, visits=visits,
                         median_minutes=poli_p90, p90_minutes=poli_p90)],
        quota=0, quota_used=0, quota_use_rate=None, skm_respondents=0, skm_index=None, skm_band=None,
        complaints_open=0, complaints_overdue=0,
    )


def test_rows_without_the_figure_stay_below_the_others_either_way():
    rows = [figures("Bulu", visits=3, poli_p90=40), figures("Gunem", visits=0, poli_p90=None),
            figures("Sale", visits=5, poli_p90=95), figures("Aaa", visits=0, poli_p90=None)]
    column = next(i for i, c in enumerate(COLUMNS) if c.header == "Tunggu poli\nP90")
    names = [[r.facility_name for r in sorted_rows(rows, column, ascending)] for ascending in (False, True)]
    assert names == [["Sale", "Bulu", "Aaa", "Gunem"], ["Bulu", "Sale", "Aaa", "Gunem"]]
