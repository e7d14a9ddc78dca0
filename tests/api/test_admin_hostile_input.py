"""The admin face's routes as an attacker (or a typo) tries them: ids past what the
database holds and dates outside any year the trail can hold are refused with the
rule (422), never a server error; a facility nobody has names no file; no account
passes as a citizen in the trail; a deactivated administrator's request in flight
changes nothing."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import select

from api_client.models import Role, StaffAccountCreate
from server.errors import ApiProblem
from server.staff import accounts, admin_accounts
from server.staff.auth import Principal
from server.staff.tables import StaffAccountRow
from tests.support.served import as_served

pytestmark = pytest.mark.anyio

PAST_ANY_ROW = 2**31  # one past PostgreSQL's INTEGER; SQLite fails past 2**63
PAST_SQLITE = 99_999_999_999_999_999_999


async def signed_in(http: httpx.AsyncClient, username: str) -> dict[str, str]:
    answer = await http.post("/api/auth/login", json={"username": username, "password": "rembang-demo"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
async def http(app):  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(as_served(app), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://lsr.test") as client:
        yield client


ID_ROUTES = [
    ("POST", "/api/admin/accounts/{id}/deactivate", None),
    ("POST", "/api/admin/accounts/{id}/reset-password", None),
    ("PUT", "/api/admin/accounts/{id}/totp-required", {"required": True}),
    ("PATCH", "/api/admin/kiosks/{id}", {"name": "Kiosk lobi"}),
    ("POST", "/api/admin/kiosks/{id}/revoke", None),
    ("PUT", "/api/facilities/pkm-sumber/doctors/{id}",
     {"name": "dr. Ani", "service_id": 1, "sessions": []}),
    ("POST", "/api/facilities/pkm-sumber/doctors/{id}/retire", None),
    ("POST", "/api/facilities/pkm-sumber/doctors/{id}/absences",
     {"service_date": "2026-12-01", "reason": "cuti"}),
    ("POST", "/api/facilities/pkm-sumber/doctor-absences/{id}/withdraw", None),
    ("POST", "/api/announcements/regional/{id}/withdraw", None),
    ("POST", "/api/facilities/pkm-sumber/announcements/{id}/withdraw", None),
]


@pytest.mark.parametrize("number", [PAST_ANY_ROW, PAST_SQLITE])
@pytest.mark.parametrize(("method", "path", "body"), ID_ROUTES)
async def test_an_id_past_any_row_is_refused_not_a_server_error(http, method, path, body, number):  # type: ignore[no-untyped-def]
    for who in ("admin.pkm-sumber", "dinkes"):
        answer = await http.request(method, path.format(id=number), json=body,
                                    headers=await signed_in(http, who))
        assert answer.status_code == 422, (who, answer.status_code, answer.text)
        assert answer.json()["error"]["code"] == "validation_failed"


@pytest.mark.parametrize("dates", [{"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "1999-12-31"},
                                   {"to": "2101-01-01"}])
@pytest.mark.parametrize("route", ["/api/admin/audit", "/api/admin/audit.csv"])
async def test_audit_dates_outside_any_year_of_the_trail_are_refused_with_the_window(  # type: ignore[no-untyped-def]
    http, route, dates
):
    answer = await http.get(route, params=dates, headers=await signed_in(http, "dinkes"))
    assert answer.status_code == 422, answer.text
    [field] = answer.json()["error"]["fields"]
    assert field["field"] == next(iter(dates)) and field["code"] == "date_outside_window"
    assert field["params"] == {"first": "2000-01-01", "last": "2100-12-31"}


async def test_a_download_link_for_dates_outside_the_window_is_not_made(http):  # type: ignore[no-untyped-def]
    answer = await http.post("/api/admin/audit/download", params={"from": "0001-01-01"},
                             headers=await signed_in(http, "dinkes"))
    assert answer.status_code == 422, answer.text


@pytest.mark.parametrize(("method", "route"), [
    ("GET", "/api/admin/audit"), ("GET", "/api/admin/audit.csv"), ("GET", "/api/admin/audit/actions"),
    ("POST", "/api/admin/audit/download"),
])
async def test_the_trail_of_a_facility_nobody_has_is_not_found_and_names_no_file(http, method, route):  # type: ignore[no-untyped-def]
    # Whatever Dinkes types as the facility once went into the CSV's file name, quotes
    # and line breaks included (a header no server may send: 500 behind uvicorn).
    typed = 'x"\r\nSet-Cookie: lsr=1'
    answer = await http.request(method, route, params={"facility_id": typed},
                                headers=await signed_in(http, "dinkes"))
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"]["code"] == "facility_not_found"
    assert "set-cookie" not in answer.headers


async def test_no_account_takes_the_name_the_trail_gives_a_citizen(http):  # type: ignore[no-untyped-def]
    # The audit trail names a citizen's own actions (a cancellation, a privacy request)
    # "person": a staff account of that name would pass its actions off as theirs.
    answer = await http.post("/api/admin/accounts", headers=await signed_in(http, "admin.pkm-sumber"),
                             json={"username": "person", "role": "loket", "facility_id": "pkm-sumber"})
    assert answer.status_code == 422, answer.text
    [field] = answer.json()["error"]["fields"]
    assert (field["field"], field["code"], field["params"]) == ("username", "username_taken",
                                                                {"username": "person"})


def test_a_deactivated_administrators_request_in_flight_changes_no_account(app, clock):  # type: ignore[no-untyped-def]
    # Two Dinkes accounts deactivate each other at the same moment: each request passed
    # its sign-in check before the other's change was committed. The second to write
    # must find its own account deactivated and change nothing, or no Dinkes is left.
    state = app.state.lsr
    now = clock()
    with state.db.write_transaction() as session:
        accounts.create_account(session=session, username="dinkes.dua", role=Role.admin, facility_id=None,
                                now=now, by=accounts.operator("test"))
    with state.db.read() as session:
        ids = {row.username: row.id for row in session.scalars(select(StaffAccountRow).where(
            StaffAccountRow.username.in_(["dinkes", "dinkes.dua"])))}
    first = Principal(name="dinkes", role=Role.admin, facility_id=None, signed_in_at=now, session_id="s1")
    second = Principal(name="dinkes.dua", role=Role.admin, facility_id=None, signed_in_at=now,
                       session_id="s2")
    with state.db.write_transaction() as session:
        admin_accounts.deactivate(session=session, principal=first, account_id=ids["dinkes.dua"], now=now)
    with pytest.raises(ApiProblem) as refused, state.db.write_transaction() as session:
        admin_accounts.deactivate(session=session, principal=second, account_id=ids["dinkes"],
                                  now=now + dt.timedelta(milliseconds=5))
    assert refused.value.status == 401
    with state.db.read() as session:
        assert session.get(StaffAccountRow, ids["dinkes"]).active  # one Dinkes is left


async def test_an_admin_cannot_give_their_facility_another_facilitys_name(http):  # type: ignore[no-untyped-def]
    # Citizens choose a facility by its name: Sumber calling itself "Puskesmas Lasem"
    # would take Lasem's patients (and its own would not find it).
    sumber = await signed_in(http, "admin.pkm-sumber")
    for typed in ("Puskesmas Lasem", "  puskesmas LASEM "):
        answer = await http.patch("/api/facilities/pkm-sumber", json={"name": typed}, headers=sumber)
        assert answer.status_code == 422, answer.text
        [field] = answer.json()["error"]["fields"]
        assert (field["field"], field["code"]) == ("name", "facility_name_taken")
    public = await http.get("/api/facilities/pkm-sumber")
    assert public.json()["name"] != "Puskesmas Lasem"
    kept = await http.patch("/api/facilities/pkm-sumber", json={"name": "Puskesmas Sumber Baru"},
                            headers=sumber)
    assert kept.status_code == 200, kept.text


def test_a_deactivated_administrators_request_in_flight_creates_no_account(app, clock):  # type: ignore[no-untyped-def]
    # A stolen admin sign-in racing its own deactivation must not leave an account behind.
    state = app.state.lsr
    now = clock()
    with state.db.write_transaction() as session:
        accounts.deactivate(session=session, username="admin.pkm-sumber", now=now,
                            by=accounts.operator("test"))
    passed_its_check = Principal(name="admin.pkm-sumber", role=Role.admin, facility_id="pkm-sumber",
                                 signed_in_at=now, session_id="s1")
    with pytest.raises(ApiProblem) as refused, state.db.write_transaction() as session:
        admin_accounts.create(session=session, principal=passed_its_check, now=now,
                              data=StaffAccountCreate(username="pintu.belakang", role=Role.admin,
                                                      facility_id="pkm-sumber"))
    assert refused.value.status == 401
    with state.db.read() as session:
        left = select(StaffAccountRow).where(StaffAccountRow.username == "pintu.belakang")
        assert session.scalar(left) is None
