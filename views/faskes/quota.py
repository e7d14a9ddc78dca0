"""Quota left per day for one service (JKN and non-JKN), loaded when shown."""

from __future__ import annotations

import flet as ft

from api_client.models import DayAvailability, ServiceAvailability
from components.facility_states import LastUpdated, LoadError, Loading
from session.context import use_session, use_t
from session.i18n import Translator
from session.loader import use_api
from session.offline_cache import availability_key, fetch_or_cached
from session.typed import use_ref

WEEKLY_CLOSED = "weekly_closed"
CLOSED_FOR_TODAY = "closed_for_today"


def closed_text(t: Translator, reason: str | None) -> str:
    if reason == WEEKLY_CLOSED or reason is None:
        return t.gettext("Libur mingguan")
    if reason == CLOSED_FOR_TODAY:
        return t.gettext("Sudah tutup untuk hari ini")
    # a national holiday's name (in Indonesian) or an announced closure's title
    return t.gettext("Libur: {reason}").format(reason=reason)


def left_text(t: Translator, payer_label: str, left: int, quota: int) -> str:
    if left <= 0:
        return t.gettext("{payer}: penuh").format(payer=payer_label)
    return t.gettext("{payer}: sisa {left} dari {quota}").format(
        payer=payer_label, left=t.format_number(left), quota=t.format_number(quota)
    )


@ft.component
def QuotaDay(day: DayAvailability) -> ft.Control:
    t = use_t()
    _ = t.gettext
    full = day.open and day.left_jkn == 0 and day.left_non_jkn == 0
    status: ft.Control | None = None
    if not day.open:
        status = ft.Text(closed_text(t, day.closed_reason), color=ft.Colors.ON_SURFACE_VARIANT)
    elif full:
        status = ft.Text(_("Kuota penuh"), color=ft.Colors.ERROR, weight=ft.FontWeight.BOLD)
    lines: list[ft.Control] = [
        ft.Text(t.format_date(day.service_date, "full"), weight=ft.FontWeight.BOLD),
    ]
    if day.open:
        lines.append(ft.Text(left_text(t, _("Pasien JKN"), day.left_jkn, day.quota_jkn)))
        lines.append(ft.Text(left_text(t, _("Pasien umum (non-JKN)"), day.left_non_jkn,
                                       day.quota_non_jkn)))
    if status is not None:
        lines.append(status)
    return ft.Semantics(
        identifier=f"quota-{day.service_date.isoformat()}",
        content=ft.Container(
            ft.Column(lines, spacing=2),
            padding=ft.Padding.symmetric(vertical=8),
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )


@ft.component
def QuotaDays(service_id: int, changes: int = 0) -> ft.Control:
    """`changes`: a new number reads the quota again quietly (the service changed)."""
    _ = use_t().gettext
    deps = use_session().deps
    availability = use_api(lambda: fetch_or_cached(
        deps.storage, availability_key(service_id),
        lambda: deps.client.facilities.availability(service_id), ServiceAvailability,
    ), [service_id])
    heard = use_ref(lambda: changes)

    async def reread() -> None:
        if heard.current != changes:
            heard.current = changes
            await availability.reload()

    ft.use_effect(reread, [changes])
    if availability.error:
        return LoadError(availability.error, on_retry=availability.retry)
    if availability.value is None:
        return Loading(_("Memuat kuota…"))
    days, fetched_at = availability.value
    return ft.Column(
        [
            ft.Text(_("Sisa kuota pendaftaran online"), theme_style=ft.TextThemeStyle.TITLE_SMALL),
            *([LastUpdated(fetched_at)] if fetched_at else []),
            *[QuotaDay(day) for day in days.days],
        ],
        spacing=0,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
