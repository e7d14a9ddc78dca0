"""The kiosk tells the service how its printer is (`POST /kiosk/status`), for the
admin's kiosk list: after a print whose outcome differs from what it last told, in the
background, so no patient waits for it."""

from __future__ import annotations

import asyncio

from api_client import ApiClient, ApiError
from api_client.models import PrinterState


class PrinterReport:
    def __init__(self, client: ApiClient) -> None:
        self._client = client
        self._told: PrinterState | None = None  # what the service was last told
        self._sending: set[asyncio.Task[None]] = set()

    def tell(self, state: PrinterState) -> None:
        if state is self._told:
            return
        self._told = state

        async def send() -> None:
            try:
                await self._client.kiosks.report_status(printer=state)
            except ApiError:
                self._told = None  # told again after the next print

        task = asyncio.get_running_loop().create_task(send())
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
