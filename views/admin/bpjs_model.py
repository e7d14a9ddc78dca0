"""The BPJS page of the admin face as observable data with methods (no Flet page
needed): a facility's BPJS page (`BpjsPage`), the codes being typed in each row, and
what each row's save came to.

A row is a poli service (`service:<id>`) or a doctor (`doctor:<id>`); each is saved on
its own. An empty code clears the row's mapping. A code is checked here first
(`api_client.bpjs_codes`), then by the service; a refusal lands on its row, in the
row's words (`row_errors`), and a refused switch on the bridge's line."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft
from pydantic import ValidationError

from api_client import ApiClient, ApiError, ApiStatusError, Unauthorized
from api_client.models import BpjsDoctorCode, BpjsPage, BpjsPoliCode, Facility
from session.form_requests import Problem


def service_row(service_id: int) -> str:
    return f"service:{service_id}"


def doctor_row(doctor_id: int) -> str:
    return f"doctor:{doctor_id}"


@ft.observable
class BpjsDesk:
    def __init__(
        self, client: ApiClient, *, facility_id: str | None, expired: Callable[[], Awaitable[None]],
    ) -> None:
        """`facility_id` None: Dinkes, who picks the facility first."""
        self._client = client
        self._expired = expired
        self.own_facility = facility_id
        self.facility_id = facility_id
        self.facilities: list[Facility] = []
        self.page: BpjsPage | None = None
        self.drafts: dict[str, str] = {}
        self.row_errors: dict[str, Problem] = {}
        self.saved: str | None = None
        """The row saved last (its line says so)."""
        self.busy: str | None = None
        """The row (or "bridge") whose request is under way."""
        self.problem: Problem | None = None
        """Loading the page, or switching the bridge, went wrong."""

    # ------------------------------------------------------------------ reading

    async def load(self) -> None:
        try:
            if self.own_facility is None and not self.facilities:
                self.facilities = sorted(await self._client.facilities.list(), key=lambda f: f.name)
            if self.facility_id is not None:
                self._show(await self._client.bpjs_admin.get(self.facility_id))
            self.problem = None
        except ApiError as err:
            await self._failed(err)

    async def choose_facility(self, facility_id: str) -> None:
        self.facility_id, self.page, self.row_errors, self.saved = facility_id, None, {}, None
        await self.load()

    def _show(self, page: BpjsPage) -> None:
        self.page = page
        self.drafts = {
            **{service_row(s.service_id): s.kodepoli or "" for s in page.services},
            **{doctor_row(d.doctor_id): str(d.kodedokter or "") for d in page.doctors},
        }

    # ------------------------------------------------------------------ rows

    def type_code(self, row: str, text: str) -> None:
        self.drafts = {**self.drafts, row: text}
        self.row_errors = {k: v for k, v in self.row_errors.items() if k != row}
        if self.saved == row:
            self.saved = None

    async def save_service(self, service_id: int) -> None:
        row = service_row(service_id)
        text = self.drafts.get(row, "").strip()
        facility_id = self.facility_id
        if facility_id is None or self.busy:
            return
        if not text:
            await self._save(row, lambda: self._client.bpjs_admin.unmap_poli(facility_id, service_id))
            return
        try:
            code = BpjsPoliCode(kodepoli=text).kodepoli
        except ValidationError as err:
            self._refused(row, err)
            return
        await self._save(row, lambda: self._client.bpjs_admin.map_poli(facility_id, service_id, code))

    async def save_doctor(self, doctor_id: int) -> None:
        row = doctor_row(doctor_id)
        text = self.drafts.get(row, "").strip()
        facility_id = self.facility_id
        if facility_id is None or self.busy:
            return
        if not text:
            await self._save(row, lambda: self._client.bpjs_admin.unmap_doctor(facility_id, doctor_id))
            return
        try:
            code = BpjsDoctorCode.model_validate({"kodedokter": text}).kodedokter
        except ValidationError as err:
            self._refused(row, err)
            return
        await self._save(row, lambda: self._client.bpjs_admin.map_doctor(facility_id, doctor_id, code))

    async def _save(self, row: str, request: Callable[[], Awaitable[BpjsPage]]) -> None:
        self.busy, self.saved = row, None
        try:
            page = await request()
        except ApiError as err:
            if isinstance(err, Unauthorized):
                await self._expired()
            else:
                self.row_errors = {**self.row_errors, row: _problem(err)}
            return
        finally:
            self.busy = None
        drafts = self.drafts
        self._show(page)
        self.drafts = {**self.drafts, **{k: v for k, v in drafts.items() if k != row}}  # others' typing stays
        self.row_errors = {k: v for k, v in self.row_errors.items() if k != row}
        self.saved = row

    def _refused(self, row: str, err: ValidationError) -> None:
        first = err.errors()[0]
        self.row_errors = {**self.row_errors, row: (str(first["type"]), dict(first.get("ctx") or {}))}

    # ------------------------------------------------------------------ the bridge

    async def switch(self, enabled: bool) -> None:
        facility_id = self.facility_id
        if facility_id is None or self.busy:
            return
        self.busy, self.problem = "bridge", None
        try:
            self.page = (await self._client.bpjs_admin.switch(facility_id, enabled=enabled))
        except ApiError as err:
            await self._failed(err)
        finally:
            self.busy = None

    async def _failed(self, err: ApiError) -> None:
        if isinstance(err, Unauthorized):
            await self._expired()
        else:
            self.problem = _problem(err)


def _problem(err: ApiError) -> Problem:
    """The refusal's code and params: a field's (a 409 naming who has the code), else its own."""
    if isinstance(err, ApiStatusError) and err.fields:
        return err.fields[0].code, dict(err.fields[0].params)
    return err.code, {}
