"""The dashboard as CSV: the same tables as the screen, one after another, each under
its own name and header row, so a spreadsheet opens it as it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from api_client.models import Dashboard


def dashboard_csv(report: Dashboard) -> str:
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
    table("visits_by_day", ["service_date", "app", "web", "kiosk", "desk", "total"],
          [[d.service_date, d.app, d.web, d.kiosk, d.desk, d.total] for d in report.days])
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
    return out.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    return getattr(value, "value", value)  # enums as their plain value
