"""The BPJS page of the admin face: a facility's admin (or Dinkes) maps its poli services
to BPJS poli codes and its doctors to BPJS doctor codes, and turns the bridge on only
when the server holds the facility's credentials and one service is mapped. Codes are
checked and unique per facility (409 naming who has it); every change is audited;
no answer ever carries a secret of the credentials file; loket, poli and the admin of
another facility are refused, whatever ids they try."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from api_client import ApiClient, Conflict, Forbidden, NotFound, ValidationFailed
from server.audit.tables import AuditEventRow
from server.settings import Settings
from tests.api.helpers import SUMBER, service_id
from tests.support.bpjs_credentials import credentials_file

pytestmark = pytest.mark.anyio

LASEM, RSUD = "pkm-lasem", "rsud-soetrasno"
SECRETS = ("cons-4711-sumber", "secret-Sumber-9f8e7d6c", "userkey-Sumber-0a1b2c3d",
           "pcare-pass-Sumber-55", "ws-pass-Sumber-123456", "cons-4712-rsud", "secret-Rsud-77aa")
CREDENTIALS = f"""
{SUMBER}:
  variant: fktp
  base_url: https://apijkn-dev.bpjs-kesehatan.go.id/antreanfktp_dev
  cons_id: "{SECRETS[0]}"
  secret: "{SECRETS[1]}"
  user_key: "{SECRETS[2]}"
  pcare_username: pcare-sumber
  pcare_password: "{SECRETS[3]}"
  ws_username: mobilejkn
  ws_password: "{SECRETS[4]}"
{LASEM}:
  variant: rs
  base_url: https://apijkn-dev.bpjs-kesehatan.go.id/antreanrs_dev
  cons_id: "{SECRETS[5]}"
  secret: "{SECRETS[6]}"
  user_key: "{SECRETS[2]}"
  ws_username: mobilejkn
  ws_password: "{SECRETS[4]}"
