"""One-time codes for admins (Dinkes, facility admins) when `LSR_REQUIRE_TOTP` is on:
enrol, sign in with a code, recovery codes. Codes come from pyotp on the service's
own (fake) clock."""

from __future__ import annotations

import asyncio
import contextlib
import threading

import httpx
import pyotp
import pytest
from sqlalchemy import text

from api_client import ApiClient, Conflict, Forbidden, RateLimited, Unauthorized
from server.app import create_app
from server.keys.rotation import rotate
from server.settings import Settings
from server.staff import accounts, signin
from server.staff.totp import code_is_good
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio
ADMIN, PASSWORD = "admin.pkm-sumber", "rembang-demo"
NEW_PASSWORD = "sapi-lasem-berlari-7"  # noqa: S105 - a test password


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"require_totp": True})


def code_at(secret: str, clock: FakeClock) -> str:
    return pyotp.TOTP(secret).at(clock.now)


async def enrolled(client: ApiClient, clock: FakeClock) -> tuple[str, list[str]]:
    """Enrol the admin; its secret and recovery codes."""
    enrolment = await client.staff.enrol_totp(ADMIN, PASSWORD)
    confirmed = await client.staff.confirm_totp(ADMIN, PASSWORD, code_at(enrolment.secret, clock))
    clock.advance(seconds=30)  # the next code
    return enrolment.secret, confirmed.recovery_codes


def test_codes_are_required_unless_demo_is_on():
    assert Settings(demo=False).totp_required is True
    assert Settings(demo=True).totp_required is False
    assert Settings(demo=True, require_totp=True).totp_required is True


async def test_an_admin_without_an_authenticator_app_is_led_to_enrol(
    client: ApiClient, clock: FakeClock
):
    with pytest.raises(Forbidden) as err:
        await client.staff.login(ADMIN, PASSWORD)
    assert err.value.code == "totp_enrolment_required"
    enrolment = await client.staff.enrol_totp(ADMIN, PASSWORD)
    assert enrolment.otpauth_uri.startswith("otpauth://totp/Layanan%20Sehat%20Rembang:admin.pkm-sumber?")
    assert f"secret={enrolment.secret}" in enrolment.otpauth_uri
    with pytest.raises(Unauthorized) as wrong:
        await client.staff.confirm_totp(ADMIN, PASSWORD, "000000")
    assert wrong.value.code == "totp_invalid"
    confirmed = await client.staff.confirm_totp(ADMIN, PASSWORD, code_at(enrolment.secret, clock))
    assert len(set(confirmed.recovery_codes)) == 10
    assert (await client.staff.me()).username == ADMIN
    with pytest.raises(Conflict):
        await client.staff.enrol_totp(ADMIN, PASSWORD)  # not replaced by whoever knows the password


async def test_an_enrolled_admin_signs_in_with_a_code_that_works_once(
    client: ApiClient, make_client, clock: FakeClock  # type: ignore[no-untyped-def]
):
    secret, _ = await enrolled(client, clock)
    later = make_client()
    with pytest.raises(Unauthorized) as err:
        await later.staff.login(ADMIN, PASSWORD)
    assert err.value.code == "totp_required"
    with pytest.raises(Unauthorized) as err:
        await later.staff.login(ADMIN, PASSWORD, totp_code="123456")
    assert err.value.code == "totp_invalid"
    code = code_at(secret, clock)
    assert (await later.staff.login(ADMIN, PASSWORD, totp_code=code)).username == ADMIN
    with pytest.raises(Unauthorized) as err:
        await make_client().staff.login(ADMIN, PASSWORD, totp_code=code)  # seen by someone else
    assert err.value.code == "totp_invalid"
    clock.advance(seconds=30)
    next_code = code_at(secret, clock)
    assert (await make_client().staff.login(ADMIN, PASSWORD, totp_code=next_code)).username == ADMIN


async def test_a_recovery_code_stands_in_for_the_app_once(
    client: ApiClient, make_client, clock: FakeClock  # type: ignore[no-untyped-def]
):
    _, recovery = await enrolled(client, clock)
    typed = recovery[3].lower().replace("-", " ")  # read off paper, typed loosely
    assert (await make_client().staff.login(ADMIN, PASSWORD, totp_code=typed)).username == ADMIN
    with pytest.raises(Unauthorized):
        await make_client().staff.login(ADMIN, PASSWORD, totp_code=recovery[3])


