"""BPJS calling a facility's web service, as Mobile JKN's back end does: a bridged
facility (credentials, bridge on, a poli and a doctor mapped) and a client that signs
in with `x-username`/`x-password` and calls with `x-token`/`x-username`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from server.bpjs.credentials import FacilityCredentials, Variant
from server.bpjs.tables import BridgeRow, DoctorMapRow, PoliMapRow
from server.state import AppState
from tests.api.helpers import nik_for
from tests.support.served import as_served

RSUD = "rsud-soetrasno"
SUMBER = "pkm-sumber"
USERNAME = "mobilejkn"
PASSWORD = "sangat-rahasia-123"  # noqa: S105 - a test's
RS_POLI = "INT"  # penyakit dalam, as HFIS codes it
FKTP_POLI = "001"  # poli umum, as PCare codes it


def credentials(variant: Variant, password: str = PASSWORD) -> FacilityCredentials:
    return FacilityCredentials(
        variant=variant, base_url="https://bpjs.test/antrean", cons_id="1", secret=SecretStr("s"),
        user_key=SecretStr("u"), pcare_username="pcare" if variant is Variant.fktp else None,
        pcare_password=SecretStr("pcare-pass") if variant is Variant.fktp else None,
        ws_username=USERNAME, ws_password=SecretStr(password),
    )


def service_id(state: AppState, facility_id: str, code: str) -> int:
    return next(s.id for s in state.directory.facilities[facility_id].services if s.code == code)


def bridge(state: AppState, facility_id: str, variant: Variant, *, poli: tuple[str, str],
           enabled: bool = True) -> int:
    """Credentials in the settings, the bridge turned on, one service mapped to a
    poli code; the service's id."""
    state.bpjs[facility_id] = credentials(variant)
    sid = service_id(state, facility_id, poli[0])
    with state.db.write_transaction() as session:
        session.add(BridgeRow(facility_id=facility_id, enabled=enabled, changed_at=state.clock(),
                              changed_by="admin.test"))
        session.add(PoliMapRow(service_id=sid, facility_id=facility_id, kodepoli=poli[1]))
    return sid


def map_doctor(state: AppState, facility_id: str, doctor_id: int, kodedokter: int) -> None:
    with state.db.write_transaction() as session:
        session.add(DoctorMapRow(doctor_id=doctor_id, facility_id=facility_id, kodedokter=kodedokter))


def take_body(serial: int = 1, *, day: dt.date, kodepoli: str = RS_POLI, **changes: Any) -> dict[str, Any]:
    """A Mobile JKN booking's body (RS `ambilantrean`; FKTP adds `keluhan`)."""
    body: dict[str, Any] = {
        "nomorkartu": f"{serial:013d}", "nik": nik_for(serial), "nohp": "081234567890",
        "kodepoli": kodepoli, "norm": "", "tanggalperiksa": day.isoformat(),
        "kodedokter": None, "jampraktek": "08:00-12:00", "jeniskunjungan": 1,
        "nomorreferensi": f"0301R001{serial:010d}",
    }
    body.update(changes)
    return body


@dataclass
class Bpjs:
    """BPJS's side of the conversation with one facility."""

    http: httpx.AsyncClient
    facility_id: str
    token: str | None = None

    async def sign_in(self, password: str = PASSWORD, username: str = USERNAME) -> dict[str, Any]:
        answer = await self.raw("GET", "auth", headers={"x-username": username, "x-password": password})
        if answer["metadata"]["code"] == 200:
            self.token = answer["response"]["token"]
        return answer

    async def raw(self, method: str, path: str, *, headers: dict[str, str] | None = None,
                  json: Any = None, content: bytes | None = None, status: int = 200) -> dict[str, Any]:
        with unlogged_urls():
            response = await self.http.request(method, f"/api/bpjs/{self.facility_id}/{path}",
                                               headers=headers, json=json, content=content)
        assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        assert set(body) <= {"metadata", "response"} and set(body["metadata"]) == {"code", "message"}
        return body

    async def call(self, method: str, path: str, json: Any = None, *, status: int = 200,
                   token: str | None = None, username: str = USERNAME) -> dict[str, Any]:
        headers = {"x-token": token or self.token or "", "x-username": username}
        return await self.raw(method, path, headers=headers, json=json, status=status)


@contextmanager
def unlogged_urls() -> Iterator[None]:
    """This client stands for BPJS's: its URLs carry card numbers where the spec puts
    them in the path (FKTP's `antrean/sisapeserta/{nomorkartu}/…`). What BPJS logs is
    BPJS's; the run's logs are scanned for personal data (tests/support/log_scan.py),
    and ours log routes by template, never the path (nginx: `access_log off` on /api/)."""
    logger = logging.getLogger("httpx")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def open_bpjs(app: Any, facility_id: str) -> Bpjs:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(as_served(app)), base_url="http://lsr.test")
    return Bpjs(http=http, facility_id=facility_id)


def ok(answer: dict[str, Any]) -> Any:
    assert answer["metadata"]["code"] == 200, answer
    return answer.get("response")


def refused(answer: dict[str, Any], *words: str) -> str:
    """The 201 refusal's message, which must hold each of `words`."""
    assert answer["metadata"]["code"] == 201, answer
    message: str = answer["metadata"]["message"]
    assert "response" not in answer or not answer["response"], answer
    for word in words:
        assert word.lower() in message.lower(), message
    return message