"""


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """Credentials for Puskesmas Sumber (FKTP, right) and Lasem (RS: the wrong variant)."""
    return settings.model_copy(update={"bpjs_credentials_file": credentials_file(tmp_path, CREDENTIALS)})


async def signed_in(make_client, username: str) -> ApiClient:  # type: ignore[no-untyped-def]
    staff = make_client()
    await staff.staff.login(username, "rembang-demo")
    return staff


def audit_rows(app, action: str) -> list[AuditEventRow]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        return list(session.scalars(select(AuditEventRow).where(AuditEventRow.action == action)
                                    .order_by(AuditEventRow.id)))


async def test_the_page_says_what_is_there_and_the_bridge_starts_off(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    page = await admin.bpjs_admin.get(SUMBER)
    assert page.credentials and page.variant == "fktp" and page.facility_type == "puskesmas"
    assert not page.bridge.enabled and page.bridge.changed_by is None
    assert page.blocked_by == ["bpjs_no_poli_mapped"]
    codes = {s.code: s.id for s in (await client.facilities.get(SUMBER)).services}
    assert {s.service_id for s in page.services} == {codes[c] for c in ("poli-umum", "poli-gigi", "kia-kb",
                                                                        "mtbs", "gizi")}
    assert all(s.kodepoli is None for s in page.services)
    assert page.doctors and all(d.kodedokter is None for d in page.doctors)
    bulu = await (await signed_in(make_client, "dinkes")).bpjs_admin.get("pkm-bulu")
    assert not bulu.credentials and bulu.variant is None
    assert bulu.blocked_by == ["bpjs_credentials_missing", "bpjs_no_poli_mapped"]


async def test_a_mapped_poli_lets_the_bridge_turn_on_and_off_with_who_and_when(client, make_client, app):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    with pytest.raises(Conflict) as err:
        await admin.bpjs_admin.switch(SUMBER, enabled=True)
    assert err.value.code == "bpjs_no_poli_mapped"
    page = await admin.bpjs_admin.map_poli(SUMBER, umum, " 001 ")
    assert {s.service_id: s.kodepoli for s in page.services}[umum] == "001" and page.blocked_by == []
    page = await admin.bpjs_admin.switch(SUMBER, enabled=True)
    assert page.bridge.enabled and page.bridge.changed_by == "admin.pkm-sumber"
    assert page.bridge.changed_at is not None
    # While it is on, the last code stays; off, it goes.
    with pytest.raises(Conflict) as err:
        await admin.bpjs_admin.unmap_poli(SUMBER, umum)
    assert err.value.code == "bpjs_last_poli_code"
    page = await admin.bpjs_admin.switch(SUMBER, enabled=False)
    assert not page.bridge.enabled
    page = await admin.bpjs_admin.unmap_poli(SUMBER, umum)
    assert all(s.kodepoli is None for s in page.services)
    assert [json.loads(r.after or "{}") for r in audit_rows(app, "bpjs_bridge_on")] == [{"enabled": True}]
    assert [r.actor for r in audit_rows(app, "bpjs_bridge_off")] == ["admin.pkm-sumber"]


async def test_the_bridge_stays_off_without_credentials_or_of_the_wrong_variant(client, make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    for facility, code in (("pkm-bulu", "bpjs_credentials_missing"), (LASEM, "bpjs_variant_mismatch")):
        umum = await service_id(client, facility, code="poli-umum")
        await dinkes.bpjs_admin.map_poli(facility, umum, "001")
        with pytest.raises(Conflict) as err:
            await dinkes.bpjs_admin.switch(facility, enabled=True)
        assert err.value.code == code
        assert not (await dinkes.bpjs_admin.get(facility)).bridge.enabled


async def test_a_code_names_one_service_and_the_refusal_names_who_has_it(client: ApiClient, make_client, app):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    gigi = await service_id(client, code="poli-gigi")
    await admin.bpjs_admin.map_poli(SUMBER, umum, "001")
    with pytest.raises(Conflict) as err:
        await admin.bpjs_admin.map_poli(SUMBER, gigi, "001")
    assert err.value.code == "bpjs_poli_code_taken"
    assert err.value.fields[0].params == {"code": "001", "service": "Poli Umum"}
    # Another facility may use the same code: codes are per facility.
    lasem_umum = await service_id(client, LASEM, code="poli-umum")
    dinkes = await signed_in(make_client, "dinkes")
    await dinkes.bpjs_admin.map_poli(LASEM, lasem_umum, "001")
    # Changing a service's own code is one audited change, with before and after.
    await admin.bpjs_admin.map_poli(SUMBER, umum, "INT")
    await admin.bpjs_admin.map_poli(SUMBER, umum, "INT")  # the same again: nothing changes
    rows = [r for r in audit_rows(app, "bpjs_map_poli") if r.facility_id == SUMBER]
    assert [(json.loads(r.before or "{}"), json.loads(r.after or "{}")) for r in rows] == [
        ({"kodepoli": None}, {"kodepoli": "001"}), ({"kodepoli": "001"}, {"kodepoli": "INT"})]
    assert {r.subject for r in rows} == {f"service:{umum}"}
    assert [r.role for r in audit_rows(app, "bpjs_map_poli") if r.facility_id == LASEM] == ["dinkes"]


async def test_doctor_codes_are_whole_numbers_unique_per_facility(client: ApiClient, make_client, app):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    first, second = (await admin.bpjs_admin.get(SUMBER)).doctors[:2]
    page = await admin.bpjs_admin.map_doctor(SUMBER, first.doctor_id, 34050)
    assert {d.doctor_id: d.kodedokter for d in page.doctors}[first.doctor_id] == 34050
    with pytest.raises(Conflict) as err:
        await admin.bpjs_admin.map_doctor(SUMBER, second.doctor_id, "34050")
    assert err.value.code == "bpjs_doctor_code_taken"
    assert err.value.fields[0].params == {"code": "34050", "doctor": first.name}
    page = await admin.bpjs_admin.unmap_doctor(SUMBER, first.doctor_id)
    assert all(d.kodedokter is None for d in page.doctors)
    assert [(json.loads(r.before or "{}"), r.subject) for r in audit_rows(app, "bpjs_unmap_doctor")] == [
        ({"kodedokter": 34050}, f"doctor:{first.doctor_id}")]


async def raw(make_client, username: str) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    """What an attacker sends: any body, no client-side checks."""
    signed = await signed_in(make_client, username)
    http: httpx.AsyncClient = signed._http._client
    http.headers.update(signed._http.headers)  # the sign-in's bearer token
    return http


@pytest.mark.parametrize(("path", "body", "code"), [
    ("services", {"kodepoli": "IN"}, "bpjs_poli_code"),
    ("services", {"kodepoli": "INTX"}, "bpjs_poli_code"),
    ("services", {"kodepoli": "IN'"}, "bpjs_poli_code"),
    ("services", {"kodepoli": 1}, "bpjs_poli_code"),
    ("services", {"kodepoli": "\u0131nt"}, "bpjs_poli_code"),  # a dotless ı upper-cases to I
    ("services", {"kodepoli": "\u00dfa"}, "bpjs_poli_code"),  # ß upper-cases to SS
    ("doctors", {"kodedokter": "\uff13\uff14\uff10\uff15\uff10"}, "bpjs_doctor_code"),  # fullwidth digits
    ("services", {}, "missing"),
    ("doctors", {"kodedokter": 0}, "bpjs_doctor_code"),
    ("doctors", {"kodedokter": -5}, "bpjs_doctor_code"),
    ("doctors", {"kodedokter": 2**31}, "bpjs_doctor_code"),
    ("doctors", {"kodedokter": "12a"}, "bpjs_doctor_code"),
    ("doctors", {"kodedokter": 1.5}, "bpjs_doctor_code"),
    ("doctors", {"kodedokter": True}, "bpjs_doctor_code"),
])
async def test_malformed_codes_are_refused_with_a_field_error(make_client, path, body, code):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    page = await admin.bpjs_admin.get(SUMBER)
    target = page.services[0].service_id if path == "services" else page.doctors[0].doctor_id
    http = await raw(make_client, "admin.pkm-sumber")
    answer = await http.put(f"/facilities/{SUMBER}/bpjs/{path}/{target}", json=body)
    assert answer.status_code == 422
    assert [f["code"] for f in answer.json()["error"]["fields"]] == [code]
    after = await admin.bpjs_admin.get(SUMBER)
    assert after.services == page.services and after.doctors == page.doctors


async def test_only_a_poli_has_a_kodepoli_and_a_retired_doctor_gets_no_code(client, make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, "admin.pkm-sumber")
    with pytest.raises(ValidationFailed) as err:
        await admin.bpjs_admin.map_poli(SUMBER, await service_id(client, code="loket"), "001")
    assert err.value.code == "bpjs_not_poli"
    doctor = (await admin.bpjs_admin.get(SUMBER)).doctors[0]
    await admin.doctors.retire(SUMBER, doctor.doctor_id)
    with pytest.raises(Conflict) as err:
        await admin.bpjs_admin.map_doctor(SUMBER, doctor.doctor_id, 111)
    assert err.value.code == "doctor_retired"


@pytest.mark.parametrize("who", [
    "loket.pkm-sumber", "poli.pkm-sumber", "apotek.pkm-sumber", "admin.pkm-lasem"])
async def test_only_the_facility_admin_and_dinkes_manage_its_bpjs_page(client, make_client, who):  # type: ignore[no-untyped-def]
    umum = await service_id(client, code="poli-umum")
    owner = await signed_in(make_client, "admin.pkm-sumber")
    doctor = (await owner.bpjs_admin.get(SUMBER)).doctors[0].doctor_id
    await owner.bpjs_admin.map_poli(SUMBER, umum, "001")
    intruder = (await signed_in(make_client, who)).bpjs_admin
    attempts = [
        intruder.get(SUMBER), intruder.map_poli(SUMBER, umum, "INT"), intruder.unmap_poli(SUMBER, umum),
        intruder.map_doctor(SUMBER, doctor, 9), intruder.unmap_doctor(SUMBER, doctor),
        intruder.switch(SUMBER, enabled=True), intruder.switch(SUMBER, enabled=False),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            await attempt
    page = await owner.bpjs_admin.get(SUMBER)
    assert {s.service_id: s.kodepoli for s in page.services}[umum] == "001" and not page.bridge.enabled
    assert all(d.kodedokter is None for d in page.doctors)


async def test_another_facilitys_service_or_doctor_under_ones_own_is_unknown(client, make_client):  # type: ignore[no-untyped-def]
    """Lasem's admin puts Sumber's ids under Lasem's path: nothing of Sumber changes."""
    sumber_umum = await service_id(client, code="poli-umum")
    owner = await signed_in(make_client, "admin.pkm-sumber")
    sumber_doctor = (await owner.bpjs_admin.get(SUMBER)).doctors[0].doctor_id
    lasem = (await signed_in(make_client, "admin.pkm-lasem")).bpjs_admin
    for attempt, code in ((lasem.map_poli(LASEM, sumber_umum, "001"), "service_not_found"),
                          (lasem.unmap_poli(LASEM, sumber_umum), "service_not_found"),
                          (lasem.map_doctor(LASEM, sumber_doctor, 5), "doctor_not_found"),
                          (lasem.unmap_doctor(LASEM, sumber_doctor), "doctor_not_found"),
                          (lasem.map_poli(LASEM, 2**31 - 1, "001"), "service_not_found")):
        with pytest.raises(NotFound) as err:
            await attempt
        assert err.value.code == code
    page = await owner.bpjs_admin.get(SUMBER)
    assert all(s.kodepoli is None for s in page.services) and all(d.kodedokter is None for d in page.doctors)