async def test_wrong_codes_are_throttled_like_wrong_passwords(
    client: ApiClient, make_client, clock: FakeClock  # type: ignore[no-untyped-def]
):
    secret, _ = await enrolled(client, clock)
    guesser = make_client(forwarded_for="203.0.113.50")
    for guess in range(5):
        with pytest.raises(Unauthorized):
            await guesser.staff.login(ADMIN, PASSWORD, totp_code=f"{guess:06d}")
    with pytest.raises(RateLimited):
        await guesser.staff.login(ADMIN, PASSWORD, totp_code=code_at(secret, clock))


async def test_counter_staff_sign_in_with_their_password_alone(client: ApiClient):
    assert (await client.staff.login("loket.pkm-sumber", PASSWORD)).username == "loket.pkm-sumber"


async def test_the_secret_is_sealed_and_the_recovery_codes_hashed(
    client: ApiClient, clock: FakeClock, app  # type: ignore[no-untyped-def]
):
    secret, recovery = await enrolled(client, clock)
    with app.state.lsr.db.read() as session:
        stored = repr(session.execute(text("SELECT * FROM staff_account")).all()) + repr(
            session.execute(text("SELECT * FROM staff_recovery_code")).all())
    assert secret not in stored
    assert not any(code.replace("-", "") in stored or code in stored for code in recovery)


async def test_an_operator_removes_a_lost_app_and_the_admin_enrols_again(
    client: ApiClient, make_client, clock: FakeClock, app  # type: ignore[no-untyped-def]
):
    await enrolled(client, clock)
    with app.state.lsr.db.write_transaction() as session:
        accounts.reset_totp(session=session, username=ADMIN, now=clock(), by=accounts.operator("budi"))
    with pytest.raises(Unauthorized):
        await client.staff.me()  # its sessions ended
    with pytest.raises(Forbidden) as err:
        await make_client().staff.login(ADMIN, PASSWORD)
    assert err.value.code == "totp_enrolment_required"


async def test_an_enrolled_admin_still_signs_in_after_the_keys_are_rotated(
    app, client: ApiClient, make_client, clock: FakeClock  # type: ignore[no-untyped-def]
):
    """The authenticator secret is sealed: a rotation re-seals it, so the admin's app
    keeps working, and a recovery code made before the rotation still signs in once."""
    secret, recovery = await enrolled(client, clock)
    state = app.state.lsr
    rotate(db=state.db, secrets=state.secrets, now=state.clock, settle=lambda _step: state.reload_keys())
    with state.db.read() as session:
        assert all(not sealed.startswith("v1.") for sealed in session.scalars(
            text("SELECT totp_secret_sealed FROM staff_account WHERE totp_secret_sealed IS NOT NULL")))
    signed_in = await make_client().staff.login(ADMIN, PASSWORD, totp_code=code_at(secret, clock))
    assert signed_in.username == ADMIN
    clock.advance(seconds=30)
    assert (await make_client().staff.login(ADMIN, PASSWORD, totp_code=recovery[0])).username == ADMIN
    with pytest.raises(Unauthorized):
        await make_client().staff.login(ADMIN, PASSWORD, totp_code=recovery[0])


async def test_wrong_codes_from_ever_new_addresses_make_the_accounts_codes_wait(
    client: ApiClient, make_client, clock: FakeClock, app  # type: ignore[no-untyped-def]
):
    """Only someone who knows the password gets to the code: after five wrong ones
    (from anywhere) the account's codes wait, recovery codes too, and it is recorded."""
    secret, recovery = await enrolled(client, clock)
    for host in range(1, 6):
        with pytest.raises(Unauthorized):
            await make_client(forwarded_for=f"198.51.100.{host}", retry_attempts=1).staff.login(
                ADMIN, PASSWORD, totp_code=f"{host:06d}")
    for code in (code_at(secret, clock), recovery[0]):
        with pytest.raises(RateLimited) as err:
            await make_client(forwarded_for="192.0.2.77", retry_attempts=1).staff.login(
                ADMIN, PASSWORD, totp_code=code)
        assert err.value.code == "totp_locked"
        assert 50 <= (err.value.retry_after or 0) <= 61
    with app.state.lsr.db.read() as session:
        held = session.execute(text(
            "SELECT after FROM audit_event WHERE action = 'account.second_factor_held'")).scalars().all()
    assert held == ['{"wrong_codes": 5}']
    clock.advance(seconds=61)
    with pytest.raises(Unauthorized):  # one more wrong code: a longer wait
        await make_client(forwarded_for="192.0.2.78", retry_attempts=1).staff.login(
            ADMIN, PASSWORD, totp_code="999999")
    with pytest.raises(RateLimited) as err:
        await make_client(forwarded_for="192.0.2.79", retry_attempts=1).staff.login(
            ADMIN, PASSWORD, totp_code=code_at(secret, clock))
    assert (err.value.retry_after or 0) > 100
    clock.advance(seconds=121)
    desk = make_client(forwarded_for="192.0.2.80")
    assert (await desk.staff.login(ADMIN, PASSWORD, totp_code=code_at(secret, clock))).username == ADMIN
    clock.advance(seconds=30)  # the right code cleared the count: a slip costs no wait
    with pytest.raises(Unauthorized):
        await desk.staff.login(ADMIN, PASSWORD, totp_code="000000")
    assert (await desk.staff.login(ADMIN, PASSWORD, totp_code=code_at(secret, clock))).username == ADMIN


