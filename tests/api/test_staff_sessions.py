"""Staff sessions that end: a sign-out, a changed password or a deactivation stops the
token at once, and its refresh too, for whoever holds a copy of it."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from api_client import ApiClient, Unauthorized
from server.staff import accounts
from tests.support.clock import FakeClock

pytestmark = pytest.mark.anyio
NEW_PASSWORD = "sapi-lasem-berlari-7"  # noqa: S105 - a test password


async def answers_to(app, token: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """What a copy of the token gets: (GET /auth/me, POST /auth/refresh) statuses."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as raw:
        headers = {"Authorization": f"Bearer {token}"}
        me = await raw.get("/api/auth/me", headers=headers)
        refreshed = await raw.post("/api/auth/refresh", headers=headers)
    return me.status_code, refreshed.status_code


async def test_signing_out_ends_the_token_and_its_refresh_at_once(app, client: ApiClient):  # type: ignore[no-untyped-def]
    token = (await client.staff.login("loket.pkm-sumber", "rembang-demo")).access_token
    refreshed = (await client.staff.refresh()).access_token
    assert await answers_to(app, token) == (200, 200)
    await client.staff.logout()
    assert await answers_to(app, token) == (401, 401)
    assert await answers_to(app, refreshed) == (401, 401)
    with pytest.raises(Unauthorized):
        await client.staff.me()  # and the client forgot it


async def test_signing_out_ends_only_that_sign_in(app, make_client):  # type: ignore[no-untyped-def]
    counter_1, counter_2 = make_client(), make_client()
    await counter_1.staff.login("loket.pkm-sumber", "rembang-demo")
    other = (await counter_2.staff.login("loket.pkm-sumber", "rembang-demo")).access_token
    await counter_1.staff.logout()
    assert await answers_to(app, other) == (200, 200)


async def test_a_changed_password_ends_every_other_sign_in_of_the_account(
    app, make_client  # type: ignore[no-untyped-def]
):
    mine, stolen = make_client(), make_client()
    await mine.staff.login("admin.pkm-sumber", "rembang-demo")
    copied = (await stolen.staff.login("admin.pkm-sumber", "rembang-demo")).access_token
    stolen_refresh = (await stolen.staff.refresh()).access_token
    fresh = await mine.staff.change_password("admin.pkm-sumber", "rembang-demo", NEW_PASSWORD)
    assert await answers_to(app, copied) == (401, 401)
    assert await answers_to(app, stolen_refresh) == (401, 401)
    assert await answers_to(app, fresh.access_token) == (200, 200)


async def test_a_deactivated_account_loses_its_tokens_at_once(
    app, client: ApiClient, clock: FakeClock  # type: ignore[no-untyped-def]
):
    token = (await client.staff.login("poli.pkm-sumber", "rembang-demo")).access_token
    refreshed = (await client.staff.refresh()).access_token
    with app.state.lsr.db.write_transaction() as session:
        accounts.deactivate(session=session, username="poli.pkm-sumber", now=clock(),
                            by=accounts.operator("budi"))
    assert await answers_to(app, token) == (401, 401)
    assert await answers_to(app, refreshed) == (401, 401)


async def test_a_dashboard_download_link_dies_with_its_sign_in(app, client: ApiClient):  # type: ignore[no-untyped-def]
    await client.staff.login("dinkes", "rembang-demo")
    link = await client.dashboard.download_link(
        facility_id="pkm-sumber", date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 28),
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as raw:
        assert (await raw.get(link.url)).status_code == 200
        await client.staff.logout()
        assert (await raw.get(link.url)).status_code == 401


async def test_a_kiosk_key_cannot_sign_out(app):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://lsr.test") as raw:
        answer = await raw.post("/api/auth/logout", headers={"X-Kiosk-Key": "demo-kiosk-pkm-sumber"})
    assert answer.status_code == 403
