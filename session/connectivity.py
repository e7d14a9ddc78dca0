"""The connectivity watch: every request of the session's client reports whether the
service answered (``ApiClient.watch_reach``); `Connectivity.offline` follows the last
report (the offline banner shows it: components/offline_banner.py), and when the
service answers again after a failure, what waits in the outbox (cancellations made
offline) is sent, once, in order.
"""

from __future__ import annotations

import asyncio
import logging

import flet as ft

from session.context import Deps

log = logging.getLogger(__name__)
RETRY_SECONDS = 15.0
"""While offline, how often to try sending what waits: a screen with nothing live
on it (the complaint form) makes no request that would notice the network is back."""


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