async def test_impossible_ids_and_unknown_facilities_are_refused(make_client):  # type: ignore[no-untyped-def]
    http = await raw(make_client, "dinkes")
    for path in (f"/facilities/{SUMBER}/bpjs/services/0", f"/facilities/{SUMBER}/bpjs/doctors/-1",
                 f"/facilities/{SUMBER}/bpjs/services/99999999999"):
        answer = await http.put(path, json={"kodepoli": "001", "kodedokter": 1})
        assert answer.status_code == 422, path
    assert (await http.get("/facilities/pkm-nowhere/bpjs")).status_code == 404
    answer = await http.post(f"/facilities/{SUMBER}/bpjs/bridge", json={"enabled": "yes please"})
    assert answer.status_code == 422


async def test_no_answer_carries_a_secret_of_the_credentials(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    http = await raw(make_client, "admin.pkm-sumber")
    umum = await service_id(client, code="poli-umum")
    doctor = (await (await signed_in(make_client, "admin.pkm-sumber")).bpjs_admin.get(SUMBER)).doctors[0]
    answers = [
        await http.get(f"/facilities/{SUMBER}/bpjs"),
        await http.post(f"/facilities/{SUMBER}/bpjs/bridge", json={"enabled": True}),  # refused: no poli
        await http.put(f"/facilities/{SUMBER}/bpjs/services/{umum}", json={"kodepoli": "001"}),
        await http.put(f"/facilities/{SUMBER}/bpjs/doctors/{doctor.doctor_id}", json={"kodedokter": 7}),
        await http.post(f"/facilities/{SUMBER}/bpjs/bridge", json={"enabled": True}),
        await http.put(f"/facilities/{SUMBER}/bpjs/services/{umum}", json={"kodepoli": "bad!"}),
        await http.get("/openapi.json"),
        await http.get("/admin/audit", params={"facility_id": SUMBER}),
    ]
    assert [a.status_code for a in answers] == [200, 409, 200, 200, 200, 422, 200, 200]
    dinkes = await raw(make_client, "dinkes")
    answers += [await dinkes.get(f"/facilities/{f}/bpjs") for f in (SUMBER, LASEM, RSUD)]
    for answer in answers:
        for secret in SECRETS:
            assert secret not in answer.text, (answer.request.url, secret)
    assert "mobilejkn" not in answers[0].text and "pcare-sumber" not in answers[0].text


async def test_two_admins_giving_one_code_at_once_leave_it_on_one_service(client: ApiClient, make_client):  # type: ignore[no-untyped-def]
    """The facility's admin and Dinkes at the same moment (two accounts: neither waits for
    the other's account lock): one gets the code, the other a 409, never both."""
    services = [await service_id(client, code=code) for code in ("poli-umum", "poli-gigi", "kia-kb", "mtbs")]
    admins = [(await signed_in(make_client, name)).bpjs_admin for name in ("admin.pkm-sumber", "dinkes")]
    for round_, code in enumerate(("INT", "ANA", "BED", "MAT")):
        pair = services[round_ % 2 * 2:round_ % 2 * 2 + 2]
        attempts = (a.map_poli(SUMBER, sid, code) for a, sid in zip(admins, pair, strict=True))
        outcomes = await asyncio.gather(*attempts, return_exceptions=True)
        assert sorted(type(o).__name__ for o in outcomes) == ["BpjsPage", "Conflict"], outcomes
        refusal = next(o for o in outcomes if isinstance(o, Conflict))
        names = {s.service_id: s.name for s in (await admins[0].get(SUMBER)).services}
        assert refusal.fields[0].params["service"] in {names[sid] for sid in pair}  # who has it, by name
        page = await admins[0].get(SUMBER)
        assert len([s for s in page.services if s.kodepoli == code]) == 1
        for s in page.services:  # clear for the next round
            if s.kodepoli is not None:
                await admins[0].unmap_poli(SUMBER, s.service_id)


def test_credentials_naming_a_facility_we_do_not_know_are_named_at_start(settings, clock, caplog):  # type: ignore[no-untyped-def]
    """A typo in the file's facility id (pkm-lasen) would leave pkm-lasem "without
    credentials" on its page, and nobody the wiser: the start says so, without a secret."""
    from server.app import open_state

    settings.bpjs_credentials_file.write_text(CREDENTIALS.replace(f"{LASEM}:", "pkm-lasen:"))
    with caplog.at_level(logging.WARNING, logger="server.app"):
        state = open_state(settings, clock=clock)
    state.db.dispose()
    assert "pkm-lasen" in caplog.text and SUMBER not in caplog.text
    assert all(secret not in caplog.text for secret in SECRETS)
