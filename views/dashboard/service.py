"""Dashboard sections about the service itself: waiting time per stage, quota use,
and the satisfaction survey (SKM)."""

from __future__ import annotations

import flet as ft

from api_client.models import Dashboard, SkmBand, SkmElement, WaitStage
from session.context import use_t
from session.i18n import N_, Translator
from views.dashboard.frame import Section, Series, bar_chart, data_table
from views.dashboard.numbers import count, minutes, percent, share, skm_index

STAGE_WORDS = {
    WaitStage.loket_wait: N_("Menunggu di loket"),
    WaitStage.loket_service: N_("Dilayani di loket"),
    WaitStage.poli_wait: N_("Menunggu dipanggil poli"),
    WaitStage.poli_service: N_("Diperiksa di poli"),
    WaitStage.apotek_wait: N_("Menunggu di apotek"),
    WaitStage.apotek_service: N_("Obat disiapkan"),
}
ELEMENT_WORDS = {
    SkmElement.persyaratan: N_("Persyaratan"),
    SkmElement.prosedur: N_("Sistem, mekanisme dan prosedur"),
    SkmElement.waktu: N_("Waktu penyelesaian"),
    SkmElement.biaya: N_("Biaya/tarif"),
    SkmElement.produk: N_("Produk layanan"),
    SkmElement.kompetensi: N_("Kompetensi pelaksana"),
    SkmElement.perilaku: N_("Perilaku pelaksana"),
    SkmElement.pengaduan: N_("Penanganan pengaduan"),
    SkmElement.sarana: N_("Sarana dan prasarana"),
}
BAND_WORDS = {SkmBand.A: N_("Sangat Baik"), SkmBand.B: N_("Baik"), SkmBand.C: N_("Kurang Baik"),
              SkmBand.D: N_("Tidak Baik")}


@ft.component
def WaitSection(report: Dashboard) -> ft.Control:
    t = use_t()
    _ = t.gettext
    names = [_(STAGE_WORDS[w.stage]) for w in report.waits]
    chart = bar_chart(
        [f"{w.from_task}→{w.to_task}" for w in report.waits],
        [(Series(_("Median"), "#00695C"), [w.median_minutes for w in report.waits]),
         (Series(_("9 dari 10 pasien paling lama"), "#EF6C00"), [w.p90_minutes for w in report.waits])],
        description=_("Grafik waktu tunggu per tahap dalam menit; angkanya ada di tabel."),
        number=lambda v: minutes(t, v),
    )
    table = data_table(
        [_("Tahap (tugas BPJS)"), _("Median"), _("P90"), _("Pasien")],
        [[f"{name} ({w.from_task}→{w.to_task})", minutes(t, w.median_minutes), minutes(t, w.p90_minutes),
          count(t, w.visits)] for name, w in zip(names, report.waits, strict=True)],
    )
    return Section(
        _("Waktu tunggu per tahap"),
        _("Dari waktu tugas BPJS Antrean yang dicatat di loket, poli dan apotek. "
          "P90: 9 dari 10 pasien menunggu paling lama sekian."),
        chart, table, identifier="dashboard-waits",
    )


def _use(t: Translator, used: int, quota: int) -> str:
    """``452/1.858 (24,3%)``: places taken of the quota."""
    taken = f" ({share(t, used, quota)})" if quota else ""
    return f"{count(t, used)}/{count(t, quota)}{taken}"


@ft.component
def QuotaSection(report: Dashboard) -> ft.Control:
    t = use_t()
    _ = t.gettext

    def taken(used: int, quota: int) -> float:
        return 100 * used / quota if quota else 0

    rows = report.quota
    chart = bar_chart(
        [t.format_date(q.service_date, "d/M") for q in rows],
        [(Series(_("JKN"), "#00695C"), [taken(q.used_jkn, q.quota_jkn) for q in rows]),
         (Series(_("Umum"), "#1565C0"), [taken(q.used_non_jkn, q.quota_non_jkn) for q in rows]),
         (Series(_("Datang langsung"), "#EF6C00"), [taken(q.used_walkin, q.quota_walkin) for q in rows])],
        description=_("Grafik pemakaian kuota per hari dalam persen; angkanya ada di tabel."),
        max_y=100, number=lambda v: percent(t, v), unit="%",
    )
    table = data_table(
        [_("Tanggal"), _("JKN"), _("Umum"), _("Datang langsung")],
        [[t.format_date(q.service_date, "EEE d MMM"), _use(t, q.used_jkn, q.quota_jkn),
          _use(t, q.used_non_jkn, q.quota_non_jkn), _use(t, q.used_walkin, q.quota_walkin)] for q in rows],
    )
    return Section(
        _("Pemakaian kuota"),
        _("Tempat yang terpakai dari kuota harian: booking JKN, booking umum, dan nomor datang langsung."),
        chart, table, identifier="dashboard-quota", chart_columns=6,
    )


@ft.component
def SkmSection(report: Dashboard) -> ft.Control:
    t = use_t()
    _ = t.gettext
    skm = report.skm
    if skm.index is None or skm.band is None:
        return Section(_("Survei kepuasan (SKM)"), _("Belum ada survei pada periode ini."), None,
                       ft.Text("–"), identifier="dashboard-skm")
    names = [_(ELEMENT_WORDS[e.element]) for e in skm.elements]
    chart = bar_chart(
        [f"U{i}" for i in range(1, len(skm.elements) + 1)],
        [(Series(_("Nilai"), "#00695C"), [e.index for e in skm.elements])],
        description=_("Grafik nilai tiap unsur SKM; angkanya ada di tabel."), max_y=100,
        number=lambda v: skm_index(t, v),
    )
    table = data_table(
        [_("Unsur"), _("Nilai"), _("Mutu")],
        [[f"U{i} {name}", skm_index(t, e.index), f"{e.band} ({_(BAND_WORDS[e.band])})"]
         for i, (name, e) in enumerate(zip(names, skm.elements, strict=True), start=1)]
        + [[_("Indeks SKM"), skm_index(t, skm.index), f"{skm.band} ({_(BAND_WORDS[skm.band])})"]],
    )
    return Section(
        _("Survei kepuasan (SKM)"),
        t.ngettext("Indeks {index}, mutu {band} ({words}), dari {n} responden.",
                   "Indeks {index}, mutu {band} ({words}), dari {n} responden.", skm.respondents).format(
            index=skm_index(t, skm.index), band=skm.band, words=_(BAND_WORDS[skm.band]),
            n=count(t, skm.respondents)),
        chart, table, identifier="dashboard-skm",
    )
