"""The dashboard as CSV: the same tables as the screen, one after another, each under
its own name and header row, so a spreadsheet opens it as it is. The dashboard of every
facility also carries the comparison: one row per facility and the regency's (all six
stages' waits, which the screen's table leaves out), and the attention list."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from api_client.models import Dashboard, FacilityComparison, FacilityFigures, WaitStage
from server.spreadsheet_cells import csv_text


def dashboard_csv(report: Dashboard, comparison: FacilityComparison | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def table(name: str, header: list[str], rows: Iterable[Iterable[object]]) -> None:
        writer.writerow([name])
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
        writer.writerow([])

    table("period", ["facility_id", "date_from", "date_to", "visits", "no_shows", "no_show_rate",
                     "demo_visits"],
          [[report.facility_id or "all", report.date_from, report.date_to, report.visits,
            report.no_shows, report.no_show_rate, report.demo_visits]])
    table("visits_by_channel", ["channel", "visits", "no_shows", "no_show_rate"],
          [[c.channel.value, c.visits, c.no_shows, c.no_show_rate] for c in report.channels])
    table("visits_by_day", ["service_date", "app", "web", "kiosk", "desk", "mobile_jkn", "total"],
          [[d.service_date, d.app, d.web, d.kiosk, d.desk, d.mobile_jkn, d.total] for d in report.days])
    table("waiting_minutes", ["stage", "from_task", "to_task", "visits", "median_minutes", "p90_minutes"],
          [[w.stage.value, w.from_task, w.to_task, w.visits, w.median_minutes, w.p90_minutes]
           for w in report.waits])
    table("quota_use", ["service_date", "quota_jkn", "used_jkn", "quota_non_jkn", "used_non_jkn",
                        "quota_walkin", "used_walkin"],
          [[q.service_date, q.quota_jkn, q.used_jkn, q.quota_non_jkn, q.used_non_jkn, q.quota_walkin,
            q.used_walkin] for q in report.quota])
    table("visits_by_hour", ["hour_wib", "visits"], [[h.hour, h.visits] for h in report.hours])
    skm = report.skm
    table("skm", ["element", "respondents", "mean", "index", "band"],
          [["overall", skm.respondents, None, skm.index, skm.band]]
          + [[e.element.value, skm.respondents, e.mean, e.index, e.band] for e in skm.elements])
    if comparison is not None:
        table("facilities", FACILITY_COLUMNS,
              [_figures(row) for row in [*comparison.facilities, comparison.regency]])
        table("attention", ["facility_id", "reason", "value", "limit", "band"],
              [[a.facility_id, r.code, r.value, r.limit, r.band]
               for a in comparison.attention for r in a.reasons])
    return out.getvalue()


FACILITY_COLUMNS = [
    "facility_id", "facility_name", "visits", "no_shows", "no_show_rate",
    *(f"{stage.value}_{m}_minutes" for stage in WaitStage for m in ("median", "p90")),
    "quota", "quota_used", "quota_use_rate", "skm_respondents", "skm_index", "skm_band",
    "complaints_open", "complaints_overdue",
]


def _figures(row: FacilityFigures) -> list[object]:
    waits = {w.stage: w for w in row.waits}
    return [
        row.facility_id or "all", row.facility_name, row.visits, row.no_shows, row.no_show_rate,
        *(value for stage in WaitStage for value in (waits[stage].median_minutes, waits[stage].p90_minutes)),
        row.quota, row.quota_used, row.quota_use_rate, row.skm_respondents, row.skm_index, row.skm_band,
        row.complaints_open, row.complaints_overdue,
    ]


def _cell(value: object) -> object:
    if value is None:
        return ""
    value = getattr(value, "value", value)  # enums as their plain value
    return csv_text(value) if isinstance(value, str) else value
