"""The staff guard's state (session/staff_session.py) without a page, against the real
service in-process: who is signed in on this tab, Keluar, an expired sign-in."""

from __future__ import annotations

import pytest

from api_client import ApiClient, Unauthorized
from session.staff_session import StaffSession
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio
LOKET = "loket.pkm-sumber"


async def test_a_tab_signed_in_earlier_is_recognised_and_a_new_one_is_not(make_client):  # type: ignore[no-untyped-def]
    signed, fresh = make_client(), make_client()
    await signed.staff.login(LOKET, "rembang-demo")
    guard, stranger = StaffSession(signed), StaffSession(fresh)
    guard.restored(await guard.who())
    stranger.restored(await stranger.who())
    assert guard.staff is not None and guard.staff.username == LOKET
    assert stranger.staff is None and stranger.asked


async def test_keluar_ends_the_sign_in_at_the_service_too(client: ApiClient):
    await client.staff.login(LOKET, "rembang-demo")
    guard = StaffSession(client)
    guard.restored(await guard.who())
    await guard.log_out()
    guard.forget(expired=False)
    assert (guard.staff, guard.ended) == (None, False)
    with pytest.raises(Unauthorized):
        await client.staff.me()


async def test_a_sign_in_is_renewed_until_the_service_refuses_it(client: ApiClient, clock: FakeClock):
    await client.staff.login(LOKET, "rembang-demo")
    guard = StaffSession(client)
    clock.advance(minutes=29)
    assert await guard.renew() is True
    clock.advance(minutes=31)
    assert await guard.renew() is False
    guard.forget(expired=True)
    assert guard.ended  # the form says the session ended
