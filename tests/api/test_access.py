"""Who may do what: staff sign-in, roles scoped to a facility, kiosk keys (throttling:
test_sign_in_throttle.py)."""

from __future__ import annotations

import pytest

from api_client import ApiClient, Forbidden, Unauthorized
from api_client.models import Role, ServiceKind, StaffAction
from tests.api.helpers import service_id
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio


async def test_staff_sign_in_gives_a_token_for_their_facility_and_role(client: ApiClient):
    token = await client.staff.login("loket.pkm-sumber", "rembang-demo")
    assert (token.role, token.facility_id) == (Role.loket, "pkm-sumber")
    me = await client.staff.me()
    assert me.username == "loket.pkm-sumber"


async def test_the_sign_in_says_which_queues_the_account_serves_and_what_it_may_do(
    client: ApiClient, make_client
):  # type: ignore[no-untyped-def]
    token = await client.staff.login("loket.pkm-sumber", "rembang-demo")
    me = await client.staff.me()
    assert token.serves == me.serves == [ServiceKind.loket]
    assert token.may == me.may
    assert {StaffAction.serve, StaffAction.walkin, StaffAction.handle_complaints} <= set(me.may)
    assert StaffAction.view_dashboard not in me.may
    poli = make_client()
    await poli.staff.login("poli.pkm-sumber", "rembang-demo")
    me = await poli.staff.me()
    assert set(me.serves) == {ServiceKind.poli, ServiceKind.lab, ServiceKind.ugd}
    assert StaffAction.view_complaints not in me.may and StaffAction.walkin not in me.may


async def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client: ApiClient):
    for username in ("loket.pkm-sumber", "nobody"):
        with pytest.raises(Unauthorized) as err:
            await client.staff.login(username, "wrong")
        assert err.value.code == "invalid_credentials"


async def test_a_token_expires(client: ApiClient, clock: FakeClock):
    await client.staff.login("poli.pkm-sumber", "rembang-demo")
    clock.advance(minutes=31)
    with pytest.raises(Unauthorized) as err:
        await client.staff.me()
    assert "expired" in str(err.value)


async def test_a_token_is_renewed_through_a_shift_but_not_beyond_twelve_hours(
    client: ApiClient, clock: FakeClock
):
    await client.staff.login("poli.pkm-sumber", "rembang-demo")
    for _ in range(23):  # renewed every 29 minutes: 11 h 7 min
        clock.advance(minutes=29)
        await client.staff.refresh()
    assert (await client.staff.me()).username == "poli.pkm-sumber"
    clock.advance(minutes=29)
    last = await client.staff.refresh()  # capped at 12 hours after signing in
    clock.advance(minutes=29)
    with pytest.raises(Unauthorized):
        await client.staff.refresh()
    assert last.expires_at <= clock.now


async def test_staff_cannot_act_at_another_facility(make_client):  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login("poli.pkm-lasem", "rembang-demo")
    sid = await service_id(console, code="poli-umum")  # Sumber's
    with pytest.raises(Forbidden):
        await console.staff.call_next(sid, counter="Ruang 1")


async def test_an_apotek_account_cannot_call_at_the_poli(make_client):  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login("apotek.pkm-sumber", "rembang-demo")
    sid = await service_id(console, code="poli-umum")
    with pytest.raises(Forbidden):
        await console.staff.call_next(sid, counter="Ruang 1")


async def test_dinkes_acts_in_every_facility(make_client):  # type: ignore[no-untyped-def]
    console = make_client()
    await console.staff.login("dinkes", "rembang-demo")
    sid = await service_id(console, facility_id="pkm-lasem", code="poli-umum")
    assert await console.staff.call_next(sid, counter="Ruang 1") is None


async def test_a_kiosk_only_issues_walk_ins_and_check_ins_for_its_own_facility(
    make_client,
):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key="demo-kiosk-pkm-sumber")
    here = await service_id(kiosk, code="poli-umum")
    there = await service_id(kiosk, facility_id="pkm-lasem", code="poli-umum")
    ticket = await kiosk.bookings.walk_in(service_id=here, idempotency_key="kiosk-own-01")
    with pytest.raises(Forbidden):
        await kiosk.bookings.walk_in(service_id=there, idempotency_key="kiosk-other-01")
    with pytest.raises(Forbidden):
        await kiosk.staff.call_next(here, counter="Ruang 1")
    with pytest.raises(Forbidden):
        await kiosk.staff.done(ticket.ticket.ticket_id)
    with pytest.raises(Forbidden):
        await kiosk.staff.tickets(here)


async def test_nobody_issues_walk_ins_or_calls_without_a_credential(client: ApiClient):
    sid = await service_id(client, code="poli-umum")
    with pytest.raises(Unauthorized):
        await client.bookings.walk_in(service_id=sid, idempotency_key="anon-walkin-01")
    with pytest.raises(Unauthorized):
        await client.staff.call_next(sid, counter="Ruang 1")


async def test_an_unknown_kiosk_key_is_refused(make_client):  # type: ignore[no-untyped-def]
    kiosk = make_client(kiosk_key="made-up-key")
    sid = await service_id(kiosk, code="poli-umum")
    with pytest.raises(Unauthorized):
        await kiosk.bookings.walk_in(service_id=sid, idempotency_key="fake-kiosk-01")
