"""Dashboard sections about visits: the headline figures, visits and no-shows by
channel, visits per day, and the busiest hours."""

from __future__ import annotations

import datetime as dt

import flet as ft

from api_client.models import Channel, Dashboard
from session.context import use_t
from session.i18n import Translator
from views.dashboard.frame import Section, Series, bar_chart, data_table
from views.dashboard.numbers import count, minutes, percent, share, skm_index
from views.dashboard.trends import Change, compared_with, figures

CHANNEL_COLORS = {Channel.app: "#00695C", Channel.web: "#1565C0", Channel.kiosk: "#EF6C00",
                  Channel.desk: "#6A1B9A", Channel.mobile_jkn: "#2E7D32"}


def channel_name(t: Translator, channel: Channel) -> str:
    _ = t.gettext
    return {
        Channel.app: _("Aplikasi"), Channel.web: _("Situs web"), Channel.kiosk: _("Anjungan mandiri"),
        Channel.desk: _("Loket petugas"), Channel.mobile_jkn: _("Mobile JKN"),
    }[channel]


def channel_axis_name(t: Translator, channel: Channel) -> str:
    """The channel's name under its bar: short, so five fit side by side on a 360 px
    phone (the table beside the chart gives the full names)."""
    return {
        Channel.app: t.pgettext("channel axis", "Aplikasi"), Channel.web: t.pgettext("channel axis", "Web"),
        Channel.kiosk: t.pgettext("channel axis", "Kiosk"), Channel.desk: t.pgettext("channel axis", "Loket"),
        Channel.mobile_jkn: t.pgettext("channel axis", "Mobile JKN"),
    }[channel]


