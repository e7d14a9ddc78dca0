"""The dashboard's Laporan card, in-process against the real service (Monday 30
November 2026, 08:00 WIB): a month picker on the last full month, and three buttons
that each open a two-minute link to their report of the facility shown."""

from __future__ import annotations

import io

import flet as ft
import httpx
import openpyxl
import pytest

from tests.views.harness import run_app
from tests.views.test_dashboard_view import sign_in

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def device_clock(monkeypatch, clock):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("components.ticket_advice.now_wib", clock)


async def get(app, url: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as http:
        return await http.get(url)


async def test_each_report_button_opens_its_link_for_the_month_picked(app_main, app):  # type: ignore[no-untyped-def]
    opened: list[str] = []
    async with run_app(app_main, route="/dashboard") as harness:
        harness.fake_method("UrlLauncher", "launch_url", lambda _c, args: opened.append(args["url"]))
        await sign_in(harness, "admin.pkm-sumber")
        await harness.wait_for(lambda: harness.exists(identifier="dashboard-reports"))
        month = harness.find(ft.Dropdown, label="Bulan")
        assert month.value == "2026-10-01"  # the last full month
        assert [o.text for o in month.options][:3] == ["November 2026", "Oktober 2026", "September 2026"]
        for n, button in enumerate(("report-skm-xlsx", "report-recap-xlsx"), start=1):
            await harness.click(identifier=button)
            await harness.wait_for(lambda n=n: len(opened) == n)
        month = harness.find(ft.Dropdown, label="Bulan")
        await harness.trigger(month, "select", "2026-11-01", props={"value": "2026-11-01"})
        await harness.settle()
        await harness.click(identifier="report-recap-csv")
        await harness.wait_for(lambda: len(opened) == 3)
    assert [url.split("&download=")[0] for url in opened] == [
        "/api/reports/skm.xlsx?facility_id=pkm-sumber&month=2026-10",
        "/api/reports/recap.xlsx?facility_id=pkm-sumber&month=2026-10",
        "/api/reports/recap.csv?facility_id=pkm-sumber&month=2026-11",
    ]
    skm = await get(app, opened[0])
    assert skm.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(skm.content))
    assert book["Ringkasan"]["B3"].value == "Puskesmas Sumber"
    recap = await get(app, opened[2])
    assert recap.status_code == 200 and recap.content.decode("utf-8-sig").startswith("Ringkasan\r\n")


async def test_dinkes_gets_the_regency_reports(app_main):  # type: ignore[no-untyped-def]
    opened: list[str] = []
    async with run_app(app_main, route="/dashboard") as harness:
        harness.fake_method("UrlLauncher", "launch_url", lambda _c, args: opened.append(args["url"]))
        await sign_in(harness, "dinkes")
        await harness.wait_for(lambda: harness.exists(identifier="dashboard-reports"))
        await harness.click(identifier="report-recap-xlsx")
        await harness.wait_for(lambda: bool(opened))
    assert opened[0].startswith("/api/reports/recap.xlsx?facility_id=all&month=2026-10&download=")
