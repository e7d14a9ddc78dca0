"""The attention card ("Perlu perhatian"): one line per facility over a threshold,
its reasons in plain words, its name a button that opens its dashboard.

The service decides who is listed and why (codes and values, server/dashboard/
attention.py); this module only words them in the session's language.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from api_client.models import Attention, AttentionCode, AttentionReason, AttentionThresholds
from components.heading import Heading
from session.context import use_t
from session.i18n import Translator
from views.dashboard import numbers
from views.dashboard.compare import opener
from views.dashboard.service import BAND_WORDS

NAME_WIDTH = 210  # "RSUD dr. R. Soetrasno" on one line


def reason_words(t: Translator, reason: AttentionReason) -> str:
    """"P90 tunggu poli 95,0 menit (batas 60,0 menit)", "SKM C (Kurang Baik), indeks 75,00"."""
    _ = t.gettext
    value, limit = reason.value, reason.limit or 0
    if reason.code is AttentionCode.loket_wait_p90:
        return _("P90 tunggu loket {minutes} (batas {limit})").format(
            minutes=numbers.minutes(t, value), limit=numbers.minutes(t, limit))
    if reason.code is AttentionCode.poli_wait_p90:
        return _("P90 tunggu poli {minutes} (batas {limit})").format(
            minutes=numbers.minutes(t, value), limit=numbers.minutes(t, limit))
    if reason.code is AttentionCode.no_show_rate:
        return _("Tidak hadir {percent} (batas {limit})").format(
            percent=numbers.percent(t, value), limit=numbers.percent(t, limit))
    if reason.code is AttentionCode.overdue_complaints:
        n = round(value)
        return t.ngettext("{n} pengaduan lewat batas waktu jawaban",
                          "{n} pengaduan lewat batas waktu jawaban", n).format(n=numbers.count(t, n))
    assert reason.band is not None
    return _("SKM {band} ({words}), indeks {index}").format(
        band=reason.band, words=_(BAND_WORDS[reason.band]), index=numbers.skm_index(t, value))


def thresholds_words(t: Translator, limits: AttentionThresholds) -> str:
    return t.gettext(
        "Batas: P90 tunggu loket {loket}, P90 tunggu poli {poli}, tidak hadir {no_show}; "
        "juga pengaduan yang lewat batas waktu jawaban dan SKM C atau D."
    ).format(loket=numbers.minutes(t, limits.loket_wait_p90_minutes),
             poli=numbers.minutes(t, limits.poli_wait_p90_minutes),
             no_show=numbers.percent(t, limits.no_show_percent))


@ft.component
def AttentionCard(
    attention: list[Attention], limits: AttentionThresholds, on_open: Callable[[str], None]
) -> ft.Control:
    t = use_t()
    _ = t.gettext

    def line(item: Attention) -> ft.Control:
        """The name (a button, in a column of its own) and the reasons beside it."""
        return ft.Semantics(identifier=f"attention-{item.facility_id}", container=True, content=ft.Row([
            ft.Container(width=NAME_WIDTH, alignment=ft.Alignment.CENTER_LEFT,
                         content=opener(item.facility_name, lambda: on_open(item.facility_id))),
            ft.Text("; ".join(reason_words(t, r) for r in item.reasons), expand=True),
        ], spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER))

    lines = [line(item) for item in attention] or [
        ft.Text(_("Tidak ada faskes yang melewati batas."), theme_style=ft.TextThemeStyle.BODY_LARGE)
    ]
    return ft.Semantics(identifier="dashboard-attention", container=True, content=ft.Card(
        content=ft.Container(padding=16, content=ft.Column([
            ft.Row([
                ft.Icon(ft.Icons.REPORT_PROBLEM_OUTLINED if attention else ft.Icons.CHECK_CIRCLE_OUTLINE,
                        color=ft.Colors.ERROR if attention else ft.Colors.PRIMARY),
                Heading(_("Perlu perhatian")),
            ], spacing=8),
            ft.Text(thresholds_words(t, limits), theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            *lines,
        ], spacing=4)),
    ))