@ft.component
def Headline(report: Dashboard) -> ft.Control:
    """Four figures at a glance, each with its change against the period before, and a
    plain note when the figures are demo data."""
    t = use_t()
    _ = t.gettext
    changes = figures(report)

    def skm_text(index: float | None, band: str | None) -> str:
        if index is None:
            return "–"
        return f"{skm_index(t, index)} ({band})" if band else skm_index(t, index)

    before = report.previous
    tiles = [
        ("headline-visits", _("Kunjungan"), count(t, report.visits),
         count(t, before.visits) if before else "–"),
        ("headline-no-show", _("Tidak hadir"), percent(t, report.no_show_rate),
         percent(t, before.no_show_rate) if before else "–"),
        ("headline-poli-wait", _("Tunggu poli (P90)"), minutes(t, changes["headline-poli-wait"].now),
         minutes(t, before.poli_wait_p90_minutes) if before else "–"),
        ("headline-skm", _("Indeks SKM"), skm_text(report.skm.index, report.skm.band),
         skm_text(before.skm_index, None) if before else "–"),
    ]
    controls: list[ft.Control] = [ft.ResponsiveRow([
        ft.Semantics(identifier=key, container=True, col={"xs": 12, "sm": 6, "lg": 3}, content=ft.Card(
            content=ft.Container(padding=16, content=ft.Column([
                ft.Text(label, theme_style=ft.TextThemeStyle.TITLE_SMALL, color=ft.Colors.ON_SURFACE_VARIANT),
                ft.Text(value, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
                Change(changes[key], before=previous, identifier=key.replace("headline-", "change-")),
            ], spacing=4)),
        ))
        for key, label, value, previous in tiles
    ], spacing=12, run_spacing=12)]
    if before is not None:
        controls.append(ft.Semantics(identifier="headline-compared", content=ft.Text(
            compared_with(t, before), theme_style=ft.TextThemeStyle.BODY_MEDIUM,
            color=ft.Colors.ON_SURFACE_VARIANT,
        )))
    if report.demo_visits:
        controls.insert(0, ft.Semantics(identifier="demo-note", content=ft.Container(
            bgcolor=ft.Colors.TERTIARY_CONTAINER, border_radius=8, padding=12,
            content=ft.Row([
                ft.Icon(ft.Icons.SCIENCE_OUTLINED, color=ft.Colors.ON_TERTIARY_CONTAINER),
                ft.Text(t.ngettext(
                    "Data contoh: {n} kunjungan di sini dibuat untuk demo, bukan pasien sungguhan.",
                    "Data contoh: {n} kunjungan di sini dibuat untuk demo, bukan pasien sungguhan.",
                    report.demo_visits,
                ).format(n=count(t, report.demo_visits)),
                    color=ft.Colors.ON_TERTIARY_CONTAINER, expand=True),
            ], spacing=8),
        )))
    return ft.Column(controls, spacing=12)


@ft.component
def ChannelSection(report: Dashboard) -> ft.Control:
    t = use_t()
    _ = t.gettext
    names = [channel_name(t, c.channel) for c in report.channels]
    chart = bar_chart(
        [channel_axis_name(t, c.channel) for c in report.channels],
        [(Series(_("Kunjungan"), "#00695C"), [c.visits for c in report.channels]),
         (Series(_("Tidak hadir"), "#C62828"), [c.no_shows for c in report.channels])],
        description=_("Grafik kunjungan dan tidak hadir per jalur; angkanya ada di tabel."),
        number=lambda v: count(t, int(v)),
    )
    table = data_table(
        [_("Jalur"), _("Kunjungan"), _("Tidak hadir"), _("Persen tidak hadir")],
        [[name, count(t, c.visits), count(t, c.no_shows), percent(t, c.no_show_rate)]
         for name, c in zip(names, report.channels, strict=True)]
        + [[_("Semua"), count(t, report.visits), count(t, report.no_shows),
            percent(t, report.no_show_rate)]],
    )
    return Section(
        _("Kunjungan per jalur"),
        _("Tidak hadir: booking yang tidak datang sampai harinya lewat, "
          "atau pasien yang tidak ada saat dipanggil."),
        chart, table, identifier="dashboard-channels",
    )


@ft.component
def DaySection(report: Dashboard) -> ft.Control:
    t = use_t()
    _ = t.gettext
    labels = [t.format_date(d.service_date, "d/M") for d in report.days]
    chart = bar_chart(
        labels,
        [(Series(channel_name(t, c), CHANNEL_COLORS[c]), [getattr(d, c.value) for d in report.days])
         for c in Channel],
        description=_("Grafik kunjungan per hari menurut jalur; angkanya ada di tabel."),
        number=lambda v: count(t, int(v)), stacked=True,
    )
    table = data_table(
        [_("Tanggal"), *(channel_name(t, c) for c in Channel), _("Jumlah")],
        [[t.format_date(d.service_date, "EEE d MMM"),
          *(count(t, getattr(d, c.value)) for c in Channel), count(t, d.total)]
         for d in report.days],
    )
    return Section(
        _("Kunjungan per hari"), _("Hari Minggu dan hari libur puskesmas tutup; UGD tetap buka."),
        chart, table, identifier="dashboard-days", chart_columns=6,
    )


@ft.component
def HourSection(report: Dashboard) -> ft.Control:
    """The chart runs through the day; the table puts the busiest hour first."""
    t = use_t()
    _ = t.gettext
    arrivals = sum(h.visits for h in report.hours)
    busiest = sorted((h for h in report.hours if h.visits), key=lambda h: (-h.visits, h.hour))
    chart = bar_chart(
        [f"{h.hour:02d}" for h in report.hours],
        [(Series(_("Kedatangan"), "#EF6C00"), [h.visits for h in report.hours])],
        description=_("Grafik kedatangan per jam; angkanya ada di tabel."),
        number=lambda v: count(t, int(v)),
    )
    table = data_table(
        [_("Jam (WIB)"), _("Kedatangan"), _("Persen kedatangan")],
        [[f"{t.format_time(dt.time(h.hour))}–{t.format_time(dt.time(h.hour, 59))}", count(t, h.visits),
          share(t, h.visits, arrivals)]
         for h in busiest],
    )
    return Section(
        _("Jam tersibuk"),
        _("Kedatangan: waktu check-in atau ambil nomor di tempat, per jam (WIB). "
          "Tabel: jam paling ramai di atas."),
        chart, table, identifier="dashboard-hours",
    )
