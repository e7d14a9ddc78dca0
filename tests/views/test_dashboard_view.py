"""The dashboard screen, in-process against the real service with two weeks of demo
history (Monday 30 November 2026, 08:00 WIB): who gets in, what the tables say (the
same figures the API gives), the period and facility pickers, the CSV link."""

from __future__ import annotations

import datetime as dt
import re

import flet as ft
import flet_charts as fch
import httpx
import pytest
from babel.numbers import format_percent

from server.seed.history import generate_history
from session.i18n import Translator
from tests.support.staff_sessions import open_sign_ins
from tests.views.harness import run_app

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def history(app, monkeypatch, clock):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("components.ticket_advice.now_wib", clock)
    state = app.state.lsr
    with state.db.write_transaction() as session:
        generate_history(session=session, directory=state.directory, vault=state.vault, today=TODAY, days=14)


def shown(app, identifier: str) -> str:  # type: ignore[no-untyped-def]
    return " ".join(app.texts(root=app.find(identifier=identifier)))


def table(app, identifier: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The rows of a section's table, as the screen shows them."""
    found = app.find(ft.DataTable, root=app.find(identifier=f"{identifier}-table"))
    return [[cell.content.value for cell in row.cells] for row in found.rows]


def days_shown(app) -> int:  # type: ignore[no-untyped-def]
    return len(table(app, "dashboard-days")) if app.exists(identifier="dashboard-days") else -1


def number(n: int) -> str:
    """As the Indonesian screen writes it: 12.345."""
    return f"{n:,}".replace(",", ".")


async def sign_in(app, username: str, language: str = "id") -> None:  # type: ignore[no-untyped-def]
    _ = Translator(language).gettext
    await app.wait_for(lambda: app.exists(identifier="staff-username"))
    await app.fill(app.find(ft.TextField, label=_("Nama pengguna")), username)
    await app.fill(app.find(ft.TextField, label=_("Kata sandi")), "rembang-demo")
    await app.click(identifier="sign-in")


async def test_dinkes_reads_every_facility_in_tables_equal_to_the_api(app_main, make_client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    report = await dinkes.dashboard.get(date_from=TODAY - dt.timedelta(days=27), date_to=TODAY)
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "dinkes")
        await app.wait_for(lambda: app.exists(identifier="dashboard-channels"))
        assert shown(app, "dashboard-period") == "Selasa, 03 November 2026 sampai Senin, 30 November 2026"
        assert number(report.visits) in shown(app, "headline-visits")
        # 3 to 30 November: the records (14 days of demo history) do not reach back over
        # the 28 days before, so there is nothing honest to compare with.
        assert "Belum ada pembanding" in shown(app, "headline-visits")
        assert "bukan pasien sungguhan" in shown(app, "demo-note")
        channels = table(app, "dashboard-channels")
        assert [row[0] for row in channels] == ["Aplikasi", "Situs web", "Anjungan mandiri", "Loket petugas",
                                                "Mobile JKN", "Semua"]
        assert [row[1] for row in channels[:5]] == [number(c.visits) for c in report.channels]
        waits = table(app, "dashboard-waits")
        poli = next(row for row in waits if row[0].startswith("Menunggu dipanggil poli"))
        wait = next(w for w in report.waits if w.stage.value == "poli_wait")
        assert poli[1] == f"{wait.median_minutes} menit".replace(".", ",")
        assert len(table(app, "dashboard-days")) == 28
        assert table(app, "dashboard-skm")[-1][0] == "Indeks SKM"
        # The last 7 days only.
        await app.click(identifier="range-7")
        await app.wait_for(lambda: days_shown(app) == 7)
        assert shown(app, "dashboard-period").startswith("Selasa, 24 November 2026")
        week = await dinkes.dashboard.get(date_from=TODAY - dt.timedelta(days=6), date_to=TODAY)
        assert week.previous is not None and week.previous.date_from == dt.date(2026, 11, 17)
        change = abs(week.visits - week.previous.visits) / week.previous.visits
        direction = "Naik" if week.visits > week.previous.visits else "Turun"
        await app.wait_for(lambda: shown(app, "change-visits") == (
            f"{direction} {format_percent(change, '#,##0.0%', locale='id')} · "
            f"sebelumnya {number(week.previous.visits)}"
        ))
        assert shown(app, "headline-compared") == "Dibandingkan dengan 17 Nov 2026 sampai 23 Nov 2026"
        # One facility.
        picker = app.find(ft.Dropdown, label="Faskes")
        await app.trigger(picker, "select", "pkm-lasem", props={"value": "pkm-lasem"})
        one = await dinkes.dashboard.get(facility_id="pkm-lasem", date_from=TODAY - dt.timedelta(days=6),
                                         date_to=TODAY)
        await app.wait_for(lambda: app.exists(identifier="dashboard-channels")
                           and table(app, "dashboard-channels")[-1][1] == number(one.visits))


async def test_dates_picked_in_the_calendar_set_the_period(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "admin.pkm-sumber")
        await app.wait_for(lambda: app.exists(identifier="dashboard-channels"))
        await app.click(identifier="range-from")
        picker = await app.wait_for(lambda: app.find(ft.DatePicker, root=app.page))
        picked = dt.datetime(2026, 11, 16)
        await app.trigger(picker, "change", props={"value": picked})
        await app.wait_for(lambda: shown(app, "dashboard-period").startswith("Senin, 16 November 2026"))
        await app.wait_for(lambda: days_shown(app) == 15)


async def test_the_report_month_chosen_stays_while_the_figures_load_again(app_main):  # type: ignore[no-untyped-def]
    """The figures above the reports card shrink to "Menghitung…" and grow back when the
    dates change; the card must not be built anew (its month went back to the default)."""
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "admin.pkm-sumber")
        await app.wait_for(lambda: app.exists(identifier="dashboard-channels"))
        month = app.find(ft.Dropdown, root=app.find(identifier="report-month"))
        assert month.value == "2026-10-01"  # the last full month
        await app.trigger(month, "select", "2026-06-01", props={"value": "2026-06-01"})
        await app.wait_for(lambda: app.find(ft.Dropdown, root=app.find(identifier="report-month"))
                           .value == "2026-06-01")
        await app.click(identifier="range-7")
        await app.wait_for(lambda: days_shown(app) == 7)
        assert app.find(ft.Dropdown, root=app.find(identifier="report-month")).value == "2026-06-01"


