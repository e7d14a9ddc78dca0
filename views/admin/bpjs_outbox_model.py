"""What a facility tells BPJS, as its admin follows it on the BPJS page: the counts by
state, the messages of the state chosen (failed first: those need someone), and
sending one, or every failed one, again. Observable data with methods (no Flet page)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from api_client import ApiClient, ApiError, Unauthorized
from api_client.models import BpjsOutbox, BpjsOutboxState
from session.form_requests import Problem


@ft.observable
class OutboxWatch:
    def __init__(
        self, client: ApiClient, facility_id: str, *, expired: Callable[[], Awaitable[None]]
    ) -> None:
        self._client = client
        self._expired = expired
        self.facility_id = facility_id
        self.shown = BpjsOutboxState.failed
        self.outbox: BpjsOutbox | None = None
        self.busy = False
        self.problem: Problem | None = None
        self.retried: int | None = None
        """How many the last "send again" made due (its line says so)."""

    async def load(self) -> None:
        await self._run(self._read)

    async def follow(self, facility_id: str) -> None:
        """The page's facility (Dinkes chose another): its messages, failed first."""
        if facility_id != self.facility_id or self.outbox is None:
            self.facility_id, self.outbox, self.shown, self.retried = (
                facility_id, None, BpjsOutboxState.failed, None)
            await self.load()

    async def show(self, state: BpjsOutboxState) -> None:
        self.shown, self.retried = state, None
        await self._run(self._read)

    async def retry(self, message_id: int) -> None:
        async def again() -> None:
            await self._client.bpjs_admin.retry(self.facility_id, message_id)
            self.retried = 1
            await self._read()
        await self._run(again)

    async def retry_failed(self) -> None:
        async def again() -> None:
            self.retried = await self._client.bpjs_admin.retry_failed(self.facility_id)
            await self._read()
        await self._run(again)

    async def _read(self) -> None:
        self.outbox = await self._client.bpjs_admin.outbox(self.facility_id, state=self.shown)

    async def _run(self, work: Callable[[], Awaitable[None]]) -> None:
        if self.busy:
            return
        self.busy, self.problem = True, None
        try:
            await work()
        except ApiError as err:
            if isinstance(err, Unauthorized):
                await self._expired()
            else:
                self.problem = (err.code, {})
        finally:
            self.busy = False
