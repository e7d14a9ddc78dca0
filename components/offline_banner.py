"""The offline banner, and what drives it: every request of the session's client
reports whether the service answered (``ApiClient.watch_reach``); the banner follows
the last report, and when the service answers again after a failure, what waits in
the outbox (cancellations made offline) is sent, once, in order.

A queue number is never issued offline: booking is not an outbox action, it fails at
once and says so.
"""

from __future__ import annotations

import asyncio
import logging

import flet as ft

from session.context import Connectivity, Deps, use_t

log = logging.getLogger(__name__)
RETRY_SECONDS = 15.0
"""While offline, how often to try sending what waits: a screen with nothing live
on it (the complaint form) makes no request that would notice the network is back."""


@ft.component
def OfflineBanner(connectivity: Connectivity) -> ft.Control:
    """``connectivity`` is an argument so that a change re-renders this."""
    _ = use_t().gettext
    return ft.Semantics(
        identifier="offline-banner",
        live_region=True,
        visible=connectivity.offline,
        content=ft.Container(
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            border_radius=8,
            padding=12,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.WIFI_OFF, color=ft.Colors.ON_SECONDARY_CONTAINER),
                    ft.Text(
                        _("Tidak ada koneksi. Data yang tampil mungkin bukan yang terbaru."),
                        color=ft.Colors.ON_SECONDARY_CONTAINER, expand=True,
                    ),
                ],
            ),
        ),
    )


def watch_connection(page: ft.Page, deps: Deps) -> None:
    """Wire the session's client to its `Connectivity` and its outbox; at start, try
    once to send what an earlier run left waiting."""
    connectivity, outbox = deps.connectivity, deps.outbox
    sending = retrying = False

    async def flush() -> None:
        nonlocal sending
        if outbox is None or sending:
            return
        sending = True
        try:
            result = await outbox.send(deps.client)
        finally:
            sending = False
        if result.sent:
            connectivity.sent += len(result.sent)
        log.info("outbox: %d sent, %d refused, %d waiting",
                 len(result.sent), len(result.refused), result.waiting)

    async def keep_trying() -> None:
        nonlocal retrying
        retrying = True
        try:
            while connectivity.offline:
                await asyncio.sleep(RETRY_SECONDS)
                if outbox is not None and outbox.pending():
                    await flush()  # its first request says whether we are back
        finally:
            retrying = False

    def reached(answered: bool) -> None:
        came_back = answered and connectivity.offline
        if connectivity.offline == answered:  # only a change re-renders the banner
            connectivity.offline = not answered
        if outbox is None:
            return
        if came_back and outbox.pending():
            page.run_task(flush)
        elif not answered and not retrying:
            page.run_task(keep_trying)

    deps.client.watch_reach(reached)
    if outbox is not None and outbox.pending():
        page.run_task(flush)