async def test_one_code_sent_four_times_at_once_signs_in_once(
    client: ApiClient, clock: FakeClock, settings: Settings, app, monkeypatch  # type: ignore[no-untyped-def]
):
    secret, _ = await enrolled(client, clock)
    code = code_at(secret, clock)
    # Four password checks at once, and each code check holds until all four are in
    # it, or until it is clear that they cannot be (the others wait for the account).
    together = threading.Barrier(4, timeout=0.5)

    def when_all_are_in(*args, **kwargs):  # type: ignore[no-untyped-def]
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()
        return code_is_good(*args, **kwargs)

    monkeypatch.setattr(signin, "code_is_good", when_all_are_in)
    wide = create_app(settings.model_copy(update={"login_concurrency": 4}), clock=clock)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(wide),
                                     base_url="http://lsr.test/api") as raw:
            answers = await asyncio.gather(*(
                raw.post("/auth/login", json={"username": ADMIN, "password": PASSWORD, "totp_code": code})
                for _ in range(4)
            ))
    finally:
        wide.state.lsr.db.dispose()
    assert sorted(a.status_code for a in answers) == [200, 401, 401, 401]


async def test_a_new_password_of_an_admin_without_an_app_is_in_force_and_enrolment_comes_next(
    make_client, clock: FakeClock, app  # type: ignore[no-untyped-def]
):
    with app.state.lsr.db.write_transaction() as session:
        one_time = accounts.reset_password(session=session, username=ADMIN, now=clock(),
                                           by=accounts.operator("budi")).password
    admin = make_client()
    with pytest.raises(Forbidden) as err:
        await admin.staff.change_password(ADMIN, one_time, NEW_PASSWORD)
    assert err.value.code == "password_changed_totp_enrolment_required"
    assert "was changed" in str(err.value)
    with pytest.raises(Unauthorized):
        await admin.staff.enrol_totp(ADMIN, one_time)  # the one-time password is spent
    enrolment = await admin.staff.enrol_totp(ADMIN, NEW_PASSWORD)
    confirmed = await admin.staff.confirm_totp(ADMIN, NEW_PASSWORD, code_at(enrolment.secret, clock))
    assert confirmed.token.username == ADMIN


@pytest.mark.parametrize("demo_clock", ["2026-12-07", "08:00"])
async def test_under_a_demo_clock_the_code_of_the_real_time_signs_in(  # type: ignore[no-untyped-def]
    settings: Settings, clock: FakeClock, demo_clock: str
):
    """A demo system a day ahead, or at 08:00 tonight (`LSR_DEMO_CLOCK`): the admin's
    authenticator app knows only the real time, and its code is the one that works."""
    clock.set(2026, 12, 6, 21, 0)
    shifted = settings.model_copy(update={"demo_clock": demo_clock})
    application = create_app(shifted, clock=shifted.clock(real=clock))
    client = ApiClient("http://lsr.test/api", transport=httpx.ASGITransport(application))  # type: ignore[arg-type]
    try:
        enrolment = await client.staff.enrol_totp(ADMIN, PASSWORD)
        service_time = pyotp.TOTP(enrolment.secret).at(application.state.lsr.clock())
        with pytest.raises(Unauthorized):
            await client.staff.confirm_totp(ADMIN, PASSWORD, service_time)
        await client.staff.confirm_totp(ADMIN, PASSWORD, code_at(enrolment.secret, clock))
        assert (await client.staff.me()).username == ADMIN
    finally:
        await client.close()
        application.state.lsr.db.dispose()
