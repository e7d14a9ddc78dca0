"""Loading and error states of a screen, for what the session kit's loader
(`session.loader.use_api`) gives:

    facility = use_api(lambda: client.facilities.get(facility_id), [facility_id])
    if facility.error:
        return LoadError(facility.error, on_retry=facility.retry)
    if facility.value is None:
        return Loading(_("Memuat data faskes…"))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import flet as ft

from api_client import ApiError
from session.context import use_t
from session.i18n import error_message


@ft.component
def Loading(label: str) -> ft.Control:
    """A spinner with words, so a screen reader says what is coming."""
    return ft.Semantics(
        identifier="loading",
        label=label,
        live_region=True,
        content=ft.Container(
            padding=24,
            alignment=ft.Alignment.CENTER,
            content=ft.Column(
                [ft.ProgressRing(), ft.Text(label, text_align=ft.TextAlign.CENTER)],
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                spacing=12,
            ),
        ),
    )


@ft.component
def LoadError(error: ApiError, on_retry: Callable[[], Any]) -> ft.Control:
    """What went wrong in plain words, and a way to try again."""
    t = use_t()
    _ = t.gettext
    return ft.Container(
        padding=24,
        alignment=ft.Alignment.CENTER,
        content=ft.Column(
            [
                ft.Icon(ft.Icons.CLOUD_OFF, size=40, color=ft.Colors.ERROR),
                ft.Semantics(
                    identifier="load-error",
                    live_region=True,
                    content=ft.Text(error_message(t, error.code), text_align=ft.TextAlign.CENTER),
                ),
                RetryButton(on_retry, filled=True),
            ],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=12,
        ),
    )


@ft.component
def RetryButton(
    on_retry: Callable[[], Any], *, identifier: str = "retry", filled: bool = False
) -> ft.Control:
    """"Coba lagi" under a message that says what could not be loaded: every screen that
    loads data offers it when the service did not answer (offline, a timeout)."""
    _ = use_t().gettext
    button = ft.FilledButton if filled else ft.OutlinedButton
    return ft.Semantics(identifier=identifier, content=button(
        _("Coba lagi"), icon=ft.Icons.REFRESH, on_click=on_retry,
    ))


@ft.component
def LastUpdated(fetched_at: dt.datetime) -> ft.Control:
    """Under an answer kept from an earlier visit (session/offline_cache.py): how old
    what the screen shows is, in WIB."""
    t = use_t()
    when = f"{t.format_date(fetched_at, 'medium')} {t.format_time(fetched_at)}"
    return ft.Semantics(
        identifier="last-updated",
        live_region=True,
        content=ft.Row(
            [
                ft.Icon(ft.Icons.HISTORY, size=18, color=ft.Colors.ON_SURFACE_VARIANT),
                ft.Text(t.gettext("Terakhir diperbarui {when}").format(when=when),
                        color=ft.Colors.ON_SURFACE_VARIANT, expand=True),
            ],
            spacing=8,
        ),
    )