async def test_an_admin_sees_their_own_puskesmas_only_and_counter_staff_nothing(app_main):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "admin.pkm-sumber")
        await app.wait_for(lambda: app.exists(identifier="dashboard-channels"))
        assert shown(app, "dashboard-facility") == "Puskesmas Sumber"
        assert not app.find_all(ft.Dropdown, label="Faskes")  # no facility picker (the month is a report's)
        await app.click(identifier="sign-out")
        await sign_in(app, "loket.pkm-sumber")
        await app.wait_for(lambda: app.exists(identifier="dashboard-not-allowed"))
        assert not app.exists(identifier="dashboard-channels")


async def test_keluar_on_the_dashboard_ends_the_sign_in_at_the_service(app_main, app):  # type: ignore[no-untyped-def]
    async with run_app(app_main, route="/dashboard") as board:
        await sign_in(board, "admin.pkm-sumber")
        await board.wait_for(lambda: board.exists(identifier="dashboard-channels"))
        assert open_sign_ins(app, "admin.pkm-sumber") == 1
        await board.click(identifier="sign-out")
        await board.wait_for(lambda: board.exists(ft.TextField, label="Nama pengguna"))
        assert open_sign_ins(app, "admin.pkm-sumber") == 0


async def test_the_csv_button_opens_a_short_lived_link_to_the_same_tables(app_main, app):  # type: ignore[no-untyped-def]
    opened: list[str] = []
    async with run_app(app_main, route="/dashboard") as harness:
        harness.fake_method("UrlLauncher", "launch_url", lambda _c, args: opened.append(args["url"]))
        await sign_in(harness, "admin.pkm-sumber")
        await harness.wait_for(lambda: harness.exists(identifier="dashboard-channels"))
        await harness.click(identifier="download-csv")
        await harness.wait_for(lambda: bool(opened))
    assert opened[0].startswith(
        "/api/dashboard.csv?facility_id=pkm-sumber&from=2026-11-03&to=2026-11-30&download="
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as http:
        response = await http.get(opened[0])
    assert response.status_code == 200 and response.text.startswith("period\r\n")


def axis_labels(app, identifier: str, side: str = "left") -> list[str]:  # type: ignore[no-untyped-def]
    """The labels of a section's chart axis, as drawn (left: bottom to top)."""
    chart = app.find(fch.BarChart, root=app.find(identifier=identifier))
    labels = getattr(chart, f"{side}_axis").labels
    return [" ".join(app.texts(root=label.label)) for label in labels]


async def test_each_measure_reads_the_same_in_the_headline_the_tables_and_the_charts(app_main, make_client):  # type: ignore[no-untyped-def]
    dinkes = make_client()
    await dinkes.staff.login("dinkes", "rembang-demo")
    report = await dinkes.dashboard.get(date_from=TODAY - dt.timedelta(days=27), date_to=TODAY)
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "dinkes")
        await app.wait_for(lambda: app.exists(identifier="dashboard-channels"))
        # Percentages with one decimal, the same in the headline and the table.
        everyone = table(app, "dashboard-channels")[-1]
        assert re.fullmatch(r"\d+,\d%", everyone[3])
        assert f" {everyone[3]} " in shown(app, "headline-no-show")
        assert all(re.fullmatch(r"[\d.]+/[\d.]+ \(\d+,\d%\)", cell)
                   for row in table(app, "dashboard-quota") for cell in row[1:])
        # The SKM index with two decimals, as the regulation writes it.
        index = table(app, "dashboard-skm")[-1][1]
        assert re.fullmatch(r"\d+,\d\d", index) and f"{index} (" in shown(app, "headline-skm")
        # Minutes with one decimal.
        assert all(re.fullmatch(r"(\d+,\d menit|–)", cell) for row in table(app, "dashboard-waits")
                   for cell in row[1:3])
        # The busiest hour first, with its share of the day's arrivals.
        hours = table(app, "dashboard-hours")
        counts = [int(row[1].replace(".", "")) for row in hours]
        assert counts == sorted(counts, reverse=True)
        busiest = max(report.hours, key=lambda h: h.visits)
        assert hours[0][:2] == [f"{busiest.hour:02d}.00–{busiest.hour:02d}.59", number(busiest.visits)]
        assert hours[0][2].endswith("%")
        # The left axis: round steps from 0 to above the tallest bar, short and in Indonesian.
        left = axis_labels(app, "dashboard-channels")
        tallest = max(c.visits for c in report.channels)
        assert left[0] == "0" and 4 <= len(left) <= 6 and left[-1].endswith("\xa0rb")  # never "6K"
        assert float(left[-1].removesuffix("\xa0rb").replace(",", ".")) * 1000 >= tallest
        # Quota use is a share: its axis says so, up to 100%.
        quota_axis = axis_labels(app, "dashboard-quota")
        assert quota_axis[0] == "0%" and quota_axis[-1] == "100%"


async def test_the_axes_speak_the_session_language(app_main):  # type: ignore[no-untyped-def]
    for locale, thousands in (("jv-ID", " èwu"), ("en-US", "K")):
        async with run_app(app_main, route="/dashboard", locale=locale) as app:
            await sign_in(app, "dinkes", locale[:2])
            await app.wait_for(lambda: app.exists(identifier="dashboard-channels"))
            assert axis_labels(app, "dashboard-channels")[-1].endswith(thousands)


async def test_dates_under_the_day_bars_thin_out_to_fit_the_chart(app_main):  # type: ignore[no-untyped-def]
    """Until the browser measured the chart, it is laid out for a phone: 28 days get a
    date under every sixth bar at most (one label per 48 px of 244 px)."""
    async with run_app(app_main, route="/dashboard") as app:
        await sign_in(app, "dinkes")
        await app.wait_for(lambda: app.exists(identifier="dashboard-days"))
        dates = axis_labels(app, "dashboard-days", "bottom")
        assert 3 <= len(dates) <= 5 and dates[0] == "3/11"
