"""Staff accounts in the admin face (`client.accounts`), as Dinkes and a facility's
admin use them, and as an attacker would try them: create with a one-time password
shown once, deactivate (its tokens stop at once), reset the password, require an
authenticator app, list with the last sign-in. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pyotp
import pytest
from sqlalchemy import text

from api_client import ApiClient, ApiStatusError, Forbidden, Unauthorized
from api_client.models import ErrorCode, Role, StaffAccount
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio
PASSWORD = "rembang-demo"  # noqa: S105 - the demo accounts' password
NEW_PASSWORD = "kopi-sulang-pagi-42"  # noqa: S105 - a test password
SULANG, SUMBER = "pkm-sulang", "pkm-sumber"


async def signed_in(
    make_client: Callable[..., ApiClient], username: str, password: str = PASSWORD
) -> ApiClient:
    client = make_client()
    await client.staff.login(username, password)
    return client


async def outcome(call) -> str:  # type: ignore[no-untyped-def]
    try:
        await call
    except ApiStatusError as err:
        return f"{err.status} {err.fields[0].code if err.fields else err.code}"
    return "done"


def audit_rows(app, action: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    with app.state.lsr.db.read() as session:
        rows = session.execute(text(
            "SELECT actor, role, facility_id, subject, before, after FROM audit_event "
            "WHERE action = :action ORDER BY id"), {"action": action}).mappings().all()
    return [dict(r) for r in rows]


def by_name(accounts: list[StaffAccount], username: str) -> StaffAccount:
    return next(a for a in accounts if a.username == username)


# ---------------------------------------------------------------- create


async def test_dinkes_creates_an_admin_whose_one_time_password_must_be_replaced(make_client, app):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    issued = await dinkes.accounts.create(username="kepala.sulang", role=Role.admin, facility_id=SULANG)
    assert (issued.account.role, issued.account.facility_id) == (Role.admin, SULANG)
    assert issued.account.password_change_required and issued.account.active
    assert len(issued.one_time_password) >= 16

    newcomer = make_client()
    with pytest.raises(Forbidden) as err:
        await newcomer.staff.login("kepala.sulang", issued.one_time_password)
    assert err.value.code == ErrorCode.password_change_required
    token = await newcomer.staff.change_password("kepala.sulang", issued.one_time_password, NEW_PASSWORD)
    assert (token.role, token.facility_id) == (Role.admin, SULANG)
    listed = await newcomer.accounts.list()
    assert {a.facility_id for a in listed} == {SULANG}
    assert "kepala.sulang" in {a.username for a in listed}

    [row] = audit_rows(app, "account.create")
    assert (row["actor"], row["facility_id"]) == ("dinkes", SULANG)
    assert row["subject"] == f"staff:{issued.account.id}"
    assert json.loads(str(row["after"])) == {"role": "admin", "facility_id": SULANG}


async def test_a_one_time_password_is_nowhere_but_in_the_answer(make_client, app, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    dinkes = await signed_in(make_client, "dinkes")
    issued = await dinkes.accounts.create(username="siti.loket", role=Role.loket, facility_id=SULANG)
    reset = await dinkes.accounts.reset_password(issued.account.id)
    with app.state.lsr.db.read() as session:
        audit = repr(session.execute(text("SELECT * FROM audit_event")).all())
        account = repr(session.execute(text("SELECT * FROM staff_account")).all())
    for secret in (issued.one_time_password, reset.one_time_password):
        assert secret not in audit
        assert secret not in account  # only its hash
        assert secret not in caplog.text
    assert secret not in repr(await dinkes.accounts.list())  # the list never carries one


async def test_an_admin_creates_counter_and_admin_accounts_of_their_own_facility_only(make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SULANG}")
    for role in (Role.loket, Role.poli, Role.apotek, Role.admin):
        made = await admin.accounts.create(username=f"baru.{role}", role=role, facility_id=SULANG)
        assert made.account.facility_id == SULANG
    assert await outcome(admin.accounts.create(username="x.sumber", role=Role.loket, facility_id=SUMBER)) == (
        "403 forbidden")
    assert await outcome(admin.accounts.create(username="x.dinkes", role=Role.admin, facility_id=None)) == (
        "403 forbidden")  # never a Dinkes account
    assert await outcome(admin.accounts.create(username="x.nowhere", role=Role.loket,
                                               facility_id="pkm-nowhere")) == "403 forbidden"
    assert await outcome(admin.accounts.create(username="x.kiosk", role=Role.kiosk, facility_id=SULANG)) == (
        "422 role_not_allowed")
    dinkes = await signed_in(make_client, "dinkes")
    assert {a.username for a in await dinkes.accounts.list(facility_id=SUMBER)}.isdisjoint(
        {"x.sumber", "x.nowhere"})


async def test_dinkes_creates_any_account_and_another_dinkes(make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    made = await dinkes.accounts.create(username="dinkes.kedua", role=Role.admin, facility_id=None)
    assert made.account.facility_id is None
    assert (await dinkes.accounts.create(username="apotek.sumber2", role=Role.apotek, facility_id=SUMBER)
            ).account.facility_id == SUMBER
    assert await outcome(dinkes.accounts.create(username="loket.tanpa", role=Role.loket,
                                                facility_id=None)) == "422 facility_required"
    assert await outcome(dinkes.accounts.create(username="loket.entah", role=Role.loket,
                                                facility_id="pkm-nowhere")) == "422 facility_not_found"


@pytest.mark.parametrize(("username", "code"), [
    ("ab", "username_length"),
    ("a" * 41, "username_length"),
    ("Siti.Loket", "username_characters"),
    ("siti loket", "username_characters"),
    (".siti", "username_characters"),
    ("siti@sulang", "username_characters"),
    (f"loket.{SULANG}", "username_taken"),
])
async def test_usernames_are_checked_with_a_field_message(make_client, username, code):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SULANG}")
    with pytest.raises(ApiStatusError) as err:
        await admin.accounts.create(username=username, role=Role.loket, facility_id=SULANG)
    assert err.value.status == 422
    [field] = err.value.fields
    assert (field.field, field.code) == ("username", code)
    if code == "username_length":
        assert field.params == {"min": 3, "max": 40, "length": len(username)}


# ---------------------------------------------------------------- deactivate


async def test_a_deactivated_accounts_token_is_refused_at_once(make_client, app):  # type: ignore[no-untyped-def]
    clerk = await signed_in(make_client, f"loket.{SULANG}")
    assert (await clerk.staff.me()).username == f"loket.{SULANG}"
    admin = await signed_in(make_client, f"admin.{SULANG}")
    target = by_name(await admin.accounts.list(), f"loket.{SULANG}")
    gone = await admin.accounts.deactivate(target.id)
    assert gone.active is False
    with pytest.raises(Unauthorized):
        await clerk.staff.me()
    with pytest.raises(Unauthorized):
        await clerk.staff.refresh()
    with pytest.raises(Unauthorized):
        await make_client().staff.login(f"loket.{SULANG}", PASSWORD)
    assert by_name(await admin.accounts.list(), f"loket.{SULANG}").active is False
    [row] = audit_rows(app, "account.deactivate")
    assert row["actor"] == f"admin.{SULANG}" and row["subject"] == f"staff:{target.id}"
    assert json.loads(str(row["before"])) == {"active": True}
    assert json.loads(str(row["after"])) == {"active": False, "sessions_ended": 1}
    assert await outcome(admin.accounts.deactivate(target.id)) == "409 account_inactive"


async def test_a_clerk_back_from_leave_is_reactivated_with_a_new_one_time_password(make_client, app):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SULANG}")
    target = by_name(await admin.accounts.list(), f"loket.{SULANG}")
    assert await outcome(admin.accounts.reactivate(target.id)) == "409 account_active"
    await admin.accounts.deactivate(target.id)
    back = await admin.accounts.reactivate(target.id)
    assert back.account.active and back.account.password_change_required
    with pytest.raises(Unauthorized):  # the password from before the leave is not trusted again
        await make_client().staff.login(f"loket.{SULANG}", PASSWORD)
    token = await make_client().staff.change_password(f"loket.{SULANG}", back.one_time_password,
                                                      NEW_PASSWORD)
    assert token.role == "loket"
    [row] = audit_rows(app, "account.reactivate")
    assert row["actor"] == f"admin.{SULANG}" and row["subject"] == f"staff:{target.id}"
    assert json.loads(str(row["before"])) == {"active": False}
    assert json.loads(str(row["after"])) == {"active": True, "password_change_required": True}
    assert back.one_time_password not in json.dumps(audit_rows(app, "account.reactivate"), default=str)

    dinkes = await signed_in(make_client, "dinkes")  # another facility's admin cannot, nor learn it exists
    sumber_clerk = by_name(await dinkes.accounts.list(facility_id=SUMBER), f"loket.{SUMBER}")
    await dinkes.accounts.deactivate(sumber_clerk.id)
    assert await outcome(admin.accounts.reactivate(sumber_clerk.id)) == "404 account_not_found"
    assert await outcome(admin.accounts.reactivate(999_999)) == "404 account_not_found"
    clerk = await signed_in(make_client, f"poli.{SULANG}")
    assert await outcome(clerk.accounts.reactivate(sumber_clerk.id)) == "403 forbidden"
    assert not by_name(await dinkes.accounts.list(facility_id=SUMBER), f"loket.{SUMBER}").active


async def test_nobody_deactivates_or_resets_themselves(make_client):  # type: ignore[no-untyped-def]
    for username in (f"admin.{SULANG}", "dinkes"):
        me = await signed_in(make_client, username)
        own = by_name(await me.accounts.list(), username)
        assert await outcome(me.accounts.deactivate(own.id)) == "409 own_account"
        assert await outcome(me.accounts.reset_password(own.id)) == "409 own_account"
        assert await outcome(me.accounts.require_totp(own.id)) == "409 own_account"
        assert (await me.staff.me()).username == username  # still signed in


# ---------------------------------------------------------------- reset, TOTP


async def test_a_reset_password_ends_the_old_one_and_its_sign_ins(make_client, app):  # type: ignore[no-untyped-def]
    clerk = await signed_in(make_client, f"poli.{SULANG}")
    admin = await signed_in(make_client, f"admin.{SULANG}")
    target = by_name(await admin.accounts.list(), f"poli.{SULANG}")
    reset = await admin.accounts.reset_password(target.id)
    assert reset.account.password_change_required
    with pytest.raises(Unauthorized):
        await clerk.staff.me()
    with pytest.raises(Unauthorized):
        await make_client().staff.login(f"poli.{SULANG}", PASSWORD)
    with pytest.raises(Forbidden) as err:
        await make_client().staff.login(f"poli.{SULANG}", reset.one_time_password)
    assert err.value.code == ErrorCode.password_change_required
    await make_client().staff.change_password(f"poli.{SULANG}", reset.one_time_password, NEW_PASSWORD)
    [row] = audit_rows(app, "account.reset_password")
    assert row["actor"] == f"admin.{SULANG}" and row["facility_id"] == SULANG
    assert json.loads(str(row["before"])) == {"password_change_required": False}
    assert json.loads(str(row["after"])) == {"password_change_required": True, "sessions_ended": 1}


async def test_a_required_authenticator_app_is_enrolled_at_the_next_sign_in(  # type: ignore[no-untyped-def]
    make_client, app, clock: FakeClock
):
    admin = await signed_in(make_client, f"admin.{SULANG}")
    target = by_name(await admin.accounts.list(), f"apotek.{SULANG}")
    assert (target.totp_required, target.totp_enabled) == (False, False)
    required = await admin.accounts.require_totp(target.id)
    assert required.totp_required is True
    clerk = make_client()
    with pytest.raises(Forbidden) as err:
        await clerk.staff.login(f"apotek.{SULANG}", PASSWORD)
    assert err.value.code == ErrorCode.totp_enrolment_required
    enrolment = await clerk.staff.enrol_totp(f"apotek.{SULANG}", PASSWORD)
    confirmed = await clerk.staff.confirm_totp(
        f"apotek.{SULANG}", PASSWORD, pyotp.TOTP(enrolment.secret).at(clock.now))
    assert confirmed.token.username == f"apotek.{SULANG}"
    assert by_name(await admin.accounts.list(), f"apotek.{SULANG}").totp_enabled is True
    with pytest.raises(Unauthorized) as asked:
        await make_client().staff.login(f"apotek.{SULANG}", PASSWORD)  # from now on with a code
    assert asked.value.code == ErrorCode.totp_required

    [row] = audit_rows(app, "account.require_totp")
    assert json.loads(str(row["before"])) == {"totp_required": False}
    assert json.loads(str(row["after"])) == {"totp_required": True}
    await admin.accounts.require_totp(target.id)  # no change: no second row
    assert len(audit_rows(app, "account.require_totp")) == 1


async def test_lifting_the_requirement_lets_an_account_without_an_app_sign_in_again(make_client):  # type: ignore[no-untyped-def]
    admin = await signed_in(make_client, f"admin.{SULANG}")
    target = by_name(await admin.accounts.list(), f"loket.{SULANG}")
    await admin.accounts.require_totp(target.id)
    assert await outcome(make_client().staff.login(f"loket.{SULANG}", PASSWORD)) == (
        "403 totp_enrolment_required")
    dinkes = await signed_in(make_client, "dinkes")
    await dinkes.accounts.require_totp(target.id, required=False)
    assert await outcome(make_client().staff.login(f"loket.{SULANG}", PASSWORD)) == "done"


async def test_a_facility_admin_cannot_lift_a_requirement_only_dinkes_can(make_client, app):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    target = by_name(await dinkes.accounts.list(facility_id=SULANG), f"poli.{SULANG}")
    await dinkes.accounts.require_totp(target.id)
    admin = await signed_in(make_client, f"admin.{SULANG}")
    assert await outcome(admin.accounts.require_totp(target.id, required=False)) == (
        "403 totp_lift_dinkes_only")
    assert by_name(await admin.accounts.list(), f"poli.{SULANG}").totp_required is True
    assert await outcome(make_client().staff.login(f"poli.{SULANG}", PASSWORD)) == (
        "403 totp_enrolment_required")  # still asked for
    assert await admin.accounts.require_totp(target.id)  # requiring it again: no change, allowed
    assert len(audit_rows(app, "account.require_totp")) == 1
    lifted = await dinkes.accounts.require_totp(target.id, required=False)
    assert lifted.totp_required is False
    [_, row] = audit_rows(app, "account.require_totp")
    assert row["actor"] == "dinkes" and row["facility_id"] == SULANG
    assert json.loads(str(row["before"])) == {"totp_required": True}
    assert json.loads(str(row["after"])) == {"totp_required": False}


# ---------------------------------------------------------------- the list


async def test_the_list_shows_each_accounts_last_sign_in(make_client, clock: FakeClock):  # type: ignore[no-untyped-def]
    first_at = clock.now
    await signed_in(make_client, f"loket.{SULANG}")
    clock.advance(minutes=90)
    await signed_in(make_client, f"loket.{SULANG}")
    admin = await signed_in(make_client, f"admin.{SULANG}")
    listed = await admin.accounts.list()
    assert by_name(listed, f"loket.{SULANG}").last_signed_in_at == clock.now
    assert by_name(listed, f"loket.{SULANG}").last_signed_in_at != first_at
    assert by_name(listed, f"poli.{SULANG}").last_signed_in_at is None
    assert [a.role for a in listed][0] == Role.admin  # the admins first


async def test_dinkes_lists_every_facility_or_one(make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    everyone = await dinkes.accounts.list()
    assert {SULANG, SUMBER, None} <= {a.facility_id for a in everyone}
    assert {a.facility_id for a in await dinkes.accounts.list(facility_id=SUMBER)} == {SUMBER}


# ---------------------------------------------------------------- as an attacker


async def test_an_admin_cannot_reach_another_facilitys_accounts_nor_learn_they_exist(make_client):  # type: ignore[no-untyped-def]
    dinkes = await signed_in(make_client, "dinkes")
    sumber_clerk = by_name(await dinkes.accounts.list(facility_id=SUMBER), f"loket.{SUMBER}")
    dinkes_own = by_name(await dinkes.accounts.list(), "dinkes")
    admin = await signed_in(make_client, f"admin.{SULANG}")
    assert await outcome(admin.accounts.list(facility_id=SUMBER)) == "403 forbidden"
    unknown = 999_999
    for account_id in (sumber_clerk.id, dinkes_own.id, unknown):
        assert await outcome(admin.accounts.deactivate(account_id)) == "404 account_not_found"
        assert await outcome(admin.accounts.reset_password(account_id)) == "404 account_not_found"
        assert await outcome(admin.accounts.require_totp(account_id)) == "404 account_not_found"
    assert by_name(await dinkes.accounts.list(facility_id=SUMBER), f"loket.{SUMBER}").active
    assert await outcome(make_client().staff.login(f"loket.{SUMBER}", PASSWORD)) == "done"


@pytest.mark.parametrize("username", [f"loket.{SULANG}", f"poli.{SULANG}", f"apotek.{SULANG}"])
async def test_counter_staff_manage_no_accounts(make_client, username):  # type: ignore[no-untyped-def]
    clerk = await signed_in(make_client, username)
    dinkes = await signed_in(make_client, "dinkes")
    other = by_name(await dinkes.accounts.list(facility_id=SULANG), f"admin.{SULANG}")
    assert await outcome(clerk.accounts.list()) == "403 forbidden"
    assert await outcome(clerk.accounts.create(username="siapa.saja", role=Role.admin,
                                               facility_id=SULANG)) == "403 forbidden"
    assert await outcome(clerk.accounts.deactivate(other.id)) == "403 forbidden"
    assert await outcome(clerk.accounts.reset_password(other.id)) == "403 forbidden"


async def test_kiosks_and_strangers_manage_no_accounts(make_client):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key=f"demo-kiosk-{SULANG}")
    assert await outcome(kiosk.accounts.list()) == "403 forbidden"
    assert await outcome(kiosk.accounts.create(username="kiosk.jahat", role=Role.admin,
                                               facility_id=SULANG)) == "403 forbidden"
    assert await outcome(make_client().accounts.list()) == "401 unauthorized"
    assert await outcome(make_client().accounts.deactivate(1)) == "401 unauthorized"
