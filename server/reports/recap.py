"""The monthly recap: the dashboard's tables for a month (server/dashboard/service.py,
the same definitions), of one facility or of the regency; the regency's has one row
per facility besides."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from api_client.models import Channel, Dashboard, WaitStage
from server.dashboard.compare import side_by_side
from server.dashboard.service import dashboard
from server.facilities.directory import Directory
from server.reports.files import Report, Table
from server.reports.month import Month
from server.reports.skm_report import ELEMENT_NAMES, facility_name

CHANNEL_NAMES = {Channel.app: "Aplikasi", Channel.web: "Situs web", Channel.kiosk: "Anjungan mandiri",
                 Channel.desk: "Loket petugas", Channel.mobile_jkn: "Mobile JKN"}
STAGE_NAMES = {
    WaitStage.loket_wait: "Menunggu di loket", WaitStage.loket_service: "Dilayani di loket",
    WaitStage.poli_wait: "Menunggu dipanggil poli", WaitStage.poli_service: "Diperiksa di poli",
    WaitStage.apotek_wait: "Menunggu di apotek", WaitStage.apotek_service: "Obat disiapkan",
}
PERCENT, MINUTES, INDEX = "0.0", "0.0", "0.00"


def recap_report(
    *, session: Session, directory: Directory, facility_id: str | None, month: Month, today: dt.date
) -> Report:
    report = _month(session, facility_id, month, today)
    unit = facility_name(directory, facility_id)
    tables = [
        Table("Ringkasan", ("Faskes", "Dari", "Sampai", "Kunjungan", "Tidak datang", "% tidak datang",
                            "Kunjungan demo"),
              [(unit, report.date_from, report.date_to, report.visits, report.no_shows, report.no_show_rate,
                report.demo_visits)], formats={5: PERCENT}),
        Table("Kunjungan per kanal", ("Kanal", "Kunjungan", "Tidak datang", "% tidak datang"),
              [(CHANNEL_NAMES[c.channel], c.visits, c.no_shows, c.no_show_rate) for c in report.channels],
              formats={3: PERCENT}),
        Table("Kunjungan per hari", ("Tanggal", *CHANNEL_NAMES.values(), "Jumlah"),
              [(d.service_date, *(getattr(d, c.value) for c in CHANNEL_NAMES), d.total) for d in report.days],
              formats={0: "yyyy-mm-dd"}),
        Table("Waktu tunggu", ("Tahap", "Tugas BPJS", "Pasien", "Median (menit)", "P90 (menit)"),
              [(STAGE_NAMES[w.stage], f"{w.from_task}→{w.to_task}", w.visits, w.median_minutes,
                w.p90_minutes) for w in report.waits], formats={3: MINUTES, 4: MINUTES}),
        Table("Pemakaian kuota", ("Tanggal", "Kuota JKN", "Terpakai JKN", "Kuota umum", "Terpakai umum",
                                  "Kuota datang langsung", "Terpakai datang langsung"),
              [(q.service_date, q.quota_jkn, q.used_jkn, q.quota_non_jkn, q.used_non_jkn, q.quota_walkin,
                q.used_walkin) for q in report.quota], formats={0: "yyyy-mm-dd"}),
        Table("Jam kedatangan", ("Jam (WIB)", "Kedatangan"),
              [(f"{h.hour:02d}.00–{h.hour:02d}.59", h.visits) for h in report.hours]),
        Table("SKM", ("Unsur", "Responden", "NRR", "Nilai konversi", "Mutu"),
              [(f"U{n} {ELEMENT_NAMES[e.element]}", report.skm.respondents, e.mean, e.index, e.band)
               for n, e in enumerate(report.skm.elements, start=1)]
              + [("Indeks SKM", report.skm.respondents, None, report.skm.index, report.skm.band)],
              formats={2: "0.000", 3: INDEX}),
    ]
    if facility_id is None:
        tables.append(_per_facility(session, directory, month, today))
    return Report(f"Rekap bulanan: {unit}, {month.label()}",
                  f"rekap-{facility_id or 'semua'}-{month.key}", tables)


def _month(session: Session, facility_id: str | None, month: Month, today: dt.date) -> Dashboard:
    return dashboard(session=session, facility_id=facility_id, date_from=month.first, date_to=month.last,
                     today=today)


def _per_facility(session: Session, directory: Directory, month: Month, today: dt.date) -> Table:
    """The comparison's figures (server/dashboard/compare.py), so that a facility's
    quota use or P90 reads the same in the recap and on the dashboard."""
    rows, _regency = side_by_side(session=session, directory=directory, date_from=month.first,
                                  date_to=month.last, today=today)
    table = []
    for row in rows:
        assert row.facility_id is not None
        poli = next(w for w in row.waits if w.stage is WaitStage.poli_wait)
        table.append((
            row.facility_name, directory.facilities[row.facility_id].row.kecamatan, row.visits,
            row.no_shows, row.no_show_rate, poli.median_minutes, poli.p90_minutes, row.quota_use_rate,
            row.skm_respondents, row.skm_index, row.skm_band,
        ))
    return Table("Per faskes", ("Faskes", "Kecamatan", "Kunjungan", "Tidak datang", "% tidak datang",
                                "Median tunggu poli (menit)", "P90 tunggu poli (menit)",
                                "% kuota terpakai (JKN, umum, datang langsung)", "Responden SKM",
                                "Indeks SKM", "Mutu SKM"),
                 table, formats={4: PERCENT, 5: MINUTES, 6: MINUTES, 7: PERCENT, 9: INDEX})
