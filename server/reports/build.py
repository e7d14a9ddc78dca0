"""One report to file as bytes: which report, which format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from api_client.models import ReportFile
from server.facilities.directory import Directory
from server.reports.files import Report, to_csv, to_xlsx
from server.reports.month import Month
from server.reports.recap import recap_report
from server.reports.skm_report import skm_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class BuiltReport:
    filename: str  # without the extension
    body: bytes


def build_report(
    report: ReportFile, *, session: Session, directory: Directory, facility_id: str | None, month: Month,
    today: dt.date,
) -> BuiltReport:
    made: Report
    if report in (ReportFile.skm_xlsx, ReportFile.skm_csv):
        made = skm_report(session=session, directory=directory, facility_id=facility_id, month=month)
    else:
        made = recap_report(session=session, directory=directory, facility_id=facility_id, month=month,
                            today=today)
    if report.value.endswith(".xlsx"):
        return BuiltReport(made.filename, to_xlsx(made))
    return BuiltReport(made.filename, to_csv(made).encode("utf-8-sig"))


def media_type(report: ReportFile) -> str:
    return XLSX if report.value.endswith(".xlsx") else "text/csv; charset=utf-8"
