"""Opening a short-lived download link (a CSV: the dashboard's, the audit trail's) in
the browser or the device's viewer."""

from __future__ import annotations

import flet as ft

from api_client.models import DownloadLink


async def open_download(page: ft.Page, launcher: ft.UrlLauncher, link: DownloadLink, *, api_url: str) -> None:
    """On the web the link opens on the page's own origin; elsewhere on the API's."""
    url = link.url if page.web else api_url.rsplit("/api", 1)[0] + link.url
    await launcher.launch_url(url)
