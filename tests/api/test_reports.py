"""Reports to file: the survey's optional respondent profile, the SKM report in the
regulation's form (figures computed here by hand from the answers given), the monthly
recap, both as Excel and CSV, their download links and permissions, and
`python -m server.reports`.

Three visits at Puskesmas Sumber on Monday 30 November 2026 are rated through the API.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from fractions import Fraction

import httpx
import openpyxl
import pytest
from sqlalchemy import text

from api_client import ApiClient, Forbidden, ValidationFailed, new_idempotency_key
from api_client.models import (
    AgeGroup,
    Education,
    Job,
    ReportFile,
    RespondentProfile,
    Sex,
    SkmElement,
)
from server.reports.__main__ import run
from server.seed.history import generate_history
from tests.api.helpers import SUMBER
from tests.api.test_feedback import done_visit

pytestmark = pytest.mark.anyio

NOVEMBER = dt.date(2026, 11, 1)
U = list(SkmElement)
# U1 … U9 of each respondent, and who they said they were (the third said nothing).
ANSWERS = [
    ((4, 4, 4, 3, 4, 4, 4, 4, 4),
     RespondentProfile(age_group=AgeGroup.from_51_to_60, sex=Sex.female, education=Education.sd,
                       job=Job.farmer_fisher)),
    ((3, 3, 3, 3, 3, 3, 3, 3, 3), RespondentProfile(age_group=AgeGroup.over_60, sex=Sex.male)),
    ((2, 4, 4, 4, 4, 4, 4, 4, 4), None),
]


async def rate_three_visits(client: ApiClient, make_client) -> None:  # type: ignore[no-untyped-def]
    for serial, (scores, profile) in enumerate(ANSWERS, 1):
        booking = await done_visit(client, make_client, serial=serial)
        await client.feedback.give(booking.booking_code, scores=dict(zip(U, scores, strict=True)),
                                   respondent=profile, idempotency_key=new_idempotency_key())


def by_hand() -> dict[str, object]:
    """NRR per element, weighted NRR (1/9), the index ×25 rounded to 0.01, the band."""
    n = len(ANSWERS)
    nrr = [Fraction(sum(a[0][i] for a in ANSWERS), n) for i in range(9)]
    index = round(float(sum(nrr, Fraction(0)) / 9 * 25), 2)
    band = "A" if index >= 88.31 else "B" if index >= 76.61 else "C" if index >= 65 else "D"
    return {"nrr": [round(float(v), 3) for v in nrr], "weighted": [round(float(v / 9), 3) for v in nrr],
            "totals": [sum(a[0][i] for a in ANSWERS) for i in range(9)], "index": index, "band": band}


async def staff(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    made = make_client()
    await made.staff.login(username, "rembang-demo")
    return made


async def fetch(app, url: str, **headers: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as http:
        return await http.get(url, headers=headers)


async def download(app, who: ApiClient, report: ReportFile, facility_id: str | None) -> httpx.Response:  # type: ignore[no-untyped-def]
    link = await who.dashboard.report_link(report, facility_id=facility_id, month=NOVEMBER)
    response = await fetch(app, link.url)
    assert response.status_code == 200, response.text
    return response


def workbook(response: httpx.Response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(book: openpyxl.Workbook, sheet: str) -> list[tuple[object, ...]]:
    """The rows under the title and the header."""
    return [tuple(r) for r in book[sheet].iter_rows(min_row=3, values_only=True)]


def csv_sections(body: bytes) -> dict[str, list[dict[str, str]]]:
    tables: dict[str, list[dict[str, str]]] = {}
    for block in body.decode("utf-8-sig").strip().split("\r\n\r\n"):
        name, header, *lines = list(csv.reader(io.StringIO(block)))
        tables[name[0]] = [dict(zip(header, line, strict=True)) for line in lines]
    return tables


# ------------------------------------------------------------------- survey


async def test_the_survey_keeps_a_profile_given_in_part_or_none_refusing_unknown_ones(
    client, make_client, app
):  # type: ignore[no-untyped-def]
    await rate_three_visits(client, make_client)
    with app.state.lsr.db.read() as session:
        stored = session.execute(text(
            "SELECT age_group, sex, education, job FROM survey ORDER BY id")).all()
    assert [tuple(r) for r in stored] == [
        ("51_60", "female", "sd", "farmer_fisher"), ("over_60", "male", None, None), (None, None, None, None),
    ]
    booking = await done_visit(client, make_client, serial=4)
    with pytest.raises(ValidationFailed):
        await client._http.request(
            "POST", f"/bookings/{booking.booking_code}/survey", idempotency_key=new_idempotency_key(),
            json_body={"scores": dict.fromkeys(U, 4), "respondent": {"age_group": "12"}},
        )


# --------------------------------------------------------------- SKM report


async def test_the_skm_report_holds_the_regulations_figures_for_three_respondents(client, make_client, app):  # type: ignore[no-untyped-def]
    await rate_three_visits(client, make_client)
    admin = await staff(make_client, "admin.pkm-sumber")
    book = workbook(await download(app, admin, ReportFile.skm_xlsx, SUMBER))
    assert book.sheetnames == ["Ringkasan", "Nilai per unsur", "Profil responden"]
    want = by_hand()
    assert want["index"] == 88.89 and want["band"] == "A"  # (9 + 11 + 11 + 10 + 7 × 11) / 3 / 9 × 25
    summary = dict((k, v) for k, v in rows(book, "Ringkasan"))
    assert summary["Unit pelayanan"] == "Puskesmas Sumber"
    assert summary["Jumlah responden"] == 3
    assert summary["Nilai IKM (konversi)"] == want["index"]
    assert summary["Mutu pelayanan"] == "A" and summary["Kinerja unit pelayanan"] == "Sangat Baik"
    assert str(summary["Periode survei"]).startswith("November 2026")
    elements = rows(book, "Nilai per unsur")
    assert [r[0] for r in elements[:9]] == [f"U{i}" for i in range(1, 10)]
    assert elements[0][1] == "Persyaratan" and elements[7][1] == "Penanganan Pengaduan, Saran dan Masukan"
    assert [r[2] for r in elements[:9]] == want["totals"]
    assert [r[3] for r in elements[:9]] == want["nrr"]
    assert [r[4] for r in elements[:9]] == want["weighted"]
    assert elements[0][5:] == (75.0, "C") and elements[3][5:] == (83.33, "B")  # U1 3.000, U4 3.333
    assert elements[9][1] == "Jumlah NRR tertimbang" and elements[9][4] == round(32 / 9, 3)
    assert elements[10][5:] == (want["index"], "A")
    profile = {(r[0], r[1]): r[2] for r in rows(book, "Profil responden")}
    assert profile["Umur", "51–60 tahun"] == 1 and profile["Umur", "> 60 tahun"] == 1
    assert profile["Umur", "Tidak diisi"] == 1 and profile["Umur", "21–30 tahun"] == 0
    assert (profile["Jenis kelamin", "Perempuan"], profile["Jenis kelamin", "Laki-laki"]) == (1, 1)
    assert (profile["Pendidikan", "SD"], profile["Pendidikan", "Tidak diisi"]) == (1, 2)
    assert (profile["Pekerjaan", "Petani/nelayan"], profile["Pekerjaan", "Tidak diisi"]) == (1, 2)
    for heading in ("Umur", "Jenis kelamin", "Pendidikan", "Pekerjaan"):
        assert sum(n for (h, _), n in profile.items() if h == heading) == 3
    # The same figures as CSV; the facility's report is the regency's too (nobody else rated).
    tables = csv_sections((await download(app, admin, ReportFile.skm_csv, SUMBER)).content)
    assert [float(r["NRR"]) for r in tables["Nilai per unsur"][:9]] == want["nrr"]
    assert {r["Keterangan"]: r["Nilai"] for r in tables["Ringkasan"]}["Nilai IKM (konversi)"] == "88.89"
    dinkes = await staff(make_client, "dinkes")
    regency = workbook(await download(app, dinkes, ReportFile.skm_xlsx, None))
    assert dict((k, v) for k, v in rows(regency, "Ringkasan"))["Jumlah responden"] == 3


async def test_a_month_without_surveys_reports_no_index_and_zero_respondents(client, make_client, app):  # type: ignore[no-untyped-def]
    admin = await staff(make_client, "admin.pkm-sumber")
    book = workbook(await download(app, admin, ReportFile.skm_xlsx, SUMBER))
    summary = dict((k, v) for k, v in rows(book, "Ringkasan"))
    assert summary["Jumlah responden"] == 0 and summary["Nilai IKM (konversi)"] is None
    assert rows(book, "Nilai per unsur") == []


# -------------------------------------------------------------------- recap


async def test_the_monthly_recap_has_the_dashboards_tables_and_the_regency_one_row_per_facility(
    client, make_client, app
):  # type: ignore[no-untyped-def]
    await rate_three_visits(client, make_client)
    dinkes = await staff(make_client, "dinkes")
    month = {"date_from": NOVEMBER, "date_to": dt.date(2026, 11, 30)}
    sumber = await dinkes.dashboard.get(facility_id=SUMBER, **month)
    book = workbook(await download(app, dinkes, ReportFile.recap_xlsx, SUMBER))
    assert book.sheetnames == ["Ringkasan", "Kunjungan per kanal", "Kunjungan per hari", "Waktu tunggu",
                               "Pemakaian kuota", "Jam kedatangan", "SKM"]
    assert rows(book, "Ringkasan")[0][3] == sumber.visits == 3
    assert len(rows(book, "Kunjungan per hari")) == 30
    assert {r[0]: r[1] for r in rows(book, "Kunjungan per kanal")} == {
        "Aplikasi": 3, "Situs web": 0, "Anjungan mandiri": 0, "Loket petugas": 0, "Mobile JKN": 0}
    assert rows(book, "SKM")[-1] == ("Indeks SKM", 3, None, by_hand()["index"], "A")
    regency = workbook(await download(app, dinkes, ReportFile.recap_xlsx, None))
    per_facility = rows(regency, "Per faskes")
    facilities = await client.facilities.list()
    assert sorted(r[0] for r in per_facility) == sorted(f.name for f in facilities)
    row = next(r for r in per_facility if r[0] == "Puskesmas Sumber")
    assert (row[2], row[8], row[9], row[10]) == (3, 3, by_hand()["index"], "A")
    assert all(r[2] == 0 for r in per_facility if r[0] != "Puskesmas Sumber")
    tables = csv_sections((await download(app, dinkes, ReportFile.recap_csv, None)).content)
    assert list(tables) == [*book.sheetnames, "Per faskes"]
    assert int(tables["Ringkasan"][0]["Kunjungan"]) == 3
    assert len(tables["Per faskes"]) == len(facilities)


# ---------------------------------------------------- links and permissions


async def test_a_report_link_works_without_the_token_for_its_file_only_and_two_minutes(
    make_client, app, clock
):  # type: ignore[no-untyped-def]
    admin = await staff(make_client, "admin.pkm-sumber")
    link = await admin.dashboard.report_link(ReportFile.recap_csv, facility_id=SUMBER, month=NOVEMBER)
    assert link.url.startswith("/api/reports/recap.csv?")
    first = await fetch(app, link.url)
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/csv")
    assert 'filename="rekap-pkm-sumber-2026-11.csv"' in first.headers["content-disposition"]
    for other in (link.url.replace("2026-11", "2026-10"), link.url.replace(SUMBER, "pkm-lasem"),
                  link.url.replace("recap.csv", "skm.csv"), link.url.replace("recap.csv", "recap.xlsx")):
        assert (await fetch(app, other)).status_code == 401, other
    clock.advance(minutes=2)
    assert (await fetch(app, link.url)).status_code == 401
    assert (await fetch(app, f"/api/reports/skm.xlsx?facility_id={SUMBER}&month=2026-11")).status_code == 401


async def test_a_facility_admin_gets_no_report_of_another_facility_or_the_regency(make_client, app):  # type: ignore[no-untyped-def]
    admin = await staff(make_client, "admin.pkm-sumber")
    for facility in ("pkm-lasem", None):
        with pytest.raises(Forbidden):
            await admin.dashboard.report_link(ReportFile.skm_xlsx, facility_id=facility, month=NOVEMBER)
    token = admin._http.headers["Authorization"]
    assert (await fetch(app, "/api/reports/skm.xlsx?facility_id=pkm-lasem&month=2026-11",
                        Authorization=token)).status_code == 403
    own = await fetch(app, f"/api/reports/skm.xlsx?facility_id={SUMBER}&month=2026-11", Authorization=token)
    assert own.status_code == 200 and own.content.startswith(b"PK")  # a zip: the xlsx
    loket = await staff(make_client, "loket.pkm-sumber")
    with pytest.raises(Forbidden):
        await loket.dashboard.report_link(ReportFile.skm_xlsx, facility_id=SUMBER, month=NOVEMBER)


async def test_a_bad_month_is_named(make_client, app):  # type: ignore[no-untyped-def]
    dinkes = await staff(make_client, "dinkes")
    token = dinkes._http.headers["Authorization"]
    for month in ("2026-13", "1999-12", "November"):
        answer = await fetch(app, f"/api/reports/skm.csv?month={month}", Authorization=token)
        assert answer.status_code == 422, month
        assert "month" in answer.text


# ---------------------------------------------------------------------- CLI


async def test_the_command_line_writes_the_report_a_cron_job_asks_for(
    client, make_client, settings, clock, tmp_path, capsys
):  # type: ignore[no-untyped-def]
    await rate_three_visits(client, make_client)
    out = tmp_path / "skm-sumber.xlsx"
    assert run(["skm", "--facility", SUMBER, "--month", "2026-11", "--out", str(out)],
               settings=settings, clock=clock) == 0
    summary = dict((k, v) for k, v in rows(openpyxl.load_workbook(out), "Ringkasan"))
    assert summary["Jumlah responden"] == 3 and summary["Nilai IKM (konversi)"] == by_hand()["index"]
    recap = tmp_path / "rekap.txt"
    assert run(["recap", "--month", "2026-11", "--format", "csv", "--out", str(recap)],
               settings=settings, clock=clock) == 0
    assert "Per faskes" in csv_sections(recap.read_bytes())
    clock.set(2026, 12, 5, 6, 0)  # by default: the last full month
    default = tmp_path / "default.csv"
    assert run(["skm", "--facility", SUMBER, "--out", str(default)], settings=settings, clock=clock) == 0
    assert "November 2026" in default.read_text(encoding="utf-8-sig")
    with pytest.raises(SystemExit) as refused:
        run(["skm", "--facility", "pkm-atlantis", "--out", str(tmp_path / "x.xlsx")], settings=settings,
            clock=clock)
    assert refused.value.code == 2 and "pkm-atlantis" in capsys.readouterr().err


# ----------------------------------------------------- a month of demo history


async def test_a_demo_fortnight_reports_the_dashboards_figures_and_a_profile_that_adds_up(
    make_client, app
):  # type: ignore[no-untyped-def]
    state = app.state.lsr
    with state.db.write_transaction() as session:
        generate_history(session=session, directory=state.directory, vault=state.vault,
                         today=dt.date(2026, 11, 30), days=14)
    dinkes = await staff(make_client, "dinkes")
    board = await dinkes.dashboard.get(date_from=NOVEMBER, date_to=dt.date(2026, 11, 30))
    assert board.skm.respondents > 100
    skm = workbook(await download(app, dinkes, ReportFile.skm_xlsx, None))
    summary = dict((k, v) for k, v in rows(skm, "Ringkasan"))
    assert summary["Jumlah responden"] == board.skm.respondents
    assert summary["Nilai IKM (konversi)"] == board.skm.index and summary["Mutu pelayanan"] == board.skm.band
    profile = rows(skm, "Profil responden")
    for heading in ("Umur", "Jenis kelamin", "Pendidikan", "Pekerjaan"):
        counts = {r[1]: r[2] for r in profile if r[0] == heading}
        assert sum(counts.values()) == board.skm.respondents, heading
        assert 0 < counts["Tidak diisi"] < board.skm.respondents / 2, heading
        assert round(sum(r[3] for r in profile if r[0] == heading)) == 100, heading
    recap = workbook(await download(app, dinkes, ReportFile.recap_xlsx, None))
    per_facility = rows(recap, "Per faskes")
    assert sum(r[2] for r in per_facility) == board.visits
    assert sum(r[8] for r in per_facility) == board.skm.respondents
    assert rows(recap, "Ringkasan")[0][3:5] == (board.visits, board.no_shows)
